/* test_hash.c: SHA-256 of streams and of the read-through tee, against the
 * FIPS 180-2 Appendix B examples. */
#include <stdlib.h>
#include <string.h>

#include "audit/hash.h"
#include "tests/helpers.h"

struct hash_case {
    const char *name;
    const char *text;
    size_t repeat;      /* text repeated this many times */
    const char *hex;
    const char *source;
};

static const struct hash_case cases[] = {
    {"empty", "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "FIPS 180-2 / sha256sum of an empty file"},
    {"abc", "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
     "FIPS 180-2 Appendix B.1"},
    {"two blocks", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
     "FIPS 180-2 Appendix B.2"},
    {"million a", "aaaaaaaaaa", 100000,
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
     "FIPS 180-2 Appendix B.3"},
};

static FILE *make_input(const struct hash_case *c)
{
    size_t n = strlen(c->text);
    char *buf = malloc(n * c->repeat + 1);
    assert_non_null(buf);
    for (size_t i = 0; i < c->repeat; i++)
        memcpy(buf + i * n, c->text, n);
    FILE *f = pt_test_tmpfile(buf, n * c->repeat);
    free(buf);
    assert_non_null(f);
    return f;
}

static void test_stream_digest_matches_fips_examples(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hex[PT_SHA256_HEX_LEN + 1];
        uint64_t size = 0;
        struct pt_error err;
        FILE *f = make_input(&cases[i]);
        assert_int_equal(pt_hash_stream(f, "x", hex, &size, &err), PT_OK);
        if (strcmp(hex, cases[i].hex) != 0)
            fail_msg("%s (%s): got %s", cases[i].name, cases[i].source, hex);
        assert_int_equal(size, strlen(cases[i].text) * cases[i].repeat);
        fclose(f);
    }
}

/* A consumer that stops early still gets the whole file hashed. */
static void test_tee_hashes_what_is_read_and_the_rest(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hex[PT_SHA256_HEX_LEN + 1], line[16];
        uint64_t size = 0;
        struct pt_error err;
        struct pt_hash_tee *t = NULL;
        FILE *stream = NULL;
        FILE *f = make_input(&cases[i]);
        assert_int_equal(pt_hash_tee_create(&t, f, "x", &stream, &err), PT_OK);
        (void)fgets(line, sizeof line, stream);
        assert_int_equal(pt_hash_tee_finish(t, hex, &size, &err), PT_OK);
        if (strcmp(hex, cases[i].hex) != 0)
            fail_msg("%s (%s): got %s", cases[i].name, cases[i].source, hex);
        assert_int_equal(size, strlen(cases[i].text) * cases[i].repeat);
        pt_hash_tee_destroy(t);
        fclose(f);
    }
}

static void test_read_error_is_eio(void **state)
{
    (void)state;
    char hex[PT_SHA256_HEX_LEN + 1];
    uint64_t size = 0;
    struct pt_error err;
    FILE *f = fopen("/dev/null", "w"); /* not open for reading: fread fails */
    assert_non_null(f);
    assert_int_equal(pt_hash_stream(f, "w.csv", hex, &size, &err), PT_EIO);
    assert_string_equal(err.loc.path, "w.csv");
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_digest_matches_fips_examples),
        cmocka_unit_test(test_tee_hashes_what_is_read_and_the_rest),
        cmocka_unit_test(test_read_error_is_eio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

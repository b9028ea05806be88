/* test_utf8.c: strict UTF-8 validation (utf8.h).
 *
 * Named cases come from The Unicode Standard 15, table 3-7 (well-formed
 * sequences) and Markus Kuhn's UTF-8 decoder stress test (sections 3-5).
 * Independent check: 20,000 pseudo-random byte strings (biased towards
 * lead/continuation bytes) are decoded by Python 3's bytes.decode("utf-8"),
 * whose UnicodeDecodeError.start must equal pt_utf8_valid_prefix. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/utf8.h"
#include "tests/helpers.h"

#define S(lit) lit, sizeof(lit) - 1

struct utf8_case {
    const char *name;
    const char *s;
    size_t len;
    size_t valid;     /* expected pt_utf8_valid_prefix */
    int seq;          /* expected pt_utf8_seq on the whole buffer */
    const char *source;
};

static const struct utf8_case cases[] = {
    {"ascii", S("abc"), 3, 1, "table 3-7 row 1"},
    {"two bytes", S("\xc3\xa9"), 2, 2, "U+00E9, table 3-7 row 2"},
    {"three bytes", S("\xe4\xbf\xa1"), 3, 3, "U+4FE1 信"},
    {"four bytes", S("\xf0\x9f\x98\x80"), 4, 4, "U+1F600"},
    {"max code point", S("\xf4\x8f\xbf\xbf"), 4, 4, "U+10FFFF, table 3-7 last row"},
    {"above max", S("\xf4\x90\x80\x80"), 0, 0, "Kuhn 2.3.5: U+110000"},
    {"overlong slash 2", S("\xc0\xaf"), 0, 0, "Kuhn 4.1.1"},
    {"overlong slash 3", S("\xe0\x80\xaf"), 0, 0, "Kuhn 4.1.2"},
    {"overlong slash 4", S("\xf0\x80\x80\xaf"), 0, 0, "Kuhn 4.1.3"},
    {"c1 lead overlong", S("\xc1\xbf"), 0, 0, "Kuhn 4.2.1"},
    {"surrogate", S("\xed\xa0\x80"), 0, 0, "Kuhn 5.1.1: U+D800"},
    {"last before surrogates", S("\xed\x9f\xbf"), 3, 3, "U+D7FF"},
    {"first after surrogates", S("\xee\x80\x80"), 3, 3, "U+E000"},
    {"lone continuation", S("\x80"), 0, 0, "Kuhn 3.1.1"},
    {"f5 lead", S("\xf5\x80\x80\x80"), 0, 0, "table 3-7: F5-FF never appear"},
    {"ff", S("\xff"), 0, 0, "Kuhn 3.5.2"},
    {"cut 3-byte", S("\xe4\xbf"), 0, -1, "Kuhn 3.3.2: incomplete"},
    {"cut 4-byte", S("\xf0\x9f\x98"), 0, -1, "Kuhn 3.3.3"},
    {"bad second byte", S("\xe4\x41\xa1"), 0, 0, "table 3-7: 41 not a continuation"},
    {"valid then bad", S("ab\xc3\xa9\xff" "c"), 4, 1, "prefix stops at FF"},
    {"gb18030 信", S("\xd0\xc5"), 0, 0, "GB18030 of U+4FE1 is not UTF-8"},
    {"nul is valid", S("a\0b"), 3, 1, "U+0000 is well-formed"},
};

static void test_named_sequences(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct utf8_case *c = &cases[i];
        size_t v = pt_utf8_valid_prefix(c->s, c->len);
        int q = pt_utf8_seq(c->s, c->len);
        if (v != c->valid || q != c->seq)
            fail_msg("%s: valid=%zu seq=%d, expected %zu and %d (%s)", c->name, v, q, c->valid,
                     c->seq, c->source);
    }
}

static uint32_t lcg(uint32_t *x)
{
    *x = *x * 1664525u + 1013904223u;   /* Numerical Recipes LCG */
    return *x >> 8;
}

static void test_random_strings_match_python(void **state)
{
    (void)state;
    if (access("/usr/bin/python3", X_OK) != 0) {
        skip();
        return;
    }
    static const unsigned char pool[] = {0x41, 0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
                                         0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe4, 0xed, 0xee, 0xef,
                                         0xf0, 0xf3, 0xf4, 0xf5, 0xff};
    enum { N = 20000, MAXLEN = 8 };
    static unsigned char strs[N][MAXLEN];
    static size_t lens[N];
    char path[] = "/tmp/pt_utf8_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    uint32_t x = 12345;
    for (int i = 0; i < N; i++) {
        lens[i] = 1 + lcg(&x) % MAXLEN;
        for (size_t j = 0; j < lens[i]; j++) {
            strs[i][j] = pool[lcg(&x) % sizeof pool];
            fprintf(f, "%02x", strs[i][j]);
        }
        fputc('\n', f);
    }
    assert_int_equal(fclose(f), 0);
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c '"
             "import sys\n"
             "for l in open(sys.argv[1]):\n"
             "  b = bytes.fromhex(l.strip())\n"
             "  try:\n"
             "    b.decode(\"utf-8\"); print(len(b))\n"
             "  except UnicodeDecodeError as e:\n"
             "    print(e.start)\n' %s",
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    for (int i = 0; i < N; i++) {
        unsigned long want;
        assert_int_equal(fscanf(p, "%lu", &want), 1);
        size_t got = pt_utf8_valid_prefix((const char *)strs[i], lens[i]);
        if (got != want)
            fail_msg("string %d (len %zu): valid prefix %zu, python says %lu", i, lens[i], got,
                     want);
    }
    assert_int_equal(pclose(p), 0);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_sequences),
        cmocka_unit_test(test_random_strings_match_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

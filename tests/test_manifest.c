/* test_manifest.c: manifest.json bytes, round trip and refusals. */
#include <stdlib.h>
#include <string.h>

#include "audit/manifest.h"
#include "tests/helpers.h"

static void fill(struct pt_manifest *m)
{
    struct pt_error err;
    struct pt_manifest_input *in = NULL;
    pt_manifest_init(m);
    assert_int_equal(pt_manifest_set(&m->version, "9.9.9", &err), PT_OK);
    assert_int_equal(pt_manifest_set(&m->opt.title, "Q4 \"audit\"", &err), PT_OK);
    assert_int_equal(pt_manifest_set(&m->opt.period, "2024Q4", &err), PT_OK);
    assert_int_equal(pt_manifest_set(&m->opt.as_of, "2025-01-15", &err), PT_OK);
    assert_int_equal(pt_manifest_set(&m->opt.companies[0], "信*飞", &err), PT_OK);
    m->opt.n_companies = 1;
    m->opt.excel = 1;
    assert_int_equal(pt_manifest_add_input(m, "loans", "d/o.csv", "/abs/d/o.csv", &in, &err),
                     PT_OK);
    /* sha256sum of the 3 bytes "abc" (FIPS 180-2 B.1), size 3 */
    memcpy(in->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 65);
    in->size = 3;
    assert_int_equal(pt_manifest_set(&in->format, "offers", &err), PT_OK);
    assert_int_equal(pt_manifest_set(&in->encoding, "utf-8", &err), PT_OK);
    in->counted = 1;
    in->acc.rows_read = 5000000000ull; /* past 2^32: must print as an integer */
    in->acc.rows_accepted = 4999999998ull;
    in->acc.rows_rejected = 2;
    assert_int_equal(pt_manifest_add_input(m, "aliases", "-", NULL, &in, &err), PT_OK);
    memcpy(in->sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 65);
}

static const char want[] =
    "{\n"
    "\t\"schema\":\t\"ptaudit.manifest/1\",\n"
    "\t\"tool\":\t\"ptaudit\",\n"
    "\t\"version\":\t\"9.9.9\",\n"
    "\t\"generated\":\t\"2025-01-15\",\n"
    "\t\"options\":\t{\n"
    "\t\t\"title\":\t\"Q4 \\\"audit\\\"\",\n"
    "\t\t\"period\":\t\"2024Q4\",\n"
    "\t\t\"as_of\":\t\"2025-01-15\",\n"
    "\t\t\"min_cell\":\t10,\n"
    "\t\t\"excel\":\ttrue,\n"
    "\t\t\"png\":\tfalse,\n"
    "\t\t\"narratives\":\tfalse,\n"
    "\t\t\"loans_from\":\tnull,\n"
    "\t\t\"complaints_from\":\tnull,\n"
    "\t\t\"encoding\":\tnull,\n"
    "\t\t\"since\":\tnull,\n"
    "\t\t\"until\":\tnull,\n"
    "\t\t\"product\":\tnull,\n"
    "\t\t\"currency\":\tnull,\n"
    "\t\t\"companies\":\t[\"信*飞\"]\n"
    "\t},\n"
    "\t\"inputs\":\t[{\n"
    "\t\t\t\"kind\":\t\"loans\",\n"
    "\t\t\t\"path\":\t\"d/o.csv\",\n"
    "\t\t\t\"resolved\":\t\"/abs/d/o.csv\",\n"
    "\t\t\t\"size\":\t3,\n"
    "\t\t\t\"sha256\":\t\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\",\n"
    "\t\t\t\"format\":\t\"offers\",\n"
    "\t\t\t\"encoding\":\t\"utf-8\",\n"
    "\t\t\t\"rows_read\":\t5000000000,\n"
    "\t\t\t\"rows_accepted\":\t4999999998,\n"
    "\t\t\t\"rows_rejected\":\t2,\n"
    "\t\t\t\"rows_filtered\":\t0,\n"
    "\t\t\t\"lines_blank\":\t0,\n"
    "\t\t\t\"lines_skipped\":\t0\n"
    "\t\t}, {\n"
    "\t\t\t\"kind\":\t\"aliases\",\n"
    "\t\t\t\"path\":\t\"-\",\n"
    "\t\t\t\"resolved\":\tnull,\n"
    "\t\t\t\"size\":\t0,\n"
    "\t\t\t\"sha256\":\t\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\n"
    "\t\t\t\"format\":\tnull,\n"
    "\t\t\t\"encoding\":\tnull\n"
    "\t\t}]\n"
    "}\n";

static char *write_str(const struct pt_manifest *m)
{
    char *buf = NULL;
    size_t size = 0;
    struct pt_error err;
    FILE *f = open_memstream(&buf, &size);
    assert_int_equal(pt_manifest_write(m, f, &err), PT_OK);
    fclose(f);
    return buf;
}

/* Key order is the documented one (docs/submission-schema.md); the bytes
 * are cJSON 1.7's formatted print (tabs) that python3 -m json.tool also
 * accepts. */
static void test_write_has_fixed_key_order_and_exact_counts(void **state)
{
    (void)state;
    struct pt_manifest m;
    fill(&m);
    char *got = write_str(&m);
    assert_string_equal(got, want);
    free(got);
    pt_manifest_free(&m);
}

static void test_read_then_write_is_identical(void **state)
{
    (void)state;
    struct pt_manifest m;
    struct pt_error err;
    pt_manifest_init(&m);
    FILE *f = pt_test_tmpfile(want, strlen(want));
    assert_int_equal(pt_manifest_read(&m, f, "manifest.json", &err), PT_OK);
    fclose(f);
    assert_int_equal(m.n_inputs, 2);
    assert_string_equal(m.inputs[0].resolved, "/abs/d/o.csv");
    assert_null(m.inputs[1].resolved);
    assert_int_equal(m.inputs[0].acc.rows_read, 5000000000ull);
    char *again = write_str(&m);
    assert_string_equal(again, want);
    free(again);
    pt_manifest_free(&m);
}

struct bad_case {
    const char *name, *json, *msg;
};
static const struct bad_case bad_cases[] = {
    {"not json", "{", "m.json: expected a JSON manifest, found invalid JSON"},
    {"other schema", "{\"schema\": \"x/1\"}",
     "m.json: schema: expected \"ptaudit.manifest/1\" in a ptaudit manifest"},
    {"short sha", "{\"schema\":\"ptaudit.manifest/1\",\"options\":{\"min_cell\":10},"
                  "\"inputs\":[{\"kind\":\"loans\",\"path\":\"a\",\"sha256\":\"ab\"}]}",
     "m.json: sha256: expected 64 hex digits in a ptaudit manifest"},
};

static void test_read_refuses_what_is_not_a_manifest(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        struct pt_manifest m;
        struct pt_error err;
        char buf[700];
        pt_manifest_init(&m);
        FILE *f = pt_test_tmpfile(bad_cases[i].json, strlen(bad_cases[i].json));
        assert_int_equal(pt_manifest_read(&m, f, "m.json", &err), PT_EDATA);
        assert_string_equal(pt_error_format(&err, buf, sizeof buf), bad_cases[i].msg);
        fclose(f);
        pt_manifest_free(&m);
    }
}

static void test_full_disk_is_eio(void **state)
{
    (void)state;
    struct pt_manifest m;
    struct pt_error err;
    fill(&m);
    FILE *f = fopen("/dev/full", "w");
    assert_int_equal(pt_manifest_write(&m, f, &err), PT_EIO);
    fclose(f);
    pt_manifest_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_has_fixed_key_order_and_exact_counts),
        cmocka_unit_test(test_read_then_write_is_identical),
        cmocka_unit_test(test_read_refuses_what_is_not_a_manifest),
        cmocka_unit_test(test_full_disk_is_eio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

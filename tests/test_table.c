/* test_table.c: the table writer (table.h) in its four formats, checked
 * against exact expected bytes worked out by hand below, plus escaping of
 * hostile text, write errors and allocation faults. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "audit/alloc.h"
#include "audit/table.h"
#include "audit/table_escape.h"
#include "tests/helpers.h"

static const struct pt_column cols[] = {
    {"platform", PT_COL_TEXT, 0},
    {"loans", PT_COL_INT, 0},
    {"apr_median", PT_COL_RATE, 0},
    {"principal", PT_COL_MONEY, 2},
    {"ratio", PT_COL_NUMBER, 3},
};
#define N_COLS (sizeof cols / sizeof cols[0])

static const char hyperlink[] = "=HYPERLINK(\"http://x\")";
static const char xinfei[] = "\xe4\xbf\xa1*\xe9\xa3\x9e"; /* 信*飞: 2 + 1 + 2 columns wide */

/* Row 1: plain. Row 2: a formula-looking name, a missing rate, negative
 * money (-5 minor units), a NaN number (written as missing). Row 3: a CJK
 * name and a count hidden by --min-cell 10. */
static void fill_rows(struct pt_cell rows[3][N_COLS])
{
    rows[0][0] = pt_cell_text("Alpha", 5);
    rows[0][1] = pt_cell_int(3);
    rows[0][2] = pt_cell_double(0.3599);
    rows[0][3] = pt_cell_int(1234567);
    rows[0][4] = pt_cell_double(1.5);
    rows[1][0] = pt_cell_text(hyperlink, strlen(hyperlink));
    rows[1][1] = pt_cell_int(10);
    rows[1][2] = pt_cell_missing();
    rows[1][3] = pt_cell_int(-5);
    rows[1][4] = pt_cell_double(NAN);
    rows[2][0] = pt_cell_text(xinfei, strlen(xinfei));
    rows[2][1] = pt_cell_int(4);
    rows[2][1].suppressed = 1;
    rows[2][2] = pt_cell_double(0.25);
    rows[2][3] = pt_cell_int(0);
    rows[2][4] = pt_cell_double(2.0);
}

/* Writes the three rows in fmt into a string (caller frees). */
static char *render(enum pt_table_format fmt, unsigned flags, enum pt_code *rc_out)
{
    struct pt_cell rows[3][N_COLS];
    struct pt_error err;
    struct pt_table_writer *w = NULL;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    fill_rows(rows);
    enum pt_code rc = pt_table_begin(&w, f, fmt, "ptaudit.test/1", cols, N_COLS, flags, &err);
    if (rc == PT_OK) {
        pt_table_set_min_cell(w, 10);
        for (int r = 0; r < 3 && rc == PT_OK; r++)
            rc = pt_table_row(w, rows[r], &err);
        if (rc == PT_OK)
            rc = pt_table_end(w, &err);
        else
            pt_table_abort(w);
    }
    fclose(f);
    *rc_out = rc;
    return buf;
}

static void expect_bytes(enum pt_table_format fmt, unsigned flags, const char *want)
{
    enum pt_code rc;
    char *got = render(fmt, flags, &rc);
    assert_int_equal(rc, PT_OK);
    assert_string_equal(got, want);
    free(got);
}

/* Hand-derived: 0.3599 -> "%.10f" 0.3599000000; 1234567 minor units with 2
 * digits = 12345.67; -5 = -0.05; the formula cell gets a ' and, holding
 * quotes, RFC 4180 quoting with doubled quotes; suppressed and missing
 * cells are empty. */
static void test_csv_is_rfc4180_and_formula_safe(void **state)
{
    (void)state;
    expect_bytes(PT_TABLE_CSV, 0,
                 "platform,loans,apr_median,principal,ratio\n"
                 "Alpha,3,0.3599000000,12345.67,1.500\n"
                 "\"'=HYPERLINK(\"\"http://x\"\")\",10,,-0.05,\n"
                 "\xe4\xbf\xa1*\xe9\xa3\x9e,,0.2500000000,0.00,2.000\n");
}

static void test_csv_bom_for_excel(void **state)
{
    (void)state;
    enum pt_code rc;
    char *got = render(PT_TABLE_CSV, PT_TABLE_BOM, &rc);
    assert_int_equal(rc, PT_OK);
    assert_memory_equal(got, "\xEF\xBB\xBFplatform,loans,", 18);
    free(got);
}

/* Widths by hand: platform = 22 (the HYPERLINK text; 信*飞 is 5 columns),
 * loans 5, apr_median 10, principal 9, ratio 5; text left, numbers right,
 * two spaces between columns, rates as percents with 2 decimals
 * (0.3599 -> 35.99%), suppressed as <10, missing as -. */
static void test_text_is_aligned_with_percent_rates(void **state)
{
    (void)state;
    expect_bytes(PT_TABLE_TEXT, 0,
                 "platform                loans  apr_median  principal  ratio\n"
                 "Alpha                       3      35.99%   12345.67  1.500\n"
                 "=HYPERLINK(\"http://x\")     10           -      -0.05      -\n"
                 "\xe4\xbf\xa1*\xe9\xa3\x9e                     <10      25.00%       0.00  2.000\n");
}

static void test_markdown_escapes_and_aligns_numbers_right(void **state)
{
    (void)state;
    expect_bytes(PT_TABLE_MARKDOWN, 0,
                 "| platform | loans | apr_median | principal | ratio |\n"
                 "|---|---:|---:|---:|---:|\n"
                 "| Alpha | 3 | 35.99% | 12345.67 | 1.500 |\n"
                 "| =HYPERLINK(\"http://x\") | 10 | - | -0.05 | - |\n"
                 "| \xe4\xbf\xa1\\*\xe9\xa3\x9e | &lt;10 | 25.00% | 0.00 | 2.000 |\n");
}

static const char want_json[] =
    "{\"schema\": \"ptaudit.test/1\", \"rows\": [\n"
    "{\"platform\": \"Alpha\", \"loans\": 3, \"apr_median\": 0.3599000000, \"principal\": "
    "12345.67, \"ratio\": 1.500},\n"
    "{\"platform\": \"=HYPERLINK(\\\"http://x\\\")\", \"loans\": 10, \"apr_median\": null, "
    "\"principal\": -0.05, \"ratio\": null},\n"
    "{\"platform\": \"\xe4\xbf\xa1*\xe9\xa3\x9e\", \"loans\": null, \"apr_median\": "
    "0.2500000000, \"principal\": 0.00, \"ratio\": 2.000}\n"
    "]}\n";

/* Exact bytes, and cJSON (an independent parser) reads back the values. */
static void test_json_rows_parse_back_with_cjson(void **state)
{
    (void)state;
    expect_bytes(PT_TABLE_JSON, 0, want_json);
    cJSON *doc = cJSON_Parse(want_json);
    assert_non_null(doc);
    cJSON *rows = cJSON_GetObjectItemCaseSensitive(doc, "rows");
    assert_int_equal(cJSON_GetArraySize(rows), 3);
    cJSON *r1 = cJSON_GetArrayItem(rows, 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(r1, "platform")->valuestring, hyperlink);
    pt_assert_close(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 0), "apr_median")
                        ->valuedouble, 0.3599, 1e-12);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 2),
                                                              "loans")));
    cJSON_Delete(doc);
}

static void test_json_empty_table(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_table_writer *w = NULL;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_int_equal(pt_table_begin(&w, f, PT_TABLE_JSON, "ptaudit.x/1", cols, 1, 0, &err), PT_OK);
    assert_int_equal(pt_table_end(w, &err), PT_OK);
    fclose(f);
    assert_string_equal(buf, "{\"schema\": \"ptaudit.x/1\", \"rows\": []}\n");
    free(buf);
}

/* Hostile names from issue #6 through each escaper. */
struct esc_case {
    const char *name, *in, *csv, *md, *text, *json;
};
static const struct esc_case esc_cases[] = {
    {"backticks", "x`touch /tmp/p`", "x`touch /tmp/p`", "x\\`touch /tmp/p\\`", "x`touch /tmp/p`",
     "\"x`touch /tmp/p`\""},
    {"sql-ish quote", "a'); system(\"id\") #", "\"a'); system(\"\"id\"\") #\"",
     "a'); system(\"id\") #", "a'); system(\"id\") #", "\"a'); system(\\\"id\\\") #\""},
    {"newline and pipe", "a|b\nc", "\"a|b\nc\"", "a\\|b c", "a|b\\nc", "\"a|b\\nc\""},
    {"html", "<script>&", "<script>&", "&lt;script&gt;&amp;", "<script>&", "\"<script>&\""},
    {"plus formula", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", "+cmd\\|' /C calc'!A0",
     "+cmd|' /C calc'!A0", "\"+cmd|' /C calc'!A0\""},
    {"at and tab", "@SUM(1)\t", "\"'@SUM(1)\t\"", "@SUM(1) ", "@SUM(1)\\t", "\"@SUM(1)\\t\""},
    {"negative number is plain", "-12.5", "-12.5", "-12.5", "-12.5", "\"-12.5\""},
    {"minus text", "-x", "'-x", "-x", "-x", "\"-x\""},
    {"control char", "a\x01z", "a\x01z", "az", "a\\x01z", "\"a\\u0001z\""},
    {"empty", "", "", "", "", "\"\""},
};

static void test_escapers_neutralize_hostile_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof esc_cases / sizeof esc_cases[0]; i++) {
        const struct esc_case *c = &esc_cases[i];
        int (*fns[4])(const char *, size_t, char **, size_t *, size_t *) = {
            pt_table_escape_csv, pt_table_escape_markdown, pt_table_escape_text,
            pt_table_escape_json};
        const char *want[4] = {c->csv, c->md, c->text, c->json};
        for (int k = 0; k < 4; k++) {
            char *buf = NULL;
            size_t len = 0, cap = 0;
            assert_int_equal(fns[k](c->in, strlen(c->in), &buf, &len, &cap), 0);
            if (strcmp(buf, want[k]) != 0)
                fail_msg("%s (escaper %d): got [%s], want [%s]", c->name, k, buf, want[k]);
            assert_int_equal(len, strlen(want[k]));
            pt_free(buf);
        }
    }
}

/* Every byte but NUL, alone and in runs, appended after text already in
 * the buffer: cJSON's parser (an independent reader) gives the input back,
 * and the bytes before are untouched. */
static void test_json_escape_round_trips_every_byte(void **state)
{
    (void)state;
    char in[2 * 255 + 1];
    size_t n = 0;
    for (int c = 1; c < 256; c++) {
        in[n++] = (char)c;
        if (c % 3 == 0)
            in[n++] = 'x';   /* runs of plain bytes between the escaped ones */
    }
    in[n] = '\0';
    for (size_t len_in = 0; len_in <= n; len_in += len_in < 40 ? 1 : 37) {
        size_t len = 1, cap = 2;
        char *buf = pt_malloc(cap);
        assert_non_null(buf);
        memcpy(buf, "[", 2);
        assert_int_equal(pt_table_escape_json(in, len_in, &buf, &len, &cap), 0);
        assert_int_equal(strlen(buf), len);
        assert_int_equal(buf[0], '[');
        char *doc = pt_malloc(len + 2);
        assert_non_null(doc);
        memcpy(doc, buf, len);
        memcpy(doc + len, "]", 2);
        cJSON *j = cJSON_Parse(doc);
        if (j == NULL || !cJSON_IsString(cJSON_GetArrayItem(j, 0)))
            fail_msg("not a JSON string for %zu bytes: %s", len_in, doc);
        const char *back = cJSON_GetArrayItem(j, 0)->valuestring;
        assert_int_equal(strlen(back), len_in);
        assert_memory_equal(back, in, len_in);
        cJSON_Delete(j);
        pt_free(doc);
        pt_free(buf);
    }
}

static void test_write_to_full_disk_is_eio(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    for (int fmt = PT_TABLE_TEXT; fmt <= PT_TABLE_MARKDOWN; fmt++) {
        struct pt_error err;
        struct pt_table_writer *w = NULL;
        struct pt_cell rows[3][N_COLS];
        fill_rows(rows);
        enum pt_code rc = pt_table_begin(&w, f, (enum pt_table_format)fmt, NULL, cols, N_COLS, 0,
                                         &err);
        for (int r = 0; r < 3 && rc == PT_OK; r++)
            rc = pt_table_row(w, rows[r], &err);
        if (rc == PT_OK)
            rc = pt_table_end(w, &err);
        else
            pt_table_abort(w);
        assert_int_equal(rc, PT_EIO);
        clearerr(f);
    }
    fclose(f);
}

static void test_every_allocation_failure_is_enomem(void **state)
{
    (void)state;
    for (int fmt = PT_TABLE_TEXT; fmt <= PT_TABLE_MARKDOWN; fmt++) {
        for (unsigned long n = 1;; n++) {
            enum pt_code rc;
            pt_alloc_fail_at(n);
            char *got = render((enum pt_table_format)fmt, 0, &rc);
            pt_alloc_fail_at(0);
            free(got);
            if (rc == PT_OK)
                break;
            assert_int_equal(rc, PT_ENOMEM);
            assert_true(n < 10000);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_is_rfc4180_and_formula_safe),
        cmocka_unit_test(test_csv_bom_for_excel),
        cmocka_unit_test(test_text_is_aligned_with_percent_rates),
        cmocka_unit_test(test_markdown_escapes_and_aligns_numbers_right),
        cmocka_unit_test(test_json_rows_parse_back_with_cjson),
        cmocka_unit_test(test_json_empty_table),
        cmocka_unit_test(test_escapers_neutralize_hostile_names),
        cmocka_unit_test(test_json_escape_round_trips_every_byte),
        cmocka_unit_test(test_write_to_full_disk_is_eio),
        cmocka_unit_test(test_every_allocation_failure_is_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_colmap.c: --map files (colmap.h).
 *
 * Each case is a map file and a data header; the expected column indexes
 * are counted by hand from the header (0-based), and the expected messages
 * follow the contract's form FILE:LINE:COLUMN: NAME: expected ..., found
 * "..." with LINE the map row's physical line and COLUMN its field. */
#include <string.h>

#include "audit/alloc.h"
#include "audit/colmap.h"
#include "tests/helpers.h"

static const struct pt_colmap_field allowed[] = {
    {"date_received", 1},
    {"company", 1},
    {"amount", 0},
};
enum { N_ALLOWED = sizeof allowed / sizeof allowed[0] };

struct map_case {
    const char *name;
    const char *map;
    const char *data;          /* the data file: its header row is what counts */
    enum pt_code rc;
    const char *msg;           /* pt_error_format of the error, or NULL */
    long want[N_ALLOWED];
    const char *source;
};

static const struct map_case cases[] = {
    {"simple", "field,column\ncompany,Firma\ndate_received,Datum\n", "Datum,Firma,Betrag\n",
     PT_OK, NULL, {0, 1, -1}, "hand: Datum is column 0, Firma 1; amount unmapped"},
    {"optional mapped, spaces trimmed", "field,column\n date_received , Datum \ncompany,Firma\n"
     "amount,Betrag\n", "Datum,Firma,Betrag\n", PT_OK, NULL, {0, 1, 2},
     "hand: names trimmed as in pt_csv_reader_column"},
    {"columns swapped, note column, BOM, CRLF",
     "\xef\xbb\xbf" "note,column,field\r\nwhen,Datum,date_received\r\n,Firma,company\r\n",
     "Betrag,Firma,Datum\n", PT_OK, NULL, {2, 1, -1}, "hand: header order is free"},
    {"one column for two fields", "field,column\ndate_received,Firma\ncompany,Firma\n",
     "Datum,Firma\n", PT_OK, NULL, {1, 1, -1}, "allowed: the same source column twice"},
    {"quoted names with commas", "field,column\ncompany,\"Firma, Name\"\ndate_received,Datum\n",
     "Datum,\"Firma, Name\"\n", PT_OK, NULL, {0, 1, -1}, "RFC 4180 quoting in both files"},
    {"unknown field", "field,column\ncompany,Firma\ncompnay,Datum\n", "Datum,Firma\n", PT_EDATA,
     "map.csv:3:1: field: expected one of date_received, company, amount, found \"compnay\"",
     {0}, "row 3 names a field the caller does not accept"},
    {"column not in header", "field,column\ncompany,Firm\n", "Datum,Firma\n", PT_EDATA,
     "map.csv:2:2: column: \"Firm\" is not a column in the header of data.csv", {0},
     "row 2's column is not in the data header"},
    {"mapped twice", "field,column\ncompany,Firma\ncompany,Datum\n", "Datum,Firma\n", PT_EDATA,
     "map.csv:3:1: field: \"company\" is mapped twice (first at line 2)", {0}, "rows 2 and 3"},
    {"required missing", "field,column\ncompany,Firma\n", "Datum,Firma\n", PT_EDATA,
     "map.csv: required field \"date_received\" is not mapped: add a row date_received,COLUMN",
     {0}, "date_received is required and absent"},
    {"bad header", "name,col\ncompany,Firma\n", "Datum,Firma\n", PT_EDATA,
     "map.csv:1: expected a header with columns field and column, found \"name,col\"", {0},
     "no field/column header"},
    {"empty field cell", "field,column\n,Firma\n", "Firma\n", PT_EDATA,
     "map.csv:2:1: field: expected a canonical field name, found an empty cell", {0}, "row 2"},
    {"empty column cell", "field,column\ncompany, \n", "Firma\n", PT_EDATA,
     "map.csv:2:2: column: expected the source column of \"company\", found an empty cell",
     {0}, "row 2: a space only, trimmed to empty"},
    {"ragged row", "field,column\ncompany,Firma\ndate_received\n", "Datum,Firma\n", PT_EDATA,
     "map.csv:3: expected 2 fields, found 1", {0}, "the reader rejects row 3; a map fails"},
    {"malformed row", "field,column\ncompany,\"Fir\"m\n", "Firma\n", PT_EDATA,
     "map.csv:2:2: expected ',' or a line end after a closing quote, found \"m\"", {0},
     "RFC 4180: nothing may follow a closing quote"},
    {"empty map file", "", "Firma\n", PT_EDATA,
     "map.csv: empty file: expected a header row of column names", {0}, "0 bytes"},
};

static enum pt_code run_case(const struct map_case *c, long *out, struct pt_error *err)
{
    FILE *mf = pt_test_tmpfile(c->map, strlen(c->map));
    FILE *df = pt_test_tmpfile(c->data, strlen(c->data));
    assert_non_null(mf);
    assert_non_null(df);
    struct pt_colmap map;
    enum pt_code rc = pt_colmap_load(&map, mf, "map.csv", err);
    if (rc == PT_OK) {
        struct pt_quarantine q;
        struct pt_accounting acc = {0};
        struct pt_csv_reader *r = NULL;
        pt_quarantine_init(&q, NULL);
        rc = pt_csv_reader_create(&r, df, "data.csv", NULL, &q, &acc, err);
        if (rc == PT_OK)
            rc = pt_colmap_resolve(&map, allowed, N_ALLOWED, r, out, err);
        pt_csv_reader_destroy(r);
    }
    pt_colmap_free(&map);
    pt_colmap_free(&map);   /* accepts a freed map */
    fclose(mf);
    fclose(df);
    return rc;
}

static void test_map_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct map_case *c = &cases[i];
        long out[N_ALLOWED];
        struct pt_error err;
        memset(&err, 0, sizeof err);
        enum pt_code rc = run_case(c, out, &err);
        char buf[700];
        pt_error_format(&err, buf, sizeof buf);
        if (rc != c->rc)
            fail_msg("%s: %s, expected %s (%s): %s", c->name, pt_code_name(rc),
                     pt_code_name(c->rc), c->source, buf);
        if (rc == PT_OK) {
            for (int j = 0; j < N_ALLOWED; j++)
                if (out[j] != c->want[j])
                    fail_msg("%s: %s -> %ld, expected %ld (%s)", c->name, allowed[j].name, out[j],
                             c->want[j], c->source);
        } else if (strcmp(buf, c->msg) != 0) {
            fail_msg("%s:\n got  %s\n want %s", c->name, buf, c->msg);
        }
    }
}

static void test_every_allocation_failure_is_enomem(void **state)
{
    (void)state;
    const struct map_case *c = &cases[2];
    int ok = 0;
    for (unsigned long n = 1; n < 300 && !ok; n++) {
        long out[N_ALLOWED];
        struct pt_error err;
        pt_alloc_fail_at(n);
        enum pt_code rc = run_case(c, out, &err);
        pt_alloc_fail_at(0);
        if (rc == PT_OK)
            ok = 1;
        else if (rc != PT_ENOMEM)
            fail_msg("allocation %lu: %s, expected PT_ENOMEM", n, pt_code_name(rc));
    }
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_cases),
        cmocka_unit_test(test_every_allocation_failure_is_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

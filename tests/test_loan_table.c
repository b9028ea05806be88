/* test_loan_table.c: `--by loan` rows (loan_table.h). The expected line is
 * written by hand from the loan below: money with 2 decimals (JPY's 0 minor
 * digits scaled exactly), rates with 10, missing values empty, flags as
 * words, gap = apr - quoted = 0.3599 - 0.12 = 0.2399. */
#include <math.h>
#include <string.h>

#include "audit/date.h"
#include "audit/load_common.h"
#include "audit/loan_table.h"
#include "tests/helpers.h"

static void test_one_row_csv(void **state)
{
    (void)state;
    struct pt_loan l;
    struct pt_error err;
    struct pt_loan_table *t;
    char buf[4096];
    pt_loan_clear(&l);
    l.loan_id = "L1";
    l.platform = "raw name";
    l.currency = "JPY";
    l.minor_digits = 0;
    l.day = pt_date_from_ymd(2024, 2, 29);
    l.principal_minor = 100000;           /* 100000 yen */
    l.amount_financed_minor = 95000;
    l.term = 12;
    l.method = "flat";
    l.quoted_annual_rate = 0.12;
    l.apr = 0.3599;
    l.ear = 0.42;
    l.fees_known = PT_FEES_YES;
    l.over_24 = PT_LEGAL_YES;
    l.over_36 = PT_LEGAL_NO;
    l.over_4lpr = PT_LEGAL_NA;
    l.source = "=cite";
    pt_loc_set(&l.loc, "in.csv", 7, 0);
    FILE *f = tmpfile();
    assert_int_equal(pt_loan_table_begin(&t, f, PT_TABLE_CSV, &err), PT_OK);
    assert_int_equal(pt_loan_table_row(t, &l, "Display", &err), PT_OK);
    assert_int_equal(pt_loan_table_end(t, &err), PT_OK);
    rewind(f);
    buf[fread(buf, 1, sizeof buf - 1, f)] = '\0';
    fclose(f);
    const char *row = strchr(buf, '\n') + 1;
    assert_string_equal(row, "L1,Display,,2024-02-29,JPY,100000.00,95000.00,12,12.0000,flat,"
                             "0.1200000000,0.3599000000,0.4200000000,,0.2399000000,yes,yes,no,"
                             "n/a,,,,,,,'=cite,in.csv,7\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_row_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

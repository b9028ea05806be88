/* test_legal.c: legal rate lines and the LPR history (legal.h).
 * Expected LPR values: NIFC monthly fixings as listed in data/README.md
 * (3.85% from 2020-04-20, 3.80% from 2021-12-20, 3.00% from 2025-05-20). */
#include <string.h>

#include "audit/date.h"
#include "audit/legal.h"
#include "tests/helpers.h"

static struct pt_lpr_table table;

static void test_builtin_history(void **state)
{
    (void)state;
    struct pt_error err = {0};
    double r = -1;
    assert_int_equal(pt_lpr_table_builtin(&table, &err), PT_OK);
    assert_int_equal(table.n, 14);
    assert_int_equal(table.changes[0].day, pt_date_from_ymd(2019, 8, 20));
    assert_int_equal(table.changes[0].rate_bp, 425);
    struct {
        int y, m, d, known;
        double rate;
    } cases[] = {{2019, 8, 19, 0, 0},      {2019, 8, 20, 1, 0.0425}, {2020, 8, 20, 1, 0.0385},
                 {2021, 12, 19, 1, 0.0385}, {2021, 12, 20, 1, 0.038}, {2025, 5, 20, 1, 0.03},
                 {2026, 6, 21, 1, 0.03},    {2026, 6, 22, 0, 0},      {2030, 1, 1, 0, 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int known = pt_lpr_on(&table, pt_date_from_ymd(cases[k].y, cases[k].m, cases[k].d), &r);
        if (known != cases[k].known)
            fail_msg("%d-%d-%d: known %d", cases[k].y, cases[k].m, cases[k].d, known);
        if (known)
            pt_assert_close(r, cases[k].rate, 1e-15);
    }
    assert_int_equal(pt_lpr_on(&table, PT_DAY_UNKNOWN, &r), 0);
}

static void test_lines(void **state)
{
    (void)state;
    struct pt_error err = {0};
    struct pt_legal l;
    assert_int_equal(pt_lpr_table_builtin(&table, &err), PT_OK);
    int32_t rule_day = pt_date_from_ymd(2020, 8, 20);
    /* strict >: exactly on the line is not over it */
    pt_legal_check(&table, 0.24, "USD", PT_DAY_UNKNOWN, &l);
    assert_int_equal(l.over_24, PT_LEGAL_NO);
    assert_int_equal(l.over_4lpr, PT_LEGAL_NA);
    pt_legal_check(&table, 0.2400001, "USD", PT_DAY_UNKNOWN, &l);
    assert_int_equal(l.over_24, PT_LEGAL_YES);
    assert_int_equal(l.over_36, PT_LEGAL_NO);
    pt_legal_check(&table, 0.37, "CNY", rule_day, &l);
    assert_int_equal(l.over_36, PT_LEGAL_YES);
    /* 4 x 3.85% = 15.4% on 2020-08-20 */
    pt_legal_check(&table, 0.155, "CNY", rule_day, &l);
    assert_int_equal(l.over_4lpr, PT_LEGAL_YES);
    pt_assert_close(l.line_4lpr, 0.154, 1e-15);
    pt_legal_check(&table, 0.153, "CNY", rule_day, &l);
    assert_int_equal(l.over_4lpr, PT_LEGAL_NO);
    /* 4 x 3.00% = 12% in 2025-06 */
    pt_legal_check(&table, 0.125, "CNY", pt_date_from_ymd(2025, 6, 1), &l);
    assert_int_equal(l.over_4lpr, PT_LEGAL_YES);
    pt_assert_close(l.line_4lpr, 0.12, 1e-15);
    pt_legal_check(&table, 0.5, "CNY", rule_day - 1, &l);
    assert_int_equal(l.over_4lpr, PT_LEGAL_NA);
    pt_legal_check(&table, 0.5, "CNY", PT_DAY_UNKNOWN, &l);
    assert_int_equal(l.over_4lpr, PT_LEGAL_UNKNOWN);
    pt_legal_check(&table, 0.5, "CNY", pt_date_from_ymd(2027, 1, 1), &l);
    assert_int_equal(l.over_4lpr, PT_LEGAL_UNKNOWN);
    pt_legal_check(&table, 0.5, NULL, rule_day, &l);
    assert_int_equal(l.over_4lpr, PT_LEGAL_NA);
    pt_legal_check(&table, 0.5, "XXX", rule_day, &l);
    assert_int_equal(l.over_4lpr, PT_LEGAL_NA);
    assert_string_equal(pt_legal_flag_name(PT_LEGAL_NA), "n/a");
    assert_string_equal(pt_legal_flag_name(PT_LEGAL_UNKNOWN), "unknown");
}

static void test_parse_errors_name_the_line(void **state)
{
    (void)state;
    struct pt_error err = {0};
    const char *bad_header = "# c\ndate,rate\n";
    assert_int_equal(pt_lpr_table_parse(&table, bad_header, strlen(bad_header), &err), PT_EDATA);
    assert_int_equal(err.loc.line, 2);
    const char *unordered = "effective_date,lpr_1y_percent\n2020-01-01,4\n2019-01-01,4\n";
    assert_int_equal(pt_lpr_table_parse(&table, unordered, strlen(unordered), &err), PT_EDATA);
    assert_int_equal(err.loc.line, 3);
    assert_string_equal(err.msg, "expected dates in ascending order, found \"2019-01-01,4\"");
    const char *precise = "effective_date,lpr_1y_percent\r\n2020-01-01,3.855\r\n";
    assert_int_equal(pt_lpr_table_parse(&table, precise, strlen(precise), &err), PT_EDATA);
    assert_string_equal(err.msg, "expected a rate in percent with at most 2 decimals, found "
                                 "\"3.855\"");
    const char *ok = "effective_date,lpr_1y_percent\r\n2020-01-01,4\r\n2020-02-01,3.5\r\n";
    assert_int_equal(pt_lpr_table_parse(&table, ok, strlen(ok), &err), PT_OK);
    assert_int_equal(table.changes[0].rate_bp, 400);
    assert_int_equal(table.changes[1].rate_bp, 350);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_history),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_parse_errors_name_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

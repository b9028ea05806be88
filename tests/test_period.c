/* test_period.c: --period parsing, bounds and the previous period.
 * Expected bounds by hand from the Gregorian calendar (2024 is a leap year:
 * divisible by 4, not by 100; 1900 is not: divisible by 100, not 400). */
#include <string.h>

#include "audit/period.h"
#include "tests/helpers.h"

struct period_case {
    const char *text, *label, *first, *last, *prev_label, *prev_first, *prev_last;
};
static const struct period_case cases[] = {
    {"2024Q4", "2024Q4", "2024-10-01", "2024-12-31", "2024Q3", "2024-07-01", "2024-09-30"},
    {"2024Q1", "2024Q1", "2024-01-01", "2024-03-31", "2023Q4", "2023-10-01", "2023-12-31"},
    {"2024q2", "2024Q2", "2024-04-01", "2024-06-30", "2024Q1", "2024-01-01", "2024-03-31"},
    {"2024-11", "2024-11", "2024-11-01", "2024-11-30", "2024-10", "2024-10-01", "2024-10-31"},
    {"2024-03", "2024-03", "2024-03-01", "2024-03-31", "2024-02", "2024-02-01", "2024-02-29"},
    {"2024-01", "2024-01", "2024-01-01", "2024-01-31", "2023-12", "2023-12-01", "2023-12-31"},
    {"1900-03", "1900-03", "1900-03-01", "1900-03-31", "1900-02", "1900-02-01", "1900-02-28"},
    {"2024", "2024", "2024-01-01", "2024-12-31", "2023", "2023-01-01", "2023-12-31"},
};

static void test_bounds_and_previous_period(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct period_case *c = &cases[i];
        struct pt_period p, prev;
        struct pt_error err;
        assert_int_equal(pt_period_parse(c->text, &p, &err), PT_OK);
        pt_period_previous(&p, &prev);
        assert_string_equal(p.label, c->label);
        assert_string_equal(p.first, c->first);
        assert_string_equal(p.last, c->last);
        assert_string_equal(prev.label, c->prev_label);
        assert_string_equal(prev.first, c->prev_first);
        assert_string_equal(prev.last, c->prev_last);
    }
}

static void test_bad_periods_are_usage_errors(void **state)
{
    (void)state;
    const char *bad[] = {"2024Q5", "2024Q0", "2024-13", "2024-00", "24Q1", "2024-1", "Q4",
                         "2024Q4x", "", "1899"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct pt_period p;
        struct pt_error err;
        assert_int_equal(pt_period_parse(bad[i], &p, &err), PT_EUSAGE);
    }
    struct pt_period p;
    struct pt_error err;
    assert_int_equal(pt_period_parse("2024Q5", &p, &err), PT_EUSAGE);
    assert_string_equal(err.msg, "--period: expected 2024Q4, 2024-11 or 2024, found \"2024Q5\"");
}

static void test_contains_is_inclusive(void **state)
{
    (void)state;
    struct pt_period p;
    struct pt_error err;
    assert_int_equal(pt_period_parse("2024Q4", &p, &err), PT_OK);
    assert_true(pt_period_contains(&p, "2024-10-01"));
    assert_true(pt_period_contains(&p, "2024-12-31"));
    assert_true(pt_period_contains(&p, "2024-12-31T23:59"));
    assert_false(pt_period_contains(&p, "2024-09-30"));
    assert_false(pt_period_contains(&p, "2025-01-01"));
    assert_false(pt_period_contains(&p, "2024"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bounds_and_previous_period),
        cmocka_unit_test(test_bad_periods_are_usage_errors),
        cmocka_unit_test(test_contains_is_inclusive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

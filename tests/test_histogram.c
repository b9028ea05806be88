/* test_histogram.c: the fixed APR bins (histogram.h, docs/loans.md). */
#include <math.h>

#include "audit/histogram.h"
#include "tests/helpers.h"

struct bin_case {
    double apr;
    int bin;
    const char *source;
};

/* Edges are upper-inclusive so "over 24%" (CONTRACT.md compares with >)
 * equals the count of the bins after 18-24%. */
static const struct bin_case cases[] = {
    {-0.01, 0, "negative rate"},
    {0.0, 1, "zero belongs to 0-6%"},
    {0.06, 1, "upper edge 6% included in 0-6%"},
    {0.0600001, 2, "just above 6%"},
    {0.1122, 2, "LendingClub 11.22% note"},
    {0.24, 4, "exactly 24% is not over 24%"},
    {0.2400000001, 5, "just over 24%"},
    {0.3599, 5, "35.99%, the heimao 8000 CNY x 12 example"},
    {0.36, 5, "exactly 36% is not over 36%"},
    {0.48, 6, "upper edge of 36-48%"},
    {1.0, 7, "100% in 48-100%"},
    {1.0000001, 8, "over 100%"},
    {35.0, 8, "payday-like 3500%"},
};

static void test_bins_follow_documented_edges(void **state)
{
    (void)state;
    struct pt_histogram h;
    pt_histogram_init(&h);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        print_message("apr %.10f (%s)\n", cases[k].apr, cases[k].source);
        assert_int_equal(pt_histogram_bin(cases[k].apr), cases[k].bin);
        pt_histogram_add(&h, cases[k].apr);
    }
    /* hand count of the table above per bin */
    static const uint64_t want[PT_HIST_BINS] = {1, 2, 2, 0, 1, 3, 1, 1, 2};
    for (int i = 0; i < PT_HIST_BINS; i++)
        assert_int_equal(h.counts[i], want[i]);
}

static void test_nan_is_not_counted(void **state)
{
    (void)state;
    struct pt_histogram h;
    pt_histogram_init(&h);
    pt_histogram_add(&h, NAN);
    assert_int_equal(pt_histogram_bin(NAN), -1);
    for (int i = 0; i < PT_HIST_BINS; i++)
        assert_int_equal(h.counts[i], 0);
}

static void test_labels_and_columns(void **state)
{
    (void)state;
    assert_string_equal(pt_histogram_label(0), "<0%");
    assert_string_equal(pt_histogram_label(5), "24-36%");
    assert_string_equal(pt_histogram_label(8), ">100%");
    assert_string_equal(pt_histogram_column(1), "apr_bin_0_6");
    assert_null(pt_histogram_label(9));
    assert_null(pt_histogram_column(-1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bins_follow_documented_edges),
        cmocka_unit_test(test_nan_is_not_counted),
        cmocka_unit_test(test_labels_and_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_quantile.c: exact R type 7 quantiles, extremes and means (quantile.h).
 * Expected values from Python 3.11 statistics (independent implementation):
 *   import statistics as s
 *   d = [0.1122,0.1059,0.0712,0.3599,0.2400,0.1853,0.1324,0.0925]
 *   s.quantiles(d, n=10, method='inclusive')  # deciles, R type 7
 *   s.quantiles(d, n=4, method='inclusive'); s.median(d); s.mean(d)
 * numpy is not installed here; statistics' 'inclusive' method is R type 7
 * (its documentation: "the same as R's default"). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/quantile.h"
#include "tests/helpers.h"

static const double eight[] = {0.1122, 0.1059, 0.0712, 0.3599, 0.2400, 0.1853, 0.1324, 0.0925};

struct q_case {
    const char *name;
    const double *data;
    size_t n;
    double p;
    double expected;
    const char *source;
};

static const double two[] = {2.0, 1.0};
static const double one[] = {5.0};
static const double ties[] = {0.36, 0.36, 0.36};

static const struct q_case cases[] = {
    {"p10 of eight", eight, 8, 0.10, 0.08610999999999999, "python statistics inclusive d[0]"},
    {"p25 of eight", eight, 8, 0.25, 0.10255, "python statistics n=4 inclusive [0]"},
    {"median of eight", eight, 8, 0.50, 0.1223, "python statistics.median: (0.1122+0.1324)/2"},
    {"p75 of eight", eight, 8, 0.75, 0.198975, "python statistics n=4 inclusive [2]"},
    {"p90 of eight", eight, 8, 0.90, 0.27596999999999994, "python statistics inclusive d[8]"},
    {"p0 is min", eight, 8, 0.0, 0.0712, "hand: smallest value"},
    {"p1 is max", eight, 8, 1.0, 0.3599, "hand: largest value"},
    {"p10 of two", two, 2, 0.10, 1.1, "python quantiles([1,2], n=10, inclusive)[0]"},
    {"p90 of two", two, 2, 0.90, 1.9, "python quantiles([1,2], n=10, inclusive)[8]"},
    {"median of one", one, 1, 0.5, 5.0, "hand: a single value is every quantile"},
    {"p37 of ties", ties, 3, 0.37, 0.36, "hand: equal values interpolate to themselves"},
};

static void fill(struct pt_quantile *q, const double *d, size_t n)
{
    struct pt_error err;
    pt_quantile_init(q);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(pt_quantile_add(q, d[i], &err), PT_OK);
}

static void test_type7_quantiles_match_python_statistics(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct pt_quantile q;
        fill(&q, cases[k].data, cases[k].n);
        print_message("case %s (%s)\n", cases[k].name, cases[k].source);
        pt_assert_close(pt_quantile_exact(&q, cases[k].p), cases[k].expected, 1e-15);
        pt_quantile_free(&q);
    }
}

static void test_min_max_mean_match_python(void **state)
{
    (void)state;
    struct pt_quantile q;
    fill(&q, eight, 8);
    pt_assert_close(pt_quantile_min(&q), 0.0712, 0);
    pt_assert_close(pt_quantile_max(&q), 0.3599, 0);
    /* python: statistics.mean(d) = 0.162425 (exact: 1.2994/8) */
    pt_assert_close(pt_quantile_mean(&q), 0.162425, 1e-16);
    assert_int_equal(pt_quantile_count(&q), 8);
    /* adding after a query re-sorts */
    struct pt_error err;
    assert_int_equal(pt_quantile_add(&q, 0.01, &err), PT_OK);
    pt_assert_close(pt_quantile_min(&q), 0.01, 0);
    pt_quantile_free(&q);
    pt_quantile_free(&q); /* freeing twice is allowed */
    pt_quantile_free(NULL);
}

static void test_empty_and_bad_p_give_nan(void **state)
{
    (void)state;
    struct pt_quantile q;
    pt_quantile_init(&q);
    assert_true(isnan(pt_quantile_exact(&q, 0.5)));
    assert_true(isnan(pt_quantile_min(&q)));
    assert_true(isnan(pt_quantile_mean(&q)));
    fill(&q, eight, 8);
    assert_true(isnan(pt_quantile_exact(&q, 1.5)));
    assert_true(isnan(pt_quantile_exact(&q, -0.1)));
    assert_true(isnan(pt_quantile_exact(&q, NAN)));
    pt_quantile_free(&q);
}

static void test_nan_and_inf_are_refused(void **state)
{
    (void)state;
    struct pt_quantile q;
    struct pt_error err;
    pt_quantile_init(&q);
    assert_int_equal(pt_quantile_add(&q, NAN, &err), PT_EINVAL);
    assert_non_null(strstr(err.msg, "NaN"));
    assert_int_equal(pt_quantile_add(&q, INFINITY, &err), PT_EINVAL);
    assert_int_equal(pt_quantile_count(&q), 0);
    pt_quantile_free(&q);
}

static void test_weighted_mean_matches_python_fractions(void **state)
{
    (void)state;
    /* python: w = [20000,7500,3000,8000,6400,12000,10000,5000]
     * float(sum(Fraction(a)*b for a,b in zip(d,w)) / sum(w)) = 0.16240820584144644 */
    static const double w[] = {20000, 7500, 3000, 8000, 6400, 12000, 10000, 5000};
    struct pt_wmean m;
    pt_wmean_init(&m);
    assert_true(isnan(pt_wmean_value(&m)));
    for (int i = 0; i < 8; i++)
        pt_wmean_add(&m, eight[i], w[i]);
    pt_assert_close(pt_wmean_value(&m), 0.16240820584144644, 1e-16);
}

static void test_growth_failure_is_enomem_and_keeps_values(void **state)
{
    (void)state;
    struct pt_quantile q;
    struct pt_error err;
    pt_quantile_init(&q);
    /* 16 values fit the first allocation; the 17th needs a second one. */
    for (int i = 0; i < 16; i++)
        assert_int_equal(pt_quantile_add(&q, i, &err), PT_OK);
    pt_alloc_fail_at(1);
    assert_int_equal(pt_quantile_add(&q, 16, &err), PT_ENOMEM);
    pt_alloc_fail_at(0);
    assert_int_equal(pt_quantile_count(&q), 16);
    pt_assert_close(pt_quantile_exact(&q, 0.5), 7.5, 0);
    pt_quantile_free(&q);
}

static int cmp_ref(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Large sets are radix-sorted: every quantile, the extremes and the mean
 * are bit for bit what glibc's (stable merge) qsort order gives, -0.0 and
 * 0.0 included (stable: the first one in input order comes first). Three
 * sets: mixed signs and magnitudes (every key byte varies), APR-like
 * values in [0.2, 0.45) (sign and exponent bytes shared: passes skipped),
 * and only zeros of both signs (every byte shared: no pass at all). */
static void test_radix_sorted_quantiles_equal_qsort_bit_for_bit(void **state)
{
    (void)state;
    enum { N = 5000 };
    static double data[N], ref[N];
    for (int set = 0; set < 3; set++) {
        uint64_t x = 42;
        for (size_t i = 0; i < N; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned r = (unsigned)(x >> 33);
            if (set == 1)
                data[i] = 0.2 + (double)(r % 25000) / 100000.0;
            else if (set == 2)
                data[i] = r % 2 ? -0.0 : 0.0;
            else
                data[i] = r % 7 == 0 ? (r % 2 ? -0.0 : 0.0)
                          : r % 5 == 0 ? (double)(r % 40) / 100.0 /* duplicates */
                                       : ((double)r / 4294967296.0 - 0.3) * (r % 3 ? 1.0 : 1e-12);
        }
        struct pt_quantile q;
        struct pt_error err;
        pt_quantile_init(&q);
        for (size_t i = 0; i < N; i++)
            assert_int_equal(pt_quantile_add(&q, data[i], &err), PT_OK);
        memcpy(ref, data, sizeof ref);
        qsort(ref, N, sizeof *ref, cmp_ref);
        for (int k = 0; k <= 1000; k++) {
            double p = k / 1000.0, h = (N - 1) * p, lo = floor(h);
            size_t i = (size_t)lo;
            double want = i + 1 >= N ? ref[N - 1] : ref[i] + (h - lo) * (ref[i + 1] - ref[i]);
            double got = pt_quantile_exact(&q, p);
            assert_memory_equal(&got, &want, sizeof got);
        }
        assert_memory_equal(q.values, ref, sizeof ref);
        double mn = pt_quantile_min(&q), mx = pt_quantile_max(&q);
        assert_memory_equal(&mn, &ref[0], sizeof mn);
        assert_memory_equal(&mx, &ref[N - 1], sizeof mx);
        pt_quantile_free(&q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type7_quantiles_match_python_statistics),
        cmocka_unit_test(test_min_max_mean_match_python),
        cmocka_unit_test(test_empty_and_bad_p_give_nan),
        cmocka_unit_test(test_nan_and_inf_are_refused),
        cmocka_unit_test(test_weighted_mean_matches_python_fractions),
        cmocka_unit_test(test_growth_failure_is_enomem_and_keeps_values),
        cmocka_unit_test(test_radix_sorted_quantiles_equal_qsort_bit_for_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_fmt_fixed.c: pt_fmt_fixed and pt_fmt_i64 (fmt_fixed.h) write the
 * bytes glibc's snprintf writes. The reference is snprintf itself (glibc,
 * the implementation every earlier output came from): named edge cases
 * (ties to even, -0.0, subnormals, the 10^19 fallback edge, infinities),
 * then a million pseudo-random doubles of every shape at every precision. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "audit/fmt_fixed.h"
#include "tests/helpers.h"

static void check(double v, int d)
{
    char got[PT_FMT_FIXED_SIZE + 64], want[sizeof got];
    size_t n = pt_fmt_fixed(v, d, got, sizeof got);
    snprintf(want, sizeof want, "%.*f", d, v);
    if (strcmp(got, want) != 0 || n != strlen(want))
        fail_msg("%.17g at %d decimals: got \"%s\", snprintf \"%s\"", v, d, got, want);
}

static void test_edge_cases_match_snprintf(void **state)
{
    (void)state;
    static const double v[] = {
        0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, -0.125, 0.05, 0.15, 0.25, 0.35,
        1e-10, 5e-11, -5e-11, 4.9999999999e-11, 0.00000000005, 0.36, 0.3599, 0.24,
        1.0 / 3, 2.0 / 3, 12.0, 365.0 / 14, 9007199254740991.0, 9007199254740992.0,
        9007199254740993.0, 1e18, 9.99999999e8, 1e9, 123456789.123456789, DBL_MIN,
        DBL_TRUE_MIN, -DBL_TRUE_MIN, DBL_MAX, -DBL_MAX, 1e300, INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        for (int d = 0; d <= 17; d++)
            check(v[i], d);
}

static void test_random_doubles_match_snprintf(void **state)
{
    (void)state;
    uint64_t x = 7;
    for (long i = 0; i < 1000000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t r = x >> 11;
        double v;
        switch (i % 6) {
        case 0: v = (double)r / 9007199254740992.0; break;
        case 1: memcpy(&v, &x, sizeof v); break;             /* any bit pattern */
        case 2: v = (double)(r % 100000000) / 1e8 - 0.3; break;
        case 3: v = ldexp((double)(r % 2048), -(int)(x % 40)); break; /* exact ties */
        case 4: v = ((double)r / 9007199254740992.0 - 0.5) * 1e7; break;
        default: v = (double)(int64_t)(r % 2000000) / 1e10; break;
        }
        check(v, i % 3 == 0 ? 10 : (int)((x >> 3) % 18));
    }
}

static void test_i64_matches_snprintf(void **state)
{
    (void)state;
    static const int64_t v[] = {0, 1, -1, 9, 10, -10, 123456789, INT64_MAX, INT64_MIN,
                                INT64_MIN + 1, 1000000000000000000LL};
    char got[32], want[32];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = pt_fmt_i64(v[i], got);
        snprintf(want, sizeof want, "%lld", (long long)v[i]);
        assert_string_equal(got, want);
        assert_int_equal(n, strlen(want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases_match_snprintf),
        cmocka_unit_test(test_random_doubles_match_snprintf),
        cmocka_unit_test(test_i64_matches_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

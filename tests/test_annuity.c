/* test_annuity.c: level payments and the rate a payment implies (annuity.h).
 * Expected values: Python 3 decimal at 50 digits (independent), e.g.
 *   from decimal import Decimal as D, getcontext; getcontext().prec = 50
 *   pv = lambda M, i, n: M * (1 - (1 + i) ** -n) / i
 *   bisection on pv(M, i, n) = P over [0, 1], 300 steps. */
#include <math.h>
#include <string.h>

#include "audit/annuity.h"
#include "tests/helpers.h"

struct rate_case {
    const char *name;
    double principal, payment;
    uint32_t n;
    double rate;
    const char *source;
};

static const struct rate_case rate_cases[] = {
    {"LendingClub first row", 20000, 656.86, 36, 0.009350001093735347542885,
     "lendingclub_2007_2008_kuhnrl30.csv row 1, int_rate 0.1122; python decimal"},
    {"heimao 8000 x 12", 8000, 803.65, 12, 0.029990269199007225762684,
     "SOURCES.md heimao ground truth 35.99% APR; python decimal"},
    {"heimao 6400 x 6", 6400, 1181.39, 6, 0.029991316242115765781119,
     "SOURCES.md heimao 6400 in 6 x 1181.39; python decimal"},
    {"Prosper disagreeing payment", 10000, 322.34, 36, 0.008274409323050891952482,
     "prosper_loans_a.csv ListingKey 0F823461624751165710F76; python decimal"},
    {"zero interest", 1200, 100, 12, 0.0, "hand: 12 x 100 = 1200"},
};

static void test_rate_matches_python_decimal(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof rate_cases / sizeof rate_cases[0]; k++) {
        const struct rate_case *c = &rate_cases[k];
        struct pt_error err;
        double i = -1;
        print_message("case %s (%s)\n", c->name, c->source);
        assert_int_equal(pt_annuity_rate(c->principal, c->payment, c->n, &i, &err), PT_OK);
        pt_assert_close(i, c->rate, 1e-13);
    }
}

static void test_payment_and_pv_match_python_decimal(void **state)
{
    (void)state;
    /* python decimal: 20000*i/(1-(1+i)**-36) with i = 0.1122/12 */
    pt_assert_close(pt_annuity_payment(20000, 0.1122 / 12, 36), 656.859987545671176, 1e-9);
    /* 1000 at 3%/month over 12: 100.46208547296302559 */
    pt_assert_close(pt_annuity_payment(1000, 0.03, 12), 100.462085472963025590, 1e-11);
    /* pv of 24 x 100 at 1%: 2124.3387257627848744 */
    pt_assert_close(pt_annuity_pv(100, 0.01, 24), 2124.33872576278487436, 1e-9);
    pt_assert_close(pt_annuity_payment(1200, 0, 12), 100, 0);
    pt_assert_close(pt_annuity_pv(100, 0, 12), 1200, 0);
}

static void test_payment_that_cannot_repay_is_einval(void **state)
{
    (void)state;
    struct pt_error err;
    double i;
    /* prosper_loans_a.csv ListingKey 109D3366077649289619396: 36 x 57.64 < 10000 */
    assert_int_equal(pt_annuity_rate(10000, 57.64, 36, &i, &err), PT_EINVAL);
    assert_string_equal(err.msg,
                        "expected a payment that repays the principal, found 36 x 57.64 for "
                        "10000.00");
    assert_int_equal(pt_annuity_rate(10000, 500, 0, &i, &err), PT_EINVAL);
    assert_int_equal(pt_annuity_rate(0, 500, 12, &i, &err), PT_EINVAL);
    assert_int_equal(pt_annuity_rate(1000, 0, 12, &i, &err), PT_EINVAL);
}

static void test_round_trip_over_a_range_of_rates(void **state)
{
    (void)state;
    /* pv(payment(P, i, n), i, n) = P and solving gives i back: identities,
     * checked from daily-like to 100%/period rates. */
    static const double rates[] = {1e-6, 0.0005, 0.01, 0.03, 0.2, 1.0};
    static const uint32_t terms[] = {1, 6, 36, 360};
    for (size_t a = 0; a < 6; a++)
        for (size_t b = 0; b < 4; b++) {
            double m = pt_annuity_payment(5000, rates[a], terms[b]);
            double i;
            struct pt_error err;
            assert_int_equal(pt_annuity_rate(5000, m, terms[b], &i, &err), PT_OK);
            pt_assert_close(i, rates[a], 1e-12 * fmax(1, rates[a]));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_matches_python_decimal),
        cmocka_unit_test(test_payment_and_pv_match_python_decimal),
        cmocka_unit_test(test_payment_that_cannot_repay_is_einval),
        cmocka_unit_test(test_round_trip_over_a_range_of_rates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_schedule.c: offer schedules (schedule.h): the rounded table a lender
 * collects, method/frequency parsing, validation, and property tests over
 * thousands of random loans (deterministic xorshift64* generator).
 * Hand tables are written out per case; the annuity table was checked with
 * Python decimal (ROUND_HALF_UP quantize of P r / (1 - (1+r)^-n), interest
 * on the balance each period, the last payment clearing the balance). */
#include <math.h>
#include <string.h>

#include "audit/schedule.h"
#include "tests/helpers.h"

static struct pt_offer offer(enum pt_method m, int n, int64_t p, int64_t rate_units, int scale)
{
    struct pt_offer o = {0};
    o.method = m;
    o.term = n;
    o.periods_per_year = 12;
    o.minor_digits = 2;
    o.principal_minor = p;
    o.rate.units = rate_units;
    o.rate.scale = scale;
    return o;
}

struct row_check {
    int period;
    int64_t payment, principal, interest, fee, balance;
};

static void check_rows(const struct pt_offer *o, const struct row_check *want, size_t n_want,
                       int64_t total_want)
{
    struct pt_schedule_iter it;
    struct pt_schedule_row row;
    size_t w = 0;
    int64_t total = 0;
    pt_schedule_begin(&it, o);
    while (pt_schedule_next(&it, &row)) {
        total += row.payment_minor;
        if (w < n_want && want[w].period == row.period) {
            const struct row_check *c = &want[w++];
            if (row.payment_minor != c->payment || row.principal_minor != c->principal ||
                row.interest_minor != c->interest || row.fee_minor != c->fee ||
                row.balance_minor != c->balance)
                fail_msg("period %d: %lld = %lld + %lld + %lld, balance %lld; expected %lld = "
                         "%lld + %lld + %lld, balance %lld",
                         row.period, (long long)row.payment_minor, (long long)row.principal_minor,
                         (long long)row.interest_minor, (long long)row.fee_minor,
                         (long long)row.balance_minor, (long long)c->payment,
                         (long long)c->principal, (long long)c->interest, (long long)c->fee,
                         (long long)c->balance);
        }
    }
    assert_int_equal(w, n_want);
    assert_int_equal(total, total_want);
}

static void test_flat_worked_example_table(void **state)
{
    (void)state;
    /* hand: P/n = 833.333.. -> 833.33; interest 10000 x 0.3% = 30.00; the
     * last principal is 10000 - 11 x 833.33 = 833.37; total 10000 + 12 x 30. */
    struct pt_offer o = offer(PT_METHOD_FLAT, 12, 1000000, 3, 3);
    const struct row_check want[] = {{1, 86333, 83333, 3000, 0, 916667},
                                     {11, 86333, 83333, 3000, 0, 83337},
                                     {12, 86337, 83337, 3000, 0, 0}};
    check_rows(&o, want, 3, 1036000);
}

static void test_annuity_table_matches_python(void **state)
{
    (void)state;
    /* python decimal: pmt 888.487886783417 -> 888.49; row 1 interest 100.00;
     * row 12: 888.47 = 879.67 + 8.80; total 10661.86 */
    struct pt_offer o = offer(PT_METHOD_ANNUITY, 12, 1000000, 1, 2);
    const struct row_check want[] = {{1, 88849, 78849, 10000, 0, 921151},
                                     {12, 88847, 87967, 880, 0, 0}};
    check_rows(&o, want, 2, 1066186);
}

static void test_equal_principal_and_fees_table(void **state)
{
    (void)state;
    /* hand: 12000 / 12 = 1000 principal; interest 1% of the balance
     * 12000, 11000, ... = 120, 110, ..., 10; fee 25 + 0.1% x 12000 = 37;
     * final fee 99 on the last row; total 12000 + 780 + 12 x 37 + 99. */
    struct pt_offer o = offer(PT_METHOD_EQUAL_PRINCIPAL, 12, 1200000, 1, 2);
    o.periodic_fee_minor = 2500;
    o.fee_rate.units = 1;
    o.fee_rate.scale = 3;
    o.final_fee_minor = 9900;
    const struct row_check want[] = {{1, 100000 + 12000 + 3700, 100000, 12000, 3700, 1100000},
                                     {12, 100000 + 1000 + 3700 + 9900, 100000, 1000, 13600, 0}};
    check_rows(&o, want, 2, 1200000 + 78000 + 12 * 3700 + 9900);
}

static void test_bullet_and_interest_only_tables(void **state)
{
    (void)state;
    /* hand: bullet 1000 at 1% for 6 periods: 1000 x (1 + 0.06) at the end. */
    struct pt_offer o = offer(PT_METHOD_BULLET, 6, 100000, 1, 2);
    const struct row_check b[] = {{1, 0, 0, 0, 0, 100000}, {6, 106000, 100000, 6000, 0, 0}};
    check_rows(&o, b, 2, 106000);
    /* hand: interest-only 100000 at 1.5%: 1500 a period, 100000 at the end. */
    o = offer(PT_METHOD_INTEREST_ONLY, 12, 10000000, 15, 3);
    const struct row_check io[] = {{1, 150000, 0, 150000, 0, 10000000},
                                   {12, 10150000, 10000000, 150000, 0, 0}};
    check_rows(&o, io, 2, 10000000 + 12 * 150000);
}

static void test_rates_multiply_money_exactly_half_up(void **state)
{
    (void)state;
    /* STYLE.md: 12345 fen x 0.003 = 37.035 fen -> 37 (no double in the way);
     * 12500 x 0.003 = 37.5 -> 38 (half-up). One period, flat. */
    struct pt_offer o = offer(PT_METHOD_FLAT, 1, 12345, 3, 3);
    const struct row_check a[] = {{1, 12345 + 37, 12345, 37, 0, 0}};
    check_rows(&o, a, 1, 12382);
    o.principal_minor = 12500;
    const struct row_check b[] = {{1, 12500 + 38, 12500, 38, 0, 0}};
    check_rows(&o, b, 1, 12538);
}

static void test_parse_names(void **state)
{
    (void)state;
    enum pt_method m;
    double ppy;
    struct pt_error err = {0};
    assert_int_equal(pt_method_parse("equal_principal", &m, &err), PT_OK);
    assert_int_equal(m, PT_METHOD_EQUAL_PRINCIPAL);
    assert_int_equal(pt_method_parse("Interest-Only", &m, &err), PT_OK);
    assert_int_equal(m, PT_METHOD_INTEREST_ONLY);
    assert_string_equal(pt_method_name(PT_METHOD_INTEREST_ONLY), "interest-only");
    assert_int_equal(pt_method_parse("balloon", &m, &err), PT_EINVAL);
    assert_string_equal(err.msg, "expected annuity, equal-principal, flat, interest-only or "
                                 "bullet, found \"balloon\"");
    assert_int_equal(pt_frequency_parse("biweekly", &ppy, &err), PT_OK);
    pt_assert_close(ppy, 26, 0);
    assert_int_equal(pt_frequency_parse("fortnightly", &ppy, &err), PT_EINVAL);
    assert_int_equal(pt_ppy_parse("365/14", &ppy, &err), PT_OK);
    pt_assert_close(ppy, 365.0 / 14, 0);
    assert_int_equal(pt_ppy_parse("12", &ppy, &err), PT_OK);
    pt_assert_close(ppy, 12, 0);
    assert_int_equal(pt_ppy_parse("0", &ppy, &err), PT_EINVAL);
    assert_int_equal(pt_ppy_parse("12/0", &ppy, &err), PT_EINVAL);
    assert_int_equal(pt_ppy_parse("x", &ppy, &err), PT_EINVAL);
}

static void test_validation_messages(void **state)
{
    (void)state;
    struct pt_error err = {0};
    struct pt_offer_result res;
    struct pt_offer o = offer(PT_METHOD_ANNUITY, 0, 100000, 1, 2);
    assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &res, &err), PT_EINVAL);
    assert_string_equal(err.msg, "term: expected a number of periods from 1 to 100000, found 0");
    o = offer(PT_METHOD_ANNUITY, 12, -500, 1, 2);
    assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &res, &err), PT_EINVAL);
    assert_string_equal(err.msg, "principal: expected an amount > 0, found -5.00");
    o = offer(PT_METHOD_ANNUITY, 12, 100000, 1, 2);
    o.upfront_fee_minor = 100000;
    assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &res, &err), PT_EINVAL);
    assert_string_equal(err.msg, "upfront fee: expected an amount >= 0 and below the principal, "
                                 "found 1000.00");
    o = offer(PT_METHOD_ANNUITY, 12, 100000, -1, 2);
    assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &res, &err), PT_EINVAL);
}

static void test_worked_example_result(void **state)
{
    (void)state;
    /* ptaudit apr --principal 10000 --term 12 --rate 0.3% --method flat:
     * vector syn-flat-12m-0.3pct (oracle.py + Gnumeric RATE):
     * i = 0.005483490216214907, APR 0.065801882594578884. */
    struct pt_offer o = offer(PT_METHOD_FLAT, 12, 1000000, 3, 3);
    struct pt_offer_result res;
    struct pt_error err = {0};
    assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &res, &err), PT_OK);
    assert_true(res.amount_financed_minor == 1000000);
    assert_true(res.total_paid_minor == 1036000);
    assert_true(res.finance_charge_minor == 36000);
    pt_assert_close(res.quoted_annual_rate, 0.036, 1e-17);
    pt_assert_close(res.rate.rate_per_period, 0.005483490216214907, 1e-14);
    pt_assert_close(res.rate.apr, 0.065801882594578884, 1e-13);
    /* --round: the rounded table differs by 4 fen on the last payment, so
     * the rate moves by far less than 1e-6. */
    struct pt_offer_result r2;
    assert_int_equal(pt_offer_evaluate(&o, 1, NULL, &r2, &err), PT_OK);
    assert_true(fabs(r2.rate.apr - res.rate.apr) < 1e-6);
    assert_true(r2.rate.apr != res.rate.apr);
}

static void test_implied_fee(void **state)
{
    (void)state;
    /* python decimal: 10000 - 888.487886783417 x a_12(0.012) = 125.2169131001736 */
    pt_assert_close(pt_level_implied_fee(10000, 888.48788678341707, 12, 0.012),
                    125.2169131001736, 1e-9);
    pt_assert_close(pt_level_implied_fee(10000, 888.48788678341707, 12, 0.01), 0, 1e-9);
}

/* ---- properties over random loans ----------------------------------------------------- */

static uint64_t next_u64(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}
static int64_t uniform(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(next_u64(s) % (uint64_t)(hi - lo + 1));
}

static struct pt_offer random_offer(uint64_t *s)
{
    static const double ppys[] = {12, 24, 26, 52, 365, 4, 1};
    struct pt_offer o = offer((enum pt_method)uniform(s, 1, 5), (int)uniform(s, 1, 60),
                              uniform(s, 10000, 10000000), uniform(s, 0, 5000), 5);
    o.periods_per_year = ppys[uniform(s, 0, 6)];
    if (uniform(s, 0, 1))
        o.upfront_fee_minor = uniform(s, 0, o.principal_minor / 5);
    if (uniform(s, 0, 1))
        o.periodic_fee_minor = uniform(s, 0, o.principal_minor / 100);
    if (uniform(s, 0, 2) == 0)
        o.fee_rate = (struct pt_decimal){uniform(s, 0, 300), 5};
    if (uniform(s, 0, 3) == 0)
        o.final_fee_minor = uniform(s, 0, o.principal_minor / 50);
    return o;
}

/* The vectors/README.md formulas, written again independently of
 * schedule.c, discounted with pow() per payment. Minor units. */
static double npv_exact(const struct pt_offer *o, double i)
{
    double p = (double)o->principal_minor, r = pt_decimal_to_double(o->rate), n = o->term;
    double fee = (double)o->periodic_fee_minor + pt_decimal_to_double(o->fee_rate) * p;
    double sum = -(p - (double)o->upfront_fee_minor);
    for (int k = 1; k <= o->term; k++) {
        double a = 0;
        switch (o->method) {
        case PT_METHOD_ANNUITY: a = r == 0 ? p / n : p * r / (1 - pow(1 + r, -n)); break;
        case PT_METHOD_EQUAL_PRINCIPAL: a = p / n + r * p * (n - k + 1) / n; break;
        case PT_METHOD_FLAT: a = p / n + r * p; break;
        case PT_METHOD_INTEREST_ONLY: a = r * p + (k == o->term ? p : 0); break;
        case PT_METHOD_BULLET: a = k == o->term ? p * (1 + r * n) : 0; break;
        }
        a += fee + (k == o->term ? (double)o->final_fee_minor : 0);
        sum += a * pow(1 + i, -k);
    }
    return sum;
}

static double npv_rounded(const struct pt_offer *o, double i)
{
    struct pt_schedule_iter it;
    struct pt_schedule_row row;
    double sum = -(double)(o->principal_minor - o->upfront_fee_minor);
    int64_t principal = 0;
    pt_schedule_begin(&it, o);
    while (pt_schedule_next(&it, &row)) {
        assert_true(row.principal_minor >= 0 && row.interest_minor >= 0);
        assert_true(row.payment_minor ==
                    row.principal_minor + row.interest_minor + row.fee_minor);
        principal += row.principal_minor;
        sum += (double)row.payment_minor * pow(1 + i, -row.period);
    }
    assert_true(principal == o->principal_minor); /* the table repays exactly P */
    return sum;
}

#define N_RANDOM 5000

static void test_npv_at_solved_rate_is_zero_to_a_cent(void **state)
{
    (void)state;
    uint64_t s = 0x5eed1234abcdULL;
    for (int k = 0; k < N_RANDOM; k++) {
        struct pt_offer o = random_offer(&s);
        struct pt_offer_result res;
        struct pt_error err = {0};
        for (int rounded = 0; rounded <= 1; rounded++) {
            if (pt_offer_evaluate(&o, rounded, NULL, &res, &err) != PT_OK)
                fail_msg("loan %d: %s", k, err.msg);
            double v = rounded ? npv_rounded(&o, res.rate.rate_per_period)
                               : npv_exact(&o, res.rate.rate_per_period);
            if (fabs(v) > 1.0) /* minor units: one cent */
                fail_msg("loan %d (%s, n %d, rounded %d): NPV %.6g minor units at i = %.17g", k,
                         pt_method_name(o.method), o.term, rounded, v, res.rate.rate_per_period);
        }
    }
}

static void test_more_fees_never_lower_the_apr(void **state)
{
    (void)state;
    uint64_t s = 0xfee5ULL;
    for (int k = 0; k < N_RANDOM; k++) {
        struct pt_offer o = random_offer(&s), more = o;
        struct pt_offer_result a, b;
        struct pt_error err = {0};
        switch (uniform(&s, 0, 3)) {
        case 0:
            more.upfront_fee_minor += uniform(&s, 1, (o.principal_minor - o.upfront_fee_minor) / 2);
            break;
        case 1: more.periodic_fee_minor += uniform(&s, 1, 10000); break;
        case 2: more.fee_rate.units += uniform(&s, 1, 100); break;
        default: more.final_fee_minor += uniform(&s, 1, 10000); break;
        }
        assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &a, &err), PT_OK);
        assert_int_equal(pt_offer_evaluate(&more, 0, NULL, &b, &err), PT_OK);
        if (b.rate.apr < a.rate.apr - 1e-12 * fmax(1, a.rate.apr))
            fail_msg("loan %d: APR %.17g with more fees < %.17g", k, b.rate.apr, a.rate.apr);
    }
}

static void test_equal_principal_and_annuity_agree_at_zero_rate(void **state)
{
    (void)state;
    uint64_t s = 0x2e20ULL;
    for (int k = 0; k < N_RANDOM; k++) {
        struct pt_offer o = random_offer(&s);
        struct pt_offer_result a, e;
        struct pt_error err = {0};
        o.rate.units = 0;
        o.method = PT_METHOD_ANNUITY;
        assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &a, &err), PT_OK);
        o.method = PT_METHOD_EQUAL_PRINCIPAL;
        assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &e, &err), PT_OK);
        pt_assert_close(a.rate.rate_per_period, e.rate.rate_per_period,
                        1e-12 * fmax(1, fabs(a.rate.rate_per_period)));
    }
}

/* Classic approximations for add-on (flat) loans with m payments a year,
 * n payments, finance charge C on amount P: the direct-ratio formula
 * 6mC / (3P(n+1) + C(n-1)) understates the actuarial APR and the
 * constant-ratio formula 2mC / (P(n+1)) overstates it; the N-ratio
 * mC(95n+9) / (12n(n+1)(4P+C)) is a closer estimate (within 6% of the APR
 * here, on either side, so not a bound; checked in Python). See e.g. Cissell,
 * Cissell & Flaspohler, Mathematics of Finance, ch. on consumer credit. */
static void test_flat_apr_inside_classic_bounds(void **state)
{
    (void)state;
    uint64_t s = 0xf1a7ULL;
    for (int k = 0; k < N_RANDOM; k++) {
        struct pt_offer o = offer(PT_METHOD_FLAT, (int)uniform(&s, 2, 60),
                                  uniform(&s, 10000, 10000000), uniform(&s, 1, 3000), 5);
        struct pt_offer_result res;
        struct pt_error err = {0};
        assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &res, &err), PT_OK);
        double m = 12, n = o.term, p = (double)o.principal_minor;
        double c = p * pt_decimal_to_double(o.rate) * n;
        double direct = 6 * m * c / (3 * p * (n + 1) + c * (n - 1));
        double constant = 2 * m * c / (p * (n + 1));
        if (!(direct <= res.rate.apr && res.rate.apr <= constant))
            fail_msg("loan %d: n %d r %g: APR %.10f outside [%.10f, %.10f]", k, o.term,
                     pt_decimal_to_double(o.rate), res.rate.apr, direct, constant);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_worked_example_table),
        cmocka_unit_test(test_annuity_table_matches_python),
        cmocka_unit_test(test_equal_principal_and_fees_table),
        cmocka_unit_test(test_bullet_and_interest_only_tables),
        cmocka_unit_test(test_rates_multiply_money_exactly_half_up),
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test(test_validation_messages),
        cmocka_unit_test(test_worked_example_result),
        cmocka_unit_test(test_implied_fee),
        cmocka_unit_test(test_npv_at_solved_rate_is_zero_to_a_cent),
        cmocka_unit_test(test_more_fees_never_lower_the_apr),
        cmocka_unit_test(test_equal_principal_and_annuity_agree_at_zero_rate),
        cmocka_unit_test(test_flat_apr_inside_classic_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_apr.c: the rate solver (apr.h) on edge cases and errors. The shared
 * vectors are in test_apr_vectors.c. Expected values are hand calculations
 * (written out per row) or Python 3 decimal bisection at 50 digits:
 *   def npv(fl, i): return sum(a / (1 + i) ** t for t, a in fl)
 *   bisection on [-0.99, 10] for 300 steps (see each row's source). */
#include <math.h>
#include <string.h>

#include "audit/apr.h"
#include "tests/helpers.h"

struct solve_case {
    const char *name;
    struct pt_flow flows[16];
    size_t n;
    double ppy;
    double i, apr, ear;
    const char *source;
};

static const struct solve_case solve_cases[] = {
    {"one period, 3%", {{0, 0, -10000}, {1, 0, 10300}}, 2, 12, 0.03, 0.36, 0.4257608868461789,
     "hand: r = 300/10000 = 0.03; EAR = 1.03^12 - 1"},
    {"borrower's view gives the same rate", {{0, 0, 10000}, {1, 0, -10300}}, 2, 12, 0.03, 0.36,
     0.4257608868461789, "hand: sign fixed by the first flow"},
    {"zero rate", {{0, 0, -100}, {1, 0, 50}, {2, 0, 50}}, 3, 12, 0, 0, 0, "hand: sum = 0"},
    {"one-day loan", {{0, 0, -1000}, {1, 0, 1001}}, 2, 365, 0.001, 0.365, 0.44025131342957836,
     "hand: 1/1000; EAR = 1.001^365 - 1 (python)"},
    {"10,000% APR yearly", {{0, 0, -1}, {1, 0, 101}}, 2, 1, 100, 100, 100,
     "hand: 101/1 - 1 = 100"},
    {"10,000% APR monthly", {{0, 0, -12}, {1, 0, 112}}, 2, 12, 100.0 / 12, 100,
     436959634444.23929, "hand: i = 100/12; EAR = (1 + 100/12)^12 - 1 (python decimal)"},
    {"negative rate", {{0, 0, -100}, {1, 0, 90}}, 2, 12, -0.1, -1.2, -0.7175704635190174,
     "hand: 90/100 - 1; EAR = 0.9^12 - 1"},
    {"unordered with a zero flow", {{2, 0, 50}, {0, 0, -100}, {3, 0, 0}, {1, 0, 50}}, 4, 12, 0, 0,
     0, "hand: order does not matter"},
    {"fractional period", {{0, 0, -100}, {0.5, 0, 110}}, 2, 12, 0.21, 2.52, 8.849732675807611,
     "hand: 1.1^2 - 1 = 0.21; EAR = 1.21^12 - 1 (python)"},
    {"App. J odd days only", {{0, 0.5, 110}, {0, 0, -100}}, 2, 12, 0.2, 2.4, 7.916100448256,
     "hand: (1 + 0.5 i) = 1.1 -> i = 0.2; EAR = 1.2^12 - 1"},
    {"fee paid later, Norstrom unique", {{0, 0, -100}, {1, 0, 50}, {2, 0, -10}, {3, 0, 70}}, 4, 12,
     0.045148565291950616, 0.5417827835034074, -1,
     "python decimal bisection (cumulative flows -100,-50,-60,+10: one change)"},
};

static void test_solve_table(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof solve_cases / sizeof solve_cases[0]; k++) {
        const struct solve_case *c = &solve_cases[k];
        struct pt_rate r;
        struct pt_error err = {0};
        if (pt_apr_solve(c->flows, c->n, c->ppy, NULL, &r, &err) != PT_OK)
            fail_msg("%s: %s", c->name, err.msg);
        print_message("%s: i = %.17g (%s)\n", c->name, r.rate_per_period, c->source);
        double tol = PT_APR_TOL * fmax(1, fabs(c->i));
        pt_assert_close(r.rate_per_period, c->i, tol);
        pt_assert_close(r.apr, c->apr, tol * c->ppy);
        if (c->ear != -1)
            pt_assert_close(r.ear, c->ear, 1e-11 * fmax(1, fabs(c->ear)));
    }
}

struct error_case {
    const char *name;
    struct pt_flow flows[4];
    size_t n;
    double ppy;
    enum pt_code rc;
    const char *msg;
};

static const struct error_case error_cases[] = {
    {"one sign", {{0, 0, 100}, {1, 0, 50}}, 2, 12, PT_EINVAL,
     "expected flows of both signs (an advance and repayments), found 2 flows, all positive"},
    {"all zero", {{0, 0, 0}, {1, 0, 0}}, 2, 12, PT_EINVAL,
     "expected flows of both signs (an advance and repayments), found 2 flows, all zero"},
    {"no flows", {{0, 0, 0}}, 0, 12, PT_EINVAL, NULL},
    {"negative time", {{0, 0, -100}, {-1, 0, 110}}, 2, 12, PT_EINVAL, NULL},
    {"odd fraction of 1", {{0, 0, -100}, {1, 1, 110}}, 2, 12, PT_EINVAL, NULL},
    {"NaN amount", {{0, 0, -100}, {1, 0, NAN}}, 2, 12, PT_EINVAL, NULL},
    {"zero periods per year", {{0, 0, -100}, {1, 0, 110}}, 2, 0, PT_EINVAL,
     "expected periods per year > 0, found 0"},
    {"rate below -99%", {{0, 0, -100}, {1, 0, 0.5}}, 2, 12, PT_ENOCONV, NULL},
    {"rate above 100,000% a period", {{0, 0, -1}, {1, 0, 2000}}, 2, 12, PT_ENOCONV,
     "no rate in the economic range makes the present value zero: it stays positive up to "
     "1000 per period"},
    {"two rates, 10% and 20%", {{0, 0, -100}, {1, 0, 230}, {2, 0, -132}}, 3, 12, PT_ENOCONV,
     NULL},
};

static void test_errors_never_guess(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof error_cases / sizeof error_cases[0]; k++) {
        const struct error_case *c = &error_cases[k];
        struct pt_rate r = {-7, -7, -7};
        struct pt_error err = {0};
        struct pt_loc loc;
        pt_loc_set(&loc, "flows.csv", 0, 0);
        enum pt_code rc = pt_apr_solve(c->flows, c->n, c->ppy, &loc, &r, &err);
        if (rc != c->rc)
            fail_msg("%s: rc %d, expected %d (%s)", c->name, rc, c->rc, err.msg);
        if (r.rate_per_period != -7)
            fail_msg("%s: a rate was written on error", c->name);
        assert_string_equal(err.loc.path, "flows.csv");
        if (c->msg != NULL)
            assert_string_equal(err.msg, c->msg);
    }
}

static void test_two_rates_message_names_both(void **state)
{
    (void)state;
    /* (1+i)^2 - 2.3(1+i) + 1.32 = 0 -> 1+i = 1.1 or 1.2 (hand). */
    const struct pt_flow fl[] = {{0, 0, -100}, {1, 0, 230}, {2, 0, -132}};
    struct pt_rate r;
    struct pt_error err = {0};
    assert_int_equal(pt_apr_solve(fl, 3, 12, NULL, &r, &err), PT_ENOCONV);
    assert_non_null(strstr(err.msg, "the flows have 2 rates"));
}

static void test_level_rate(void **state)
{
    (void)state;
    struct pt_error err = {0};
    double i;
    /* python decimal bisection: 10000 = 900 * a_12(i) */
    assert_int_equal(pt_apr_level_rate(10000, 900, 12, &i, &err), PT_OK);
    pt_assert_close(i, 0.012043456781418925, 1e-12);
    /* round trip through the annuity payment P r / (1 - (1+r)^-n) at 1% */
    assert_int_equal(pt_apr_level_rate(10000, 888.48788678341707, 12, &i, &err), PT_OK);
    pt_assert_close(i, 0.01, 1e-12);
    /* zero rate: 1200 = 100 * 12 */
    assert_int_equal(pt_apr_level_rate(1200, 100, 12, &i, &err), PT_OK);
    pt_assert_close(i, 0, 1e-12);
    assert_int_equal(pt_apr_level_rate(0, 100, 12, &i, &err), PT_EINVAL);
    assert_int_equal(pt_apr_level_rate(100, 100, 0, &i, &err), PT_EINVAL);
    pt_assert_close(pt_apr_annuity_factor(0, 12), 12, 0);
    /* hand: a_2(0.1) = 1/1.1 + 1/1.21 = 1.735537190082645 */
    pt_assert_close(pt_apr_annuity_factor(0.1, 2), 1.735537190082645, 1e-15);
}

static void test_when_tokens(void **state)
{
    (void)state;
    struct pt_when w;
    struct pt_error err = {0};
    assert_int_equal(pt_when_parse("3", 1, &w, &err), PT_OK);
    assert_true(w.kind == PT_WHEN_PERIOD && w.whole == 3 && w.odd == 0);
    assert_int_equal(pt_when_parse("2.5", 3, &w, &err), PT_OK);
    assert_true(w.whole == 2.5 && w.odd == 0);
    assert_int_equal(pt_when_parse("1+19/30", 7, &w, &err), PT_OK);
    assert_true(w.whole == 1);
    pt_assert_close(w.odd, 19.0 / 30, 0);
    assert_int_equal(pt_when_parse("0+2/5", 5, &w, &err), PT_OK);
    pt_assert_close(w.odd, 0.4, 0);
    assert_int_equal(pt_when_parse("2024-03-01", 10, &w, &err), PT_OK);
    assert_true(w.kind == PT_WHEN_DATE && w.day == 19783); /* python toordinal - 719163 */
    const char *bad[] = {"abc", "1+30/30", "-1", "1.5+1/2", "2024-02-30", "", "1+", "1+1/0"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        if (pt_when_parse(bad[k], strlen(bad[k]), &w, &err) != PT_EINVAL)
            fail_msg("\"%s\" accepted", bad[k]);
    assert_string_equal(err.msg, "expected a period (3, 2.5, 1+19/30) or a date YYYY-MM-DD, "
                                 "found \"1+1/0\"");
}

static void test_dates_become_act365_periods(void **state)
{
    (void)state;
    struct pt_when w[3];
    struct pt_flow fl[3];
    double amounts[3] = {-1000, 500, 520};
    struct pt_error err = {0};
    assert_int_equal(pt_when_parse("2024-02-28", 10, &w[0], &err), PT_OK);
    assert_int_equal(pt_when_parse("2024-03-01", 10, &w[1], &err), PT_OK);
    assert_int_equal(pt_when_parse("2025-02-28", 10, &w[2], &err), PT_OK);
    assert_int_equal(pt_flows_from_whens(w, amounts, 3, 12, fl, &err), PT_OK);
    pt_assert_close(fl[1].whole, 2 * 12 / 365.0, 1e-15);    /* 29 Feb crossed: 2 days */
    pt_assert_close(fl[2].whole, 366 * 12 / 365.0, 1e-15);  /* leap year: 366 days */
    assert_int_equal(pt_when_parse("3", 1, &w[1], &err), PT_OK);
    assert_int_equal(pt_flows_from_whens(w, amounts, 3, 12, fl, &err), PT_EINVAL);
    assert_string_equal(err.msg, "flow 2: expected a date like the first flow, found a period "
                                 "index");
    assert_int_equal(pt_when_parse("2024-02-01", 10, &w[1], &err), PT_OK);
    assert_int_equal(pt_flows_from_whens(w, amounts, 3, 12, fl, &err), PT_EINVAL);
}

static uint64_t next_u64(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}
static double unit(uint64_t *s) { return (double)(next_u64(s) >> 11) * 0x1.0p-53; }

/* Random flow lists (fractional and App. J odd times, several draws,
 * fees, any order): either an error, or a rate at which the present value,
 * recomputed here with pow(), is zero to 1e-9 of the money moved. Never a
 * rate that does not price the flows. The tolerance is relative to the sum
 * of |discounted flows| (the NPV's rounding scale: at i = -58% a flow 37
 * periods out is multiplied by 1e14). */
/* Sign changes of the NPV on a grid of m rates (log-spaced, offset from
 * the solver's own grid), recomputed here with pow(). */
static int sign_changes(const struct pt_flow *fl, size_t n, int m)
{
    double w0 = log1p(PT_APR_RATE_MIN), w1 = log1p(PT_APR_RATE_MAX), prev = 0;
    int changes = 0;
    for (int k = 0; k < m; k++) {
        double i = expm1(w0 + (w1 - w0) * (k + 0.37) / m), npv = 0;
        for (size_t j = 0; j < n; j++)
            npv += fl[j].amount / ((1 + fl[j].odd * i) * pow(1 + i, fl[j].whole));
        if (isfinite(npv) && npv != 0) {
            changes += prev != 0 && (npv > 0) != (prev > 0);
            prev = npv;
        }
    }
    return changes;
}

static void test_random_flows_are_priced_or_refused(void **state)
{
    (void)state;
    uint64_t s = 0xf10e5ULL;
    int solved = 0, refused = 0;
    for (int k = 0; k < 5000; k++) {
        struct pt_flow fl[24];
        size_t n = 2 + next_u64(&s) % 22;
        double moved = 0;
        for (size_t j = 0; j < n; j++) {
            fl[j].whole = j == 0 ? 0 : floor(unit(&s) * 40) + (next_u64(&s) % 3 == 0 ? 0.5 : 0);
            fl[j].odd = next_u64(&s) % 4 == 0 ? floor(unit(&s) * 30) / 30 : 0;
            fl[j].amount = round((unit(&s) * 2000 - (j == 0 ? 3000 : 300)) * 100) / 100;
            moved += fabs(fl[j].amount);
        }
        struct pt_rate r;
        struct pt_error err = {0};
        enum pt_code rc = pt_apr_solve(fl, n, 12, NULL, &r, &err);
        if (rc != PT_OK) {
            assert_true(rc == PT_EINVAL || rc == PT_ENOCONV);
            refused++;
            continue;
        }
        double npv = 0, scale = 0, i = r.rate_per_period;
        for (size_t j = 0; j < n; j++) {
            double t = fl[j].amount / ((1 + fl[j].odd * i) * pow(1 + i, fl[j].whole));
            npv += t;
            scale += fabs(t);
        }
        if (!(fabs(npv) <= 1e-9 * scale))
            fail_msg("flows %d: NPV %.3g at i = %.17g (scale %.3g, moved %.3g)", k, npv, i,
                     scale, moved);
        /* a rate was given: a 2.5x finer independent grid must not see a second root */
        if (k < 1500 && sign_changes(fl, n, 1000) > 1)
            fail_msg("flows %d: rate %.17g returned, but the NPV changes sign %d times", k, i,
                     sign_changes(fl, n, 1000));
        solved++;
    }
    print_message("%d solved, %d refused\n", solved, refused);
    assert_true(solved > 2500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solve_table),
        cmocka_unit_test(test_errors_never_guess),
        cmocka_unit_test(test_two_rates_message_names_both),
        cmocka_unit_test(test_level_rate),
        cmocka_unit_test(test_when_tokens),
        cmocka_unit_test(test_dates_become_act365_periods),
        cmocka_unit_test(test_random_flows_are_priced_or_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

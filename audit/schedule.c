/* schedule.c: offer terms -> schedules -> rate (see schedule.h).
 *
 * The exact schedule of every method has the shape
 *   payment_k = L + G * (n - k + 1) + [k = n] * E,   k = 1..n,
 * (L level, G the equal-principal interest gradient, E the balloon), so the
 * present value is one loop of multiply-adds with no pow() per period: this
 * is what lets loaders solve a million loans a second. The rounded schedule
 * multiplies money by exact decimal rates in 128-bit integers. */
#include "audit/schedule.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

__extension__ typedef __int128 pt_i128;

static const int64_t pow10_i64[19] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL, 100000000LL,
    1000000000LL, 10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL,
    100000000000000LL, 1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
    1000000000000000000LL};

/* round_half_up(m * k * r) for m, k, r >= 0; validation keeps it in int64. */
static int64_t mul_rate(int64_t m, int64_t k, struct pt_decimal r)
{
    pt_i128 num = (pt_i128)m * k * r.units, den = pow10_i64[r.scale];
    return (int64_t)((2 * num + den) / (2 * den));
}

static int64_t div_half_up(int64_t a, int64_t b) { return (2 * a + b) / (2 * b); }

/* ---- names --------------------------------------------------------------------- */

static const char *const method_names[] = {"", "annuity", "equal-principal", "flat",
                                           "interest-only", "bullet"};

const char *pt_method_name(enum pt_method m)
{
    return m >= PT_METHOD_ANNUITY && m <= PT_METHOD_BULLET ? method_names[m] : "?";
}

static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a == '_' ? '-' : *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static enum pt_code name_fail(const char *what, const char *text, struct pt_error *err)
{
    char q[96];
    pt_error_quote(text, strlen(text), 64, q, sizeof q);
    return pt_error_set(err, PT_EINVAL, NULL, "expected %s, found \"%s\"", what, q);
}

enum pt_code pt_method_parse(const char *text, enum pt_method *out, struct pt_error *err)
{
    for (int m = PT_METHOD_ANNUITY; m <= PT_METHOD_BULLET; m++)
        if (same_name(text, method_names[m])) {
            *out = (enum pt_method)m;
            return PT_OK;
        }
    return name_fail("annuity, equal-principal, flat, interest-only or bullet", text, err);
}

enum pt_code pt_frequency_parse(const char *text, double *periods_per_year,
                                struct pt_error *err)
{
    static const struct {
        const char *name;
        double ppy;
    } table[] = {{"monthly", 12},  {"semimonthly", 24}, {"biweekly", 26}, {"weekly", 52},
                 {"daily", 365},   {"quarterly", 4},    {"yearly", 1},    {"annual", 1}};
    for (size_t k = 0; k < sizeof table / sizeof table[0]; k++)
        if (same_name(text, table[k].name)) {
            *periods_per_year = table[k].ppy;
            return PT_OK;
        }
    return name_fail("monthly, semimonthly, biweekly, weekly, daily, quarterly or yearly", text,
                     err);
}

enum pt_code pt_ppy_parse(const char *text, double *periods_per_year, struct pt_error *err)
{
    struct pt_decimal a, b = {1, 0};
    struct pt_error ignored;
    const char *slash = strchr(text, '/');
    size_t n = slash ? (size_t)(slash - text) : strlen(text);
    if (pt_decimal_parse(text, n, 0, &a, &ignored) != PT_OK ||
        (slash && pt_decimal_parse(slash + 1, strlen(slash + 1), 0, &b, &ignored) != PT_OK) ||
        a.units <= 0 || b.units <= 0)
        return name_fail("periods per year > 0, a number or a fraction such as 365/14", text,
                         err);
    *periods_per_year = pt_decimal_to_double(a) / pt_decimal_to_double(b);
    return PT_OK;
}

/* ---- validation ------------------------------------------------------------------ */

static enum pt_code money_fail(const char *name, const char *what, int64_t v, int md,
                               struct pt_error *err)
{
    char buf[40];
    return pt_error_set(err, PT_EINVAL, NULL, "%s: expected %s, found %s", name, what,
                        pt_money_format(v, md, buf, sizeof buf));
}

#define PT_OFFER_MAX_MINOR 1000000000000000LL   /* 10^15 minor units */

enum pt_code pt_offer_validate(const struct pt_offer *o, struct pt_error *err)
{
    int md = o->minor_digits;
    double r = pt_decimal_to_double(o->rate), fr = pt_decimal_to_double(o->fee_rate);
    if (o->method < PT_METHOD_ANNUITY || o->method > PT_METHOD_BULLET)
        return pt_error_set(err, PT_EINVAL, NULL, "method: expected a repayment method");
    if (o->term < 1 || o->term > 100000)
        return pt_error_set(err, PT_EINVAL, NULL,
                            "term: expected a number of periods from 1 to 100000, found %d",
                            o->term);
    if (!(o->periods_per_year > 0) || !isfinite(o->periods_per_year))
        return pt_error_set(err, PT_EINVAL, NULL,
                            "periods per year: expected a number > 0, found %g",
                            o->periods_per_year);
    if (o->principal_minor <= 0)
        return money_fail("principal", "an amount > 0", o->principal_minor, md, err);
    if (o->principal_minor > PT_OFFER_MAX_MINOR)
        return money_fail("principal", "at most 10^15 minor units", o->principal_minor, md, err);
    if (o->rate.units < 0 || r > 1000 || o->rate.scale < 0 || o->rate.scale > 18)
        return pt_error_set(err, PT_EINVAL, NULL,
                            "rate: expected a rate per period from 0 to 1000 (100000%%), found "
                            "%g",
                            r);
    if (o->fee_rate.units < 0 || fr > 1000 || o->fee_rate.scale < 0 || o->fee_rate.scale > 18)
        return pt_error_set(err, PT_EINVAL, NULL,
                            "fee rate: expected a share of the principal from 0 to 1000, found "
                            "%g",
                            fr);
    if (o->upfront_fee_minor < 0 || o->upfront_fee_minor >= o->principal_minor)
        return money_fail("upfront fee", "an amount >= 0 and below the principal",
                          o->upfront_fee_minor, md, err);
    if (o->periodic_fee_minor < 0 || o->periodic_fee_minor > PT_OFFER_MAX_MINOR)
        return money_fail("periodic fee", "an amount >= 0", o->periodic_fee_minor, md, err);
    if (o->final_fee_minor < 0 || o->final_fee_minor > PT_OFFER_MAX_MINOR)
        return money_fail("final fee", "an amount >= 0", o->final_fee_minor, md, err);
    double p = (double)o->principal_minor, n = o->term;
    double total = p * (1 + r * n) * 2 + n * ((double)o->periodic_fee_minor + fr * p) +
                   (double)o->final_fee_minor;
    if (total > 1e18)
        return pt_error_set(err, PT_ERANGE, NULL,
                            "offer: expected a total repaid below 10^18 minor units, found "
                            "about %.3g",
                            total);
    return PT_OK;
}

/* ---- the rounded schedule ------------------------------------------------------------ */

void pt_schedule_begin(struct pt_schedule_iter *it, const struct pt_offer *o)
{
    int64_t p = o->principal_minor, n = o->term;
    it->offer = o;
    it->next = 1;
    it->balance = p;
    it->fee = o->periodic_fee_minor + mul_rate(p, 1, o->fee_rate);
    it->level = 0;
    if (o->method == PT_METHOD_EQUAL_PRINCIPAL || o->method == PT_METHOD_FLAT ||
        (o->method == PT_METHOD_ANNUITY && o->rate.units == 0))
        it->level = div_half_up(p, n);
    else if (o->method == PT_METHOD_ANNUITY)
        /* The exact level payment in double (relative error ~1e-16, far
         * below half a minor unit for any validated principal), then half-up. */
        it->level = (int64_t)floor(
            (double)p / pt_apr_annuity_factor(pt_decimal_to_double(o->rate), o->term) + 0.5);
}

int pt_schedule_next(struct pt_schedule_iter *it, struct pt_schedule_row *row)
{
    const struct pt_offer *o = it->offer;
    int k = it->next, last = k == o->term;
    int64_t p = o->principal_minor, interest = 0, principal = 0;
    if (k > o->term)
        return 0;
    switch (o->method) {
    case PT_METHOD_ANNUITY:
        interest = mul_rate(it->balance, 1, o->rate);
        principal = it->level - interest;
        break;
    case PT_METHOD_EQUAL_PRINCIPAL:
        interest = mul_rate(it->balance, 1, o->rate);
        principal = it->level;
        break;
    case PT_METHOD_FLAT:
        interest = mul_rate(p, 1, o->rate);
        principal = it->level;
        break;
    case PT_METHOD_INTEREST_ONLY:
        interest = mul_rate(p, 1, o->rate);
        break;
    case PT_METHOD_BULLET:
        interest = last ? mul_rate(p, o->term, o->rate) : 0;
        break;
    }
    if (last || principal > it->balance)
        principal = it->balance;
    if (principal < 0)
        principal = 0;
    row->period = k;
    row->interest_minor = interest;
    row->principal_minor = principal;
    row->fee_minor = it->fee + (last ? o->final_fee_minor : 0);
    row->payment_minor = principal + interest + row->fee_minor;
    it->balance -= principal;
    row->balance_minor = it->balance;
    it->next++;
    return 1;
}

/* ---- solving ---------------------------------------------------------------------------- */

struct exact_ctx {
    double advance, level, gradient, balloon;
    int n;
};

static void exact_npv(const void *vctx, double i, double *f, double *df)
{
    const struct exact_ctx *c = vctx;
    double v = 1.0 / (1.0 + i), d = 1.0, sf = -c->advance, sd = 0;
    for (int k = 1; k <= c->n; k++) {
        d *= v;
        double pay = c->level + c->gradient * (c->n - k + 1);
        sf += pay * d;
        sd -= k * pay * d;
    }
    sf += c->balloon * d;
    sd -= c->n * c->balloon * d;
    *f = sf;
    *df = sd * v;
}

static void exact_params(const struct pt_offer *o, struct exact_ctx *c)
{
    double p = (double)o->principal_minor, r = pt_decimal_to_double(o->rate), n = o->term;
    double fee = (double)o->periodic_fee_minor + pt_decimal_to_double(o->fee_rate) * p;
    c->n = o->term;
    c->advance = p - (double)o->upfront_fee_minor;
    c->gradient = 0;
    c->balloon = (double)o->final_fee_minor;
    switch (o->method) {
    case PT_METHOD_ANNUITY:
        c->level = p / pt_apr_annuity_factor(r, o->term) + fee;
        break;
    case PT_METHOD_EQUAL_PRINCIPAL:
        c->level = p / n + fee;
        c->gradient = r * p / n;
        break;
    case PT_METHOD_FLAT:
        c->level = p / n + r * p + fee;
        break;
    case PT_METHOD_INTEREST_ONLY:
        c->level = r * p + fee;
        c->balloon += p;
        break;
    case PT_METHOD_BULLET:
        c->level = fee;
        c->balloon += p * (1 + r * n);
        break;
    }
}

/* Guess: (repaid / advanced)^(1 / money-weighted mean time) - 1. */
static double exact_guess(const struct exact_ctx *c)
{
    double n = c->n, s1 = n * (n + 1) / 2, s2 = n * (n + 1) * (n + 2) / 6;
    double total = n * c->level + c->gradient * s1 + c->balloon;
    double timed = c->level * s1 + c->gradient * s2 + c->balloon * n;
    return expm1(log(total / c->advance) / (timed / total));
}

/* Why these conditions guarantee pt_apr_solve_decreasing a root, with the
 * guess and the NPV computed as in pt_offer_evaluate (repaid T, advance A):
 * - n <= 120 and v = 1/(1+i) <= 100 on [PT_APR_RATE_MIN, PT_APR_RATE_MAX]
 *   keep every discount factor <= 1e240 and, with payments <= T <= 1e17
 *   minor units (validation), every term and the derivative finite: the
 *   NPV is never NaN or infinite;
 * - T >= A (1 + 1e-6): at any i <= 0 every factor is >= 1, so the computed
 *   NPV >= T - A minus rounding (~n 1e-16 T) > 0: expanding downwards stops
 *   at the first i <= 0, far above PT_APR_RATE_MIN (the guess is <= T/A - 1);
 * - T <= 100 A: at 1 + i >= 2 T / A every factor is <= 1/(1+i), so the
 *   NPV <= T/(1+i) - A <= -A/2 < 0; expanding upwards multiplies 1 + i by 4
 *   and so meets such an i below 800, before PT_APR_RATE_MAX.
 * The bracket then holds a sign change, and solve_bracket (rtsafe) halves
 * the bracket or the step every iteration: ~2 x 72 iterations at most
 * against MAX_ITER 200. The worker still checks the result. */
int pt_offer_solvable(const struct pt_offer *o)
{
    struct exact_ctx c;
    if (o->term < 1 || o->term > 120)
        return 0;
    memset(&c, 0, sizeof c);
    exact_params(o, &c);
    if (!(c.advance > 0) || !(c.level >= 0) || !(c.gradient >= 0) || !(c.balloon >= 0) ||
        !isfinite(c.level) || !isfinite(c.gradient) || !isfinite(c.balloon))
        return 0;
    double n = c.n, s1 = n * (n + 1) / 2;
    double total = n * c.level + c.gradient * s1 + c.balloon;
    return total >= c.advance * (1 + 1e-6) && total <= 100 * c.advance;
}

static void rounded_npv(const void *vctx, double i, double *f, double *df)
{
    const struct pt_offer *o = vctx;
    struct pt_schedule_iter it;
    struct pt_schedule_row row;
    double v = 1.0 / (1.0 + i), d = 1.0, sf = -(double)(o->principal_minor - o->upfront_fee_minor);
    double sd = 0;
    pt_schedule_begin(&it, o);
    while (pt_schedule_next(&it, &row)) {
        d *= v;
        sf += (double)row.payment_minor * d;
        sd -= row.period * (double)row.payment_minor * d;
    }
    *f = sf;
    *df = sd * v;
}

enum pt_code pt_offer_evaluate(const struct pt_offer *o, int rounded, const struct pt_loc *loc,
                               struct pt_offer_result *out, struct pt_error *err)
{
    enum pt_code rc = pt_offer_validate(o, err);
    if (rc != PT_OK) {
        if (loc != NULL)
            err->loc = *loc;
        return rc;
    }
    struct pt_schedule_iter it;
    struct pt_schedule_row row;
    int64_t total = 0;
    pt_schedule_begin(&it, o);
    while (pt_schedule_next(&it, &row))
        total += row.payment_minor; /* bounded by validation */
    out->amount_financed_minor = o->principal_minor - o->upfront_fee_minor;
    out->total_paid_minor = total;
    out->finance_charge_minor = total - out->amount_financed_minor;
    out->quoted_annual_rate = pt_decimal_to_double(o->rate) * o->periods_per_year;
    struct exact_ctx c;
    exact_params(o, &c);
    double i;
    if (rounded)
        rc = pt_apr_solve_decreasing(rounded_npv, o, exact_guess(&c), loc, &i, err);
    else
        rc = pt_apr_solve_decreasing(exact_npv, &c, exact_guess(&c), loc, &i, err);
    if (rc != PT_OK)
        return rc;
    pt_rate_from_periodic(i, o->periods_per_year, &out->rate);
    return PT_OK;
}

double pt_level_implied_fee(double principal, double payment, int n, double rate_per_period)
{
    return principal - payment * pt_apr_annuity_factor(rate_per_period, n);
}

/* apr.c: the periodic IRR of a flow list (see apr.h).
 *
 * Root finding is a safeguarded Newton method (Numerical Recipes' rtsafe):
 * Newton converges in 3-5 steps from the guess below on every loan shape we
 * have, and the bracket it keeps turns any step that leaves it (Newton
 * diverges where the present value flattens, e.g. far above the root) into
 * a bisection, so convergence is guaranteed. Bracketing expands from the
 * guess in log(1 + i), the scale on which loan present values are smooth.
 * Uniqueness: when every advance precedes every repayment (in whole
 * periods and in App. J odd fraction, see conventional()), the present
 * value over a positive reference discount factor is strictly decreasing,
 * so it has one root at most (the argument behind Descartes' rule of signs
 * for exponential sums). Other flow patterns are scanned on a grid of
 * GRID_POINTS rates and must show exactly one sign change. */
#include "audit/apr.h"

#include <math.h>
#include <string.h>

#include "audit/date.h"
#include "audit/money.h"

#define MAX_ITER 200
#define GRID_POINTS 400

void pt_rate_from_periodic(double rate_per_period, double periods_per_year,
                           struct pt_rate *out)
{
    out->rate_per_period = rate_per_period;
    out->apr = rate_per_period * periods_per_year;
    out->ear = expm1(periods_per_year * log1p(rate_per_period));
}

typedef void npv_fn(const void *ctx, double i, double *f, double *df);

static int sign_of(double f) { return f > 0 ? 1 : f < 0 ? -1 : 0; }

/* Root in [lo, hi] where f(lo) has sign s_lo and f(hi) the other (either
 * way round); x, fx, dfx is a point of [lo, hi] already evaluated. */
static enum pt_code solve_bracket(npv_fn *npv, const void *ctx, double lo, double hi, int s_lo,
                                  double x, double fx, double dfx, const struct pt_loc *loc,
                                  double *root, struct pt_error *err)
{
    double step_before = hi - lo;
    for (int it = 0; it < MAX_ITER; it++) {
        if (fx == 0) {
            *root = x;
            return PT_OK;
        }
        if (sign_of(fx) == s_lo)
            lo = x;
        else
            hi = x;
        double xn = x - fx / dfx;
        /* rtsafe: bisect when Newton leaves the bracket or does not halve
         * the step before last (slow progress where the NPV is flat). */
        if (!isfinite(xn) || !(xn > lo && xn < hi) || fabs(xn - x) > 0.5 * step_before)
            xn = 0.5 * (lo + hi);
        step_before = fabs(xn - x);
        double scale = fmax(1.0, fabs(xn));
        if (fabs(xn - x) <= 1e-14 * scale || hi - lo <= 2e-13 * scale) {
            *root = xn;
            return PT_OK;
        }
        x = xn;
        npv(ctx, x, &fx, &dfx);
        if (isnan(fx))
            break;
    }
    return pt_error_set(err, PT_ENOCONV, loc,
                        "the rate did not converge between %.6g and %.6g per period", lo, hi);
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

enum pt_code pt_apr_solve_decreasing(npv_fn *npv, const void *ctx, double guess,
                                     const struct pt_loc *loc, double *rate_per_period,
                                     struct pt_error *err)
{
    double x = clamp(isfinite(guess) ? guess : 0.0, PT_APR_RATE_MIN, PT_APR_RATE_MAX);
    double fx, dfx, y, fy, dfy;
    npv(ctx, x, &fx, &dfx);
    if (isnan(fx))
        return pt_error_set(err, PT_ENOCONV, loc, "the present value is not a number at %g", x);
    if (fx == 0) {
        *rate_per_period = x;
        return PT_OK;
    }
    /* Step 2x the Newton step towards the root, then grow (1+i) by 4x. */
    double step = (dfx < 0 && isfinite(dfx)) ? 2.0 * fabs(fx / dfx) : 0.0;
    int up = fx > 0;
    y = up ? x + step : x - step;
    for (int k = 0;; k++) {
        if (k > 0 || step == 0)
            y = up ? -1.0 + (1.0 + y) * 4.0 : -1.0 + (1.0 + y) / 4.0;
        y = clamp(y, PT_APR_RATE_MIN, PT_APR_RATE_MAX);
        npv(ctx, y, &fy, &dfy);
        if (up ? fy <= 0 : fy >= 0)
            break;
        if (up ? y >= PT_APR_RATE_MAX : y <= PT_APR_RATE_MIN)
            return pt_error_set(err, PT_ENOCONV, loc,
                                "no rate in the economic range makes the present value zero: it "
                                "stays %s %s %g per period",
                                up ? "positive" : "negative", up ? "up to" : "down to", y);
        x = y, fx = fy, dfx = dfy;
    }
    if (isnan(fy))
        return pt_error_set(err, PT_ENOCONV, loc, "the present value is not a number at %g", y);
    double lo = up ? x : y, hi = up ? y : x;
    return solve_bracket(npv, ctx, lo, hi, 1, y, fy, dfy, loc, rate_per_period, err);
}

/* ---- flow lists ----------------------------------------------------------- */

struct flow_ctx {
    const struct pt_flow *flows;
    size_t n;
    double sign;       /* makes the advance negative */
    int integer;       /* every whole is an integer and odd is 0 */
};

static void flow_npv(const void *vctx, double i, double *f, double *df)
{
    const struct flow_ctx *c = vctx;
    double lg = log1p(i), v = 1.0 / (1.0 + i), sf = 0, sd = 0;
    double prev_q = 0, prev_d = 1.0;
    for (size_t k = 0; k < c->n; k++) {
        const struct pt_flow *fl = &c->flows[k];
        double q = fl->whole, d;
        if (fl->amount == 0)
            continue;
        if (c->integer)
            /* Schedules are sorted: one multiplication per period. */
            d = q == prev_q ? prev_d : q == prev_q + 1 ? prev_d * v : pow(v, q);
        else
            d = exp(-q * lg);
        prev_q = q, prev_d = d;
        double o = 1.0 + fl->odd * i;
        double t = c->sign * fl->amount * d / o;
        sf += t;
        sd -= t * (q * v + fl->odd / o);
    }
    *f = sf;
    *df = sd;
}

static enum pt_code check_flows(const struct pt_flow *flows, size_t n, double ppy,
                                const struct pt_loc *loc, double *sign, struct pt_error *err)
{
    size_t pos = 0, neg = 0;
    if (!(ppy > 0) || !isfinite(ppy))
        return pt_error_set(err, PT_EINVAL, loc,
                            "expected periods per year > 0, found %g", ppy);
    *sign = 0;
    for (size_t k = 0; k < n; k++) {
        const struct pt_flow *fl = &flows[k];
        if (!isfinite(fl->whole) || fl->whole < 0 || !(fl->odd >= 0 && fl->odd < 1) ||
            !isfinite(fl->amount))
            return pt_error_set(err, PT_EINVAL, loc,
                                "flow %zu: expected a time >= 0 and a finite amount, found "
                                "time %g+%g, amount %g",
                                k + 1, fl->whole, fl->odd, fl->amount);
        if (fl->amount != 0 && *sign == 0)
            *sign = fl->amount < 0 ? 1.0 : -1.0;
        pos += fl->amount > 0;
        neg += fl->amount < 0;
    }
    if (pos == 0 || neg == 0)
        return pt_error_set(err, PT_EINVAL, loc,
                            "expected flows of both signs (an advance and repayments), found "
                            "%zu flows, all %s",
                            n, pos ? "positive" : neg ? "negative" : "zero");
    return PT_OK;
}

/* 1 when every advance is at or before every repayment in both parts of
 * its time: whole periods and App. J odd fraction (q_adv <= q_rep and
 * f_adv <= f_rep). Then, with g(i) = 1 / ((1 + F i)(1 + i)^Q) for the
 * latest advance (Q, F), each advance's discount factor over g is
 * non-decreasing and each repayment's non-increasing in i, so NPV / g is
 * strictly decreasing: one root at most, and the sign of NPV tells on
 * which side of it a rate lies. Comparing q + f alone is not enough: an
 * advance at 0+4/15 with a repayment at 0.5 has a second root near i = 100
 * (simple interest on the advance decays faster than (1+i)^-0.5).
 * Also a guess: (repaid / advanced)^(1 / money-weighted mean distance) - 1. */
static int conventional(const struct flow_ctx *c, double *guess)
{
    double adv_q = -1, adv_f = -1, rep_q = INFINITY, rep_f = INFINITY;
    double sp = 0, sn = 0, tp = 0, tn = 0;
    for (size_t k = 0; k < c->n; k++) {
        const struct pt_flow *fl = &c->flows[k];
        double a = c->sign * fl->amount, t = fl->whole + fl->odd;
        if (a < 0) {
            adv_q = fmax(adv_q, fl->whole), adv_f = fmax(adv_f, fl->odd);
            sn -= a, tn -= a * t;
        } else if (a > 0) {
            rep_q = fmin(rep_q, fl->whole), rep_f = fmin(rep_f, fl->odd);
            sp += a, tp += a * t;
        }
    }
    double dist = tp / sp - tn / sn;
    *guess = dist > 0 ? expm1(log(sp / sn) / dist) : 0.0;
    return adv_q <= rep_q && adv_f <= rep_f;
}

/* Grid scan for flows with advances after repayments: every sign change
 * of the present value between grid points brackets a root. */
static enum pt_code solve_scan(const struct flow_ctx *c, const struct pt_loc *loc, double *root,
                               struct pt_error *err)
{
    double w0 = log1p(PT_APR_RATE_MIN), w1 = log1p(PT_APR_RATE_MAX);
    double prev_x = 0, prev_f = NAN, lo[2] = {0, 0}, hi[2] = {0, 0}, d;
    int changes = 0;
    for (int k = 0; k <= GRID_POINTS; k++) {
        double x = expm1(w0 + (w1 - w0) * k / GRID_POINTS), f;
        flow_npv(c, x, &f, &d);
        if (isnan(f))
            continue;
        if (!isnan(prev_f) && prev_f != 0 && (sign_of(f) != sign_of(prev_f) || f == 0)) {
            if (changes < 2)
                lo[changes] = prev_x, hi[changes] = x;
            changes++;
        }
        prev_x = x, prev_f = f;
    }
    if (changes == 0)
        return pt_error_set(err, PT_ENOCONV, loc,
                            "no rate between %g and %g per period makes the present value "
                            "of the flows zero",
                            PT_APR_RATE_MIN, PT_APR_RATE_MAX);
    double r[2] = {0, 0};
    for (int k = 0; k < (changes < 2 ? changes : 2); k++) {
        double flo, dflo;
        flow_npv(c, lo[k], &flo, &dflo);
        enum pt_code rc = solve_bracket(flow_npv, c, lo[k], hi[k], sign_of(flo), lo[k], flo,
                                        dflo, loc, &r[k], err);
        if (rc != PT_OK)
            return rc;
    }
    if (changes > 1)
        return pt_error_set(err, PT_ENOCONV, loc,
                            "the flows have %d rates (%.6g and %.6g per period%s): the rate "
                            "is ambiguous, so none is reported",
                            changes, r[0], r[1], changes > 2 ? ", and more" : "");
    *root = r[0];
    return PT_OK;
}

enum pt_code pt_apr_solve(const struct pt_flow *flows, size_t n_flows, double periods_per_year,
                          const struct pt_loc *loc, struct pt_rate *out, struct pt_error *err)
{
    struct flow_ctx c = {flows, n_flows, 0, 1};
    enum pt_code rc = check_flows(flows, n_flows, periods_per_year, loc, &c.sign, err);
    if (rc != PT_OK)
        return rc;
    for (size_t k = 0; k < n_flows; k++)
        if (flows[k].odd != 0 || flows[k].whole != floor(flows[k].whole) ||
            flows[k].whole > 1e6)
            c.integer = 0;
    double guess, i = 0;
    if (conventional(&c, &guess))
        rc = pt_apr_solve_decreasing(flow_npv, &c, guess, loc, &i, err);
    else
        rc = solve_scan(&c, loc, &i, err);
    if (rc != PT_OK)
        return rc;
    pt_rate_from_periodic(i, periods_per_year, out);
    return PT_OK;
}

/* ---- level payments --------------------------------------------------------- */

double pt_apr_annuity_factor(double rate_per_period, int n)
{
    if (rate_per_period == 0)
        return (double)n;
    return -expm1(-(double)n * log1p(rate_per_period)) / rate_per_period;
}

struct level_ctx {
    double advance, payment;
    int n;
};

static void level_npv(const void *vctx, double i, double *f, double *df)
{
    const struct level_ctx *c = vctx;
    double n = (double)c->n, a = pt_apr_annuity_factor(i, c->n), da;
    if (fabs(i) < 1e-6)
        da = -n * (n + 1) / 2; /* a'(0): -sum k */
    else
        da = (n * exp(-(n + 1) * log1p(i)) - a) / i;
    *f = c->payment * a - c->advance;
    *df = c->payment * da;
}

enum pt_code pt_apr_level_rate(double advance, double payment, int n, double *rate_per_period,
                               struct pt_error *err)
{
    if (n < 1 || !(advance > 0) || !(payment > 0) || !isfinite(advance) || !isfinite(payment))
        return pt_error_set(err, PT_EINVAL, NULL,
                            "expected an advance > 0, a payment > 0 and n >= 1, found %g, %g, "
                            "%d",
                            advance, payment, n);
    struct level_ctx c = {advance, payment, n};
    double guess = expm1(log(payment * n / advance) / ((n + 1) / 2.0));
    return pt_apr_solve_decreasing(level_npv, &c, guess, NULL, rate_per_period, err);
}

/* ---- `when` tokens ------------------------------------------------------------ */

static enum pt_code when_fail(const char *text, size_t len, struct pt_error *err)
{
    char q[96];
    pt_error_quote(text, len, 64, q, sizeof q);
    return pt_error_set(err, PT_EINVAL, NULL,
                        "expected a period (3, 2.5, 1+19/30) or a date YYYY-MM-DD, found \"%s\"",
                        q);
}

/* "19/30" or "0.5" as a fraction in [0, 1). */
static int parse_fraction(const char *s, size_t n, double *out)
{
    struct pt_decimal a, b;
    struct pt_error ignored;
    const char *slash = memchr(s, '/', n);
    if (slash == NULL) {
        if (pt_decimal_parse(s, n, 0, &a, &ignored) != PT_OK)
            return 0;
        *out = pt_decimal_to_double(a);
    } else {
        size_t ln = (size_t)(slash - s);
        if (pt_decimal_parse(s, ln, 0, &a, &ignored) != PT_OK ||
            pt_decimal_parse(slash + 1, n - ln - 1, 0, &b, &ignored) != PT_OK || b.units <= 0)
            return 0;
        *out = pt_decimal_to_double(a) / pt_decimal_to_double(b);
    }
    return *out >= 0 && *out < 1;
}

enum pt_code pt_when_parse(const char *text, size_t len, struct pt_when *out,
                           struct pt_error *err)
{
    struct pt_decimal d;
    struct pt_error ignored;
    size_t b = 0;
    while (b < len && text[b] == ' ')
        b++;
    const char *s = text + b;
    size_t n = len - b;
    if (n >= 8 && memchr(s, '-', n) != NULL && s[0] != '-') {
        out->kind = PT_WHEN_DATE;
        out->whole = out->odd = 0;
        if (pt_date_parse(s, n, PT_DATE_ISO, &out->day, err) != PT_OK)
            return when_fail(text, len, err);
        return PT_OK;
    }
    const char *plus = memchr(s, '+', n);
    size_t wn = plus ? (size_t)(plus - s) : n;
    out->kind = PT_WHEN_PERIOD;
    out->odd = 0;
    out->day = 0;
    if (wn == 0 || pt_decimal_parse(s, wn, 0, &d, &ignored) != PT_OK || d.units < 0)
        return when_fail(text, len, err);
    out->whole = pt_decimal_to_double(d);
    if (plus && (d.scale != 0 || !parse_fraction(plus + 1, n - wn - 1, &out->odd)))
        return when_fail(text, len, err);
    return PT_OK;
}

enum pt_code pt_flows_from_whens(const struct pt_when *when, const double *amounts, size_t n,
                                 double periods_per_year, struct pt_flow *out,
                                 struct pt_error *err)
{
    for (size_t k = 0; k < n; k++) {
        if (when[k].kind != when[0].kind)
            return pt_error_set(err, PT_EINVAL, NULL,
                                "flow %zu: expected %s like the first flow, found a %s", k + 1,
                                when[0].kind == PT_WHEN_DATE ? "a date" : "a period index",
                                when[k].kind == PT_WHEN_DATE ? "date" : "period index");
        out[k].amount = amounts[k];
        out[k].odd = when[k].odd;
        out[k].whole = when[k].whole;
        if (when[k].kind != PT_WHEN_DATE)
            continue;
        if (when[k].day < when[0].day)
            return pt_error_set(err, PT_EINVAL, NULL,
                                "flow %zu: expected a date on or after the first flow's, found "
                                "one %d days before",
                                k + 1, (int)(when[0].day - when[k].day));
        out[k].whole = (double)(when[k].day - when[0].day) * periods_per_year / 365.0;
    }
    return PT_OK;
}

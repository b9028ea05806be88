/* apr.h: the true annual cost of a loan, computed from its cash flows.
 *
 * Finds the periodic rate i at which the present value of every flow is
 * zero (the internal rate of return), then annualizes it as
 * APR = i * periods_per_year (Reg Z App. J (b)(1) actuarial method; the PBOC
 * 2021 No. 3 annualized rate) and EAR = (1 + i)^periods_per_year - 1 (EU
 * APRC). We solve instead of trusting the advertised rate because flat fees
 * on the original principal make that rate meaningless.
 * Time: a flow at `whole` periods plus an Appendix J (b)(8) odd fraction
 * `odd` is discounted by (1 + odd*i) * (1 + i)^whole; dated flows become
 * whole = actual days / 365 * periods_per_year (actual/365, like XIRR).
 * Economic range: PT_APR_RATE_MIN <= i <= PT_APR_RATE_MAX per period. A root
 * outside it, or several roots inside it, is an error, never a guess.
 * Rates: fractions. Tolerance: |i - true| <= 1e-12 * max(1, |true|).
 * Nothing here allocates; flows are borrowed for the duration of a call. */
#ifndef PTAUDIT_APR_H
#define PTAUDIT_APR_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

#define PT_APR_RATE_MIN (-0.99)   /* per period: a loan repaid with 1% of its advance */
#define PT_APR_RATE_MAX 1000.0    /* per period: 100,000%; 10,000% APR daily is 0.27 */
#define PT_APR_TOL 1e-12          /* relative, on the periodic rate */

struct pt_flow {
    double whole;     /* unit periods since time 0 (may be fractional: 2.5) */
    double odd;       /* Reg Z App. J odd fraction at simple interest, [0, 1) */
    double amount;    /* signed; the first non-zero flow's side is the advance */
};

struct pt_rate {
    double rate_per_period;
    double apr;       /* rate_per_period * periods_per_year */
    double ear;       /* (1 + rate_per_period)^periods_per_year - 1 */
};

/* Solves the flows (any order, several at one time allowed). When every
 * advance precedes every repayment, in whole periods and in odd fraction,
 * the root is unique (the argument of Descartes' rule of signs); otherwise
 * the economic range is scanned on 400 rates and exactly one sign change of
 * the present value is required.
 * PT_EINVAL: fewer than two non-zero flows, flows of one sign, a time or
 * amount that is negative/not finite, periods_per_year <= 0; PT_ENOCONV: no
 * rate, or several, in the economic range. err->loc is copied from loc
 * (NULL = none). */
PT_NODISCARD enum pt_code pt_apr_solve(const struct pt_flow *flows, size_t n_flows,
                                       double periods_per_year, const struct pt_loc *loc,
                                       struct pt_rate *out, struct pt_error *err);

/* Fills out from a periodic rate (EAR via expm1/log1p for accuracy). */
void pt_rate_from_periodic(double rate_per_period, double periods_per_year,
                           struct pt_rate *out);

/* The root finder behind pt_apr_solve, for callers that evaluate a present
 * value faster than a flow list (schedule.c's closed forms). npv must return
 * f(i) and f'(i) of a function strictly decreasing on the economic range;
 * guess is a starting point. Safeguarded Newton: bracket by expansion from
 * the guess, Newton steps, bisection when a step leaves the bracket.
 * PT_ENOCONV with a message when f has no root in the range. */
PT_NODISCARD enum pt_code pt_apr_solve_decreasing(void (*npv)(const void *ctx, double i,
                                                              double *f, double *df),
                                                  const void *ctx, double guess,
                                                  const struct pt_loc *loc,
                                                  double *rate_per_period,
                                                  struct pt_error *err);

/* The periodic rate i with advance = payment * (1 - (1+i)^-n) / i (level
 * payments at periods 1..n; the RATE of spreadsheets). Used to recompute
 * LendingClub/Prosper rates from the installment. PT_EINVAL for n < 1 or a
 * non-positive advance or payment; PT_ENOCONV if no rate in range. */
PT_NODISCARD enum pt_code pt_apr_level_rate(double advance, double payment, int n,
                                            double *rate_per_period, struct pt_error *err);

/* (1 - (1+i)^-n) / i, n at i = 0: present value of 1 paid at 1..n. */
double pt_apr_annuity_factor(double rate_per_period, int n);

/* A `when` of a flows file: a period index ("3", "2.5"), an App. J odd
 * period ("1+19/30": whole + fraction), or an ISO date. */
enum pt_when_kind { PT_WHEN_PERIOD = 1, PT_WHEN_DATE = 2 };
struct pt_when {
    enum pt_when_kind kind;
    double whole;     /* PT_WHEN_PERIOD */
    double odd;       /* PT_WHEN_PERIOD, App. J fraction in [0, 1) */
    int32_t day;      /* PT_WHEN_DATE: days since 1970-01-01 */
};
/* PT_EINVAL with "expected a period (3, 2.5, 1+19/30) or a date
 * YYYY-MM-DD, found \"...\"". */
PT_NODISCARD enum pt_code pt_when_parse(const char *text, size_t len, struct pt_when *out,
                                        struct pt_error *err);

/* Flow k gets its time from when[k] and amount amounts[k]: periods as
 * given; dates as actual days since when[0]'s date * periods_per_year / 365.
 * PT_EINVAL (message names the 1-based flow) when dates and periods are
 * mixed or a date precedes the first flow's. out has n entries. */
PT_NODISCARD enum pt_code pt_flows_from_whens(const struct pt_when *when, const double *amounts,
                                              size_t n, double periods_per_year,
                                              struct pt_flow *out, struct pt_error *err);

#endif

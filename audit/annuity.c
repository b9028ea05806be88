/* annuity.c: see annuity.h. */
#include "audit/annuity.h"

#include <math.h>

/* 1 - (1 + i)^-n without cancellation for small i: -expm1(-n log1p(i)). */
static double discount_complement(double i, uint32_t n)
{
    return -expm1(-(double)n * log1p(i));
}

double pt_annuity_payment(double principal, double rate_per_period, uint32_t n)
{
    if (rate_per_period == 0.0)
        return principal / (double)n;
    return principal * rate_per_period / discount_complement(rate_per_period, n);
}

double pt_annuity_pv(double payment, double rate_per_period, uint32_t n)
{
    if (rate_per_period == 0.0)
        return payment * (double)n;
    return payment * discount_complement(rate_per_period, n) / rate_per_period;
}

/* f(i) = pv(i) - principal is strictly decreasing on i > 0, f(0) >= 0: keep
 * a bracket [lo, hi] with f(lo) >= 0 > f(hi) and take Newton steps
 * with the analytic derivative, falling back to bisection
 * whenever the step leaves the bracket. */
enum pt_code pt_annuity_rate(double principal, double payment, uint32_t n,
                             double *rate_per_period, struct pt_error *err)
{
    if (n == 0 || !(principal > 0.0) || !(payment > 0.0) || payment * (double)n < principal)
        return pt_error_set(err, PT_EINVAL, NULL,
                            "expected a payment that repays the principal, found %u x %.2f for "
                            "%.2f",
                            n, payment, principal);
    if (payment * (double)n == principal) {
        *rate_per_period = 0.0;
        return PT_OK;
    }
    double lo = 0.0, hi = payment / principal + 1e-9; /* pv(hi) < payment / hi <= principal */
    double i = payment / principal * 0.5;
    for (int iter = 0; iter < 200; iter++) {
        double f = pt_annuity_pv(payment, i, n) - principal;
        if (f >= 0.0)
            lo = i;
        else
            hi = i;
        /* d pv / d i = payment * (n (1+i)^-(n+1) - (1 - (1+i)^-n) / i) / i */
        double v = exp(-(double)(n + 1) * log1p(i));
        double dpv = payment * ((double)n * v - discount_complement(i, n) / i) / i;
        double next = dpv < 0.0 ? i - f / dpv : 0.5 * (lo + hi);
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (fabs(next - i) <= 1e-15 * fmax(1.0, i) || hi - lo <= 1e-15 * fmax(1.0, lo)) {
            *rate_per_period = next;
            return PT_OK;
        }
        i = next;
    }
    *rate_per_period = 0.5 * (lo + hi);
    return PT_OK;
}

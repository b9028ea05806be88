/* quantile.h: exact quantiles, extremes and means of a set of doubles.
 *
 * Quantiles are exact, never sketched: every value is kept (8 bytes per
 * value, one array grown by doubling, so at most 16 bytes per value while
 * growing) and sorted once when first asked. The definition is the one
 * CONTRACT.md fixes: linear interpolation between order statistics, R type
 * 7 (numpy's default, DuckDB's quantile_cont, Python's
 * statistics.quantiles(method="inclusive")): with sorted x[0..n-1],
 * h = (n - 1) p, Q(p) = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * The mean is summed over the sorted values (so it does not depend on input
 * order) with Neumaier compensation; the weighted mean (pt_wmean) is
 * streamed with compensated sums. NaN is refused (PT_EINVAL), infinities too.
 * Ownership: struct pt_quantile owns its array; pt_quantile_free releases it. */
#ifndef PTAUDIT_QUANTILE_H
#define PTAUDIT_QUANTILE_H

#include <stddef.h>

#include "audit/error.h"

struct pt_quantile {
    double *values;   /* owned; n values, sorted when sorted == 1 */
    size_t n;
    size_t cap;
    int sorted;
};

/* A zeroed struct is a valid empty set; init just zeroes. */
void pt_quantile_init(struct pt_quantile *q);
/* Releases the array and zeroes *q. Accepts NULL and freed structs. */
void pt_quantile_free(struct pt_quantile *q);

/* Adds one finite value. PT_EINVAL for NaN/inf (err says which),
 * PT_ENOMEM when the array cannot grow (q unchanged). */
PT_NODISCARD enum pt_code pt_quantile_add(struct pt_quantile *q, double v, struct pt_error *err);

/* Number of values. */
size_t pt_quantile_count(const struct pt_quantile *q);

/* Sorts the values now (the quantiles below sort on first use otherwise):
 * lets a caller do it on a thread of its choosing. */
void pt_quantile_sort(struct pt_quantile *q);

/* The R type 7 quantile at p in [0, 1]; sorts on first use. NAN when the set
 * is empty or p is outside [0, 1]. */
double pt_quantile_exact(struct pt_quantile *q, double p);
/* Smallest / largest value; NAN when empty. Sort on first use. */
double pt_quantile_min(struct pt_quantile *q);
double pt_quantile_max(struct pt_quantile *q);
/* Arithmetic mean; NAN when empty. */
double pt_quantile_mean(struct pt_quantile *q);

/* A weighted mean streamed with compensated (Neumaier) sums: sum(w x) / sum(w).
 * Used with w = principal for the principal-weighted mean APR. */
struct pt_wmean {
    double sum_wx, comp_wx;
    double sum_w, comp_w;
};
void pt_wmean_init(struct pt_wmean *m);
void pt_wmean_add(struct pt_wmean *m, double x, double w);
/* NAN when the weights sum to 0. */
double pt_wmean_value(const struct pt_wmean *m);

#endif

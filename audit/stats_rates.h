/* stats_rates.h: the distribution of true annual costs, by group.
 *
 * Groups loans by any of platform, product, month, quarter, year (the
 * `--by` keys, in the order given) plus currency, implicitly: money is never
 * summed across currencies (CONTRACT.md). Per group: n, principal volume
 * (checked int64 sum of minor units), mean and principal-weighted mean APR,
 * min, p10, p25, median, p75, p90, max (exact R type 7, quantile.h), the
 * shares over 24% / 36% / 4 x LPR (of the loans where the line applies and
 * is known), the median gap APR - quoted rate, the fixed-bin histogram
 * (histogram.h), the rate cross-check counts and the Prosper implied-fee
 * distribution. Groups are written sorted by their keys in --by order
 * (display names bytewise, periods in time order, unknown dates last), then
 * currency: hash order never reaches the output.
 * Memory: 8 bytes per loan for APRs, +8 per loan with a quoted rate (gap),
 * +8 per loan with an implied fee, + ~1 KiB per group.
 * Ownership: the stats own copies of every string; the names registry is
 * borrowed and must outlive the stats. */
#ifndef PTAUDIT_STATS_RATES_H
#define PTAUDIT_STATS_RATES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/error.h"
#include "audit/loan.h"
#include "audit/names.h"
#include "audit/table.h"

enum pt_rate_key { PT_RKEY_PLATFORM, PT_RKEY_PRODUCT, PT_RKEY_MONTH, PT_RKEY_QUARTER, PT_RKEY_YEAR };

#define PT_RATE_MAX_KEYS 5

/* Parses a --by value: comma-separated keys (each at most once), or "loan"
 * alone (*by_loan = 1, *n_keys = 0). PT_EUSAGE "--by: expected ...". */
PT_NODISCARD enum pt_code pt_rate_keys_parse(const char *text, enum pt_rate_key *keys,
                                             size_t *n_keys, int *by_loan,
                                             struct pt_error *err);
/* "platform", "product", ... Static. */
const char *pt_rate_key_name(enum pt_rate_key k);

/* --since/--until/--company/--product (CONTRACT.md "Filters"). Dates are
 * inclusive day numbers, PT_DAY_UNKNOWN = no bound; an undated loan fails
 * any date bound. Company and product match by the names module's matching
 * key after aliases (names may be NULL: no aliases). All borrowed. */
struct pt_loan_filter {
    int32_t since, until;
    const char *const *companies;
    size_t n_companies;
    const char *product;          /* NULL = any */
    const struct pt_names *names;
};
/* 1 when the loan passes every filter (keep it), 0 when it is filtered. */
int pt_loan_filter_keep(const struct pt_loan_filter *f, const struct pt_loan *loan);

struct pt_rate_stats;   /* opaque */

/* names (borrowed) maps platform spellings to display names. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_rate_stats_create(struct pt_rate_stats **out,
                                               const enum pt_rate_key *keys, size_t n_keys,
                                               struct pt_names *names, struct pt_error *err);
void pt_rate_stats_destroy(struct pt_rate_stats *s);
/* Sorts every group's values for its quantiles, which writing would
 * otherwise do (the figures are the same either way). */
void pt_rate_stats_sort(struct pt_rate_stats *s);

/* Adds one loan (its strings are copied as needed). PT_ERANGE when the
 * group's principal volume overflows int64; PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_rate_stats_add(struct pt_rate_stats *s, const struct pt_loan *loan,
                                            struct pt_error *err);

/* pt_rate_stats_add that also sets *platform to the names group (names.h)
 * the loan's platform was counted in when platform is a key, else to 0: a
 * caller that keeps loans by platform needs no second lookup. */
PT_NODISCARD enum pt_code pt_rate_stats_add_platform(struct pt_rate_stats *s,
                                                     const struct pt_loan *loan,
                                                     uint32_t *platform, struct pt_error *err);

/* Number of groups so far. */
size_t pt_rate_stats_groups(const struct pt_rate_stats *s);

/* Writes the groups, sorted, as one table (schema "ptaudit.loans/1").
 * Text shows the columns a reader needs (keys, currency, loans, volume,
 * median, p10, p90, weighted mean, shares over the lines, median gap);
 * CSV and JSON every column (docs/loans.md). PT_EIO, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_rate_stats_write(struct pt_rate_stats *s, FILE *out,
                                              enum pt_table_format format,
                                              struct pt_error *err);

#endif

/* stats_complaints.h: complaint statistics by group, in one streaming pass.
 *
 * Groups are the combinations of up to PT_CSTATS_MAX_KEYS keys among
 * company, product, issue, category, state, channel, month, quarter, year
 * (`--by company,month`). Per group: complaints and share of all complaints
 * in scope; timely_rate = Yes / (Yes + No) with a Wilson 95% interval and
 * the blanks in timely_unknown (CONTRACT.md); the company-response mix;
 * days from received to sent (median and p90, exact: each group keeps a
 * histogram of integer day lags 0..PT_CSTATS_LAG_MAX plus a list of the
 * rare lags outside it, so memory grows with groups and distinct lags, not
 * rows); the most frequent issue; with a month key, month-over-month and
 * year-over-year change and the spike rule of docs/complaints.md (a month
 * above median + 3 x max(1.4826 x MAD, 1) of its trailing 12 months, with
 * at least spike_min complaints); with opts.neardup, the share of
 * narratives that are near-duplicates of an earlier one (MinHash,
 * neardup.h: one detector over all inputs, in input order); with
 * opts.terms, how many complaints quote loan terms (pt_terms_assess) and the share
 * of those whose implied APR is over 24% / 36%. Categories are multi-label: a complaint
 * counts in every category it has, so category shares can sum past 1.
 * Company keys are display names from a names registry (names.h); other
 * text keys are interned, so memory is bounded by distinct values.
 * Order of rows: key by key in --by order; text keys by their total
 * complaints (descending) then bytes, time keys ascending, categories in
 * contract order. Ownership: the stats object owns every row and string it
 * hands out, until pt_cstats_destroy; the names registry is borrowed. */
#ifndef PTAUDIT_STATS_COMPLAINTS_H
#define PTAUDIT_STATS_COMPLAINTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/complaint.h"
#include "audit/error.h"
#include "audit/table.h"

struct pt_names;

enum pt_ckey {
    PT_CKEY_COMPANY, PT_CKEY_PRODUCT, PT_CKEY_ISSUE, PT_CKEY_CATEGORY, PT_CKEY_STATE,
    PT_CKEY_CHANNEL, PT_CKEY_MONTH, PT_CKEY_QUARTER, PT_CKEY_YEAR, PT_CKEY_COUNT
};

#define PT_CSTATS_MAX_KEYS 4
#define PT_CSTATS_LAG_MAX 3660      /* days kept in the dense histogram */
#define PT_CSTATS_SPIKE_MIN 10      /* default minimum complaints of a spike */
#define PT_CSTATS_SPIKE_HISTORY 6   /* months of history a spike test needs */
/* Top issues count issue values up to this many bytes: the CFPB's issues
 * are a fixed vocabulary (the longest ~110 bytes), while a board's issue
 * is the complaint's own text, which would make memory grow with rows. */
#define PT_CSTATS_ISSUE_MAX 160

/* "company", "month", ... (the column names). Static. */
const char *pt_ckey_name(enum pt_ckey k);

/* Parses "company,month": PT_EUSAGE for an unknown or repeated key, an
 * empty item, or more than PT_CSTATS_MAX_KEYS keys. */
PT_NODISCARD enum pt_code pt_cstats_parse_keys(const char *text, enum pt_ckey *keys,
                                               size_t *n_keys, struct pt_error *err);

struct pt_cstats_opts {
    enum pt_ckey keys[PT_CSTATS_MAX_KEYS];
    size_t n_keys;                 /* >= 1 */
    uint32_t spike_min;            /* 0 = PT_CSTATS_SPIKE_MIN */
    int neardup;                   /* 1 = near-duplicate narratives (neardup.h) */
    uint32_t neardup_sketches;     /* 0 = PT_NEARDUP_DEFAULT_SKETCHES */
    int terms;                     /* 1 = loan terms quoted in the text (terms.h) */
    int no_top_issue;              /* 1 = no top_issue even with a company key (a caller
                                      that never shows it saves a count per issue and group) */
    int no_lags;                   /* 1 = no days-to-company lags: lag_known is 0 and the lag
                                      quantiles NAN (a caller that shows counts only saves a
                                      histogram per group) */
    int counts_only;               /* 1 = complaints per group and nothing else (timely,
                                      responses, lags, top issue, loans' period all empty;
                                      shares, month changes and spikes still computed): a
                                      table found through windows (two keys with a dense
                                      first one, or one time key) then counts in a flat
                                      array per window, 4 bytes a cell, and makes its groups
                                      only when merged, folded or finished. Not with neardup
                                      or terms. */
};

/* One result row. Doubles are NAN where the value does not exist (no
 * timely answers, no known lag, no previous month...). */
struct pt_cstats_row {
    const char *key_text[PT_CSTATS_MAX_KEYS];  /* text keys (company: display name); else NULL */
    int32_t key_num[PT_CSTATS_MAX_KEYS];       /* month/quarter key (date.h), year, category index */
    uint64_t complaints;
    double share;                  /* complaints / all complaints in scope */
    uint64_t timely_yes, timely_no, timely_unknown;
    double timely_rate, timely_low, timely_high;
    uint64_t response[PT_RESP_COUNT];
    uint64_t lag_known;            /* complaints with both dates */
    double lag_median, lag_p90;    /* days, R type 7 */
    const char *top_issue;         /* NULL when no issue was given */
    uint64_t top_issue_count;
    double mom_change, yoy_change; /* n / n(previous) - 1 */
    int spike;                     /* -1 not tested, 0 no, 1 yes */
    double spike_baseline;         /* trailing-12-month median */
    double spike_threshold;
    uint64_t loans;                /* with pt_cstats_set_loans and a company key */
    uint64_t complaints_in_period; /* complaints in the loans' period */
    double per_10k_loans;          /* complaints_in_period / loans x 10,000 */
    uint64_t terms_quoted;         /* complaints quoting loan terms (opts.terms) */
    double terms_over_24_share;    /* of those, APR > 24% (any quoted loan) */
    double terms_over_36_share;
    uint64_t narratives;           /* non-blank narratives (with opts.neardup) */
    uint64_t neardup;              /* of those, near-duplicates of an earlier one */
    double neardup_share;          /* neardup / narratives */
};

struct pt_cstats;

/* names is borrowed and must outlive the stats (aliases already added).
 * PT_EINVAL for bad options, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_cstats_create(struct pt_cstats **out,
                                           const struct pt_cstats_opts *opt,
                                           struct pt_names *names, struct pt_error *err);
void pt_cstats_destroy(struct pt_cstats *s);

/* Complaints per 10,000 loans (company rows): call before the first add.
 * Only the overlap of the two periods counts: complaints received in
 * [from, to] (the loans' dated period; INT32_MIN..INT32_MAX when the loans
 * are undated) against the loans dated within the complaints' own first
 * and last day (every loan, undated included, when from == INT32_MIN).
 * lc is borrowed and must share the stats' names registry. */
struct pt_loan_counts;
void pt_cstats_set_loans(struct pt_cstats *s, const struct pt_loan_counts *lc, int32_t from,
                         int32_t to);
/* First and last day received of the complaints counted (PT_DAY_UNKNOWN
 * when none). */
void pt_cstats_period(const struct pt_cstats *s, int32_t *first, int32_t *last);

/* Counts one complaint. PT_ENOMEM; PT_EINVAL after pt_cstats_finish. */
PT_NODISCARD enum pt_code pt_cstats_add(struct pt_cstats *s, const struct pt_complaint *c,
                                        struct pt_error *err);
/* Counts one complaint into each of n tables that share one names
 * registry. The firm is looked up once (when a table has a company key),
 * so its spelling counts once per complaint towards the display name,
 * whatever n. PT_EINVAL when the registries differ; else as pt_cstats_add. */
PT_NODISCARD enum pt_code pt_cstats_add_many(struct pt_cstats *const *tables, size_t n,
                                             const struct pt_complaint *c, struct pt_error *err);
/* The same, with the pt_complaint_fn signature (ctx = the stats). */
enum pt_code pt_cstats_add_cb(void *ctx, const struct pt_complaint *c, struct pt_error *err);

/* Adds src to dst as if dst had counted src's complaints after its own:
 * for two threads that each counted one half of a file (in file order)
 * with their own names registry (same aliases, same options, same
 * pt_cstats_set_loans). The result is the one a single pass gives, row for
 * row. src keeps its figures (a counts_only src has its counts made into
 * groups); destroy it, with its registry, afterwards.
 * PT_EINVAL when the keys or the other options (spike minimum, terms,
 * top issue, lags) or the loans set differ, either is finished, or either
 * has opts.neardup (near-duplicates depend on every earlier narrative);
 * PT_ENOMEM, PT_ERANGE. */
PT_NODISCARD enum pt_code pt_cstats_merge(struct pt_cstats *dst, struct pt_cstats *src,
                                          struct pt_error *err);

/* The same when src's names registry has already been merged into dst's
 * (pt_names_merge, which filled names_map): several accumulators that
 * share one registry per thread merge the registry once. */
PT_NODISCARD enum pt_code pt_cstats_merge_mapped(struct pt_cstats *dst,
                                                 struct pt_cstats *src,
                                                 const uint32_t *names_map,
                                                 struct pt_error *err);

/* Counts src's groups into dst, whose keys are some of src's (in any
 * order), with the same names registry: e.g. a by-category table from the
 * company x category one, instead of counting every complaint twice. dst
 * must be empty, keep nothing src does not (lags, top issues, terms, the
 * loans' period), and keep every key of src that a complaint can hold
 * several values of (category), or a complaint would count twice.
 * dst then equals what adding src's complaints to it would give. PT_EINVAL
 * when that does not hold or either is finished or has near-duplicates;
 * PT_ENOMEM, PT_ERANGE. */
PT_NODISCARD enum pt_code pt_cstats_fold(struct pt_cstats *dst, struct pt_cstats *src,
                                         struct pt_error *err);

/* Computes the derived values and the row order. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_cstats_finish(struct pt_cstats *s, struct pt_error *err);

uint64_t pt_cstats_total(const struct pt_cstats *s);      /* complaints in scope */
size_t pt_cstats_n_rows(const struct pt_cstats *s);
const struct pt_cstats_row *pt_cstats_row(const struct pt_cstats *s, size_t i);
/* The detector's totals (all groups), when opts.neardup; else zeroes.
 * n_unstored > 0 means the share is a lower bound (neardup.h). Only in
 * builds with neardup.c (PT_HAVE_NEARDUP). */
struct pt_neardup_stats;
void pt_cstats_neardup_stats(const struct pt_cstats *s, struct pt_neardup_stats *out);
/* 1 when a category key makes shares overlap (say so in the output). */
int pt_cstats_overlapping(const struct pt_cstats *s);

/* Wilson score interval for y successes out of n (z = 1.959963984540054,
 * 95%); *lo = *hi = NAN when n == 0. */
void pt_wilson_interval(uint64_t y, uint64_t n, double *lo, double *hi);

/* Writes the finished table (schema "ptaudit.complaints/1"): key columns,
 * complaints, share, timely_rate, timely_low, timely_high, timely_unknown,
 * resp_* counts, lag_known, days_to_sent_median, days_to_sent_p90,
 * top_issue, top_issue_complaints, with a month key mom_change, yoy_change,
 * spike, spike_baseline, spike_threshold, and with opts.neardup narratives
 * and neardup_share. PT_EIO, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_cstats_write(const struct pt_cstats *s, FILE *f,
                                          enum pt_table_format format, struct pt_error *err);

#endif

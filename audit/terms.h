/* terms.h: loan terms quoted in complaint text, and the APR they imply.
 *
 * Borrowers write the terms they got ("借款8000元分12期，每月还803.65元",
 * "borrowed $500 ... 6 payments of $183"). This module finds them with a
 * few documented patterns (docs/taxonomy.md, "Loan terms in complaint
 * text") and solves the implied rate with the rate engine (apr.h). It
 * prefers precision to recall: a pattern matches only when principal,
 * number of payments and payment (or total) are all written out with
 * their units (元/块/万 in Chinese, $ in English) and joined by nothing but
 * punctuation, spaces and the pattern's own words; anything else gives no
 * extraction rather than a guess. A text may quote several loans.
 * Periods are months: 期 and 每月 on Chinese boards are monthly; English
 * "N payments of $X" without a frequency word is read as monthly and
 * flagged (frequency_assumed). Nothing here allocates. */
#ifndef PTAUDIT_TERMS_H
#define PTAUDIT_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "audit/apr.h"
#include "audit/error.h"

struct pt_terms {
    const char *pattern;         /* static name of the pattern that matched */
    size_t start, end;           /* byte span of the match in the text */
    int64_t principal_minor;     /* amount borrowed, as written (fen / cents) */
    int64_t received_minor;      /* what reached the borrower: 到手/实际到账/"received",
                                    else principal - deduction */
    int64_t deduction_minor;     /* upfront deduction (砍头息 X元), 0 when none quoted */
    int n_payments;              /* 1..600 */
    int64_t payment_minor;       /* level payment */
    int64_t total_minor;         /* n x payment, or the total as written */
    int payment_from_total;      /* 1: payment = total / n (only a total was quoted) */
    int frequency_assumed;       /* 1: "N payments of $X" with no frequency: monthly */
    double periods_per_year;     /* 12 */
};

/* Finds up to max_out quoted loans in text[0..len) (UTF-8, borrowed) and
 * writes them to out in text order; *n_out is how many (0 = none found).
 * Never fails: a text that does not match exactly gives nothing. */
void pt_terms_extract(const char *text, size_t len, struct pt_terms *out, size_t max_out,
                      size_t *n_out);

/* The rate the quoted terms imply: the periodic rate at which n level
 * payments at periods 1..n repay received_minor (pt_apr_level_rate), then
 * APR = i x periods_per_year, EAR = (1+i)^ppy - 1. PT_EINVAL / PT_ENOCONV
 * from the rate engine (e.g. payments below what was received). */
PT_NODISCARD enum pt_code pt_terms_rate(const struct pt_terms *t, struct pt_rate *out,
                                        struct pt_error *err);

/* One quoted loan with its implied rate and the legal lines of
 * CONTRACT.md (compared with `>`): what a report lists per complaint. */
struct pt_terms_case {
    struct pt_terms terms;
    int rate_ok;            /* 0: the rate engine found no rate (rate zeroed) */
    struct pt_rate rate;
    int over_24;            /* rate.apr > 0.24 (rate_ok only) */
    int over_36;            /* rate.apr > 0.36 */
};

/* pt_terms_extract, then pt_terms_rate for each loan found. Never fails:
 * a loan whose rate cannot be solved is kept with rate_ok = 0, so it is
 * listed (as found, not rated) rather than dropped. */
void pt_terms_assess(const char *text, size_t len, struct pt_terms_case *out, size_t max_out,
                     size_t *n_out);

#endif

/* loan_counts.h: loans counted by platform and day, to put complaint
 * counts per 10,000 loans (CONTRACT.md: "computed only where the complaint
 * and loan periods overlap, and states both periods").
 *
 * Platforms are registered in the same names registry as the complaint
 * companies (aliases included), so a platform and a company join when
 * their display names agree. Counts are kept per (platform, day): memory
 * grows with platforms x distinct loan dates, never with loans. Loans
 * without a date are counted apart (they cannot be placed in a period).
 * Ownership: the registry is borrowed and must outlive the counts. */
#ifndef PTAUDIT_LOAN_COUNTS_H
#define PTAUDIT_LOAN_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

struct pt_names;
struct pt_loan_counts;

PT_NODISCARD enum pt_code pt_loan_counts_create(struct pt_loan_counts **out,
                                                struct pt_names *names, struct pt_error *err);
void pt_loan_counts_destroy(struct pt_loan_counts *lc);

/* Counts one loan of platform (any spelling; "" is a platform too) on day
 * (PT_DAY_UNKNOWN = undated). PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_loan_counts_add(struct pt_loan_counts *lc, const char *platform,
                                             int32_t day, struct pt_error *err);

/* Dated loans' first and last day (PT_DAY_UNKNOWN when none), all loans,
 * and the undated ones. */
void pt_loan_counts_range(const struct pt_loan_counts *lc, int32_t *first, int32_t *last,
                          uint64_t *n_loans, uint64_t *n_undated);

/* Fills *totals (pt_malloc'ed, caller frees; *n entries, one per
 * names-registry group known now) with the loans dated in [from, to]
 * (inclusive); from = INT32_MIN and to = INT32_MAX take every loan,
 * undated ones included. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_loan_counts_totals(const struct pt_loan_counts *lc, int32_t from,
                                                int32_t to, uint64_t **totals, size_t *n,
                                                struct pt_error *err);

#endif

/* loan_table.h: `--by loan`, one output row per loan, streamed through
 * table.h as the loaders produce loans (nothing is held; text output is
 * buffered by the table writer for alignment, so prefer csv/json for
 * millions of loans). Columns (CONTRACT.md "Per-loan rows" + extras):
 * loan_id, platform, product, date, currency, principal, amount_financed,
 * term, periods_per_year, method, quoted_annual_rate, apr, ear,
 * finance_charge, gap, fees_known, over_24, over_36, over_4lpr,
 * published_rate, recomputed_rate, rate_disagrees, published_apr,
 * implied_fee, implied_fee_share, source, file, line.
 * Money columns print with 2 decimals (minor units of 0-digit currencies
 * are scaled exactly; 3-digit currencies would be rounded: none of the
 * supported loan formats has one). Ownership: the writer borrows the FILE. */
#ifndef PTAUDIT_LOAN_TABLE_H
#define PTAUDIT_LOAN_TABLE_H

#include <stdio.h>

#include "audit/error.h"
#include "audit/loan.h"
#include "audit/table.h"

struct pt_loan_table;   /* opaque */

PT_NODISCARD enum pt_code pt_loan_table_begin(struct pt_loan_table **out, FILE *f,
                                              enum pt_table_format format, struct pt_error *err);
/* platform: the display name to print (borrowed for the call); NULL = the
 * loan's own spelling. PT_EIO, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_loan_table_row(struct pt_loan_table *t, const struct pt_loan *loan,
                                            const char *platform, struct pt_error *err);
/* Finishes and frees. */
PT_NODISCARD enum pt_code pt_loan_table_end(struct pt_loan_table *t, struct pt_error *err);
/* Frees without finishing (error paths); accepts NULL. */
void pt_loan_table_abort(struct pt_loan_table *t);

#endif

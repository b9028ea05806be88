/* terms_list.h: every loan quoted in complaint text, one row each, with
 * the complaint it came from, so a reader can check each case (issue #5:
 * "every extracted case is listed with its complaint id").
 *
 * `ptaudit complaints FILE --by terms` streams this table (schema
 * "ptaudit.complaint_terms/1"): id, company (as spelled), date_received,
 * field (narrative or issue), pattern, principal, received, deduction,
 * payments, payment, total, payment_from_total, frequency_assumed, apr,
 * ear, over_24, over_36 (terms.h: pt_terms_assess; legal lines compared
 * with >, CONTRACT.md). Money in the complaint's currency with its minor
 * digits; rows in input order. Memory: CSV/JSON stream; text buffers the
 * rows (only complaints that quote terms). Ownership: the FILE is
 * borrowed; the list owns its table writer. */
#ifndef PTAUDIT_TERMS_LIST_H
#define PTAUDIT_TERMS_LIST_H

#include <stdint.h>
#include <stdio.h>

#include "audit/complaint.h"
#include "audit/error.h"
#include "audit/table.h"

struct pt_terms_list;

/* Starts the table on f. PT_ENOMEM, PT_EIO. */
PT_NODISCARD enum pt_code pt_terms_list_begin(struct pt_terms_list **out, FILE *f,
                                              enum pt_table_format format,
                                              struct pt_error *err);
/* A pt_complaint_fn: writes one row per loan quoted in c's narrative or
 * issue text (ctx = the list). PT_EIO, PT_ENOMEM. */
enum pt_code pt_terms_list_add(void *ctx, const struct pt_complaint *c, struct pt_error *err);
/* Complaints seen and rows written so far. */
void pt_terms_list_counts(const struct pt_terms_list *l, uint64_t *complaints, uint64_t *rows);
/* Finishes the table (text: writes the buffered rows) and frees the list.
 * Accepts NULL. PT_EIO. */
PT_NODISCARD enum pt_code pt_terms_list_end(struct pt_terms_list *l, struct pt_error *err);
/* Frees without finishing (error paths). Accepts NULL. */
void pt_terms_list_abort(struct pt_terms_list *l);

#endif

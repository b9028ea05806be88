/* taxonomy.h: one set of complaint categories for every source.
 *
 * The categories are CONTRACT.md's; a complaint may have several (a
 * bitmask), so category shares can sum past 1. Three ways in, all kept as
 * reviewable data under data/ (embedded at build time, sources in
 * data/README.md, rules in docs/taxonomy.md):
 *  - CFPB issue / sub-issue -> one category (data/cfpb_issue_crosswalk.csv);
 *  - PBOC JR/T 0169-2018 complaint reason -> one category
 *    (data/pboc_complaint_reasons.csv);
 *  - free text (Chinese and English) -> any number of categories by keyword
 *    rules (data/complaint_keywords.csv), matched in one pass by a
 *    precompiled Aho-Corasick automaton; `other` when nothing matches.
 * It also maps CFPB product names renamed over the years to the current
 * ones (data/cfpb_product_renames.csv). Keywords do not see negation
 * ("no harassment" still says harassment): docs/taxonomy.md says so.
 * Ownership: the taxonomy owns its tables; returned strings are borrowed
 * and live until pt_taxonomy_destroy. Lookups allocate nothing and are
 * safe to call from several threads on one taxonomy. */
#ifndef PTAUDIT_TAXONOMY_H
#define PTAUDIT_TAXONOMY_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

enum pt_category {
    PT_CAT_COST_AND_FEES = 0,
    PT_CAT_DISCLOSURE_AND_MARKETING,
    PT_CAT_BUNDLED_PRODUCTS,
    PT_CAT_COLLECTION_CONDUCT,
    PT_CAT_PRIVACY_AND_DATA,
    PT_CAT_CONTRACT_TERMS,
    PT_CAT_REPAYMENT_AND_SERVICING,
    PT_CAT_CREDIT_REPORTING,
    PT_CAT_FRAUD_AND_SECURITY,
    PT_CAT_SERVICE_QUALITY,
    PT_CAT_OTHER,
    PT_CAT_COUNT
};

/* A set of categories: bit c set when category c applies. */
#define PT_CAT_BIT(c) (UINT32_C(1) << (unsigned)(c))

/* "cost_and_fees", ... (the contract's names). Static; NULL out of range. */
const char *pt_category_name(enum pt_category c);
/* 1 and *out set when text[0..len) is exactly a category name, else 0. */
int pt_category_parse(const char *text, size_t len, enum pt_category *out);

struct pt_taxonomy;   /* opaque: see taxonomy.c */

/* Builds the tables from the embedded data files. PT_ENOMEM; PT_EDATA if
 * an embedded file is malformed (a build defect: the message names the
 * file and line). *out is owned by the caller. */
PT_NODISCARD enum pt_code pt_taxonomy_create(struct pt_taxonomy **out, struct pt_error *err);
void pt_taxonomy_destroy(struct pt_taxonomy *t);

/* Category of a CFPB issue / sub-issue (lens in bytes; sub may be empty).
 * Matching ignores ASCII case and runs of spaces. The (issue, sub-issue)
 * row wins over the (issue, any) row. Returns 1 and sets *out when the
 * issue is in the crosswalk; 0 (and *out = PT_CAT_OTHER) when it is not,
 * so the caller can count unmapped issues or classify the text instead. */
int pt_taxonomy_cfpb_issue(const struct pt_taxonomy *t, const char *issue, size_t issue_len,
                           const char *sub_issue, size_t sub_len, enum pt_category *out);

/* Category of a JR/T 0169-2018 complaint reason, written short (定价收费)
 * or long (因定价收费引起的投诉), or its code (C11). 1 when known, else 0
 * and *out = PT_CAT_OTHER. */
int pt_taxonomy_pboc_reason(const struct pt_taxonomy *t, const char *reason, size_t len,
                            enum pt_category *out);

/* Categories the keyword rules find in text[0..len) (UTF-8): a nonzero
 * mask, PT_CAT_BIT(PT_CAT_OTHER) alone when no rule matches. One pass,
 * one table step per byte; nothing allocated. */
uint32_t pt_taxonomy_classify_text(const struct pt_taxonomy *t, const char *text, size_t len);

/* The categories of one complaint, the one rule every table uses: when
 * issue (with sub_issue) is in the CFPB crosswalk, its one category and
 * *from_crosswalk = 1; otherwise the keyword rules over issue, sub_issue
 * and text together (board complaints: 投诉问题 and the summary), `other`
 * only when nothing matches, and *from_crosswalk = 0. Any string may be
 * empty (len 0); from_crosswalk may be NULL. Allocates nothing. */
uint32_t pt_taxonomy_complaint(const struct pt_taxonomy *t, const char *issue, size_t issue_len,
                               const char *sub_issue, size_t sub_len, const char *text,
                               size_t text_len, int *from_crosswalk);

/* Current CFPB product name for a product as exported at the time
 * (renames of 2017-04-24 and of the 2023 product list; some depend on the
 * sub-product). Returns the current name (borrowed) when product was
 * renamed, NULL when it is already current or unknown (keep it as is). */
const char *pt_taxonomy_cfpb_product(const struct pt_taxonomy *t, const char *product,
                                     size_t product_len, const char *sub_product,
                                     size_t sub_len);

#endif

/* load_cfpb.c: the CFPB Consumer Complaint Database export, every layout.
 *
 * Column names are those of the export's field reference
 * (consumerfinance.gov/complaint/data-use/#field-reference); the snake-case
 * names of the CFPB search API (date_received, complaint_id, ...) are
 * accepted as alternatives. Layouts (CONTRACT.md) are told apart by which
 * optional columns exist: without narrative and Complaint ID it is the
 * 2013-2016 14-column export; with them, the 18-column one when "Consumer
 * consent provided?" / "Consumer disputed?" are there, else the 2026 one.
 * Dates: YYYY-MM-DD, MM/DD/YYYY, M/D/YYYY. Products renamed over the years
 * are mapped to the current names (taxonomy.h); product_raw keeps the
 * original. Category: the issue/sub-issue crosswalk, else the keyword
 * rules on issue, sub-issue and narrative. Currency: USD. */
#include "audit/load_complaints_internal.h"

#include <string.h>

#include "audit/date.h"
#include "audit/taxonomy.h"

enum {
    F_DATE, F_PRODUCT, F_SUBPRODUCT, F_ISSUE, F_SUBISSUE, F_NARRATIVE, F_COMPANY, F_STATE,
    F_CONSENT, F_CHANNEL, F_SENT, F_RESPONSE, F_TIMELY, F_DISPUTED, F_ID, F_COUNT
};

static const char *const names[F_COUNT][2] = {
    [F_DATE] = {"Date received", "date_received"},
    [F_PRODUCT] = {"Product", "product"},
    [F_SUBPRODUCT] = {"Sub-product", "sub_product"},
    [F_ISSUE] = {"Issue", "issue"},
    [F_SUBISSUE] = {"Sub-issue", "sub_issue"},
    [F_NARRATIVE] = {"Consumer complaint narrative", "complaint_what_happened"},
    [F_COMPANY] = {"Company", "company"},
    [F_STATE] = {"State", "state"},
    [F_CONSENT] = {"Consumer consent provided?", "consumer_consent_provided"},
    [F_CHANNEL] = {"Submitted via", "submitted_via"},
    [F_SENT] = {"Date sent to company", "date_sent_to_company"},
    [F_RESPONSE] = {"Company response to consumer", "company_response"},
    [F_TIMELY] = {"Timely response?", "timely"},
    [F_DISPUTED] = {"Consumer disputed?", "consumer_disputed"},
    [F_ID] = {"Complaint ID", "complaint_id"},
};

static void find_columns(const struct pt_csv_reader *r, long *col)
{
    for (int f = 0; f < F_COUNT; f++) {
        col[f] = pt_csv_reader_column(r, names[f][0]);
        if (col[f] < 0)
            col[f] = pt_csv_reader_column(r, names[f][1]);
    }
}

enum pt_complaint_layout pt_cfpb_layout(const struct pt_csv_reader *r)
{
    long col[F_COUNT];
    find_columns(r, col);
    if (col[F_DATE] < 0 || col[F_PRODUCT] < 0 || col[F_COMPANY] < 0)
        return PT_CLAYOUT_NONE;
    if (col[F_NARRATIVE] < 0 && col[F_ID] < 0)
        return PT_CLAYOUT_CFPB_14;
    if (col[F_CONSENT] >= 0 || col[F_DISPUTED] >= 0)
        return PT_CLAYOUT_CFPB_18;
    return PT_CLAYOUT_CFPB_2026;
}

/* The narrative (a LAZY column: most of the export's bytes) is copied
 * only when something reads it: the text signals, or the keyword rules
 * for an issue the crosswalk does not know. */
static enum pt_code narrative(struct cl_ctx *x, const long *col, struct pt_complaint *c,
                              struct pt_error *err)
{
    if (c->narrative != NULL)
        return PT_OK;
    c->narrative = pt_csv_reader_field(x->r, col[F_NARRATIVE], NULL);
    if (c->narrative == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for a narrative");
    return PT_OK;
}

/* The taxonomy's one complaint rule: the crosswalk, else the keywords.
 * issue_len, sub_len: the lengths of c->issue and c->sub_issue. */
static enum pt_code categories(struct cl_ctx *x, const long *col, struct pt_complaint *c,
                               size_t issue_len, size_t sub_len, struct pt_error *err)
{
    c->categories = PT_CAT_BIT(PT_CAT_OTHER);
    if (x->opt->taxonomy == NULL || x->opt->no_categories)
        return PT_OK;
    int crosswalk = 0;
    c->categories = cl_crosswalk(x, c->issue, issue_len, c->sub_issue, sub_len, &crosswalk);
    if (crosswalk)
        return PT_OK;
    enum pt_code rc = narrative(x, col, c, err);
    if (rc != PT_OK)
        return rc;
    c->categories = pt_taxonomy_complaint(x->opt->taxonomy, c->issue, issue_len, c->sub_issue,
                                          sub_len, c->narrative, strlen(c->narrative), NULL);
    return PT_OK;
}

/* One record: PT_OK whether accepted, filtered or rejected. */
static enum pt_code one_row(struct cl_ctx *x, const long *col, const struct pt_record *rec,
                            struct pt_error *err)
{
    struct pt_complaint c;
    memset(&c, 0, sizeof c);
    int rejected = 0;
    enum pt_code rc;
    if ((rc = cl_date(x, rec, col[F_DATE], PT_DATE_ISO | PT_DATE_MDY, 1, &c.date_received,
                      &rejected, err)) != PT_OK || rejected)
        return rc;
    if ((rc = cl_required(x, rec, col[F_COMPANY], &c.company, &rejected, err)) != PT_OK ||
        rejected)
        return rc;
    if ((rc = cl_date(x, rec, col[F_SENT], PT_DATE_ISO | PT_DATE_MDY, 0, &c.date_sent,
                      &rejected, err)) != PT_OK || rejected)
        return rc;
    size_t len;
    const char *id = cl_field(rec, col[F_ID], &len);
    c.id = len ? id : cl_default_id(x, rec);
    size_t product_len, sub_product_len, issue_len, sub_issue_len;
    c.product_raw = cl_field(rec, col[F_PRODUCT], &product_len);
    c.sub_product = cl_field(rec, col[F_SUBPRODUCT], &sub_product_len);
    c.product = cl_product_current(x, &c, product_len, sub_product_len);
    c.issue = cl_field(rec, col[F_ISSUE], &issue_len);
    c.sub_issue = cl_field(rec, col[F_SUBISSUE], &sub_issue_len);
    c.narrative = NULL;
    if (x->opt->narratives && (rc = narrative(x, col, &c, err)) != PT_OK)
        return rc;
    c.state = cl_field(rec, col[F_STATE], NULL);
    c.channel = cl_field(rec, col[F_CHANNEL], NULL);
    c.company_response = cl_field(rec, col[F_RESPONSE], &len);
    c.response = cl_response(x, c.company_response, len);
    const char *timely = cl_field(rec, col[F_TIMELY], &len);
    c.timely = pt_timely_parse(timely, len);
    c.demand = c.status = "";
    c.currency = "USD";
    if ((rc = categories(x, col, &c, issue_len, sub_issue_len, err)) != PT_OK)
        return rc;
    if (c.narrative == NULL)
        c.narrative = "";   /* not read: nothing asked for it */
    return cl_emit(x, &c, rec, err);
}

enum pt_code pt_load_cfpb_rows(struct cl_ctx *x, struct pt_error *err)
{
    long col[F_COUNT];
    find_columns(x->r, col);
    struct pt_record rec;
    enum pt_code rc = pt_csv_reader_check_unique(x->r, col, F_COUNT, err);
    if (rc != PT_OK)
        return rc;
    /* Only the columns one_row reads are copied; consent, disputed, ZIP,
     * tags and the public response are skipped (still checked). */
    if ((rc = cl_select(x, col, F_COUNT, F_CONSENT, F_DISPUTED,
                        x->opt->narratives ? -1 : F_NARRATIVE, err)) != PT_OK)
        return rc;
    while ((rc = pt_csv_reader_next(x->r, &rec, err)) == PT_OK)
        if ((rc = one_row(x, col, &rec, err)) != PT_OK)
            return rc;
    return rc == PT_EOF ? PT_OK : rc;
}

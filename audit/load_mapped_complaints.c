/* load_mapped_complaints.c: complaints from any CSV through --map.
 *
 * The map (colmap.h) names the source column of each canonical field
 * (complaint.h): date_received and company are required, every other field
 * optional. Dates in any format date.h knows (YYYY-MM-DD with or without a
 * time, MM/DD/YYYY, M/D/YYYY, YYYY年M月D日); timely Yes/No; company_response
 * in the CFPB's words; amount in the input's currency (--currency, else
 * XXX) with its minor digits. Category: the CFPB issue crosswalk when the
 * issue is a CFPB issue, else the PBOC reason, else the keyword rules on
 * issue, sub-issue, narrative and demand. Products renamed by the CFPB are
 * mapped like in load_cfpb.c (a no-op for other product names). */
#include "audit/load_complaints_internal.h"


#include <string.h>

#include "audit/colmap.h"
#include "audit/date.h"
#include "audit/money.h"
#include "audit/taxonomy.h"

enum { M_ID, M_DATE, M_COMPANY, M_PRODUCT, M_SUBPRODUCT, M_ISSUE, M_SUBISSUE, M_NARRATIVE,
       M_STATE, M_CHANNEL, M_SENT, M_RESPONSE, M_TIMELY, M_DEMAND, M_AMOUNT, M_STATUS, M_COUNT };

static const struct pt_colmap_field fields[M_COUNT] = {
    {"id", 0}, {"date_received", 1}, {"company", 1}, {"product", 0}, {"sub_product", 0},
    {"issue", 0}, {"sub_issue", 0}, {"narrative", 0}, {"state", 0}, {"channel", 0},
    {"date_sent", 0}, {"company_response", 0}, {"timely", 0}, {"demand", 0}, {"amount", 0},
    {"status", 0},
};

static uint32_t categories(const struct cl_ctx *x, const struct pt_complaint *c)
{
    enum pt_category cat;
    const struct pt_taxonomy *t = x->opt->taxonomy;
    if (t != NULL && pt_taxonomy_cfpb_issue(t, c->issue, strlen(c->issue), c->sub_issue,
                                            strlen(c->sub_issue), &cat))
        return PT_CAT_BIT(cat);
    if (t != NULL && pt_taxonomy_pboc_reason(t, c->issue, strlen(c->issue), &cat))
        return PT_CAT_BIT(cat);
    const char *texts[] = {c->issue, c->sub_issue, c->narrative, c->demand};
    return cl_classify(x->opt, texts, 4);
}

static enum pt_code amount(struct cl_ctx *x, const struct pt_record *rec, long col,
                           struct pt_complaint *c, int *rejected, struct pt_error *err)
{
    size_t len;
    const char *v = cl_field(rec, col, &len);
    size_t i = 0;
    while (i < len && (v[i] == ' ' || v[i] == '\t'))
        i++;
    if (i == len)
        return PT_OK;
    struct pt_error perr;
    int rounded = 0;
    if (pt_money_parse(v, len, pt_currency_minor_digits(c->currency),
                       PT_NUM_THOUSANDS_OK | PT_NUM_CURRENCY_OK, &c->amount_minor, &rounded,
                       &perr) == PT_OK) {
        c->has_amount = 1;
        return PT_OK;
    }
    *rejected = 1;
    return cl_reject(x, col, PT_REASON_BAD_NUMBER, perr.msg, err);
}

static enum pt_code one_row(struct cl_ctx *x, const long *col, const struct pt_record *rec,
                            struct pt_error *err)
{
    struct pt_complaint c;
    memset(&c, 0, sizeof c);
    int rejected = 0;
    enum pt_code rc;
    const unsigned formats = PT_DATE_ISO | PT_DATE_MDY | PT_DATE_CN;
    if ((rc = cl_date(x, rec, col[M_DATE], formats, 1, &c.date_received, &rejected, err)) !=
            PT_OK || rejected)
        return rc;
    if ((rc = cl_required(x, rec, col[M_COMPANY], &c.company, &rejected, err)) != PT_OK ||
        rejected)
        return rc;
    if ((rc = cl_date(x, rec, col[M_SENT], formats, 0, &c.date_sent, &rejected, err)) !=
            PT_OK || rejected)
        return rc;
    c.currency = x->opt->currency ? x->opt->currency : "XXX";
    if ((rc = amount(x, rec, col[M_AMOUNT], &c, &rejected, err)) != PT_OK || rejected)
        return rc;
    size_t len;
    const char *id = cl_field(rec, col[M_ID], &len);
    c.id = len ? id : cl_default_id(x, rec);
    c.product_raw = cl_field(rec, col[M_PRODUCT], NULL);
    c.sub_product = cl_field(rec, col[M_SUBPRODUCT], NULL);
    c.product = cl_product_current(x, &c, strlen(c.product_raw), strlen(c.sub_product));
    c.issue = cl_field(rec, col[M_ISSUE], NULL);
    c.sub_issue = cl_field(rec, col[M_SUBISSUE], NULL);
    c.narrative = cl_field(rec, col[M_NARRATIVE], NULL);
    c.state = cl_field(rec, col[M_STATE], NULL);
    c.channel = cl_field(rec, col[M_CHANNEL], NULL);
    c.company_response = cl_field(rec, col[M_RESPONSE], &len);
    c.response = cl_response(x, c.company_response, len);
    const char *timely = cl_field(rec, col[M_TIMELY], &len);
    c.timely = pt_timely_parse(timely, len);
    c.demand = cl_field(rec, col[M_DEMAND], NULL);
    c.status = cl_field(rec, col[M_STATUS], NULL);
    c.categories = x->opt->no_categories ? PT_CAT_BIT(PT_CAT_OTHER) : categories(x, &c);
    return cl_emit(x, &c, rec, err);
}

enum pt_code pt_load_mapped_complaint_rows(struct cl_ctx *x, struct pt_error *err)
{
    if (x->opt->map == NULL)
        return pt_error_set(err, PT_EUSAGE, NULL, "%s: --from mapped needs --map FILE",
                            x->path);
    long col[M_COUNT];
    enum pt_code rc = pt_colmap_resolve(x->opt->map, fields, M_COUNT, x->r, col, err);
    if (rc == PT_OK)
        rc = pt_csv_reader_check_unique(x->r, col, M_COUNT, err);
    if (rc == PT_OK)   /* only the mapped columns are copied */
        rc = cl_select(x, col, M_COUNT, -1, -1, -1, err);
    if (rc != PT_OK)
        return rc;
    struct pt_record rec;
    while ((rc = pt_csv_reader_next(x->r, &rec, err)) == PT_OK)
        if ((rc = one_row(x, col, &rec, err)) != PT_OK)
            return rc;
    return rc == PT_EOF ? PT_OK : rc;
}

/* loan_table.c: see loan_table.h. */
#include "audit/loan_table.h"

#include <math.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"

struct pt_loan_table {
    struct pt_table_writer *w;   /* owned */
};

enum {
    L_ID, L_PLATFORM, L_PRODUCT, L_DATE, L_CURRENCY, L_PRINCIPAL, L_FINANCED, L_TERM, L_PPY,
    L_METHOD, L_QUOTED, L_APR, L_EAR, L_CHARGE, L_GAP, L_FEES, L_O24, L_O36, L_O4LPR,
    L_PUB_RATE, L_RECOMP, L_DISAGREE, L_PUB_APR, L_FEE, L_FEE_SHARE, L_SOURCE, L_FILE, L_LINE,
    L_N
};

static const struct pt_column columns[L_N] = {
    {"loan_id", PT_COL_TEXT, 0},          {"platform", PT_COL_TEXT, 0},
    {"product", PT_COL_TEXT, 0},          {"date", PT_COL_TEXT, 0},
    {"currency", PT_COL_TEXT, 0},         {"principal", PT_COL_MONEY, 2},
    {"amount_financed", PT_COL_MONEY, 2}, {"term", PT_COL_INT, 0},
    {"periods_per_year", PT_COL_NUMBER, 4}, {"method", PT_COL_TEXT, 0},
    {"quoted_annual_rate", PT_COL_RATE, 0}, {"apr", PT_COL_RATE, 0},
    {"ear", PT_COL_RATE, 0},              {"finance_charge", PT_COL_MONEY, 2},
    {"gap", PT_COL_RATE, 0},              {"fees_known", PT_COL_TEXT, 0},
    {"over_24", PT_COL_TEXT, 0},          {"over_36", PT_COL_TEXT, 0},
    {"over_4lpr", PT_COL_TEXT, 0},        {"published_rate", PT_COL_RATE, 0},
    {"recomputed_rate", PT_COL_RATE, 0},  {"rate_disagrees", PT_COL_TEXT, 0},
    {"published_apr", PT_COL_RATE, 0},    {"implied_fee", PT_COL_MONEY, 2},
    {"implied_fee_share", PT_COL_RATE, 0}, {"source", PT_COL_TEXT, 0},
    {"file", PT_COL_TEXT, 0},             {"line", PT_COL_INT, 0}};

enum pt_code pt_loan_table_begin(struct pt_loan_table **out, FILE *f, enum pt_table_format format,
                                 struct pt_error *err)
{
    struct pt_loan_table *t = pt_calloc(1, sizeof *t);
    if (t == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for the loan table");
    enum pt_code rc = pt_table_begin(&t->w, f, format, "ptaudit.loans/1", columns, L_N, 0, err);
    if (rc != PT_OK) {
        pt_free(t);
        return rc;
    }
    *out = t;
    return PT_OK;
}

/* Empty text is a missing value (CSV empty cell, JSON null). */
static struct pt_cell text(const char *s)
{
    return *s ? pt_cell_text(s, strlen(s)) : pt_cell_missing();
}

/* A value that prints as zero at 10 decimals (|v| < 5e-11, e.g. APR minus
 * quoted rate within the solver's tolerance) prints as 0.0000000000, never
 * with a minus sign. */
static struct pt_cell rate(double v)
{
    if (isnan(v))
        return pt_cell_missing();
    return pt_cell_double(fabs(v) < 5e-11 ? 0.0 : v);
}

/* Minor units rescaled to 2 digits (exact for 0..2-digit currencies). */
static struct pt_cell money(int64_t minor, int digits)
{
    if (minor == INT64_MIN)
        return pt_cell_missing();
    for (; digits < 2; digits++)
        minor *= 10;
    for (; digits > 2; digits--)
        minor /= 10;
    return pt_cell_int(minor);
}

enum pt_code pt_loan_table_row(struct pt_loan_table *t, const struct pt_loan *l,
                               const char *platform, struct pt_error *err)
{
    struct pt_cell c[L_N];
    char day[16];
    int checked = !isnan(l->recomputed_rate) || l->rate_disagrees;
    c[L_ID] = text(l->loan_id);
    c[L_PLATFORM] = text(platform ? platform : l->platform);
    c[L_PRODUCT] = text(l->product);
    c[L_DATE] = l->day == PT_DAY_UNKNOWN ? pt_cell_missing()
                                         : text(pt_date_format(l->day, day, sizeof day));
    c[L_CURRENCY] = text(l->currency);
    c[L_PRINCIPAL] = money(l->principal_minor, l->minor_digits);
    c[L_FINANCED] = money(l->amount_financed_minor, l->minor_digits);
    c[L_TERM] = l->term ? pt_cell_int(l->term) : pt_cell_missing();
    c[L_PPY] = pt_cell_double(l->periods_per_year);
    c[L_METHOD] = text(l->method);
    c[L_QUOTED] = rate(l->quoted_annual_rate);
    c[L_APR] = rate(l->apr);
    c[L_EAR] = rate(l->ear);
    c[L_CHARGE] = money(l->finance_charge_minor, l->minor_digits);
    c[L_GAP] = rate(l->apr - l->quoted_annual_rate);
    c[L_FEES] = text(pt_fees_known_name(l->fees_known));
    c[L_O24] = text(pt_legal_flag_name(l->over_24));
    c[L_O36] = text(pt_legal_flag_name(l->over_36));
    c[L_O4LPR] = text(pt_legal_flag_name(l->over_4lpr));
    c[L_PUB_RATE] = rate(l->published_rate);
    c[L_RECOMP] = rate(l->recomputed_rate);
    c[L_DISAGREE] = checked ? text(l->rate_disagrees ? "yes" : "no") : pt_cell_missing();
    c[L_PUB_APR] = rate(l->published_apr);
    c[L_FEE] = money(l->implied_fee_minor, l->minor_digits);
    c[L_FEE_SHARE] = rate(l->implied_fee_share);
    c[L_SOURCE] = text(l->source);
    c[L_FILE] = text(l->loc.path);
    c[L_LINE] = pt_cell_int((int64_t)l->loc.line);
    return pt_table_row(t->w, c, err);
}

enum pt_code pt_loan_table_end(struct pt_loan_table *t, struct pt_error *err)
{
    enum pt_code rc = pt_table_end(t->w, err);
    pt_free(t);
    return rc;
}

void pt_loan_table_abort(struct pt_loan_table *t)
{
    if (t == NULL)
        return;
    pt_table_abort(t->w);
    pt_free(t);
}

/* load_offers.c: the native `offers` format, one installment offer per row
 * (CONTRACT.md "Loan inputs"): required loan_id, principal, term, rate;
 * optional platform, product, date, currency, method, frequency or
 * periods_per_year, upfront_fee, periodic_fee, fee_rate (alias
 * periodic_fee_rate), final_fee, advertised_rate, advertised_basis, source.
 * apr is solved by schedule.h on the exact schedule with every fee (the same
 * code as `ptaudit apr`, so both commands print the same number for one
 * offer); quoted_annual_rate is advertised_rate annualized by its basis
 * (day x 365, or 360 with --days-per-year 360; month x 12; year x 1;
 * period x periods_per_year), else rate x periods_per_year.
 * advertised_basis `none` (our addition to the contract) says nothing was
 * advertised: the quoted rate stays missing. A contract rate derived from
 * published payments (datasets/README.md) is not what any platform quoted,
 * and a gap against it would be an invented figure.
 * `mapped` is the same record under other column names: a --map file names
 * the source column of each offers field (loan_id optional: FILE#RECORD). */
#include <math.h>
#include <string.h>

#include "audit/date.h"
#include "audit/load_common.h"
#include "audit/money.h"
#include "audit/schedule.h"

enum {
    C_ID, C_PRINCIPAL, C_TERM, C_RATE, C_PLATFORM, C_PRODUCT, C_DATE, C_CURRENCY, C_METHOD,
    C_FREQUENCY, C_PPY, C_UPFRONT, C_PERIODIC, C_FEE_RATE, C_FINAL, C_ADV_RATE, C_ADV_BASIS,
    C_SOURCE, C_FEE_RATE_ALIAS, C_N
};

static const char *const names[] = {
    "loan_id", "principal", "term", "rate", "platform", "product", "date", "currency", "method",
    "frequency", "periods_per_year", "upfront_fee", "periodic_fee", "fee_rate", "final_fee",
    "advertised_rate", "advertised_basis", "source", "periodic_fee_rate", NULL};

enum pt_code pt_offers_bind(const struct pt_header *h, const struct pt_loc *loc,
                            struct pt_cols *cols, struct pt_error *err)
{
    cols->layout = PT_LC_NONE;
    enum pt_code rc = pt_cols_bind(h, "offers", names, 4, loc, cols, err);
    if (rc == PT_OK && cols->c[C_FEE_RATE] < 0)
        cols->c[C_FEE_RATE] = cols->c[C_FEE_RATE_ALIAS];
    return rc;
}

enum pt_code pt_mapped_bind(const struct pt_colmap *map, const struct pt_csv_reader *r,
                            struct pt_cols *cols, struct pt_error *err)
{
    struct pt_colmap_field fields[C_N];
    for (int i = 0; i < C_N; i++) {
        fields[i].name = names[i];
        fields[i].required = i == C_PRINCIPAL || i == C_TERM || i == C_RATE;
    }
    cols->layout = PT_LC_NONE;
    cols->mapped = 1;
    for (int i = 0; i < PT_MAX_COLS; i++)
        cols->c[i] = -1;
    enum pt_code rc = pt_colmap_resolve(map, fields, C_N, r, cols->c, err);
    if (rc == PT_OK && cols->c[C_FEE_RATE] < 0)
        cols->c[C_FEE_RATE] = cols->c[C_FEE_RATE_ALIAS];
    return rc;
}

/* An optional exact decimal (rates): empty gives 0. */
static int opt_decimal(const struct pt_row *row, long col, struct pt_decimal *out,
                       struct pt_row_problem *p)
{
    size_t len;
    const char *s = pt_row_field(row, col, &len);
    struct pt_error e;
    out->units = 0;
    out->scale = 0;
    if (pt_row_empty(row, col))
        return 1;
    if (pt_decimal_parse(s, len, PT_NUM_PERCENT_OK, out, &e) != PT_OK || out->units < 0)
        return pt_row_bad(row, col, PT_REASON_BAD_NUMBER, "a rate such as 0.003 or 0.3%", p);
    return 1;
}

static int opt_money(struct pt_row *row, long col, int digits, int64_t *out,
                     struct pt_row_problem *p)
{
    *out = 0;
    return pt_row_empty(row, col) || pt_row_money(row, col, digits, out, p);
}

/* method, frequency / periods_per_year. */
static int offer_shape(const struct pt_cols *cols, const struct pt_row *row, struct pt_offer *o,
                       struct pt_row_problem *p)
{
    struct pt_error e;
    o->method = PT_METHOD_ANNUITY;
    o->periods_per_year = 12;
    long c = cols->c[C_METHOD];
    if (!pt_row_empty(row, c) &&
        pt_method_parse(pt_row_field(row, c, NULL), &o->method, &e) != PT_OK)
        return pt_row_bad(row, c, PT_REASON_BAD_VALUE,
                          "annuity, equal-principal, flat, interest-only or bullet", p);
    c = cols->c[C_PPY];
    if (!pt_row_empty(row, c)) {
        if (pt_ppy_parse(pt_row_field(row, c, NULL), &o->periods_per_year, &e) != PT_OK)
            return pt_row_bad(row, c, PT_REASON_BAD_NUMBER, "a number such as 12 or 365/14", p);
        return 1;
    }
    c = cols->c[C_FREQUENCY];
    if (!pt_row_empty(row, c) &&
        pt_frequency_parse(pt_row_field(row, c, NULL), &o->periods_per_year, &e) != PT_OK)
        return pt_row_bad(row, c, PT_REASON_BAD_VALUE,
                          "monthly, semimonthly, biweekly, weekly, daily, quarterly or yearly", p);
    return 1;
}

/* advertised_rate x basis, else NAN (the caller falls back to rate x ppy
 * unless *none: the row says nothing was advertised). */
static int advertised(const struct pt_cols *cols, const struct pt_row *row, double ppy,
                      double *out, int *none, struct pt_row_problem *p)
{
    *out = NAN;
    *none = !pt_row_empty(row, cols->c[C_ADV_BASIS]) &&
            strcmp(pt_row_field(row, cols->c[C_ADV_BASIS], NULL), "none") == 0;
    if (*none) {
        if (!pt_row_empty(row, cols->c[C_ADV_RATE]))
            return pt_row_bad(row, cols->c[C_ADV_RATE], PT_REASON_BAD_VALUE,
                              "no advertised_rate with advertised_basis none", p);
        return 1;
    }
    if (pt_row_empty(row, cols->c[C_ADV_RATE]))
        return 1;
    double r;
    if (!pt_row_rate(row, cols->c[C_ADV_RATE], &r, p))
        return 0;
    const char *b = pt_row_field(row, cols->c[C_ADV_BASIS], NULL);
    double k;
    if (pt_row_empty(row, cols->c[C_ADV_BASIS]) || strcmp(b, "period") == 0)
        k = ppy;
    else if (strcmp(b, "day") == 0)
        k = row->opt->days_per_year == 360 ? 360 : 365;
    else if (strcmp(b, "month") == 0)
        k = 12;
    else if (strcmp(b, "year") == 0)
        k = 1;
    else
        return pt_row_bad(row, cols->c[C_ADV_BASIS], PT_REASON_BAD_VALUE,
                          "day, month, year, period or none", p);
    *out = r * k;
    return 1;
}

/* Column of the field a schedule.h message names ("term: expected ..."). */
static long message_column(const struct pt_cols *cols, const char *msg)
{
    const char *colon = strchr(msg, ':');
    if (colon == NULL)
        return -1;
    size_t len = (size_t)(colon - msg);
    for (int i = 0; names[i] != NULL; i++)
        if (strlen(names[i]) == len && memcmp(names[i], msg, len) == 0)
            return cols->c[i];
    return -1;
}

static int offer_terms(const struct pt_cols *cols, struct pt_row *row, struct pt_loan *loan,
                       struct pt_offer *o, struct pt_row_problem *p)
{
    memset(o, 0, sizeof *o);
    const long *c = cols->c;
    o->minor_digits = loan->minor_digits;
    if (!pt_row_money(row, c[C_PRINCIPAL], o->minor_digits, &o->principal_minor, p) ||
        !pt_row_term(row, c[C_TERM], &loan->term, p))
        return 0;
    if (o->principal_minor <= 0)
        return pt_row_bad(row, c[C_PRINCIPAL], PT_REASON_BAD_VALUE, "an amount above 0", p);
    o->term = (int)loan->term;
    if (pt_row_empty(row, c[C_RATE]))
        return pt_row_bad(row, c[C_RATE], PT_REASON_MISSING_FIELD, "a rate per period", p);
    return opt_decimal(row, c[C_RATE], &o->rate, p) && offer_shape(cols, row, o, p) &&
           opt_money(row, c[C_UPFRONT], o->minor_digits, &o->upfront_fee_minor, p) &&
           opt_money(row, c[C_PERIODIC], o->minor_digits, &o->periodic_fee_minor, p) &&
           opt_decimal(row, c[C_FEE_RATE], &o->fee_rate, p) &&
           opt_money(row, c[C_FINAL], o->minor_digits, &o->final_fee_minor, p) &&
           pt_row_date(row, c[C_DATE], PT_DATE_ISO, 0, &loan->day, p);
}

static void offer_labels(const struct pt_cols *cols, const struct pt_row *row,
                         struct pt_loan *loan)
{
    const long *c = cols->c;
    loan->platform = pt_row_field(row, c[C_PLATFORM], NULL);
    loan->product = pt_row_field(row, c[C_PRODUCT], NULL);
    loan->source = pt_row_field(row, c[C_SOURCE], NULL);
    if (!pt_row_empty(row, c[C_CURRENCY]))
        loan->currency = pt_row_field(row, c[C_CURRENCY], NULL);
    else if (row->opt->currency != NULL)
        loan->currency = row->opt->currency;
    loan->minor_digits = pt_currency_minor_digits(loan->currency);
}

/* What follows the solve: the quoted rate (advertised, else rate x ppy). */
static enum pt_row_result offer_finish(const struct pt_cols *cols, struct pt_row *row,
                                       const struct pt_offer *o, struct pt_loan *loan,
                                       struct pt_row_problem *p)
{
    loan->method = pt_method_name(o->method);
    loan->periods_per_year = o->periods_per_year;
    loan->principal_minor = o->principal_minor;
    int none;
    if (!advertised(cols, row, o->periods_per_year, &loan->quoted_annual_rate, &none, p))
        return PT_ROW_BAD;
    /* pt_offer_result.quoted_annual_rate's expression (schedule.c). */
    if (isnan(loan->quoted_annual_rate) && !none)
        loan->quoted_annual_rate = pt_decimal_to_double(o->rate) * o->periods_per_year;
    return PT_ROW_LOAN;
}

enum pt_row_result pt_offers_row(const struct pt_cols *cols, struct pt_row *row,
                                 struct pt_loan *loan, struct pt_row_problem *p)
{
    struct pt_offer o;
    struct pt_offer_result res;
    struct pt_error e;
    pt_loan_clear(loan);
    loan->format = cols->mapped ? PT_LOAN_MAPPED : PT_LOAN_OFFERS;
    loan->fees_known = PT_FEES_YES;
    pt_row_id(row, cols->c[C_ID], loan);
    offer_labels(cols, row, loan);
    if (!offer_terms(cols, row, loan, &o, p))
        return PT_ROW_BAD;
    /* Piped load: a rate that surely exists is solved on the worker; the
     * record's fate no longer depends on it. */
    if (row->defer != NULL && pt_offer_validate(&o, &e) == PT_OK && pt_offer_solvable(&o)) {
        *row->defer = o;
        row->deferred = 1;
        return offer_finish(cols, row, &o, loan, p);
    }
    if (pt_offer_evaluate(&o, 0, NULL, &res, &e) != PT_OK)
        return pt_problem(p, message_column(cols, e.msg),
                          e.code == PT_EINVAL ? PT_REASON_BAD_VALUE : PT_REASON_NO_RATE, "%s",
                          e.msg);
    loan->amount_financed_minor = res.amount_financed_minor;
    loan->finance_charge_minor = res.finance_charge_minor;
    loan->apr = res.rate.apr;
    return offer_finish(cols, row, &o, loan, p);
}

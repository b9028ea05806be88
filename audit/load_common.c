/* load_common.c: field parsing and problem reporting shared by the loan
 * loaders (load_common.h). */
#include "audit/csv_reader.h"
#include "audit/load_common.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit/apr.h"
#include "audit/date.h"
#include "audit/idset.h"
#include "audit/money.h"

static int same_name(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    pt_csv_trim_blanks(&a, &la);
    pt_csv_trim_blanks(&b, &lb);
    return la == lb && memcmp(a, b, la) == 0;
}

enum pt_code pt_header_check_unique(const struct pt_header *h, const struct pt_loc *loc,
                                    const long *cols, size_t n, struct pt_error *err)
{
    for (size_t k = 0; k < n; k++) {
        if (cols[k] < 0 || (size_t)cols[k] >= h->n)
            continue;
        long again = -1;
        for (size_t j = 0; j < h->n && again < 0; j++)
            if (j != (size_t)cols[k] && same_name(h->names[j], h->names[cols[k]]))
                again = (long)j;
        if (again < 0)
            continue;
        struct pt_loc at = *loc;
        long first = again < cols[k] ? again : cols[k];
        at.column = (uint32_t)((again > cols[k] ? again : cols[k]) + 1);
        char q[160];
        const char *name = h->names[cols[k]];
        return pt_error_set(err, PT_EDATA, &at,
                            "%s: expected each column name once in the header, found it "
                            "again (first at column %ld)",
                            pt_error_quote(name, strlen(name), 100, q, sizeof q), first + 1);
    }
    return PT_OK;
}

long pt_header_find(const struct pt_header *h, const char *name)
{
    size_t want = strlen(name);
    for (size_t i = 0; i < h->n; i++) {
        const char *s = h->names[i];
        size_t len = strlen(s);
        pt_csv_trim_blanks(&s, &len);
        if (len == want && memcmp(s, name, len) == 0)
            return (long)i;
    }
    return -1;
}

const char *pt_row_field(const struct pt_row *row, long col, size_t *len)
{
    if (col < 0 || (size_t)col >= row->rec->n_fields) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = row->rec->lens[col];
    return row->rec->fields[col];
}

int pt_row_empty(const struct pt_row *row, long col)
{
    size_t len;
    const char *s = pt_row_field(row, col, &len);
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

const char *pt_row_colname(const struct pt_row *row, long col)
{
    if (col < 0 || (size_t)col >= row->hdr->n)
        return "";
    return row->hdr->names[col];
}

int pt_problem(struct pt_row_problem *p, long col, enum pt_reason reason, const char *fmt, ...)
{
    va_list ap;
    p->column = col;
    p->reason = reason;
    va_start(ap, fmt);
    vsnprintf(p->detail, sizeof p->detail, fmt, ap);
    va_end(ap);
    return 0;
}

/* "NAME: expected WHAT, found "TEXT"" with the text escaped and cut. */
int pt_row_bad(const struct pt_row *row, long col, enum pt_reason reason, const char *what,
                     struct pt_row_problem *p)
{
    size_t len;
    const char *s = pt_row_field(row, col, &len);
    char quoted[80];
    if (pt_row_empty(row, col))
        return pt_problem(p, col, PT_REASON_MISSING_FIELD, "%s: expected %s, found an empty field",
                          pt_row_colname(row, col), what);
    pt_error_quote(s, len, 48, quoted, sizeof quoted);
    return pt_problem(p, col, reason, "%s: expected %s, found \"%s\"", pt_row_colname(row, col),
                      what, quoted);
}

int pt_row_money(struct pt_row *row, long col, int minor_digits, int64_t *out,
                 struct pt_row_problem *p)
{
    size_t len;
    const char *s = pt_row_field(row, col, &len);
    struct pt_error e;
    int rounded = 0;
    if (pt_row_empty(row, col) ||
        pt_money_parse(s, len, minor_digits, PT_NUM_THOUSANDS_OK | PT_NUM_CURRENCY_OK, out,
                       &rounded, &e) != PT_OK)
        return pt_row_bad(row, col, PT_REASON_BAD_NUMBER, "an amount such as 1234.56", p);
    row->money_rounded += rounded;
    return 1;
}

int pt_row_rate(const struct pt_row *row, long col, double *out, struct pt_row_problem *p)
{
    size_t len;
    const char *s = pt_row_field(row, col, &len);
    struct pt_decimal d;
    struct pt_error e;
    if (pt_row_empty(row, col) || pt_decimal_parse(s, len, PT_NUM_PERCENT_OK, &d, &e) != PT_OK)
        return pt_row_bad(row, col, PT_REASON_BAD_NUMBER, "a rate such as 0.1356 or 13.56%", p);
    *out = pt_decimal_to_double(d);
    return 1;
}

int pt_row_term(const struct pt_row *row, long col, uint32_t *out, struct pt_row_problem *p)
{
    size_t len;
    const char *s = pt_row_field(row, col, &len);
    size_t i = 0;
    uint64_t v = 0;
    while (i < len && s[i] == ' ')
        i++;
    size_t start = i;
    while (i < len && s[i] >= '0' && s[i] <= '9' && v <= UINT32_MAX)
        v = v * 10 + (uint64_t)(s[i++] - '0');
    int digits = i > start;
    if (i + 7 <= len && memcmp(s + i, " months", 7) == 0)
        i += 7;
    while (i < len && s[i] == ' ')
        i++;
    if (!digits || i != len || v > UINT32_MAX)
        return pt_row_bad(row, col, PT_REASON_BAD_NUMBER,
                         "a whole number of periods such as 36 or \" 36 months\"", p);
    if (v == 0)
        return pt_row_bad(row, col, PT_REASON_BAD_VALUE, "a term of at least 1 period", p);
    if (v > 100000)
        return pt_row_bad(row, col, PT_REASON_BAD_VALUE, "a term of at most 100000 periods", p);
    *out = (uint32_t)v;
    return 1;
}

int pt_row_date(const struct pt_row *row, long col, unsigned formats, int required,
                int32_t *out, struct pt_row_problem *p)
{
    size_t len;
    const char *s = pt_row_field(row, col, &len);
    struct pt_error e;
    if (pt_row_empty(row, col) && !required) {
        *out = PT_DAY_UNKNOWN;
        return 1;
    }
    if (pt_row_empty(row, col) || pt_date_parse(s, len, formats, out, &e) != PT_OK)
        return pt_row_bad(row, col, PT_REASON_BAD_DATE,
                         formats & PT_DATE_MON_YYYY ? "a date such as 2011-12-01 or Dec-2011"
                                                    : "a date such as 2024-03-31",
                         p);
    return 1;
}

void pt_row_id(struct pt_row *row, long col, struct pt_loan *loan)
{
    if (!pt_row_empty(row, col)) {
        size_t len;
        loan->loan_id = pt_row_field(row, col, &len);
        row->id_from_source = 1;
        row->id_column = col;
        if (row->ids != NULL) {
            pt_idset_fingerprint(loan->loan_id, len, row->id_fp);
            pt_idset_prefetch(row->ids, row->id_fp);
            row->fp_of = loan->loan_id;
        }
        return;
    }
    snprintf(row->id_buf, sizeof row->id_buf, "%s#%llu", row->path,
             (unsigned long long)row->record_number);
    loan->loan_id = row->id_buf;
    row->id_from_source = 0;
    row->id_column = -1;
}

int pt_level_rate(double principal, double payment, uint32_t n, double *rate)
{
    struct pt_error e;
    if (n == 0 || !(payment * (double)n >= principal))
        return 0;
    return pt_apr_level_rate(principal, payment, (int)n, rate, &e) == PT_OK;
}

void pt_loan_clear(struct pt_loan *loan)
{
    memset(loan, 0, sizeof *loan);
    loan->loan_id = loan->platform = loan->product = loan->method = loan->source = "";
    loan->currency = "XXX";
    loan->minor_digits = 2;
    loan->day = PT_DAY_UNKNOWN;
    loan->finance_charge_minor = INT64_MIN;
    loan->implied_fee_minor = INT64_MIN;
    loan->quoted_annual_rate = loan->apr = loan->ear = NAN;
    loan->published_rate = loan->recomputed_rate = loan->published_apr = NAN;
    loan->implied_fee_share = NAN;
    loan->periods_per_year = 12;
    loan->over_24 = loan->over_36 = loan->over_4lpr = PT_LEGAL_UNKNOWN;
}

enum pt_code pt_cols_bind(const struct pt_header *h, const char *format,
                          const char *const *names, size_t n_required, const struct pt_loc *loc,
                          struct pt_cols *cols, struct pt_error *err)
{
    size_t i;
    for (i = 0; i < PT_MAX_COLS; i++)
        cols->c[i] = -1;
    for (i = 0; names[i] != NULL && i < PT_MAX_COLS; i++) {
        cols->c[i] = pt_header_find(h, names[i]);
        if (cols->c[i] < 0 && i < n_required)
            return pt_error_set(err, PT_EDATA, loc,
                                "%s input: required column \"%s\" missing (header has %zu "
                                "columns)",
                                format, names[i], h->n);
    }
    return PT_OK;
}

/* EAR from the APR, and the legal lines through legal.h (strict >, 4 x
 * LPR only for CNY loans dated from 2020-08-20). */
void pt_loan_derive(struct pt_loan *loan, const struct pt_lpr_table *lpr)
{
    double ppy = loan->periods_per_year;
    struct pt_legal legal;
    if (isfinite(loan->apr) && ppy > 0 && loan->apr / ppy > -1.0)
        loan->ear = expm1(ppy * log1p(loan->apr / ppy));
    pt_legal_check(lpr, loan->apr, loan->currency, loan->day, &legal);
    loan->over_24 = legal.over_24;
    loan->over_36 = legal.over_36;
    loan->over_4lpr = legal.over_4lpr;
}

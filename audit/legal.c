/* legal.c: rate lines and the LPR history (see legal.h). The LPR file is
 * small and ours, so it is read with a line splitter, not the CSV reader. */
#include "audit/legal.h"

#include <string.h>

#include "audit/date.h"
#include "audit/money.h"

extern const unsigned char pt_embed_lpr_1y[];
extern const size_t pt_embed_lpr_1y_len;

const char *pt_legal_flag_name(enum pt_legal_flag f)
{
    switch (f) {
    case PT_LEGAL_NO: return "no";
    case PT_LEGAL_YES: return "yes";
    case PT_LEGAL_NA: return "n/a";
    case PT_LEGAL_UNKNOWN: return "unknown";
    }
    return "unknown";
}

static enum pt_code row_fail(struct pt_error *err, size_t line, const char *what, const char *s,
                             size_t n)
{
    char q[96];
    struct pt_loc loc;
    pt_loc_set(&loc, "lpr_1y.csv", line, 0);
    pt_error_quote(s, n, 64, q, sizeof q);
    return pt_error_set(err, PT_EDATA, &loc, "expected %s, found \"%s\"", what, q);
}

/* One data row "YYYY-MM-DD,3.85" or "YYYY-MM-DD," into *c. */
static enum pt_code parse_row(const char *s, size_t n, size_t line, struct pt_lpr_change *c,
                              struct pt_error *err)
{
    struct pt_error e2;
    struct pt_decimal d;
    const char *comma = memchr(s, ',', n);
    size_t dn = comma ? (size_t)(comma - s) : n;
    if (comma == NULL || pt_date_parse(s, dn, PT_DATE_ISO, &c->day, &e2) != PT_OK)
        return row_fail(err, line, "YYYY-MM-DD,PERCENT", s, n);
    size_t rn = n - dn - 1;
    if (rn == 0) {
        c->rate_bp = -1;
        return PT_OK;
    }
    if (pt_decimal_parse(comma + 1, rn, 0, &d, &e2) != PT_OK || d.scale > 2 || d.units <= 0 ||
        d.units > 10000)
        return row_fail(err, line, "a rate in percent with at most 2 decimals", comma + 1, rn);
    c->rate_bp = (int32_t)(d.units * (d.scale == 0 ? 100 : d.scale == 1 ? 10 : 1));
    return PT_OK;
}

enum pt_code pt_lpr_table_parse(struct pt_lpr_table *t, const char *text, size_t len,
                                struct pt_error *err)
{
    size_t pos = 0, line = 0;
    int header = 0;
    t->n = 0;
    while (pos < len) {
        const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl != NULL);
        line++;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (n == 0 || s[0] == '#')
            continue;
        if (!header) {
            if (n != 29 || memcmp(s, "effective_date,lpr_1y_percent", 29) != 0)
                return row_fail(err, line, "the header effective_date,lpr_1y_percent", s, n);
            header = 1;
            continue;
        }
        if (t->n == PT_LPR_MAX)
            return row_fail(err, line, "at most 128 changes", s, n);
        struct pt_lpr_change *c = &t->changes[t->n];
        enum pt_code rc = parse_row(s, n, line, c, err);
        if (rc != PT_OK)
            return rc;
        if (t->n > 0 && c->day <= t->changes[t->n - 1].day)
            return row_fail(err, line, "dates in ascending order", s, n);
        t->n++;
    }
    if (t->n == 0)
        return row_fail(err, line, "at least one LPR row", "", 0);
    return PT_OK;
}

enum pt_code pt_lpr_table_builtin(struct pt_lpr_table *t, struct pt_error *err)
{
    return pt_lpr_table_parse(t, (const char *)pt_embed_lpr_1y, pt_embed_lpr_1y_len, err);
}

int pt_lpr_on(const struct pt_lpr_table *t, int32_t day, double *rate)
{
    size_t lo = 0, hi = t->n; /* first change after day */
    if (day == PT_DAY_UNKNOWN)
        return 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->changes[mid].day <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || t->changes[lo - 1].rate_bp < 0)
        return 0;
    *rate = t->changes[lo - 1].rate_bp / 10000.0;
    return 1;
}

void pt_legal_check(const struct pt_lpr_table *t, double apr, const char *currency, int32_t day,
                    struct pt_legal *out)
{
    double lpr;
    out->over_24 = apr > 0.24 ? PT_LEGAL_YES : PT_LEGAL_NO;
    out->over_36 = apr > 0.36 ? PT_LEGAL_YES : PT_LEGAL_NO;
    out->line_4lpr = 0;
    if (currency == NULL || strcmp(currency, "CNY") != 0)
        out->over_4lpr = PT_LEGAL_NA;
    else if (day == PT_DAY_UNKNOWN)
        out->over_4lpr = PT_LEGAL_UNKNOWN;
    else if (day < pt_date_from_ymd(PT_LPR_RULE_START_YMD))
        out->over_4lpr = PT_LEGAL_NA;
    else if (!pt_lpr_on(t, day, &lpr))
        out->over_4lpr = PT_LEGAL_UNKNOWN;
    else {
        out->line_4lpr = 4 * lpr;
        out->over_4lpr = apr > out->line_4lpr ? PT_LEGAL_YES : PT_LEGAL_NO;
    }
}

/* stats_rates.c: grouped APR distributions (stats_rates.h). */
#include "audit/stats_rates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"
#include "audit/histogram.h"
#include "audit/quantile.h"

#include "audit/uthash_pt.h"

#define NO_PERIOD INT32_MAX   /* sorts unknown dates last */

struct group {
    UT_hash_handle hh;
    char *hkey;                   /* owned: the serialized key */
    size_t hkey_len;
    uint32_t platform;            /* names group */
    char *product, *currency;     /* owned */
    int32_t month, quarter, year; /* NO_PERIOD when undated or not a key */
    int minor_digits;
    uint64_t n;
    int64_t volume_minor;
    struct pt_quantile apr, gap, fee_share;
    struct pt_wmean wmean;
    uint64_t over24, over36, lpr_yes, lpr_known;
    uint64_t rate_checked, rate_disagreed;
    struct pt_histogram hist;
};

struct pt_rate_stats {
    enum pt_rate_key keys[PT_RATE_MAX_KEYS];
    size_t n_keys;
    unsigned key_mask;            /* 1 << key */
    struct pt_names *names;       /* borrowed */
    struct group *table;
    char *scratch;                /* owned: key building */
    size_t scratch_cap;
};

static const char *const key_names[] = {"platform", "product", "month", "quarter", "year"};

const char *pt_rate_key_name(enum pt_rate_key k)
{
    return (unsigned)k < 5 ? key_names[k] : "?";
}

enum pt_code pt_rate_keys_parse(const char *text, enum pt_rate_key *keys, size_t *n_keys,
                                int *by_loan, struct pt_error *err)
{
    *n_keys = 0;
    *by_loan = strcmp(text, "loan") == 0;
    if (*by_loan)
        return PT_OK;
    unsigned seen = 0;
    const char *s = text;
    for (;;) {
        size_t len = strcspn(s, ",");
        size_t k;
        for (k = 0; k < 5; k++)
            if (strlen(key_names[k]) == len && memcmp(key_names[k], s, len) == 0)
                break;
        if (k == 5 || (seen & (1u << k)))
            return pt_error_set(err, PT_EUSAGE, NULL,
                                "--by: expected comma-separated platform, product, month, "
                                "quarter, year (each once) or loan, found \"%s\"",
                                text);
        seen |= 1u << k;
        keys[(*n_keys)++] = (enum pt_rate_key)k;
        if (s[len] == '\0')
            return PT_OK;
        s += len + 1;
    }
}

/* Matching key of s after aliases (names.h) into buf (size bytes; longer
 * names are cut, on both sides of a comparison alike). */
static const char *filter_key(const struct pt_names *names, const char *s, char *buf,
                              size_t size)
{
    const char *t = names ? pt_names_alias_target(names, s, strlen(s)) : NULL;
    if (t != NULL)
        s = t;
    size_t len = strlen(s);
    if (len + 1 > size)
        len = size - 1;
    pt_name_key(s, len, buf);
    return buf;
}

int pt_loan_filter_keep(const struct pt_loan_filter *f, const struct pt_loan *loan)
{
    char a[1024], b[1024];
    if (f->since != PT_DAY_UNKNOWN || f->until != PT_DAY_UNKNOWN) {
        if (loan->day == PT_DAY_UNKNOWN ||
            (f->since != PT_DAY_UNKNOWN && loan->day < f->since) ||
            (f->until != PT_DAY_UNKNOWN && loan->day > f->until))
            return 0;
    }
    if (f->product && strcmp(filter_key(f->names, loan->product, a, sizeof a),
                             filter_key(f->names, f->product, b, sizeof b)) != 0)
        return 0;
    if (f->n_companies == 0)
        return 1;
    filter_key(f->names, loan->platform, a, sizeof a);
    for (size_t i = 0; i < f->n_companies; i++)
        if (strcmp(a, filter_key(f->names, f->companies[i], b, sizeof b)) == 0)
            return 1;
    return 0;
}

enum pt_code pt_rate_stats_create(struct pt_rate_stats **out, const enum pt_rate_key *keys,
                                  size_t n_keys, struct pt_names *names, struct pt_error *err)
{
    struct pt_rate_stats *s = pt_calloc(1, sizeof *s);
    if (s == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for loan statistics");
    for (size_t i = 0; i < n_keys && i < PT_RATE_MAX_KEYS; i++) {
        s->keys[s->n_keys++] = keys[i];
        s->key_mask |= 1u << keys[i];
    }
    s->names = names;
    *out = s;
    return PT_OK;
}

static void group_free(struct group *g)
{
    pt_free(g->hkey);
    pt_free(g->product);
    pt_free(g->currency);
    pt_quantile_free(&g->apr);
    pt_quantile_free(&g->gap);
    pt_quantile_free(&g->fee_share);
    pt_free(g);
}

void pt_rate_stats_sort(struct pt_rate_stats *s)
{
    for (struct group *g = s->table; g != NULL; g = g->hh.next) {
        pt_quantile_sort(&g->apr);
        pt_quantile_sort(&g->gap);
        pt_quantile_sort(&g->fee_share);
    }
}

void pt_rate_stats_destroy(struct pt_rate_stats *s)
{
    if (s == NULL)
        return;
    struct group *g, *tmp;
    HASH_ITER(hh, s->table, g, tmp) {
        HASH_DEL(s->table, g);
        group_free(g);
    }
    pt_free(s->scratch);
    pt_free(s);
}

size_t pt_rate_stats_groups(const struct pt_rate_stats *s)
{
    return HASH_COUNT(s->table);
}

struct fixed_key {
    uint32_t platform;
    int32_t month, quarter, year;
};

/* Builds the serialized key of loan into s->scratch: fixed fields, the
 * currency, NUL, the tidied product. */
static enum pt_code build_key(struct pt_rate_stats *s, const struct pt_loan *loan,
                              struct fixed_key *fk, size_t *key_len, struct pt_error *err)
{
    memset(fk, 0, sizeof *fk);
    fk->month = fk->quarter = fk->year = NO_PERIOD;
    if (s->key_mask & (1u << PT_RKEY_PLATFORM)) {
        enum pt_code rc = pt_names_add(s->names, loan->platform, strlen(loan->platform),
                                       &fk->platform, err);
        if (rc != PT_OK)
            return rc;
    }
    if (loan->day != PT_DAY_UNKNOWN) {
        if (s->key_mask & (1u << PT_RKEY_MONTH))
            fk->month = pt_date_month_key(loan->day);
        if (s->key_mask & (1u << PT_RKEY_QUARTER))
            fk->quarter = pt_date_quarter_key(loan->day);
        if (s->key_mask & (1u << PT_RKEY_YEAR))
            fk->year = pt_date_year(loan->day);
    }
    const char *product = s->key_mask & (1u << PT_RKEY_PRODUCT) ? loan->product : "";
    size_t plen = strlen(product), clen = strlen(loan->currency);
    size_t need = sizeof *fk + clen + 1 + plen + 1;
    void *buf = s->scratch;
    if (pt_grow(&buf, &s->scratch_cap, need, 1) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for loan statistics");
    s->scratch = buf;
    memcpy(s->scratch, fk, sizeof *fk);
    memcpy(s->scratch + sizeof *fk, loan->currency, clen + 1);
    *key_len = sizeof *fk + clen + 1 + pt_name_tidy(product, plen, s->scratch + sizeof *fk + clen + 1);
    return PT_OK;
}

static enum pt_code group_find(struct pt_rate_stats *s, const struct pt_loan *loan,
                               struct group **out, struct pt_error *err)
{
    struct fixed_key fk;
    size_t len = 0;
    int ut_oom = 0;
    enum pt_code rc = build_key(s, loan, &fk, &len, err);
    if (rc != PT_OK)
        return rc;
    struct group *g = NULL;
    HASH_FIND(hh, s->table, s->scratch, len, g);
    if (g != NULL) {
        *out = g;
        return PT_OK;
    }
    g = pt_calloc(1, sizeof *g);
    if (g == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for loan statistics");
    g->hkey = pt_strndup(s->scratch, len);
    g->currency = pt_strdup(loan->currency);
    g->product = pt_strdup(s->scratch + sizeof fk + strlen(loan->currency) + 1);
    if (!g->hkey || !g->currency || !g->product) {
        group_free(g);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for loan statistics");
    }
    g->hkey_len = len;
    g->platform = fk.platform;
    g->month = fk.month;
    g->quarter = fk.quarter;
    g->year = fk.year;
    g->minor_digits = loan->minor_digits;
    HASH_ADD_KEYPTR(hh, s->table, g->hkey, g->hkey_len, g);
    if (ut_oom) {
        group_free(g);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for loan statistics");
    }
    *out = g;
    return PT_OK;
}

enum pt_code pt_rate_stats_add(struct pt_rate_stats *s, const struct pt_loan *loan,
                               struct pt_error *err)
{
    uint32_t platform;
    return pt_rate_stats_add_platform(s, loan, &platform, err);
}

enum pt_code pt_rate_stats_add_platform(struct pt_rate_stats *s, const struct pt_loan *loan,
                                        uint32_t *platform, struct pt_error *err)
{
    struct group *g = NULL;
    enum pt_code rc = group_find(s, loan, &g, err);
    if (rc != PT_OK)
        return rc;
    *platform = g->platform; /* 0 when platform is not a key (build_key) */
    if (__builtin_add_overflow(g->volume_minor, loan->principal_minor, &g->volume_minor))
        return pt_error_set(err, PT_ERANGE, &loan->loc,
                            "principal volume of a group overflows 64-bit minor units");
    if (isfinite(loan->apr)) {
        if ((rc = pt_quantile_add(&g->apr, loan->apr, err)) != PT_OK)
            return rc;
        pt_wmean_add(&g->wmean, loan->apr, (double)loan->principal_minor);
        pt_histogram_add(&g->hist, loan->apr);
        g->over24 += loan->over_24 == PT_LEGAL_YES;
        g->over36 += loan->over_36 == PT_LEGAL_YES;
    }
    if (loan->over_4lpr == PT_LEGAL_YES || loan->over_4lpr == PT_LEGAL_NO) {
        g->lpr_known++;
        g->lpr_yes += loan->over_4lpr == PT_LEGAL_YES;
    }
    if (isfinite(loan->apr) && isfinite(loan->quoted_annual_rate) &&
        (rc = pt_quantile_add(&g->gap, loan->apr - loan->quoted_annual_rate, err)) != PT_OK)
        return rc;
    if (isfinite(loan->implied_fee_share) &&
        (rc = pt_quantile_add(&g->fee_share, loan->implied_fee_share, err)) != PT_OK)
        return rc;
    if (!isnan(loan->recomputed_rate) || loan->rate_disagrees) {
        g->rate_checked++;
        g->rate_disagreed += (uint64_t)loan->rate_disagrees;
    }
    g->n++;
    return PT_OK;
}

/* ------------------------------------------------------------ output ---- */

enum col_id {
    COL_CURRENCY, COL_LOANS, COL_VOLUME, COL_MEAN, COL_WMEAN, COL_MIN, COL_P10, COL_P25,
    COL_MEDIAN, COL_P75, COL_P90, COL_MAX, COL_OVER24, COL_OVER36, COL_OVER4LPR, COL_GAP,
    COL_CHECKED, COL_DISAGREED, COL_FEE_P10, COL_FEE_MEDIAN, COL_FEE_P90, COL_BIN0,
    COL_KEY0 = COL_BIN0 + PT_HIST_BINS
};

struct col_def {
    const char *name;
    enum pt_col_type type;
};

static const struct col_def col_defs[COL_BIN0] = {
    {"currency", PT_COL_TEXT},           {"loans", PT_COL_INT},
    {"principal_volume", PT_COL_MONEY},  {"apr_mean", PT_COL_RATE},
    {"apr_weighted_mean", PT_COL_RATE},  {"apr_min", PT_COL_RATE},
    {"apr_p10", PT_COL_RATE},            {"apr_p25", PT_COL_RATE},
    {"apr_median", PT_COL_RATE},         {"apr_p75", PT_COL_RATE},
    {"apr_p90", PT_COL_RATE},            {"apr_max", PT_COL_RATE},
    {"share_over_24", PT_COL_RATE},      {"share_over_36", PT_COL_RATE},
    {"share_over_4lpr", PT_COL_RATE},    {"gap_median", PT_COL_RATE},
    {"rate_checked", PT_COL_INT},        {"rate_disagreed", PT_COL_INT},
    {"implied_fee_share_p10", PT_COL_RATE}, {"implied_fee_share_median", PT_COL_RATE},
    {"implied_fee_share_p90", PT_COL_RATE}};

static const int text_cols[] = {COL_CURRENCY, COL_LOANS,    COL_VOLUME,   COL_P10,
                                COL_MEDIAN,   COL_P90,      COL_WMEAN,    COL_OVER24,
                                COL_OVER36,   COL_OVER4LPR, COL_GAP,      COL_FEE_MEDIAN,
                                COL_DISAGREED};

struct writer {
    struct pt_rate_stats *s;
    int cols[COL_KEY0 + PT_RATE_MAX_KEYS];
    size_t n_cols;
    int money_digits;
    char buf[PT_RATE_MAX_KEYS][32];
};

static int period_cmp(int32_t a, int32_t b)
{
    return (a > b) - (a < b);
}

/* Sort context: qsort has none, so groups are sorted through an array of
 * (group, stats) pairs. */
struct sort_item {
    struct group *g;
    const struct pt_rate_stats *s;
};

static int group_cmp(const void *pa, const void *pb)
{
    const struct sort_item *a = pa, *b = pb;
    const struct pt_rate_stats *s = a->s;
    int c = 0;
    for (size_t i = 0; i < s->n_keys && c == 0; i++) {
        switch (s->keys[i]) {
        case PT_RKEY_PLATFORM:
            c = strcmp(pt_names_display(s->names, a->g->platform),
                       pt_names_display(s->names, b->g->platform));
            if (c == 0)
                c = period_cmp((int32_t)a->g->platform, (int32_t)b->g->platform);
            break;
        case PT_RKEY_PRODUCT: c = strcmp(a->g->product, b->g->product); break;
        case PT_RKEY_MONTH: c = period_cmp(a->g->month, b->g->month); break;
        case PT_RKEY_QUARTER: c = period_cmp(a->g->quarter, b->g->quarter); break;
        case PT_RKEY_YEAR: c = period_cmp(a->g->year, b->g->year); break;
        }
    }
    return c != 0 ? c : strcmp(a->g->currency, b->g->currency);
}

static int any_group(const struct pt_rate_stats *s, int fee)
{
    const struct group *g;
    for (g = s->table; g != NULL; g = g->hh.next)
        if (fee ? g->fee_share.n > 0 : g->rate_checked > 0)
            return 1;
    return 0;
}

static void choose_columns(struct writer *w, enum pt_table_format format)
{
    const struct pt_rate_stats *s = w->s;
    w->n_cols = 0;
    for (size_t i = 0; i < s->n_keys; i++)
        w->cols[w->n_cols++] = COL_KEY0 + (int)i;
    if (format == PT_TABLE_TEXT || format == PT_TABLE_MARKDOWN) {
        for (size_t i = 0; i < sizeof text_cols / sizeof text_cols[0]; i++) {
            int c = text_cols[i];
            if ((c == COL_FEE_MEDIAN && !any_group(s, 1)) || (c == COL_DISAGREED && !any_group(s, 0)))
                continue;
            w->cols[w->n_cols++] = c;
        }
        return;
    }
    for (int c = 0; c < COL_KEY0; c++)
        w->cols[w->n_cols++] = c;
}

/* A value that prints as zero at 10 decimals (|v| < 5e-11, e.g. APR minus
 * quoted rate within the solver's tolerance) prints as 0.0000000000, never
 * with a minus sign. */
static struct pt_cell rate_cell(double v)
{
    if (isnan(v))
        return pt_cell_missing();
    return pt_cell_double(fabs(v) < 5e-11 ? 0.0 : v);
}

static struct pt_cell share_cell(uint64_t part, uint64_t whole)
{
    return whole == 0 ? pt_cell_missing() : pt_cell_double((double)part / (double)whole);
}

/* An empty key (loans without platform or product) is a missing value. */
static struct pt_cell text_cell(const char *s)
{
    return *s ? pt_cell_text(s, strlen(s)) : pt_cell_missing();
}

static struct pt_cell key_cell(struct writer *w, struct group *g, size_t i)
{
    char *b = w->buf[i];
    switch (w->s->keys[i]) {
    case PT_RKEY_PLATFORM: return text_cell(pt_names_display(w->s->names, g->platform));
    case PT_RKEY_PRODUCT: return text_cell(g->product);
    case PT_RKEY_MONTH:
        return g->month == NO_PERIOD ? pt_cell_missing()
                                     : text_cell(pt_month_key_format(g->month, b, 32));
    case PT_RKEY_QUARTER:
        return g->quarter == NO_PERIOD ? pt_cell_missing()
                                       : text_cell(pt_quarter_key_format(g->quarter, b, 32));
    case PT_RKEY_YEAR: return g->year == NO_PERIOD ? pt_cell_missing() : pt_cell_int(g->year);
    }
    return pt_cell_missing();
}

static int64_t pow10i(int n)
{
    int64_t v = 1;
    while (n-- > 0)
        v *= 10;
    return v;
}

static struct pt_cell group_cell(struct writer *w, struct group *g, int c)
{
    if (c >= COL_KEY0)
        return key_cell(w, g, (size_t)(c - COL_KEY0));
    if (c >= COL_BIN0)
        return pt_cell_int((int64_t)g->hist.counts[c - COL_BIN0]);
    switch (c) {
    case COL_CURRENCY: return text_cell(g->currency);
    case COL_LOANS: return pt_cell_int((int64_t)g->n);
    case COL_VOLUME: return pt_cell_int(g->volume_minor * pow10i(w->money_digits - g->minor_digits));
    case COL_MEAN: return rate_cell(pt_quantile_mean(&g->apr));
    case COL_WMEAN: return rate_cell(pt_wmean_value(&g->wmean));
    case COL_MIN: return rate_cell(pt_quantile_min(&g->apr));
    case COL_P10: return rate_cell(pt_quantile_exact(&g->apr, 0.10));
    case COL_P25: return rate_cell(pt_quantile_exact(&g->apr, 0.25));
    case COL_MEDIAN: return rate_cell(pt_quantile_exact(&g->apr, 0.50));
    case COL_P75: return rate_cell(pt_quantile_exact(&g->apr, 0.75));
    case COL_P90: return rate_cell(pt_quantile_exact(&g->apr, 0.90));
    case COL_MAX: return rate_cell(pt_quantile_max(&g->apr));
    case COL_OVER24: return share_cell(g->over24, g->apr.n);
    case COL_OVER36: return share_cell(g->over36, g->apr.n);
    case COL_OVER4LPR: return share_cell(g->lpr_yes, g->lpr_known);
    case COL_GAP: return rate_cell(pt_quantile_exact(&g->gap, 0.5));
    case COL_CHECKED: return pt_cell_int((int64_t)g->rate_checked);
    case COL_DISAGREED: return pt_cell_int((int64_t)g->rate_disagreed);
    case COL_FEE_P10: return rate_cell(pt_quantile_exact(&g->fee_share, 0.10));
    case COL_FEE_MEDIAN: return rate_cell(pt_quantile_exact(&g->fee_share, 0.50));
    case COL_FEE_P90: return rate_cell(pt_quantile_exact(&g->fee_share, 0.90));
    default: return pt_cell_missing();
    }
}

static void column_def(const struct writer *w, int c, struct pt_column *col)
{
    memset(col, 0, sizeof *col);
    if (c >= COL_KEY0) {
        enum pt_rate_key k = w->s->keys[c - COL_KEY0];
        col->name = pt_rate_key_name(k);
        col->type = k == PT_RKEY_YEAR ? PT_COL_INT : PT_COL_TEXT;
    } else if (c >= COL_BIN0) {
        col->name = pt_histogram_column(c - COL_BIN0);
        col->type = PT_COL_INT;
    } else {
        col->name = col_defs[c].name;
        col->type = col_defs[c].type;
        col->digits = w->money_digits;
    }
}

enum pt_code pt_rate_stats_write(struct pt_rate_stats *s, FILE *out, enum pt_table_format format,
                                 struct pt_error *err)
{
    struct writer w;
    struct pt_column cols[COL_KEY0 + PT_RATE_MAX_KEYS];
    struct pt_cell cells[COL_KEY0 + PT_RATE_MAX_KEYS];
    struct pt_table_writer *tw = NULL;
    size_t n = HASH_COUNT(s->table), k = 0;
    struct sort_item *items = pt_calloc(n ? n : 1, sizeof *items);
    if (items == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory writing loan statistics");
    memset(&w, 0, sizeof w);
    w.s = s;
    for (struct group *g = s->table; g != NULL; g = g->hh.next) {
        items[k].g = g;
        items[k++].s = s;
        if (g->minor_digits > w.money_digits)
            w.money_digits = g->minor_digits;
    }
    qsort(items, n, sizeof *items, group_cmp);
    choose_columns(&w, format);
    for (size_t i = 0; i < w.n_cols; i++)
        column_def(&w, w.cols[i], &cols[i]);
    enum pt_code rc = pt_table_begin(&tw, out, format, "ptaudit.loans/1", cols, w.n_cols, 0, err);
    for (size_t i = 0; i < n && rc == PT_OK; i++) {
        for (size_t c = 0; c < w.n_cols; c++)
            cells[c] = group_cell(&w, items[i].g, w.cols[c]);
        rc = pt_table_row(tw, cells, err);
    }
    if (rc == PT_OK)
        rc = pt_table_end(tw, err);
    else
        pt_table_abort(tw);
    pt_free(items);
    return rc;
}

/* stats_derive.c: from counted groups to ordered result rows
 * (see stats_complaints.h and docs/complaints.md for the definitions).
 *
 * Quantiles of day lags are exact order statistics read off each group's
 * histogram, interpolated as R type 7 (CONTRACT.md). The spike rule is the
 * median/MAD outlier test (Hampel; Leys et al. 2013 recommend 3 x 1.4826 x
 * MAD): MAD of a flat series is 0, so the scale is floored at 1 complaint,
 * otherwise any month one complaint above a constant history would be a
 * spike. */
#include "audit/stats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/loan_counts.h"
#include "audit/names.h"

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_lagcount(const void *a, const void *b)
{
    int32_t x = ((const struct cs_lagcount *)a)->lag, y = ((const struct cs_lagcount *)b)->lag;
    return (x > y) - (x < y);
}

/* The long-tail lags of g in order, for cs_lag_kth. */
static enum pt_code sort_tail(struct cs_group *g, struct pt_error *err)
{
    pt_free(g->tail_sorted);
    g->tail_sorted = NULL;
    g->n_tail = 0;
    if (g->tail.used == 0)
        return PT_OK;
    g->tail_sorted = pt_malloc(g->tail.used * sizeof *g->tail_sorted);
    if (g->tail_sorted == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    for (uint32_t i = 0; i < g->tail.cap; i++)
        if (g->tail.slots[i].key_plus1 != 0) {
            g->tail_sorted[g->n_tail].lag = (int32_t)(g->tail.slots[i].key_plus1 - 1);
            g->tail_sorted[g->n_tail++].n = g->tail.slots[i].n;
        }
    qsort(g->tail_sorted, g->n_tail, sizeof *g->tail_sorted, cmp_lagcount);
    return PT_OK;
}

int32_t cs_lag_kth(const struct cs_group *g, uint64_t k)
{
    size_t n_neg = 0;
    while (n_neg < g->n_outside && g->outside[n_neg] < 0)
        n_neg++;
    if (k < n_neg)
        return g->outside[k];
    k -= n_neg;
    for (size_t d = 0; d < g->hist_len; d++) {
        if (k < g->hist[d])
            return (int32_t)d;
        k -= g->hist[d];
    }
    for (size_t t = 0; t < g->n_tail; t++) {
        if (k < g->tail_sorted[t].n)
            return g->tail_sorted[t].lag;
        k -= g->tail_sorted[t].n;
    }
    return g->outside[n_neg + k];
}

/* R type 7: h = (n - 1) p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). */
static double lag_quantile(const struct cs_group *g, double p)
{
    if (g->lag_known == 0)
        return NAN;
    double h = (double)(g->lag_known - 1) * p;
    double lo = floor(h);
    uint64_t k = (uint64_t)lo;
    double x0 = cs_lag_kth(g, k);
    if (k + 1 >= g->lag_known)
        return x0;
    double x1 = cs_lag_kth(g, k + 1);
    return x0 + (h - lo) * (x1 - x0);
}

/* v holds at most 12 values (history_months): an insertion sort orders
 * them in a fraction of qsort's time, and this runs for every company x
 * month group of the report (186,000 on the full CFPB export). */
static double median_of(double *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* The complaints of key: its window cell while the table still counts
 * there (derive_counts), else its group's; 0 when it has neither. */
static uint64_t count_at(const struct pt_cstats *s, const int32_t *key)
{
    const uint32_t *cell = cs_count_cell(s, key);
    if (cell != NULL)
        return *cell;
    const struct cs_group *g = cs_find_group(s, key);
    return g != NULL ? g->n : 0;
}

static double change_from(const struct pt_cstats *s, const struct cs_group *g, int32_t back)
{
    int32_t key[PT_CSTATS_MAX_KEYS];
    memcpy(key, g->key, sizeof key);
    key[s->month_slot] -= back;
    uint64_t prev = count_at(s, key);
    if (prev == 0)
        return NAN;
    return (double)g->n / (double)prev - 1.0;
}

/* The first month of each series (the same keys but the month), so the
 * trailing window never reaches before the series began. */
struct cs_series {
    UT_hash_handle hh;
    int32_t key[PT_CSTATS_MAX_KEYS];   /* month slot 0 */
    int32_t first;
};

static void series_free(struct cs_series **head)
{
    struct cs_series *e, *tmp;
    HASH_ITER(hh, *head, e, tmp) {
        HASH_DEL(*head, e);
        pt_free(e);
    }
}

static enum pt_code series_build(const struct pt_cstats *s, struct cs_series **head,
                                 struct pt_error *err)
{
    struct cs_group *g, *tmp;
    HASH_ITER(hh, s->groups, g, tmp) {
        int32_t key[PT_CSTATS_MAX_KEYS];
        memcpy(key, g->key, sizeof key);
        key[s->month_slot] = 0;
        struct cs_series *e = NULL;
        HASH_FIND(hh, *head, key, sizeof key, e);
        if (e == NULL) {
            e = pt_calloc(1, sizeof *e);
            if (e == NULL)
                return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
            memcpy(e->key, key, sizeof key);
            e->first = g->key[s->month_slot];
            int ut_oom = 0;
            HASH_ADD(hh, *head, key, sizeof e->key, e);
            if (ut_oom) {
                pt_free(e);
                return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
            }
        } else if (g->key[s->month_slot] < e->first) {
            e->first = g->key[s->month_slot];
        }
    }
    return PT_OK;
}

/* The first month of g's series. */
static int32_t series_first(const struct pt_cstats *s, struct cs_series *series,
                            const struct cs_group *g)
{
    int32_t key[PT_CSTATS_MAX_KEYS];
    memcpy(key, g->key, sizeof key);
    key[s->month_slot] = 0;
    struct cs_series *e = NULL;
    HASH_FIND(hh, series, key, sizeof key, e);
    return e ? e->first : g->key[s->month_slot];
}

/* The complaints of the (up to) 12 months before g's month, 0 for a month
 * without any, months before the series' first month left out. */
static int32_t history_months(const struct pt_cstats *s, int32_t first,
                              const struct cs_group *g, double *vals)
{
    int32_t key[PT_CSTATS_MAX_KEYS];
    memcpy(key, g->key, sizeof key);
    int32_t m = g->key[s->month_slot];
    int32_t n = 0;
    for (int32_t back = 12; back >= 1; back--) {
        if (m - back < first)
            continue;
        key[s->month_slot] = m - back;
        vals[n++] = (double)count_at(s, key);
    }
    return n;
}

static void spike_test(const struct pt_cstats *s, int32_t first, const struct cs_group *g,
                       struct pt_cstats_row *r)
{
    double vals[12], dev[12];
    r->spike = -1;
    r->spike_baseline = r->spike_threshold = NAN;
    int32_t n = history_months(s, first, g, vals);
    if (n < PT_CSTATS_SPIKE_HISTORY)
        return;
    double med = median_of(vals, (size_t)n);
    for (int32_t i = 0; i < n; i++)
        dev[i] = fabs(vals[i] - med);
    double scale = 1.4826 * median_of(dev, (size_t)n);
    if (scale < 1.0)
        scale = 1.0;
    r->spike_baseline = med;
    r->spike_threshold = med + 3.0 * scale;
    r->spike = (double)g->n > r->spike_threshold && g->n >= s->opt.spike_min;
}

static void top_issue(const struct pt_cstats *s, const struct cs_group *g,
                      struct pt_cstats_row *r)
{
    uint64_t pos = 0;
    uint32_t id, n, best_id = 0, best_n = 0;
    while (pt_counts32x_next(&g->issues, &pos, &id, &n))
        if (best_n == 0 || n > best_n ||
            (n == best_n && strcmp(cs_intern_text(s, id), cs_intern_text(s, best_id)) < 0)) {
            best_id = id;
            best_n = n;
        }
    r->top_issue = best_n ? cs_intern_text(s, best_id) : NULL;
    r->top_issue_count = best_n;
}

/* first: the first month of g's series (read only with a month key). */
static void fill_row(const struct pt_cstats *s, int32_t first, const struct cs_group *g,
                     struct pt_cstats_row *r)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < s->opt.n_keys; i++) {
        enum pt_ckey k = s->opt.keys[i];
        r->key_num[i] = g->key[i];
        if (k == PT_CKEY_COMPANY)
            r->key_text[i] = pt_names_display(s->names, (uint32_t)g->key[i]);
        else if (k == PT_CKEY_PRODUCT || k == PT_CKEY_ISSUE || k == PT_CKEY_STATE ||
                 k == PT_CKEY_CHANNEL)
            r->key_text[i] = cs_intern_text(s, (uint32_t)g->key[i]);
    }
    r->complaints = g->n;
    r->share = s->total ? (double)g->n / (double)s->total : NAN;
    r->timely_yes = g->yes;
    r->timely_no = g->no;
    r->timely_unknown = g->unknown;
    uint64_t answered = g->yes + g->no;
    r->timely_rate = answered ? (double)g->yes / (double)answered : NAN;
    pt_wilson_interval(g->yes, answered, &r->timely_low, &r->timely_high);
    memcpy(r->response, g->response, sizeof r->response);
    r->lag_known = g->lag_known;
    r->per_10k_loans = NAN;
    if (s->loan_totals != NULL) {
        for (size_t i = 0; i < s->opt.n_keys; i++)
            if (s->opt.keys[i] == PT_CKEY_COMPANY && (size_t)g->key[i] < s->n_loan_totals)
                r->loans = s->loan_totals[g->key[i]];
        r->complaints_in_period = g->in_period;
        if (r->loans > 0)
            r->per_10k_loans = (double)g->in_period / (double)r->loans * 10000.0;
    }
    r->terms_quoted = g->terms_quoted;
    r->terms_over_24_share = g->terms_quoted ? (double)g->terms_over_24 / (double)g->terms_quoted : NAN;
    r->terms_over_36_share = g->terms_quoted ? (double)g->terms_over_36 / (double)g->terms_quoted : NAN;
    r->narratives = g->narratives;
    r->neardup = g->neardup;
    r->neardup_share = g->narratives ? (double)g->neardup / (double)g->narratives : NAN;
    r->lag_median = lag_quantile(g, 0.5);
    r->lag_p90 = lag_quantile(g, 0.9);
    if (s->track_issues)
        top_issue(s, g, r);
    r->mom_change = r->yoy_change = NAN;
    r->spike = -1;
    r->spike_baseline = r->spike_threshold = NAN;
    if (s->month_slot >= 0) {
        r->mom_change = change_from(s, g, 1);
        r->yoy_change = change_from(s, g, 12);
        spike_test(s, first, g, r);
    }
}

/* Ranks of one text dimension: ids ordered by total complaints (desc),
 * then display bytes, then id. */
struct rank_ctx { const uint64_t *total; const char *const *text; };
struct rank_item { uint32_t id; const struct rank_ctx *ctx; };

static int cmp_rank(const void *a, const void *b)
{
    const struct rank_item *x = a, *y = b;
    uint64_t tx = x->ctx->total[x->id], ty = y->ctx->total[y->id];
    if (tx != ty)
        return tx > ty ? -1 : 1;
    int c = strcmp(x->ctx->text[x->id], y->ctx->text[y->id]);
    if (c != 0)
        return c;
    return (x->id > y->id) - (x->id < y->id);
}

struct sort_item { const struct cs_group *g; int64_t rank[PT_CSTATS_MAX_KEYS]; size_t n_keys; };

static int cmp_sort(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    for (size_t i = 0; i < x->n_keys; i++)
        if (x->rank[i] != y->rank[i])
            return x->rank[i] < y->rank[i] ? -1 : 1;
    return (x->g->order > y->g->order) - (x->g->order < y->g->order);
}

static int is_text_key(enum pt_ckey k)
{
    return k == PT_CKEY_COMPANY || k == PT_CKEY_PRODUCT || k == PT_CKEY_ISSUE ||
           k == PT_CKEY_STATE || k == PT_CKEY_CHANNEL;
}

/* The ids of the text key in slot: the names registry's groups for
 * companies, else the interned texts. */
static size_t text_ids(const struct pt_cstats *s, size_t slot)
{
    return s->opt.keys[slot] == PT_CKEY_COMPANY ? pt_names_n_groups(s->names) : s->n_ids;
}

/* rank[id] for each of the n_ids ids of the text key in slot, given each
 * id's complaints (total): by total, then display bytes, then id. */
static enum pt_code rank_ids(const struct pt_cstats *s, size_t slot, const uint64_t *total,
                             size_t n_ids, int64_t *rank, struct pt_error *err)
{
    int company = s->opt.keys[slot] == PT_CKEY_COMPANY;
    const char **text = pt_calloc(n_ids + 1, sizeof *text);
    struct rank_item *ri = pt_calloc(n_ids + 1, sizeof *ri);
    if (text == NULL || ri == NULL) {
        pt_free(text);
        pt_free(ri);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    }
    struct rank_ctx ctx = {total, text};
    for (size_t id = 0; id < n_ids; id++) {
        text[id] = company ? pt_names_display(s->names, (uint32_t)id)
                           : cs_intern_text(s, (uint32_t)id);
        ri[id].id = (uint32_t)id;
        ri[id].ctx = &ctx;
    }
    qsort(ri, n_ids, sizeof *ri, cmp_rank);
    for (size_t r = 0; r < n_ids; r++)
        rank[ri[r].id] = (int64_t)r;
    pt_free(text);
    pt_free(ri);
    return PT_OK;
}

/* Fills rank[slot] of every item for a text key. */
static enum pt_code rank_text(const struct pt_cstats *s, size_t slot, struct sort_item *items,
                              size_t n_items, struct pt_error *err)
{
    size_t n_ids = text_ids(s, slot);
    uint64_t *total = pt_calloc(n_ids + 1, sizeof *total);
    int64_t *rank = pt_calloc(n_ids + 1, sizeof *rank);
    enum pt_code rc = total && rank ? PT_OK : pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; rc == PT_OK && i < n_items; i++)
        total[(uint32_t)items[i].g->key[slot]] += items[i].g->n;
    if (rc == PT_OK)
        rc = rank_ids(s, slot, total, n_ids, rank, err);
    for (size_t i = 0; rc == PT_OK && i < n_items; i++)
        items[i].rank[slot] = rank[(uint32_t)items[i].g->key[slot]];
    pt_free(total);
    pt_free(rank);
    return rc;
}

/* Loans per company group within the complaints' period (every loan when
 * the loans are undated), for company rows. */
static enum pt_code loan_totals(struct pt_cstats *s, struct pt_error *err)
{
    int company = 0;
    for (size_t i = 0; i < s->opt.n_keys; i++)
        company |= s->opt.keys[i] == PT_CKEY_COMPANY;
    if (s->loans == NULL || !company)
        return PT_OK;
    int32_t from = s->first_day, to = s->last_day;
    if (s->loan_from == INT32_MIN) {
        from = INT32_MIN;
        to = INT32_MAX;
    }
    pt_free(s->loan_totals);
    s->loan_totals = NULL;
    if (s->total == 0)
        return PT_OK;
    return pt_loan_counts_totals(s->loans, from, to, &s->loan_totals, &s->n_loan_totals, err);
}

/* A count-only table still counting in its windows, keyed by a text key
 * (company) then a value (month, quarter, year, category), without loans:
 * its rows come straight from the cells (derive_counts). */
static int counts_direct(const struct pt_cstats *s)
{
    return s->counting && s->opt.n_keys == 2 && is_text_key(s->opt.keys[0]) &&
           !is_text_key(s->opt.keys[1]) && s->loans == NULL && !s->track_issues;
}

static int cmp_stray(const void *a, const void *b)
{
    const struct cs_group *x = *(const struct cs_group *const *)a;
    const struct cs_group *y = *(const struct cs_group *const *)b;
    for (size_t i = 0; i < 2; i++)
        if (x->key[i] != y->key[i])
            return x->key[i] < y->key[i] ? -1 : 1;
    return 0;
}

/* The rows of a counts_direct table without making a group per cell (the
 * report's company x month: 186,000 groups of ~330 bytes on the full CFPB
 * export, each created, hashed, iterated and sorted only to be read once).
 * The rows, and their order, are those the groups would give: ids by
 * rank, then the second key's value ascending, each id's cells merged with
 * its strays (the groups of values outside its window, which lie below or
 * above it). A row's fields are fill_row's, from a group holding only the
 * key and the count, as cs_materialize would make. */
static enum pt_code derive_counts(struct pt_cstats *s, struct pt_error *err)
{
    size_t n_ids = text_ids(s, 0), n_strays = HASH_COUNT(s->groups), n_rows = 0, i = 0;
    enum pt_code rc = PT_OK;
    uint64_t *total = pt_calloc(n_ids + 1, sizeof *total);
    int64_t *rank = pt_calloc(n_ids + 1, sizeof *rank);
    size_t *by_rank = pt_calloc(n_ids + 1, sizeof *by_rank);
    size_t *first_stray = pt_calloc(n_ids + 2, sizeof *first_stray);
    const struct cs_group **strays = pt_calloc(n_strays + 1, sizeof *strays);
    struct pt_cstats_row *rows = NULL;
    if (!total || !rank || !by_rank || !first_stray || !strays) {
        rc = pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        goto out;
    }
    for (const struct cs_group *g = s->groups; g != NULL; g = g->hh.next) {
        if (g->key[0] < 0 || (size_t)g->key[0] >= n_ids) {
            rc = pt_error_set(err, PT_EINVAL, NULL, "internal error: a group without its id");
            goto out;
        }
        strays[i++] = g;
        total[g->key[0]] += g->n;
        first_stray[g->key[0] + 1]++;
    }
    qsort(strays, n_strays, sizeof *strays, cmp_stray);
    for (size_t id = 0; id < n_ids; id++)
        first_stray[id + 1] += first_stray[id];
    for (size_t id = 0; id < s->n_windows && id < n_ids; id++)
        for (uint32_t off = 0; off < s->windows[id].len; off++)
            if (s->windows[id].count[off] != 0) {
                total[id] += s->windows[id].count[off];
                n_rows++;
            }
    if ((rc = rank_ids(s, 0, total, n_ids, rank, err)) != PT_OK)
        goto out;
    for (size_t id = 0; id < n_ids; id++)
        by_rank[rank[id]] = id;
    if ((rows = pt_calloc(n_rows + n_strays + 1, sizeof *rows)) == NULL) {
        rc = pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        goto out;
    }
    struct cs_group cell;   /* a cell as the group cs_materialize would make */
    memset(&cell, 0, sizeof cell);
    size_t r = 0;
    for (size_t k = 0; k < n_ids; k++) {
        size_t id = by_rank[k], st = first_stray[id], st_end = first_stray[id + 1];
        const struct cs_window *w = id < s->n_windows ? &s->windows[id] : NULL;
        uint32_t off = 0, len = w != NULL ? w->len : 0;
        int32_t first = 0;
        int any = 0;
        for (;;) {   /* merge the cells and the strays by value */
            while (off < len && w->count[off] == 0)
                off++;
            int take_cell = off < len && (st == st_end || (int64_t)w->base + off < strays[st]->key[1]);
            const struct cs_group *g = NULL;
            if (take_cell) {
                cell.key[0] = (int32_t)id;
                cell.key[1] = (int32_t)((int64_t)w->base + off);
                cell.n = w->count[off++];
                g = &cell;
            } else if (st < st_end) {
                g = strays[st++];
            } else {
                break;
            }
            if (!any)
                first = g->key[1];   /* the series' first month: values ascend */
            any = 1;
            fill_row(s, first, g, &rows[r++]);
        }
    }
    pt_free(s->rows);
    s->rows = rows;
    s->n_rows = r;
    rows = NULL;
out:
    pt_free(total);
    pt_free(rank);
    pt_free(by_rank);
    pt_free(first_stray);
    pt_free(strays);
    pt_free(rows);
    return rc;
}

enum pt_code pt_cstats_derive(struct pt_cstats *s, struct pt_error *err)
{
    if (counts_direct(s))
        return derive_counts(s, err);
    enum pt_code rc = cs_materialize(s, err);
    if (rc != PT_OK)
        return rc;
    size_t n = s->n_groups, i = 0;
    struct cs_series *series = NULL;
    struct sort_item *items = pt_calloc(n + 1, sizeof *items);
    struct pt_cstats_row *rows = pt_calloc(n + 1, sizeof *rows);
    if (items == NULL || rows == NULL) {
        rc = pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        goto out;
    }
    struct cs_group *g, *tmp;
    HASH_ITER(hh, s->groups, g, tmp) {
        if (g->n_outside > 1)
            qsort(g->outside, g->n_outside, sizeof *g->outside, cmp_i32);
        if ((rc = sort_tail(g, err)) != PT_OK)
            goto out;
        items[i].g = g;
        items[i].n_keys = s->opt.n_keys;
        for (size_t k = 0; k < s->opt.n_keys; k++)
            items[i].rank[k] = g->key[k];   /* time keys and categories: their value */
        i++;
    }
    for (size_t k = 0; k < s->opt.n_keys; k++)
        if (is_text_key(s->opt.keys[k]) && (rc = rank_text(s, k, items, n, err)) != PT_OK)
            goto out;
    qsort(items, n, sizeof *items, cmp_sort);
    if ((rc = loan_totals(s, err)) != PT_OK)
        goto out;
    if (s->month_slot >= 0 && (rc = series_build(s, &series, err)) != PT_OK)
        goto out;
    for (i = 0; i < n; i++)
        fill_row(s, s->month_slot >= 0 ? series_first(s, series, items[i].g) : 0, items[i].g,
                 &rows[i]);
    pt_free(s->rows);
    s->rows = rows;
    s->n_rows = n;
    rows = NULL;
out:
    series_free(&series);
    pt_free(items);
    pt_free(rows);
    return rc;
}

/* stats_complaints.c: counting complaints into groups (see stats_complaints.h).
 *
 * One pass; each complaint updates the group of its key tuple (with a
 * category key, one group per category it carries). A group keeps counts,
 * a histogram of day lags and, when the keys include company, the counts of
 * its issues; nothing per row survives the call. */
#include "audit/stats_internal.h"

#include <math.h>
#include <string.h>

#include "audit/date.h"
#include "audit/names.h"
#ifdef PT_HAVE_NEARDUP
#include "audit/neardup.h"
#endif

static const char *const key_names[PT_CKEY_COUNT] = {
    "company", "product", "issue", "category", "state", "channel", "month", "quarter", "year",
};

const char *pt_ckey_name(enum pt_ckey k)
{
    return (unsigned)k < PT_CKEY_COUNT ? key_names[k] : "?";
}

enum pt_code pt_cstats_parse_keys(const char *text, enum pt_ckey *keys, size_t *n_keys,
                                  struct pt_error *err)
{
    size_t n = 0;
    const char *p = text;
    char q[96];
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        int found = -1;
        for (int k = 0; k < PT_CKEY_COUNT; k++)
            if (strlen(key_names[k]) == len && memcmp(key_names[k], p, len) == 0)
                found = k;
        if (found < 0)
            return pt_error_set(err, PT_EUSAGE, NULL,
                                "--by: expected company, product, issue, category, state, "
                                "channel, month, quarter or year, found \"%s\"",
                                pt_error_quote(p, len, 40, q, sizeof q));
        for (size_t i = 0; i < n; i++)
            if (keys[i] == (enum pt_ckey)found)
                return pt_error_set(err, PT_EUSAGE, NULL, "--by: key \"%s\" given twice",
                                    key_names[found]);
        if (n == PT_CSTATS_MAX_KEYS)
            return pt_error_set(err, PT_EUSAGE, NULL, "--by: at most %d keys, found more",
                                PT_CSTATS_MAX_KEYS);
        keys[n++] = (enum pt_ckey)found;
        if (end == NULL)
            break;
        p = end + 1;
    }
    *n_keys = n;
    return PT_OK;
}

static int dense_shape(const struct pt_cstats *s);

enum pt_code pt_cstats_create(struct pt_cstats **out, const struct pt_cstats_opts *opt,
                              struct pt_names *names, struct pt_error *err)
{
    *out = NULL;
    if (opt->n_keys == 0 || opt->n_keys > PT_CSTATS_MAX_KEYS || names == NULL)
        return pt_error_set(err, PT_EINVAL, NULL, "complaint statistics need 1 to %d keys "
                            "and a names registry", PT_CSTATS_MAX_KEYS);
    if (opt->counts_only && (opt->neardup || opt->terms))
        return pt_error_set(err, PT_EINVAL, NULL, "complaint statistics that count only keep "
                            "no near-duplicates or loan terms");
    struct pt_cstats *s = pt_calloc(1, sizeof *s);
    if (s == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    s->opt = *opt;
    if (s->opt.counts_only) {
        s->opt.no_lags = 1;
        s->opt.no_top_issue = 1;
        s->counting = 1;
    }
    if (s->opt.spike_min == 0)
        s->opt.spike_min = PT_CSTATS_SPIKE_MIN;
    s->names = names;
    s->month_slot = -1;
    s->first_day = s->last_day = PT_DAY_UNKNOWN;
    int has_company = 0, has_issue = 0;
    for (size_t i = 0; i < opt->n_keys; i++) {
        if (opt->keys[i] == PT_CKEY_MONTH)
            s->month_slot = (int)i;
        has_company |= opt->keys[i] == PT_CKEY_COMPANY;
        has_issue |= opt->keys[i] == PT_CKEY_ISSUE;
    }
    s->track_issues = has_company && !has_issue && !s->opt.no_top_issue;
    enum pt_ckey k0 = s->opt.keys[0];
    if (s->opt.n_keys == 1 && (k0 == PT_CKEY_MONTH || k0 == PT_CKEY_QUARTER || k0 == PT_CKEY_YEAR))
        s->win_keys = 1;
    else if (dense_shape(s) == 2)
        s->win_keys = 2;
#ifdef PT_HAVE_NEARDUP
    if (opt->neardup) {
        struct pt_neardup_options nopt = {opt->neardup_sketches};
        enum pt_code rc = pt_neardup_create(&s->dup, &nopt, err);
        if (rc != PT_OK) {
            pt_free(s);
            return rc;
        }
    }
#endif
    *out = s;
    return PT_OK;
}

static void group_free(struct cs_group *g)
{
    pt_counts32x_free(&g->issues);
    pt_counts32_free(&g->tail);
    pt_free(g->tail_sorted);
    pt_free(g->hist);
    pt_free(g->outside);
    pt_free(g);
}

void pt_cstats_destroy(struct pt_cstats *s)
{
    if (s == NULL)
        return;
    struct cs_group *g, *gt;
    pt_free(s->dense);
    for (size_t i = 0; i < s->n_windows; i++) {
        pt_free(s->windows[i].slot);
        pt_free(s->windows[i].count);
    }
    pt_free(s->windows);
    HASH_ITER(hh, s->groups, g, gt) {
        HASH_DEL(s->groups, g);
        group_free(g);
    }
    struct cs_intern *e, *et;
    HASH_ITER(hh, s->pool, e, et) {
        HASH_DEL(s->pool, e);
        pt_free(e);
    }
#ifdef PT_HAVE_NEARDUP
    pt_neardup_destroy(s->dup);
#endif
    pt_free(s->loan_totals);
    pt_free(s->by_id);
    pt_free(s->rows);
    pt_free(s);
}

const char *cs_intern_text(const struct pt_cstats *s, uint32_t id)
{
    return id < s->n_ids ? s->by_id[id]->s : "";
}

/* Interns text (trimmed of surrounding spaces) and returns its id. */
enum pt_code cs_intern(struct pt_cstats *s, const char *text, uint32_t *id,
                           struct pt_error *err)
{
    size_t len = strlen(text);
    while (len > 0 && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    struct cs_intern **front = &s->front[XXH3_64bits(text, len) & (CS_FRONT - 1)];
    struct cs_intern *e = *front;
    if (e != NULL && e->len == len && memcmp(e->s, text, len) == 0) {
        *id = e->id;
        return PT_OK;
    }
    e = NULL;
    HASH_FIND(hh, s->pool, text, len, e);
    if (e != NULL) {
        *front = e;
        *id = e->id;
        return PT_OK;
    }
    if (s->n_ids >= UINT32_MAX - 1 ||
        pt_grow((void **)&s->by_id, &s->cap_ids, s->n_ids + 1, sizeof *s->by_id) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    e = pt_malloc(sizeof *e + len + 1);
    if (e == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    e->id = (uint32_t)s->n_ids;
    e->len = len;
    memcpy(e->s, text, len);
    e->s[len] = '\0';
    int ut_oom = 0;
    HASH_ADD_KEYPTR(hh, s->pool, e->s, e->len, e);
    if (ut_oom) {
        pt_free(e);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    }
    s->by_id[s->n_ids++] = e;
    *front = e;
    *id = e->id;
    return PT_OK;
}

/* The key value of one dimension (the category is filled in by the caller). */
static enum pt_code key_value(struct pt_cstats *s, enum pt_ckey k, const struct pt_complaint *c,
                              int32_t *v, struct pt_error *err)
{
    uint32_t id = 0;
    enum pt_code rc = PT_OK;
    switch (k) {
    case PT_CKEY_COMPANY:
        rc = pt_names_add(s->names, c->company, strlen(c->company), &id, err);
        break;
    case PT_CKEY_PRODUCT: rc = cs_intern(s, c->product, &id, err); break;
    case PT_CKEY_ISSUE: rc = cs_intern(s, c->issue, &id, err); break;
    case PT_CKEY_STATE: rc = cs_intern(s, c->state, &id, err); break;
    case PT_CKEY_CHANNEL: rc = cs_intern(s, c->channel, &id, err); break;
    case PT_CKEY_MONTH: *v = pt_date_month_key(c->date_received); return PT_OK;
    case PT_CKEY_QUARTER: *v = pt_date_quarter_key(c->date_received); return PT_OK;
    case PT_CKEY_YEAR: *v = pt_date_year(c->date_received); return PT_OK;
    case PT_CKEY_CATEGORY:
    case PT_CKEY_COUNT: *v = 0; return PT_OK;
    }
    *v = (int32_t)id;
    return rc;
}

/* Keys whose value is a dense id (a firm, an interned text, one of the
 * PT_CAT_COUNT categories). */
static int is_dense_kind(enum pt_ckey k)
{
    return k == PT_CKEY_COMPANY || k == PT_CKEY_PRODUCT || k == PT_CKEY_ISSUE ||
           k == PT_CKEY_STATE || k == PT_CKEY_CHANNEL || k == PT_CKEY_CATEGORY;
}

/* With one key that is a dense id, groups are also indexed by that id:
 * the common `--by company` then finds its group without hashing; with
 * two keys and a dense first one, by a window per id (struct cs_window).
 * The hash table stays the one source of truth. Returns 1 or 2 for those
 * two shapes, else 0. */
static int dense_shape(const struct pt_cstats *s)
{
    if (!is_dense_kind(s->opt.keys[0]))
        return 0;
    return s->opt.n_keys == 1 ? 1 : s->opt.n_keys == 2 ? 2 : 0;
}

/* The slot of (id, k) when k lies in id's window, else NULL. Inside a
 * window the slot is the answer (a group whose key lies in the window is
 * always in its slot: windows only grow, and a key left out would have
 * made one span more than CS_WINDOW_MAX); outside, the hash table is. */
static struct cs_group *const *window_slot(const struct pt_cstats *s, size_t id, int32_t k)
{
    if (id >= s->n_windows)
        return NULL;
    const struct cs_window *w = &s->windows[id];
    int64_t off = (int64_t)k - w->base;
    return off >= 0 && off < (int64_t)w->len ? &w->slot[off] : NULL;
}

/* See stats_internal.h. */
enum pt_code cs_window_cover(struct pt_cstats *s, size_t id, int32_t k, int *covered,
                             struct pt_error *err)
{
    *covered = 0;
    if (id >= s->n_windows) {
        size_t cap = s->n_windows;
        if (pt_grow((void **)&s->windows, &cap, id + 1, sizeof *s->windows) != 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        memset(s->windows + s->n_windows, 0, (cap - s->n_windows) * sizeof *s->windows);
        s->n_windows = cap;
    }
    struct cs_window *w = &s->windows[id];
    int64_t lo = w->len ? w->base : k, hi = w->len ? (int64_t)w->base + w->len : (int64_t)k + 1;
    if (k >= lo && k < hi && w->len) {
        *covered = 1;
        return PT_OK;
    }
    if (k < lo)
        lo = k;
    else if (k >= hi)
        hi = (int64_t)k + 1;
    if (hi - lo > CS_WINDOW_MAX)
        return PT_OK;   /* the hash table alone finds this one */
    int64_t want = 2 * (int64_t)w->len;
    if (want > CS_WINDOW_MAX)
        want = CS_WINDOW_MAX;
    if (hi - lo < want) {   /* slack on the side that grew, within int32 */
        if (w->len && k < w->base)
            lo = hi - want < INT32_MIN ? INT32_MIN : hi - want;
        else
            hi = lo + want > (int64_t)INT32_MAX + 1 ? (int64_t)INT32_MAX + 1 : lo + want;
    }
    /* One array or the other: counts while counting, else group slots. */
    size_t elem = s->counting ? sizeof *w->count : sizeof *w->slot;
    void *old = s->counting ? (void *)w->count : (void *)w->slot;
    char *cells = pt_calloc((size_t)(hi - lo), elem);
    if (cells == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    if (w->len)
        memcpy(cells + (size_t)(w->base - lo) * elem, old, w->len * elem);
    pt_free(old);
    if (s->counting)
        w->count = (uint32_t *)(void *)cells;
    else
        w->slot = (struct cs_group **)(void *)cells;
    w->base = (int32_t)lo;
    w->len = (uint32_t)(hi - lo);
    *covered = 1;
    return PT_OK;
}

/* Records g under (id, k) when k is, or can be brought, in id's window. */
static enum pt_code window_put(struct pt_cstats *s, size_t id, int32_t k, struct cs_group *g,
                               struct pt_error *err)
{
    int covered;
    enum pt_code rc = cs_window_cover(s, id, k, &covered, err);
    if (rc == PT_OK && covered)
        s->windows[id].slot[k - s->windows[id].base] = g;
    return rc;
}

const struct cs_group *cs_find_group(const struct pt_cstats *s, const int32_t *key)
{
    size_t id;
    int32_t k;
    struct cs_group *const *slot =
        !s->counting && cs_windowed(s, key, &id, &k) ? window_slot(s, id, k) : NULL;
    if (slot != NULL)
        return *slot;
    struct cs_group *g = NULL;
    HASH_FIND(hh, s->groups, key, sizeof g->key, g);
    return g;
}

enum pt_code cs_find_or_add_group(struct pt_cstats *s, const int32_t *key,
                                  struct cs_group **out, struct pt_error *err)
{
    int shape = key[0] >= 0 ? dense_shape(s) : 0;
    size_t id = shape ? (size_t)key[0] : 0;
    if (shape == 1 && id < s->n_dense && s->dense[id] != NULL) {
        *out = s->dense[id];
        return PT_OK;
    }
    size_t wid;
    int32_t wk;
    int win = !s->counting && cs_windowed(s, key, &wid, &wk);   /* counting: strays only */
    struct cs_group *const *slot = win ? window_slot(s, wid, wk) : NULL;
    if (slot != NULL && *slot != NULL) {
        *out = *slot;
        return PT_OK;
    }
    /* An empty slot inside a window, or an empty entry of the dense array,
     * means the group does not exist yet (every group is created here and
     * put in its slot): the hash table is asked only about keys outside. */
    struct cs_group *g = NULL;
    if (slot == NULL && !(shape == 1 && id < s->n_dense))
        HASH_FIND(hh, s->groups, key, sizeof g->key, g);
    if (shape == 1 && id >= s->n_dense) {
        size_t cap = s->n_dense;
        if (pt_grow((void **)&s->dense, &cap, id + 1, sizeof *s->dense) != 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        memset(s->dense + s->n_dense, 0, (cap - s->n_dense) * sizeof *s->dense);
        s->n_dense = cap;
    }
    if (g == NULL) {
        g = pt_calloc(1, sizeof *g);
        if (g == NULL)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        memcpy(g->key, key, sizeof g->key);
        g->order = s->n_groups;
        int ut_oom = 0;
        HASH_ADD(hh, s->groups, key, sizeof g->key, g);
        if (ut_oom) {
            pt_free(g);
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        }
        s->n_groups++;
    }
    if (shape == 1)
        s->dense[id] = g;
    if (win) {
        enum pt_code rc = window_put(s, wid, wk, g, err);
        if (rc != PT_OK)
            return rc;
    }
    *out = g;
    return PT_OK;
}

enum pt_code cs_count_error(struct pt_error *err)
{
    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory counting a group's issues or "
                        "lags (or more than %u complaints with one value)", UINT32_MAX);
}

static enum pt_code add_lag(struct cs_group *g, int32_t lag, struct pt_error *err)
{
    if (lag >= CS_DENSE_LAGS && lag <= PT_CSTATS_LAG_MAX) {
        if (pt_counts32_add(&g->tail, (uint32_t)lag, 1) != 0)
            return cs_count_error(err);
    } else if (lag >= 0 && lag < CS_DENSE_LAGS) {
        size_t need = (size_t)lag + 1;
        if (need > g->hist_len) {
            size_t len = g->hist_len ? g->hist_len : 32;
            while (len < need)
                len *= 2;
            if (len > CS_DENSE_LAGS)
                len = CS_DENSE_LAGS;
            uint32_t *h = pt_realloc(g->hist, len * sizeof *h);
            if (h == NULL)
                return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
            memset(h + g->hist_len, 0, (len - g->hist_len) * sizeof *h);
            g->hist = h;
            g->hist_len = len;
        }
        if (g->hist[lag] == UINT32_MAX)
            return pt_error_set(err, PT_ERANGE, NULL, "more than %u complaints with one lag",
                                UINT32_MAX);
        g->hist[lag]++;
    } else {
        if (pt_grow((void **)&g->outside, &g->cap_outside, g->n_outside + 1,
                    sizeof *g->outside) != 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        g->outside[g->n_outside++] = lag;
    }
    g->lag_known++;
    return PT_OK;
}

static enum pt_code count_issue(struct pt_cstats *s, struct cs_group *g,
                                const struct pt_complaint *c, struct pt_error *err)
{
    if (strlen(c->issue) > PT_CSTATS_ISSUE_MAX)
        return PT_OK;   /* free text, not an issue category (see the header) */
    uint32_t id;
    enum pt_code rc = cs_intern(s, c->issue, &id, err);
    if (rc != PT_OK)
        return rc;
    if (s->by_id[id]->len == 0)
        return PT_OK;
    if (pt_counts32x_add(&g->issues, id, 1) != 0)
        return cs_count_error(err);
    return PT_OK;
}

/* is_dup: -1 no narrative, 0 distinct, 1 near-duplicate; terms: CS_TERMS_*. */
static enum pt_code add_to_group(struct pt_cstats *s, const int32_t *key,
                                 const struct pt_complaint *c, int is_dup, unsigned terms,
                                 struct pt_error *err)
{
    if (s->opt.counts_only)
        return cs_count_add(s, key, 1, err);
    struct cs_group *g = NULL;
    enum pt_code rc = cs_find_or_add_group(s, key, &g, err);
    if (rc != PT_OK)
        return rc;
    if (!s->opt.no_lags && c->date_sent != PT_DAY_UNKNOWN && c->date_received != PT_DAY_UNKNOWN &&
        (rc = add_lag(g, c->date_sent - c->date_received, err)) != PT_OK)
        return rc;
    if (s->track_issues && (rc = count_issue(s, g, c, err)) != PT_OK)
        return rc;
    g->n++;
    /* The rarer counts are only written when they change: a store would
     * load their cache line for every complaint. */
    if (s->loans != NULL && c->date_received >= s->loan_from && c->date_received <= s->loan_to)
        g->in_period++;
    if (terms != 0) {
        g->terms_quoted += (terms & CS_TERMS_QUOTED) != 0;
        g->terms_over_24 += (terms & CS_TERMS_OVER_24) != 0;
        g->terms_over_36 += (terms & CS_TERMS_OVER_36) != 0;
    }
    if (is_dup >= 0) {
        g->narratives++;
        g->neardup += (uint64_t)is_dup;
    }
    if (c->timely == PT_TIMELY_YES)
        g->yes++;
    else if (c->timely == PT_TIMELY_NO)
        g->no++;
    else
        g->unknown++;
    g->response[(unsigned)c->response < PT_RESP_COUNT ? c->response : PT_RESP_OTHER]++;
    return PT_OK;
}

/* Runs the narrative through the detector; blank ones count as none. */
#ifdef PT_HAVE_NEARDUP
static enum pt_code narrative_dup(struct pt_cstats *s, const struct pt_complaint *c,
                                  int *is_dup, struct pt_error *err)
{
    if (c->narrative == NULL || c->narrative[0] == '\0')
        return PT_OK;
    struct pt_neardup_stats before, after;
    pt_neardup_get_stats(s->dup, &before);
    int dup = 0;
    enum pt_code rc = pt_neardup_add(s->dup, c->narrative, strlen(c->narrative), &dup, err);
    if (rc != PT_OK)
        return rc;
    pt_neardup_get_stats(s->dup, &after);
    if (after.n_texts > before.n_texts)   /* only spaces/punctuation: not a narrative */
        *is_dup = dup;
    return PT_OK;
}

void pt_cstats_neardup_stats(const struct pt_cstats *s, struct pt_neardup_stats *out)
{
    memset(out, 0, sizeof *out);
    if (s->dup != NULL)
        pt_neardup_get_stats(s->dup, out);
}
#else
/* Built before neardup.c landed: no detector, no near-duplicate columns. */
static enum pt_code narrative_dup(struct pt_cstats *s, const struct pt_complaint *c,
                                  int *is_dup, struct pt_error *err)
{
    (void)s, (void)c, (void)is_dup, (void)err;
    return PT_OK;
}
#endif

void pt_cstats_set_loans(struct pt_cstats *s, const struct pt_loan_counts *lc, int32_t from,
                         int32_t to)
{
    s->loans = lc;
    s->loan_from = from;
    s->loan_to = to;
}

void pt_cstats_period(const struct pt_cstats *s, int32_t *first, int32_t *last)
{
    *first = s->first_day;
    *last = s->last_day;
}

/* pt_cstats_add with the firm known (firm_known) or looked up here, and
 * the month key given (month, NULL = worked out here). */
static enum pt_code add_complaint(struct pt_cstats *s, const struct pt_complaint *c,
                                  int firm_known, uint32_t firm, const int32_t *month,
                                  struct pt_error *err)
{
    if (s->finished)
        return pt_error_set(err, PT_EINVAL, NULL, "complaint added after the statistics were finished");
    int32_t key[PT_CSTATS_MAX_KEYS] = {0};
    int cat_slot = -1, is_dup = -1;
    enum pt_code rc;
    if (s->dup != NULL && (rc = narrative_dup(s, c, &is_dup, err)) != PT_OK)
        return rc;
    unsigned terms = s->opt.terms ? cs_terms_flags(c) : 0;
    for (size_t i = 0; i < s->opt.n_keys; i++) {
        if (s->opt.keys[i] == PT_CKEY_CATEGORY)
            cat_slot = (int)i;
        else if (s->opt.keys[i] == PT_CKEY_COMPANY && firm_known)
            key[i] = (int32_t)firm;
        else if (s->opt.keys[i] == PT_CKEY_MONTH && month != NULL)
            key[i] = *month;
        else if ((rc = key_value(s, s->opt.keys[i], c, &key[i], err)) != PT_OK)
            return rc;
    }
    if (cat_slot < 0) {
        rc = add_to_group(s, key, c, is_dup, terms, err);
    } else {
        uint32_t cats = c->categories & ((1u << PT_CAT_COUNT) - 1);
        if (cats == 0)
            cats = 1u << PT_CAT_OTHER;
        rc = PT_OK;
        for (int32_t b = 0; b < PT_CAT_COUNT && rc == PT_OK; b++) {
            if (cats & (1u << b)) {
                key[cat_slot] = b;
                rc = add_to_group(s, key, c, is_dup, terms, err);
            }
        }
    }
    if (rc == PT_OK) {
        s->total++;
        if (s->first_day == PT_DAY_UNKNOWN || c->date_received < s->first_day)
            s->first_day = c->date_received;
        if (s->last_day == PT_DAY_UNKNOWN || c->date_received > s->last_day)
            s->last_day = c->date_received;
    }
    return rc;
}

enum pt_code pt_cstats_add(struct pt_cstats *s, const struct pt_complaint *c,
                           struct pt_error *err)
{
    return add_complaint(s, c, 0, 0, NULL, err);
}

/* Asks for the count cell of c in a table of firm x month or firm x
 * category counted in windows: that load is usually a cache miss (one
 * firm's cells among thousands), and it can run while the tables before
 * it are worked on. The first category stands for them all. */
static void prefetch_cell(const struct pt_cstats *s, uint32_t firm, const struct pt_complaint *c,
                          int32_t month)
{
    if (s->win_keys != 2 || s->opt.keys[0] != PT_CKEY_COMPANY)
        return;
    int32_t key[PT_CSTATS_MAX_KEYS] = {(int32_t)firm, 0};
    if (s->opt.keys[1] == PT_CKEY_MONTH) {
        key[1] = month;
    } else if (s->opt.keys[1] == PT_CKEY_CATEGORY) {
        uint32_t cats = c->categories & ((1u << PT_CAT_COUNT) - 1);
        key[1] = cats ? __builtin_ctz(cats) : PT_CAT_OTHER;
    } else {
        return;
    }
    const uint32_t *cell = cs_count_cell(s, key);
    if (cell != NULL)
        __builtin_prefetch(cell, 1);
}

enum pt_code pt_cstats_add_many(struct pt_cstats *const *tables, size_t n,
                                const struct pt_complaint *c, struct pt_error *err)
{
    if (n == 1)
        return pt_cstats_add(tables[0], c, err);
    int company = 0, any_month = 0;
    for (size_t i = 0; i < n; i++) {
        any_month |= tables[i]->month_slot >= 0;
        if (tables[i]->names != tables[0]->names)
            return pt_error_set(err, PT_EINVAL, NULL, "tables counted together must share "
                                "one names registry");
        for (size_t k = 0; k < tables[i]->opt.n_keys; k++)
            company |= tables[i]->opt.keys[k] == PT_CKEY_COMPANY;
    }
    uint32_t firm = 0;
    enum pt_code rc = PT_OK;
    if (company)
        rc = pt_names_add(tables[0]->names, c->company, strlen(c->company), &firm, err);
    /* The month key once for every table that has one. */
    int32_t month = any_month ? pt_date_month_key(c->date_received) : 0;
    for (size_t i = 0; rc == PT_OK && company && i < n; i++)
        prefetch_cell(tables[i], firm, c, month);
    for (size_t i = 0; rc == PT_OK && i < n; i++)
        rc = add_complaint(tables[i], c, company, firm, any_month ? &month : NULL, err);
    return rc;
}

enum pt_code pt_cstats_add_cb(void *ctx, const struct pt_complaint *c, struct pt_error *err)
{
    return pt_cstats_add(ctx, c, err);
}

enum pt_code pt_cstats_finish(struct pt_cstats *s, struct pt_error *err)
{
    if (s->finished)
        return PT_OK;
    enum pt_code rc = pt_cstats_derive(s, err);
    if (rc == PT_OK)
        s->finished = 1;
    return rc;
}

uint64_t pt_cstats_total(const struct pt_cstats *s) { return s->total; }
size_t pt_cstats_n_rows(const struct pt_cstats *s) { return s->n_rows; }

const struct pt_cstats_row *pt_cstats_row(const struct pt_cstats *s, size_t i)
{
    return i < s->n_rows ? &s->rows[i] : NULL;
}

int pt_cstats_overlapping(const struct pt_cstats *s)
{
    for (size_t i = 0; i < s->opt.n_keys; i++)
        if (s->opt.keys[i] == PT_CKEY_CATEGORY)
            return 1;
    return 0;
}

void pt_wilson_interval(uint64_t y, uint64_t n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = *hi = NAN;
        return;
    }
    /* Wilson (1927); z = the 0.975 normal quantile. */
    const double z = 1.959963984540054;
    double nn = (double)n, p = (double)y / nn, z2 = z * z;
    double denom = 1.0 + z2 / nn;
    double center = (p + z2 / (2.0 * nn)) / denom;
    double half = z / denom * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
    *lo = center - half;
    *hi = center + half;
    if (*lo < 0.0)
        *lo = 0.0;
    if (*hi > 1.0)
        *hi = 1.0;
}

/* stats_merge.c: pt_cstats_merge (stats_complaints.h).
 *
 * Two threads each count one half of a file into their own accumulator
 * and names registry; the merge makes dst what one accumulator reading the
 * first half and then the second would hold. Every per-group figure is a
 * sum (counts, response mix, lag histogram, issue counts) or a list whose
 * order no output depends on (lags outside the histogram are sorted by the
 * quantile code). Identities are remapped in src's first-appearance order,
 * so ids and creation order come out as a sequential run gives them:
 * firms through pt_names_merge, interned text through dst's pool, groups
 * visited in src's creation order. The near-duplicate detector compares
 * each narrative with the earlier ones, which a split cannot do, so
 * accumulators with opts.neardup are refused. */
#include "audit/stats_internal.h"

#include <string.h>

#include "audit/date.h"
#include "audit/names.h"

/* The dst key of one src key value; names NULL: both use one registry. */
static int32_t map_key(enum pt_ckey k, int32_t v, const uint32_t *names, const uint32_t *texts)
{
    switch (k) {
    case PT_CKEY_COMPANY: return names != NULL ? (int32_t)names[v] : v;
    case PT_CKEY_PRODUCT:
    case PT_CKEY_ISSUE:
    case PT_CKEY_STATE:
    case PT_CKEY_CHANNEL: return (int32_t)texts[v];
    case PT_CKEY_CATEGORY:
    case PT_CKEY_MONTH:
    case PT_CKEY_QUARTER:
    case PT_CKEY_YEAR:
    case PT_CKEY_COUNT: break;
    }
    return v;
}

static enum pt_code merge_hist(struct cs_group *g, const struct cs_group *s, struct pt_error *err)
{
    if (s->hist_len > g->hist_len) {
        uint32_t *h = pt_realloc(g->hist, s->hist_len * sizeof *h);
        if (h == NULL)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        memset(h + g->hist_len, 0, (s->hist_len - g->hist_len) * sizeof *h);
        g->hist = h;
        g->hist_len = s->hist_len;
    }
    for (size_t d = 0; d < s->hist_len; d++) {
        if (s->hist[d] > UINT32_MAX - g->hist[d])
            return pt_error_set(err, PT_ERANGE, NULL, "more than %u complaints with one lag",
                                UINT32_MAX);
        g->hist[d] += s->hist[d];
    }
    for (uint32_t i = 0; i < s->tail.cap; i++) {
        const struct pt_counts32_slot *e = &s->tail.slots[i];
        if (e->key_plus1 != 0 && pt_counts32_add(&g->tail, e->key_plus1 - 1, e->n) != 0)
            return cs_count_error(err);
    }
    if (s->n_outside) {
        if (pt_grow((void **)&g->outside, &g->cap_outside, g->n_outside + s->n_outside,
                    sizeof *g->outside) != 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        memcpy(g->outside + g->n_outside, s->outside, s->n_outside * sizeof *s->outside);
        g->n_outside += s->n_outside;
    }
    return PT_OK;
}

static enum pt_code merge_issues(struct cs_group *g, const struct cs_group *s,
                                 const uint32_t *texts, struct pt_error *err)
{
    uint64_t pos = 0;
    uint32_t id, n;
    while (pt_counts32x_next(&s->issues, &pos, &id, &n))
        if (pt_counts32x_add(&g->issues, texts[id], n) != 0)
            return cs_count_error(err);
    return PT_OK;
}

/* Only the figures dst keeps: a fold may go from a source that kept lags,
 * issues or terms into a dst that does not (opts.no_lags, no_top_issue,
 * no terms, counts_only), and dst must then hold what counting would have
 * given it. */
static void add_counts(const struct pt_cstats *dst, struct cs_group *g, const struct cs_group *s)
{
    g->n += s->n;
    if (dst->opt.counts_only)
        return;
    g->yes += s->yes;
    g->no += s->no;
    g->unknown += s->unknown;
    for (int r = 0; r < PT_RESP_COUNT; r++)
        g->response[r] += s->response[r];
    if (!dst->opt.no_lags)
        g->lag_known += s->lag_known;
    g->narratives += s->narratives;
    g->neardup += s->neardup;
    if (dst->loans != NULL)
        g->in_period += s->in_period;
    if (dst->opt.terms) {
        g->terms_quoted += s->terms_quoted;
        g->terms_over_24 += s->terms_over_24;
        g->terms_over_36 += s->terms_over_36;
    }
}

/* A counting src into a counting dst with the same keys, without making
 * either side's groups: each window cell of src, then each of its strays,
 * counted into dst. */
static enum pt_code merge_counts(struct pt_cstats *dst, const struct pt_cstats *src,
                                 const uint32_t *names, const uint32_t *texts,
                                 struct pt_error *err)
{
    enum pt_code rc = PT_OK;
    int32_t skey[PT_CSTATS_MAX_KEYS], key[PT_CSTATS_MAX_KEYS];
    for (size_t id = 0; rc == PT_OK && id < src->n_windows; id++) {
        const struct cs_window *w = &src->windows[id];
        for (size_t off = 0; rc == PT_OK && w->count != NULL && off < w->len; off++) {
            if (w->count[off] == 0)
                continue;
            memset(skey, 0, sizeof skey);
            memset(key, 0, sizeof key);
            cs_cell_key(src, id, off, skey);
            for (size_t i = 0; i < dst->opt.n_keys; i++)
                key[i] = map_key(dst->opt.keys[i], skey[i], names, texts);
            rc = cs_count_add(dst, key, w->count[off], err);
        }
    }
    for (const struct cs_group *sg = src->groups; rc == PT_OK && sg != NULL; sg = sg->hh.next) {
        memset(key, 0, sizeof key);
        for (size_t i = 0; i < dst->opt.n_keys; i++)
            key[i] = map_key(dst->opt.keys[i], sg->key[i], names, texts);
        rc = cs_count_add(dst, key, sg->n, err);
    }
    return rc;
}

/* at[i]: the position in src's keys of dst's key i. */
static enum pt_code merge_groups(struct pt_cstats *dst, const struct pt_cstats *src,
                                 const size_t *at, const uint32_t *names, const uint32_t *texts,
                                 struct pt_error *err)
{
    for (const struct cs_group *sg = src->groups; sg != NULL; sg = sg->hh.next) {
        int32_t key[PT_CSTATS_MAX_KEYS] = {0};
        for (size_t i = 0; i < dst->opt.n_keys; i++)
            key[i] = map_key(dst->opt.keys[i], sg->key[at[i]], names, texts);
        struct cs_group *g = NULL;
        enum pt_code rc = cs_find_or_add_group(dst, key, &g, err);
        if (rc == PT_OK && !dst->opt.no_lags)
            rc = merge_hist(g, sg, err);
        if (rc == PT_OK && dst->track_issues)
            rc = merge_issues(g, sg, texts, err);
        if (rc != PT_OK)
            return rc;
        add_counts(dst, g, sg);
    }
    return PT_OK;
}

static enum pt_code merge_mapped(struct pt_cstats *dst, struct pt_cstats *src,
                                 const uint32_t *names, struct pt_error *err);

static enum pt_code check_mergeable(const struct pt_cstats *dst, const struct pt_cstats *src,
                                    struct pt_error *err)
{
    if (dst->finished || src->finished || dst->dup != NULL || src->dup != NULL ||
        dst->opt.n_keys != src->opt.n_keys ||
        memcmp(dst->opt.keys, src->opt.keys, dst->opt.n_keys * sizeof *dst->opt.keys) != 0)
        return pt_error_set(err, PT_EINVAL, NULL, "complaint statistics cannot be merged: "
                            "expected two unfinished accumulators with the same keys and no "
                            "near-duplicate detector");
    /* What each side kept or left out must agree too, or the sum would mix
     * groups with lags, top issues or loan terms and groups without. */
    if (dst->opt.spike_min != src->opt.spike_min || dst->opt.terms != src->opt.terms ||
        dst->opt.counts_only != src->opt.counts_only ||
        dst->opt.no_top_issue != src->opt.no_top_issue || dst->opt.no_lags != src->opt.no_lags ||
        dst->loans != src->loans || dst->loan_from != src->loan_from ||
        dst->loan_to != src->loan_to)
        return pt_error_set(err, PT_EINVAL, NULL, "complaint statistics cannot be merged: "
                            "expected the same options (spike minimum, terms, top issue, lags, "
                            "counts only) "
                            "and the same loans and loan period");
    return PT_OK;
}

enum pt_code pt_cstats_merge(struct pt_cstats *dst, struct pt_cstats *src,
                             struct pt_error *err)
{
    enum pt_code rc = check_mergeable(dst, src, err);
    if (rc != PT_OK)
        return rc;
    if (dst->names == src->names)
        return merge_mapped(dst, src, NULL, err);
    uint32_t *names = pt_calloc((size_t)pt_names_n_groups(src->names) + 1, sizeof *names);
    if (names == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    rc = pt_names_merge(dst->names, src->names, names, err);
    if (rc == PT_OK)
        rc = merge_mapped(dst, src, names, err);
    pt_free(names);
    return rc;
}

enum pt_code pt_cstats_merge_mapped(struct pt_cstats *dst, struct pt_cstats *src,
                                    const uint32_t *names_map, struct pt_error *err)
{
    return merge_mapped(dst, src, names_map, err);
}

/* Groups and totals of src into dst (checked by the caller): names maps
 * src's firms to dst's (NULL: one registry), at dst's keys to src's. */
static enum pt_code add_all(struct pt_cstats *dst, struct pt_cstats *src,
                            const size_t *at, const uint32_t *names, struct pt_error *err)
{
    /* Two counting sides with the same keys (a merge) add count to count;
     * otherwise counts kept in windows become groups first, on both sides
     * (a change of representation only: src's figures stay the same). */
    int counts = dst->counting && src->counting && dst->opt.n_keys == src->opt.n_keys;
    for (size_t i = 0; counts && i < dst->opt.n_keys; i++)
        counts = at[i] == i;
    enum pt_code rc = PT_OK;
    if (!counts && (rc = cs_materialize(dst, err)) == PT_OK)
        rc = cs_materialize(src, err);
    if (rc != PT_OK)
        return rc;
    uint32_t *texts = pt_calloc(src->n_ids + 1, sizeof *texts);
    if (texts == NULL)
        rc = pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; rc == PT_OK && i < src->n_ids; i++)
        rc = cs_intern(dst, src->by_id[i]->s, &texts[i], err);
    if (rc == PT_OK)
        rc = counts ? merge_counts(dst, src, names, texts, err)
                    : merge_groups(dst, src, at, names, texts, err);
    if (rc == PT_OK) {
        dst->total += src->total;
        if (src->first_day != PT_DAY_UNKNOWN &&
            (dst->first_day == PT_DAY_UNKNOWN || src->first_day < dst->first_day))
            dst->first_day = src->first_day;
        if (src->last_day != PT_DAY_UNKNOWN &&
            (dst->last_day == PT_DAY_UNKNOWN || src->last_day > dst->last_day))
            dst->last_day = src->last_day;
    }
    pt_free(texts);
    return rc;
}

static enum pt_code merge_mapped(struct pt_cstats *dst, struct pt_cstats *src,
                                 const uint32_t *names, struct pt_error *err)
{
    static const size_t same[PT_CSTATS_MAX_KEYS] = {0, 1, 2, 3};
    enum pt_code rc = check_mergeable(dst, src, err);
    return rc == PT_OK ? add_all(dst, src, same, names, err) : rc;
}

enum pt_code pt_cstats_fold(struct pt_cstats *dst, struct pt_cstats *src,
                            struct pt_error *err)
{
    size_t at[PT_CSTATS_MAX_KEYS];
    int ok = !dst->finished && !src->finished && dst->dup == NULL && src->dup == NULL &&
             dst->names == src->names && dst->total == 0 && dst->n_groups == 0 &&
             /* every figure dst keeps, src kept too */
             (!dst->track_issues || src->track_issues) && (dst->opt.no_lags || !src->opt.no_lags) &&
             (!dst->opt.terms || src->opt.terms) &&
             (dst->opt.counts_only || !src->opt.counts_only) &&
             (dst->loans == NULL || (dst->loans == src->loans && dst->loan_from == src->loan_from &&
                                     dst->loan_to == src->loan_to));
    for (size_t i = 0; ok && i < dst->opt.n_keys; i++) {
        ok = 0;
        for (size_t j = 0; j < src->opt.n_keys; j++)
            if (src->opt.keys[j] == dst->opt.keys[i]) {
                at[i] = j;
                ok = 1;
            }
    }
    for (size_t j = 0; ok && j < src->opt.n_keys; j++)
        if (src->opt.keys[j] == PT_CKEY_CATEGORY) {
            ok = 0;
            for (size_t i = 0; i < dst->opt.n_keys; i++)
                ok |= dst->opt.keys[i] == PT_CKEY_CATEGORY;
        }
    if (!ok)
        return pt_error_set(err, PT_EINVAL, NULL, "complaint statistics cannot be folded: "
                            "expected an empty accumulator whose keys and figures are some of the "
                            "other's (category kept), one names registry, no near-duplicate "
                            "detector");
    return add_all(dst, src, at, NULL, err);
}

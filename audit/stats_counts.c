/* stats_counts.c: counts_only tables (stats_complaints.h, opts.counts_only).
 *
 * Why: the report's cross tables (company x month, company x category) show
 * only complaints per cell, yet each complaint found and updated a group of
 * ~330 bytes per table, one cache miss each over the ~150,000 company x month
 * groups of the full CFPB export: without those two tables the report's
 * complaint half took 3.8 s of CPU instead of 6.3 s (5M rows). While
 * counting, a window (stats_internal.h) holds a 4-byte count per key value
 * instead of a group pointer, so a company's months sit in a few cache
 * lines; groups are made once, from the counts, when the table is merged
 * with a full table or folded, and from then on it is an ordinary table (n
 * only). Finishing reads the rows straight off the counts where the keys
 * allow (stats_derive.c, derive_counts), else makes the groups first.
 * Keys outside every window (stray dates) are counted in groups as usual. */
#include "audit/stats_internal.h"

#include "audit/alloc.h"

enum pt_code cs_count_add(struct pt_cstats *s, const int32_t *key, uint64_t n,
                          struct pt_error *err)
{
    uint32_t *cell = cs_count_cell(s, key);   /* the common case: inside the window */
    size_t id;
    int32_t k;
    enum pt_code rc = PT_OK;
    if (cell == NULL && s->counting && cs_windowed(s, key, &id, &k)) {
        int covered = 0;   /* grow the window towards k, unless k is a stray */
        if ((rc = cs_window_cover(s, id, k, &covered, err)) != PT_OK)
            return rc;
        cell = covered ? &s->windows[id].count[k - s->windows[id].base] : NULL;
    }
    if (cell != NULL) {
        if (n > UINT32_MAX - *cell)
            return cs_count_error(err);
        *cell += (uint32_t)n;
        return PT_OK;
    }
    struct cs_group *g = NULL;
    if ((rc = cs_find_or_add_group(s, key, &g, err)) == PT_OK)
        g->n += n;
    return rc;
}

void cs_cell_key(const struct pt_cstats *s, size_t id, size_t off, int32_t *key)
{
    int32_t k = (int32_t)((int64_t)s->windows[id].base + (int64_t)off);
    if (s->opt.n_keys == 1) {
        key[0] = k;
    } else {
        key[0] = (int32_t)id;
        key[1] = k;
    }
}

enum pt_code cs_materialize(struct pt_cstats *s, struct pt_error *err)
{
    if (!s->counting)
        return PT_OK;
    /* Slots first, for every window, so a failure leaves a table that
     * destroy frees and nothing half made; then the groups. */
    for (size_t id = 0; id < s->n_windows; id++) {
        struct cs_window *w = &s->windows[id];
        if (w->count != NULL && (w->slot = pt_calloc(w->len, sizeof *w->slot)) == NULL)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    }
    s->counting = 0;   /* cs_find_or_add_group now files groups in the slots */
    enum pt_code rc = PT_OK;
    for (size_t id = 0; id < s->n_windows; id++) {
        struct cs_window *w = &s->windows[id];
        for (size_t off = 0; rc == PT_OK && w->count != NULL && off < w->len; off++) {
            if (w->count[off] == 0)
                continue;
            int32_t key[PT_CSTATS_MAX_KEYS] = {0};
            cs_cell_key(s, id, off, key);
            struct cs_group *g = NULL;
            rc = cs_find_or_add_group(s, key, &g, err);
            if (rc == PT_OK)
                g->n += w->count[off];
        }
        pt_free(w->count);
        w->count = NULL;
    }
    return rc;
}

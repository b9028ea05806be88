/* stats_internal.h: the accumulator behind stats_complaints.h, shared by
 * stats_complaints.c (counting), stats_derive.c (order, quantiles, change,
 * spikes) and stats_complaints_out.c (the table). Not a public header.
 *
 * uthash allocates through pt_malloc/pt_free and reports out-of-memory
 * without exiting (HASH_NONFATAL_OOM): an element whose hh.tbl is NULL
 * after HASH_ADD was not added. */
#ifndef PTAUDIT_STATS_INTERNAL_H
#define PTAUDIT_STATS_INTERNAL_H

#include "audit/alloc.h"

#include "audit/uthash_pt.h"

#include "audit/counts32.h"
#include "audit/stats_complaints.h"

/* An interned text value (product, issue, state, channel). */
struct cs_intern {
    UT_hash_handle hh;
    uint32_t id;          /* dense, 0-based, first-appearance order */
    size_t len;
    char s[];             /* NUL-terminated */
};


/* Fields in the order a complaint touches them: the counters every add
 * updates and the lag histogram come first, so an add to a group found
 * through the dense index or a window loads two or three cache lines
 * rather than five; the hash handle and the rarer counts follow. */
struct cs_group {
    uint64_t n, yes, no, unknown;
    uint64_t response[PT_RESP_COUNT];
    uint32_t *hist;                    /* hist[d] = complaints with lag d days, d < CS_DENSE_LAGS */
    size_t hist_len;                   /* entries allocated (max lag seen + 1, capped) */
    uint64_t lag_known;
    struct pt_counts32x issues;        /* by intern id, only when top issues are tracked */
    UT_hash_handle hh;
    int32_t key[PT_CSTATS_MAX_KEYS];   /* the hash key; unused slots 0 */
    size_t order;                      /* creation order (unique) */
    struct pt_counts32 tail;           /* lags CS_DENSE_LAGS..PT_CSTATS_LAG_MAX: count by lag */
    struct cs_lagcount { int32_t lag; uint64_t n; } *tail_sorted;   /* tail by lag, at derive */
    size_t n_tail;
    int32_t *outside;                  /* lags < 0 or > PT_CSTATS_LAG_MAX */
    size_t n_outside, cap_outside;
    uint64_t narratives, neardup;
    uint64_t in_period;                /* complaints in the loans' period */
    uint64_t terms_quoted, terms_over_24, terms_over_36;
};

/* Lags below this many days are counted in a dense array per group (the
 * median and p90 of the CFPB data are 0-11 days); the long tail, rare and
 * spread over 3,660 possible values, in a flat map, so a group's memory
 * follows the distinct lags it has seen rather than its longest one: the
 * full export then needs about what a month of it needs. */
#define CS_DENSE_LAGS 64

/* Two keys whose first is a dense id (company x month, company x
 * category): each first-key id keeps its groups in a window indexed by
 * the second key, base..base+len-1, so the report's cross tables find a
 * group without hashing. A window spans at most CS_WINDOW_MAX values (a
 * company's months over 85 years); a value outside it (a stray date) is
 * found through the hash table, which holds every group either way. One
 * time key alone (month, quarter, year) uses window 0 the same way. */
struct cs_window {
    int32_t base;
    uint32_t len;                      /* 0 = empty */
    struct cs_group **slot;            /* slot[k - base], NULL = not seen */
    uint32_t *count;                   /* while counting (counts_only): complaints of k - base */
};
#define CS_WINDOW_MAX 1024

/* Slots of the interned-text front cache (a power of two). */
#define CS_FRONT 1024

struct pt_cstats {
    struct pt_cstats_opts opt;
    struct pt_names *names;            /* borrowed */
    struct pt_neardup *dup;            /* owned; NULL without opts.neardup */
    struct cs_intern *pool;            /* hash by text */
    struct cs_intern *front[CS_FRONT]; /* direct-mapped cache in front of pool (names.c's idea) */
    struct cs_intern **by_id;
    size_t n_ids, cap_ids;
    struct cs_group *groups;           /* hash by key */
    struct cs_group **dense;           /* one dense-id key: groups by id (NULL = not seen) */
    size_t n_dense;
    struct cs_window *windows;         /* by first-key id (two keys), or [0] (one time key) */
    size_t n_windows;
    int counting;                      /* counts_only, groups not made yet: windows hold counts */
    size_t n_groups;
    struct pt_cstats_row *rows;        /* after finish, in output order */
    size_t n_rows;
    uint64_t total;
    int32_t first_day, last_day;       /* of the complaints counted */
    const struct pt_loan_counts *loans;/* borrowed; NULL = none */
    int32_t loan_from, loan_to;        /* complaints counted against loans */
    uint64_t *loan_totals;             /* per names group, filled at finish */
    size_t n_loan_totals;
    int month_slot;                    /* index of the month key, or -1 */
    int win_keys;                      /* windows by (0, the value) of one time key: 1;
                                        * by (the dense first key, the second): 2; none: 0 */
    int track_issues;
    int finished;
};

/* stats_terms.c: loan terms quoted in a complaint's text. */
enum { CS_TERMS_QUOTED = 1, CS_TERMS_OVER_24 = 2, CS_TERMS_OVER_36 = 4 };
unsigned cs_terms_flags(const struct pt_complaint *c);

/* stats_complaints.c: the interned id of text (trimmed of spaces and
 * tabs), and the group of a key, created when new. PT_ENOMEM. */
PT_NODISCARD enum pt_code cs_intern(struct pt_cstats *s, const char *text, uint32_t *id,
                                    struct pt_error *err);
PT_NODISCARD enum pt_code cs_find_or_add_group(struct pt_cstats *s, const int32_t *key,
                                               struct cs_group **out, struct pt_error *err);

/* The group of a key, NULL when there is none. */
const struct cs_group *cs_find_group(const struct pt_cstats *s, const int32_t *key);

/* 1 when the group of key is indexed by a window: (id, k) is (the dense
 * first key, the second) for two keys, (0, the value) for one time key
 * (month, quarter, year: a few hundred values, looked up once per
 * complaint and 14 times per group by derive). 0: the hash table alone.
 * Inline: it runs for every complaint counted in a window. */
static inline int cs_windowed(const struct pt_cstats *s, const int32_t *key, size_t *id,
                              int32_t *k)
{
    if (s->win_keys == 1) {
        *id = 0;
        *k = key[0];
        return 1;
    }
    if (s->win_keys != 2 || key[0] < 0)
        return 0;
    *id = (size_t)key[0];
    *k = key[1];
    return 1;
}

/* The count cell of key while the table counts in windows (counts_only,
 * before its groups are made) and key lies inside its window; else NULL
 * (a stray, a window not grown that far, or groups already made). */
static inline uint32_t *cs_count_cell(const struct pt_cstats *s, const int32_t *key)
{
    size_t id;
    int32_t k;
    if (!s->counting || !cs_windowed(s, key, &id, &k) || id >= s->n_windows)
        return NULL;
    const struct cs_window *w = &s->windows[id];
    uint64_t off = (uint64_t)((int64_t)k - w->base);
    return off < w->len ? &w->count[off] : NULL;
}
/* Makes window id cover k (growing it, at least doubling, towards k) while
 * it spans at most CS_WINDOW_MAX values: *covered 1 if k is in it after,
 * 0 for a stray. Grows the count array while counting, else the slots.
 * PT_ENOMEM. */
PT_NODISCARD enum pt_code cs_window_cover(struct pt_cstats *s, size_t id, int32_t k,
                                          int *covered, struct pt_error *err);

/* stats_counts.c: counts_only tables (stats_complaints.h). n complaints
 * for key: in its window's cell while counting, else (a stray, a table
 * without windows, or one whose groups are made) in its group.
 * PT_ENOMEM, PT_ERANGE. */
PT_NODISCARD enum pt_code cs_count_add(struct pt_cstats *s, const int32_t *key, uint64_t n,
                                       struct pt_error *err);
/* The key of cell off of window id. */
void cs_cell_key(const struct pt_cstats *s, size_t id, size_t off, int32_t *key);
/* Turns the windows' counts into groups (n only), after which the table
 * is like any other; nothing to do when not counting. PT_ENOMEM. */
PT_NODISCARD enum pt_code cs_materialize(struct pt_cstats *s, struct pt_error *err);

/* The error of a failed pt_counts32_add (out of memory or a count past
 * UINT32_MAX). */
PT_NODISCARD enum pt_code cs_count_error(struct pt_error *err);

/* stats_derive.c: fills s->rows (making the groups of a counts_only table
 * first, unless its rows can be read off its windows). */
PT_NODISCARD enum pt_code pt_cstats_derive(struct pt_cstats *s, struct pt_error *err);
/* The k-th smallest lag (0-based) of a group; k < lag_known. */
int32_t cs_lag_kth(const struct cs_group *g, uint64_t k);
/* The text of an intern id (borrowed). */
const char *cs_intern_text(const struct pt_cstats *s, uint32_t id);

#endif

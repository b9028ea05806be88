/* loan_counts.c: loans per (platform, day) (see loan_counts.h). */
#include "audit/alloc.h"

#include "audit/uthash_pt.h"

#include <string.h>

#include "audit/date.h"
#include "audit/loan_counts.h"
#include "audit/names.h"

struct lc_cell {
    UT_hash_handle hh;
    struct { uint32_t group; int32_t day; } key;
    uint64_t n;
};

struct pt_loan_counts {
    struct pt_names *names;    /* borrowed */
    struct lc_cell *cells;
    int32_t first, last;
    uint64_t n_loans, n_undated;
};

enum pt_code pt_loan_counts_create(struct pt_loan_counts **out, struct pt_names *names,
                                   struct pt_error *err)
{
    *out = pt_calloc(1, sizeof **out);
    if (*out == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    (*out)->names = names;
    (*out)->first = (*out)->last = PT_DAY_UNKNOWN;
    return PT_OK;
}

void pt_loan_counts_destroy(struct pt_loan_counts *lc)
{
    if (lc == NULL)
        return;
    struct lc_cell *c, *tmp;
    HASH_ITER(hh, lc->cells, c, tmp) {
        HASH_DEL(lc->cells, c);
        pt_free(c);
    }
    pt_free(lc);
}

enum pt_code pt_loan_counts_add(struct pt_loan_counts *lc, const char *platform, int32_t day,
                                struct pt_error *err)
{
    uint32_t group;
    enum pt_code rc = pt_names_add(lc->names, platform, strlen(platform), &group, err);
    if (rc != PT_OK)
        return rc;
    lc->n_loans++;
    if (day == PT_DAY_UNKNOWN)
        lc->n_undated++;
    struct lc_cell probe, *c = NULL;
    memset(&probe, 0, sizeof probe);
    probe.key.group = group;
    probe.key.day = day;
    HASH_FIND(hh, lc->cells, &probe.key, sizeof probe.key, c);
    if (c == NULL) {
        c = pt_calloc(1, sizeof *c);
        if (c == NULL)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        c->key = probe.key;
        int ut_oom = 0;
        HASH_ADD(hh, lc->cells, key, sizeof c->key, c);
        if (ut_oom) {
            pt_free(c);
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
        }
    }
    c->n++;
    if (day == PT_DAY_UNKNOWN)
        return PT_OK;
    if (lc->first == PT_DAY_UNKNOWN || day < lc->first)
        lc->first = day;
    if (lc->last == PT_DAY_UNKNOWN || day > lc->last)
        lc->last = day;
    return PT_OK;
}

void pt_loan_counts_range(const struct pt_loan_counts *lc, int32_t *first, int32_t *last,
                          uint64_t *n_loans, uint64_t *n_undated)
{
    *first = lc->first;
    *last = lc->last;
    *n_loans = lc->n_loans;
    *n_undated = lc->n_undated;
}

enum pt_code pt_loan_counts_totals(const struct pt_loan_counts *lc, int32_t from, int32_t to,
                                   uint64_t **totals, size_t *n, struct pt_error *err)
{
    *n = pt_names_n_groups(lc->names);
    *totals = pt_calloc(*n + 1, sizeof **totals);
    if (*totals == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    const struct lc_cell *c, *tmp;
    HASH_ITER(hh, lc->cells, c, tmp)
        if (c->key.day >= from && c->key.day <= to && c->key.group < *n)
            (*totals)[c->key.group] += c->n;
    return PT_OK;
}

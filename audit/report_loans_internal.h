/* report_loans_internal.h: the loan section's state, shared by
 * report_loans.c (loading) and report_loans_out.c (tables and charts). */
#ifndef PTAUDIT_REPORT_LOANS_INTERNAL_H
#define PTAUDIT_REPORT_LOANS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "audit/names.h"
#include "audit/report_data.h"

struct pt_rate_stats;
struct pt_loan_table;

/* One loan kept for the charts and the period comparison: 32 bytes, no
 * string of its own (a million loans once cost a strdup'ed platform each).
 * Its platform is the names group; the display name comes from the
 * registry once every loan has been counted (names.h: the most frequent
 * spelling can still change while loading). */
struct point {
    double apr, quoted;        /* fractions; quoted NAN = none */
    int32_t day;               /* loan date (date.h), PT_DAY_UNKNOWN */
    uint32_t group;            /* platform: names group (names.h) */
    int which;                 /* 1 = the period (or all), 2 = the previous period */
};

struct pt_report_loans {
    const struct pt_report_scope *scope;   /* borrowed */
    const struct pt_run_options *opt;      /* borrowed */
    struct pt_names *names;                /* owned */
    const struct pt_colmap *map;           /* borrowed: --loans-map, NULL = none */
    struct pt_rate_stats *stats;           /* owned */
    struct pt_loan_table *csv;             /* owned while loading */
    struct point *pts;                     /* owned; input order, then (building)
                                            * by display name, input order within */
    size_t n_pts, cap_pts;
    uint32_t *rank;                        /* owned, set by building: names group ->
                                            * rank of its display name (bytewise);
                                            * equal names share a rank */
    uint64_t n_current;
};

/* The display name of p's platform (borrowed from the registry: one
 * shared string per group). */
static inline const char *pt_report_loans_display(const struct pt_report_loans *l,
                                                  const struct point *p)
{
    return pt_names_display(l->names, p->group);
}

#endif

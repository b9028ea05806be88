/* report_loans_internal.h: the loan section's state, shared by
 * report_loans.c (loading) and report_loans_out.c (tables and charts). */
#ifndef PTAUDIT_REPORT_LOANS_INTERNAL_H
#define PTAUDIT_REPORT_LOANS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "audit/report_data.h"

struct pt_names;
struct pt_rate_stats;
struct pt_loan_table;

struct point {
    char *platform;            /* owned: the spelling as read */
    const char *display;       /* borrowed from names, set before building */
    double apr, quoted;        /* fractions; quoted NAN = none */
    int which;                 /* 1 = the period (or all), 2 = the previous period */
    int32_t day;               /* loan date (date.h), PT_DAY_UNKNOWN */
    size_t order;              /* input order */
};

struct pt_report_loans {
    const struct pt_report_scope *scope;   /* borrowed */
    const struct pt_run_options *opt;      /* borrowed */
    struct pt_names *names;                /* owned */
    const struct pt_colmap *map;           /* borrowed: --loans-map, NULL = none */
    struct pt_rate_stats *stats;           /* owned */
    struct pt_loan_table *csv;             /* owned while loading */
    struct point *pts;                     /* owned */
    size_t n_pts, cap_pts;
    uint64_t n_current;
};

#endif

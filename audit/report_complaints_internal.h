/* report_complaints_internal.h: the complaint section's state, shared by
 * report_complaints.c (loading) and report_complaints_out.c (tables). */
#ifndef PTAUDIT_REPORT_COMPLAINTS_INTERNAL_H
#define PTAUDIT_REPORT_COMPLAINTS_INTERNAL_H

#include <stdint.h>

#include "audit/complaint.h"
#include "audit/report_data.h"

struct pt_cstats;
struct pt_taxonomy;

struct pt_report_complaints {
    const struct pt_report_scope *scope;   /* borrowed */
    const struct pt_run_options *opt;      /* borrowed */
    struct pt_names *names;                /* owned: company names + aliases */
    struct pt_taxonomy *taxonomy;          /* owned */
    const struct pt_colmap *map;           /* borrowed: --complaints-map, NULL = none */
    struct pt_complaint_filter filter;     /* owned */
    int filter_ready;                      /* --company values added */
    struct pt_cstats *by_company;          /* owned: the period */
    struct pt_cstats *by_month;            /* owned: company x month */
    struct pt_cstats *by_category;         /* owned */
    struct pt_cstats *by_company_category; /* owned: company x category */
    struct pt_cstats *prev_by_company;     /* owned; NULL without --period */
    uint64_t n_current;                    /* complaints of the period */
    int finished;                          /* pt_report_complaints_finish done */
    struct cr_month_finish *months;        /* owned: by_month being finished on
                                            * its own thread; NULL once joined */
    /* Kept in the report's build by pt_report_complaints_build for what
     * company x month gives, filled by pt_report_complaints_build_months. */
    struct pt_rtable *month_table, *spikes_table;
    struct pt_chart *month_chart;          /* NULL: none */
    int32_t first_day, last_day;           /* date range of those complaints */
};

/* Waits for the company x month thread, if any, and drops its outcome
 * (an error path, or destroy). */
void cr_months_abandon(struct pt_report_complaints *c);

#endif

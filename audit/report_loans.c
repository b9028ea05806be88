/* report_loans.c: the loan section of the report.
 *
 * Each loans input goes through pt_loans_load_piped; the callbacks apply the
 * scope, feeds the period's loans to stats_rates (the loans_by_platform
 * table, written by stats_rates itself in every format) and to the
 * per-loan CSV (tables/loans.csv, the rows behind every chart point), and
 * keeps (platform group, APR, quoted rate) per loan for the charts and the
 * period comparison. Platforms are shown by display name (names.h), sorted
 * bytewise; points within a platform keep input order, so the chart data
 * are the same bytes on every run (report_loans_out.c sorts them). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/aliases.h"
#include "audit/loan.h"
#include "audit/loan_table.h"
#include "audit/names.h"
#include "audit/quantile.h"
#include "audit/report_loans_internal.h"
#include "audit/stats_rates.h"

enum pt_code pt_report_loans_create(struct pt_report_loans **out,
                                    const struct pt_report_scope *scope,
                                    const struct pt_run_options *opt, struct pt_error *err)
{
    static const enum pt_rate_key keys[] = {PT_RKEY_PLATFORM};
    struct pt_report_loans *l = pt_calloc(1, sizeof *l);
    *out = NULL;
    if (l == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    l->scope = scope;
    l->opt = opt;
    enum pt_code rc = pt_names_create(&l->names, err);
    if (rc == PT_OK)
        rc = pt_rate_stats_create(&l->stats, keys, 1, l->names, err);
    if (rc != PT_OK) {
        pt_report_loans_destroy(l);
        return rc;
    }
    *out = l;
    return PT_OK;
}

void pt_report_loans_destroy(struct pt_report_loans *l)
{
    if (l == NULL)
        return;
    pt_loan_table_abort(l->csv);
    pt_rate_stats_destroy(l->stats);
    pt_names_destroy(l->names);
    pt_free(l->pts);
    pt_free(l->rank);
    pt_free(l);
}

enum pt_code pt_report_loans_aliases(struct pt_report_loans *l, FILE *in, const char *path,
                                     struct pt_error *err)
{
    return pt_aliases_load(in, path, l->names, err);
}

/* The firm a name resolves to, as a names key (alias target first). */
static int firm_key(const struct pt_names *names, const char *s, char *out, size_t size)
{
    const char *target = pt_names_alias_target(names, s, strlen(s));
    const char *name = target != NULL ? target : s;
    if (strlen(name) + 1 > size)
        return 0;
    pt_name_key(name, strlen(name), out);
    return 1;
}

static int company_ok(const struct pt_report_loans *l, const char *platform)
{
    char want[1024], have[1024];
    if (l->scope->n_companies == 0)
        return 1;
    if (!firm_key(l->names, platform, have, sizeof have))
        return 0;
    for (size_t i = 0; i < l->scope->n_companies; i++)
        if (firm_key(l->names, l->scope->companies[i], want, sizeof want) &&
            strcmp(want, have) == 0)
            return 1;
    return 0;
}

static enum pt_code keep_point(struct pt_report_loans *l, const struct pt_loan *loan, int which,
                               uint32_t group, struct pt_error *err)
{
    if (pt_grow((void **)&l->pts, &l->cap_pts, l->n_pts + 1, sizeof *l->pts) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory keeping loans");
    struct point *p = &l->pts[l->n_pts++];
    p->apr = loan->apr;
    p->quoted = loan->quoted_annual_rate;
    p->day = loan->day;
    p->group = group;
    p->which = which;
    return PT_OK;
}

/* The reading thread's part (pt_loan_sink.keep): the filters. They read
 * only the scope and the registry's aliases, which nothing changes while
 * loading, never the counts the worker adds. */
static int keep_loan(void *ctx, const struct pt_loan *loan)
{
    const struct pt_report_loans *l = ctx;
    return pt_report_scope_day(l->scope, loan->day) != 0 && company_ok(l, loan->platform) &&
           (l->scope->product == NULL || strcmp(l->scope->product, loan->product) == 0);
}

/* The worker's part (pt_loan_sink.use), in input order: a kept loan with
 * its rate solved. */
static enum pt_code use_loan(void *ctx, const struct pt_loan *loan, struct pt_error *err)
{
    struct pt_report_loans *l = ctx;
    int which = pt_report_scope_day(l->scope, loan->day);
    uint32_t group = 0;
    enum pt_code rc;
    if (which == 1) {
        rc = pt_rate_stats_add_platform(l->stats, loan, &group, err);
        if (rc == PT_OK && l->csv != NULL)
            rc = pt_loan_table_row(l->csv, loan, NULL, err);
        l->n_current++;
    } else {
        /* previous-period platforms need display names too */
        rc = pt_names_add(l->names, loan->platform, strlen(loan->platform), &group, err);
    }
    return rc == PT_OK ? keep_point(l, loan, which, group, err) : rc;
}

void pt_report_loans_set_map(struct pt_report_loans *l, const struct pt_colmap *map)
{
    l->map = map;
}

enum pt_code pt_report_loans_load(struct pt_report_loans *l, FILE *in, const char *path,
                                  FILE *per_loan, struct pt_quarantine *q,
                                  const struct pt_progress *progress,
                                  struct pt_manifest_input *mi, struct pt_error *err)
{
    struct pt_loan_options lo;
    struct pt_loan_stats st;
    enum pt_code rc = PT_OK;
    memset(&lo, 0, sizeof lo);
    memset(&st, 0, sizeof st);
    if (l->opt->loans_from != NULL)
        rc = pt_loan_format_parse(l->opt->loans_from, &lo.format, err);
    if (rc == PT_OK && l->opt->encoding != NULL)
        rc = pt_encoding_parse(l->opt->encoding, &lo.csv.encoding, err);
    if (rc != PT_OK)
        return rc == PT_EINVAL ? pt_error_set(err, PT_EUSAGE, NULL, "%s", err->msg) : rc;
    lo.currency = l->opt->currency;
    lo.map = l->map;
    if (progress != NULL)
        lo.progress = *progress;
    if (per_loan != NULL && l->csv == NULL)
        rc = pt_loan_table_begin(&l->csv, per_loan, PT_TABLE_CSV, err);
    /* Two threads: this one reads and filters, a worker solves the rates
     * and keeps the loans in input order (loan.h, pt_loans_load_piped). */
    struct pt_loan_sink sink = {keep_loan, use_loan, l, 0};
    if (rc == PT_OK)
        rc = pt_loans_load_piped(in, path, &lo, q, &mi->acc, &sink, &st, err);
    mi->counted = rc == PT_OK;
    if (rc == PT_OK)
        rc = pt_manifest_set(&mi->format, pt_loan_format_name(st.format), err);
    return rc;
}

enum pt_code pt_report_loans_end_csv(struct pt_report_loans *l, struct pt_error *err)
{
    struct pt_loan_table *t = l->csv;
    l->csv = NULL;
    return t != NULL ? pt_loan_table_end(t, err) : PT_OK;
}

uint64_t pt_report_loans_count(const struct pt_report_loans *l)
{
    return l->n_current;
}

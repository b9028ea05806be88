/* report_complaints.c: the complaint section of the report.
 *
 * Each complaints input goes through pt_complaints_load with the report's
 * filter (--since/--until/--company/--product via complaint.h, plus the
 * period); complaints of the period feed three stats_complaints
 * aggregations (by company, by company x month, by company x category;
 * by category is the last one summed over companies, pt_cstats_fold),
 * those of the previous period one more (by company) for the change
 * table. The tables
 * are built here from the aggregations' rows so --min-cell can hide counts
 * below N and every rate derived from them, with complementary
 * suppression (suppress.h) over each group whose total is published:
 * all companies (total = complaints in scope), and in the month table each
 * company's months and each month's companies. Categories overlap, so
 * their counts have no additive total: only primary suppression there. */
#include <math.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/aliases.h"
#include "audit/complaint.h"
#include "audit/date.h"
#include "audit/names.h"
#include "audit/report_complaints_internal.h"
#include "audit/stats_complaints.h"
#include "audit/taxonomy.h"

static enum pt_code make_stats(struct pt_report_complaints *c, struct pt_cstats **out,
                               enum pt_ckey k1, enum pt_ckey k2, size_t n_keys,
                               struct pt_error *err)
{
    struct pt_cstats_opts o;
    memset(&o, 0, sizeof o);
    o.keys[0] = k1;
    o.keys[1] = k2;
    o.n_keys = n_keys;
    /* The signals table reads near-duplicate narratives and quoted loan
     * terms from the company aggregation only. */
    o.neardup = out == &c->by_company && c->opt->narratives;
    o.terms = out == &c->by_company && c->opt->narratives;
    /* Only complaints_by_company shows a top issue. */
    o.no_top_issue = out != &c->by_company;
    /* Only complaints_by_company shows days to the company, timely rates
     * and responses; the others are counts (and the spike rule, which reads
     * counts), kept as such (stats_counts.c). */
    o.no_lags = out != &c->by_company;
    o.counts_only = out != &c->by_company && out != &c->prev_by_company;
    return pt_cstats_create(out, &o, c->names, err);
}

enum pt_code pt_report_complaints_create(struct pt_report_complaints **out,
                                         const struct pt_report_scope *scope,
                                         const struct pt_run_options *opt, struct pt_error *err)
{
    struct pt_report_complaints *c = pt_calloc(1, sizeof *c);
    *out = NULL;
    if (c == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    c->scope = scope;
    c->opt = opt;
    enum pt_code rc = pt_names_create(&c->names, err);
    if (rc == PT_OK)
        rc = pt_taxonomy_create(&c->taxonomy, err);
    if (rc == PT_OK)
        rc = make_stats(c, &c->by_company, PT_CKEY_COMPANY, PT_CKEY_COMPANY, 1, err);
    if (rc == PT_OK)
        rc = make_stats(c, &c->by_month, PT_CKEY_COMPANY, PT_CKEY_MONTH, 2, err);
    if (rc == PT_OK)
        rc = make_stats(c, &c->by_category, PT_CKEY_CATEGORY, PT_CKEY_CATEGORY, 1, err);
    if (rc == PT_OK)
        rc = make_stats(c, &c->by_company_category, PT_CKEY_COMPANY, PT_CKEY_CATEGORY, 2, err);
    if (rc == PT_OK && scope->has_period)
        rc = make_stats(c, &c->prev_by_company, PT_CKEY_COMPANY, PT_CKEY_COMPANY, 1, err);
    pt_complaint_filter_init(&c->filter, c->names);
    c->filter.since = scope->since;
    c->filter.until = scope->until;
    c->filter.product = scope->product;
    if (rc != PT_OK) {
        pt_report_complaints_destroy(c);
        return rc;
    }
    *out = c;
    return PT_OK;
}

void pt_report_complaints_destroy(struct pt_report_complaints *c)
{
    if (c == NULL)
        return;
    cr_months_abandon(c);   /* before its table goes */
    pt_complaint_filter_free(&c->filter);
    pt_cstats_destroy(c->by_company);
    pt_cstats_destroy(c->by_month);
    pt_cstats_destroy(c->by_category);
    pt_cstats_destroy(c->by_company_category);
    pt_cstats_destroy(c->prev_by_company);
    pt_taxonomy_destroy(c->taxonomy);
    pt_names_destroy(c->names);
    pt_free(c);
}

enum pt_code pt_report_complaints_aliases(struct pt_report_complaints *c, FILE *in,
                                          const char *path, struct pt_error *err)
{
    return pt_aliases_load(in, path, c->names, err);
}

/* In scope: the filters of complaint.h, and the period or the one before. */
static int in_scope(void *ctx, const struct pt_complaint *k)
{
    struct pt_report_complaints *c = ctx;
    return pt_complaint_filter_match(&c->filter, k) &&
           pt_report_scope_day(c->scope, k->date_received) != 0;
}

static enum pt_code on_complaint(void *ctx, const struct pt_complaint *k, struct pt_error *err)
{
    struct pt_report_complaints *c = ctx;
    if (pt_report_scope_day(c->scope, k->date_received) == 2)
        return pt_cstats_add(c->prev_by_company, k, err);
    /* One firm lookup for the three tables: each spelling counts once per
     * complaint towards the display name, in the period and the one before
     * alike (pt_cstats_add_many). */
    struct pt_cstats *const tables[] = {c->by_company, c->by_month, c->by_company_category};
    enum pt_code rc = pt_cstats_add_many(tables, 3, k, err);
    if (rc == PT_OK) {
        if (c->n_current == 0 || k->date_received < c->first_day)
            c->first_day = k->date_received;
        if (c->n_current == 0 || k->date_received > c->last_day)
            c->last_day = k->date_received;
        c->n_current++;
    }
    return rc;
}

/* The second thread's half of a big file (pt_complaints_load_split): its
 * own report_complaints (names with the same aliases, filter, the four
 * or five aggregations), merged into c afterwards. */
static enum pt_code part_make(void *ctx, struct pt_complaint_part *part, struct pt_error *err)
{
    struct pt_report_complaints *c = ctx, *p = NULL;
    enum pt_code rc = pt_report_complaints_create(&p, c->scope, c->opt, err);
    if (rc == PT_OK)
        rc = pt_names_copy_aliases(p->names, c->names, err);
    for (size_t i = 0; rc == PT_OK && i < c->scope->n_companies; i++)
        rc = pt_complaint_filter_add_company(&p->filter, c->scope->companies[i], err);
    if (rc != PT_OK) {
        pt_report_complaints_destroy(p);
        return rc;
    }
    p->filter_ready = 1;
    p->map = c->map;
    part->fn = on_complaint;
    part->ctx = p;
    part->opt.filter_ctx = p;
    return PT_OK;
}

static enum pt_code part_merge(void *ctx, struct pt_complaint_part *part, struct pt_error *err)
{
    struct pt_report_complaints *c = ctx, *p = part->ctx;
    uint32_t *map = pt_calloc((size_t)pt_names_n_groups(p->names) + 1, sizeof *map);
    if (map == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    enum pt_code rc = pt_names_merge(c->names, p->names, map, err);
    struct pt_cstats *const dst[] = {c->by_company, c->by_month, c->by_company_category,
                                     c->prev_by_company};
    struct pt_cstats *const src[] = {p->by_company, p->by_month, p->by_company_category,
                                     p->prev_by_company};
    for (size_t i = 0; rc == PT_OK && i < sizeof dst / sizeof dst[0]; i++)
        if (dst[i] != NULL)
            rc = pt_cstats_merge_mapped(dst[i], src[i], map, err);
    pt_free(map);
    if (rc == PT_OK && p->n_current > 0) {
        if (c->n_current == 0 || p->first_day < c->first_day)
            c->first_day = p->first_day;
        if (c->n_current == 0 || p->last_day > c->last_day)
            c->last_day = p->last_day;
        c->n_current += p->n_current;
    }
    return rc;
}

static void part_drop(void *ctx, struct pt_complaint_part *part)
{
    (void)ctx;
    pt_report_complaints_destroy(part->ctx);
    part->ctx = NULL;
}

void pt_report_complaints_set_map(struct pt_report_complaints *c,
                                  const struct pt_colmap *map)
{
    c->map = map;
}

enum pt_code pt_report_complaints_load(struct pt_report_complaints *c, FILE *in,
                                       const char *path, struct pt_quarantine *q,
                                       const struct pt_progress *progress,
                                       struct pt_manifest_input *mi, struct pt_error *err)
{
    struct pt_complaint_load_opts lo;
    struct pt_complaint_load_info info;
    enum pt_code rc = PT_OK;
    memset(&lo, 0, sizeof lo);
    memset(&info, 0, sizeof info);
    if (c->opt->complaints_from != NULL)
        rc = pt_complaint_format_parse(c->opt->complaints_from, &lo.format, err);
    if (rc == PT_OK && c->opt->encoding != NULL)
        rc = pt_encoding_parse(c->opt->encoding, &lo.csv.encoding, err);
    if (rc != PT_OK)
        return rc;
    /* --company values resolve through the aliases, loaded before the first
     * dataset. */
    for (size_t i = 0; rc == PT_OK && !c->filter_ready && i < c->scope->n_companies; i++)
        rc = pt_complaint_filter_add_company(&c->filter, c->scope->companies[i], err);
    c->filter_ready = 1;
    if (rc != PT_OK)
        return rc;
    lo.taxonomy = c->taxonomy;
    lo.narratives = c->opt->narratives;   /* the signals table */
    lo.map = c->map;
    lo.currency = c->opt->currency;
    lo.filter = in_scope;
    lo.filter_ctx = c;
    if (progress != NULL)
        lo.progress = *progress;
    /* Two threads for a big UTF-8 file: every aggregation here is a sum
     * (pt_cstats_merge); without narratives, which the split refuses. */
    struct pt_complaint_split split = {0, c, part_make, part_merge, part_drop, 0, 0};
    rc = pt_complaints_load_split(in, path, &lo, q, &mi->acc, on_complaint, c, &info, &split,
                                  err);
    mi->counted = rc == PT_OK;
    if (rc == PT_OK)
        rc = pt_manifest_set(&mi->format, pt_complaint_format_name(info.format), err);
    if (rc == PT_OK)
        rc = pt_manifest_set(&mi->encoding, pt_encoding_name(info.encoding), err);
    return rc;
}

uint64_t pt_report_complaints_count(const struct pt_report_complaints *c)
{
    return c->n_current;
}

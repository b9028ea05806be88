/* report_loans_out.c: the loan section's tables and charts, from what
 * report_loans.c gathered. Kept apart from the loading so each file reads
 * on its own; they share struct pt_report_loans through
 * report_loans_internal.h. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/names.h"
#include "audit/quantile.h"
#include "audit/report_loans_internal.h"
#include "audit/stats_rates.h"

static enum pt_code write_by_platform(void *ctx, FILE *f, enum pt_table_format format,
                                      unsigned flags, struct pt_error *err)
{
    struct pt_report_loans *l = ctx;
    if ((flags & PT_TABLE_BOM) && fputs("\xEF\xBB\xBF", f) == EOF)
        return pt_error_set(err, PT_EIO, NULL, "write error");
    return pt_rate_stats_write(l->stats, f, format, err);
}

/* A names group and its display name, for ranking. */
struct shown {
    const char *display;   /* borrowed from the registry */
    uint32_t group;
};

static int by_display(const void *a, const void *b)
{
    const struct shown *x = a, *y = b;
    int c = strcmp(x->display, y->display);
    return c != 0 ? c : (x->group > y->group) - (x->group < y->group);
}

/* Sets l->rank: each names group's place among the distinct display names,
 * bytewise (two groups showing the same name would share a rank, so their
 * loans would merge as they did when points were sorted by name). Sorts
 * the groups, not the loans: a few hundred names, not a million. */
static enum pt_code rank_groups(struct pt_report_loans *l, uint32_t *n_ranks,
                                struct pt_error *err)
{
    uint32_t n = pt_names_n_groups(l->names);
    struct shown *v = pt_malloc((n > 0 ? n : 1) * sizeof *v);
    l->rank = pt_malloc((n > 0 ? n : 1) * sizeof *l->rank);
    if (v == NULL || l->rank == NULL) {
        pt_free(v);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory ordering platforms");
    }
    for (uint32_t g = 0; g < n; g++)
        v[g] = (struct shown){pt_names_display(l->names, g), g};
    qsort(v, n, sizeof *v, by_display);
    uint32_t r = 0;
    for (uint32_t i = 0; i < n; i++) {
        r += i > 0 && strcmp(v[i - 1].display, v[i].display) != 0;
        l->rank[v[i].group] = r;
    }
    *n_ranks = n > 0 ? r + 1 : 0;
    pt_free(v);
    return PT_OK;
}

/* Orders the points by display name, input order within one: a stable
 * counting sort on the rank, one pass to count and one to place (it
 * replaced a qsort of a million points by strcmp, the report's largest
 * cost after loading). */
static enum pt_code sort_points(struct pt_report_loans *l, struct pt_error *err)
{
    uint32_t n_ranks = 0;
    enum pt_code rc = rank_groups(l, &n_ranks, err);
    if (rc != PT_OK || l->n_pts == 0)
        return rc;
    size_t *next = pt_calloc((size_t)n_ranks + 1, sizeof *next);
    struct point *sorted = pt_malloc(l->n_pts * sizeof *sorted);
    if (next == NULL || sorted == NULL) {
        pt_free(next);
        pt_free(sorted);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory ordering loans");
    }
    for (size_t i = 0; i < l->n_pts; i++)
        next[l->rank[l->pts[i].group] + 1]++;
    for (uint32_t r = 0; r < n_ranks; r++)
        next[r + 1] += next[r];   /* next[r]: where rank r's first point goes */
    for (size_t i = 0; i < l->n_pts; i++)
        sorted[next[l->rank[l->pts[i].group]]++] = l->pts[i];
    pt_free(next);
    pt_free(l->pts);
    l->pts = sorted;
    l->cap_pts = l->n_pts;
    return PT_OK;
}

/* 1 when p and q show the same platform (points sorted: same rank). */
static int same_platform(const struct pt_report_loans *l, const struct point *p,
                         const struct point *q)
{
    return l->rank[p->group] == l->rank[q->group];
}

static const struct pt_column change_cols[] = {
    {"platform", PT_COL_TEXT, 0},         {"loans", PT_COL_INT, 0},
    {"loans_previous", PT_COL_INT, 0},    {"apr_median", PT_COL_RATE, 0},
    {"apr_median_previous", PT_COL_RATE, 0}, {"apr_median_change", PT_COL_RATE, 0},
};

/* One platform's row of loans_change: counts and R type 7 medians of the
 * period and the previous one (quantile.h); change = difference of the
 * medians, as a fraction (0.0150 = 1.5 points). */
static enum pt_code change_row(struct pt_rtable *t, const char *display, const struct point *p,
                               size_t n, struct pt_error *err)
{
    struct pt_quantile q[2];
    enum pt_code rc = PT_OK;
    pt_quantile_init(&q[0]);
    pt_quantile_init(&q[1]);
    for (size_t i = 0; rc == PT_OK && i < n; i++)
        if (isfinite(p[i].apr))
            rc = pt_quantile_add(&q[p[i].which == 1 ? 0 : 1], p[i].apr, err);
    if (rc == PT_OK) {
        size_t n0 = pt_quantile_count(&q[0]), n1 = pt_quantile_count(&q[1]);
        double m0 = n0 ? pt_quantile_exact(&q[0], 0.5) : NAN;
        double m1 = n1 ? pt_quantile_exact(&q[1], 0.5) : NAN;
        struct pt_cell c[6] = {
            pt_cell_text(display, strlen(display)), pt_cell_int((int64_t)n0),
            pt_cell_int((int64_t)n1), n0 ? pt_cell_double(m0) : pt_cell_missing(),
            n1 ? pt_cell_double(m1) : pt_cell_missing(),
            n0 && n1 ? pt_cell_double(m0 - m1) : pt_cell_missing()};
        rc = pt_rtable_add(t, c, err);
    }
    pt_quantile_free(&q[0]);
    pt_quantile_free(&q[1]);
    return rc;
}

static enum pt_code build_change(struct pt_report_loans *l, struct pt_report_build *b,
                                 struct pt_error *err)
{
    struct pt_rtable *t = NULL;
    char title[160];
    snprintf(title, sizeof title, "Loans and median APR by platform, %s against %s",
             l->scope->cur_label, l->scope->prev_label);
    enum pt_code rc = pt_report_build_table(b, "loans_change", title, change_cols, 6, &t, err);
    for (size_t i = 0; rc == PT_OK && i < l->n_pts;) {
        size_t j = i;
        while (j < l->n_pts && same_platform(l, &l->pts[j], &l->pts[i]))
            j++;
        rc = change_row(t, pt_report_loans_display(l, &l->pts[i]), &l->pts[i], j - i, err);
        i = j;
    }
    return rc;
}

/* Walks the period's points in display order: *k is the platform index
 * (0-based) and *within the point's rank in its platform (1-based). */
struct walk {
    uint32_t prev;   /* rank of the platform walked */
    size_t k, within;
    int started;
};

static void walk_step(struct walk *w, const struct pt_report_loans *l, const struct point *p)
{
    uint32_t rank = l->rank[p->group];
    if (!w->started || w->prev != rank) {
        w->k += w->started ? 1 : 0;
        w->within = 0;
        w->prev = rank;
        w->started = 1;
    }
    w->within++;
}

/* xtics ('name' 0, 'name' 1, ...) over the platforms of the period. */
static enum pt_code platform_tics(struct pt_chart *c, const struct pt_report_loans *l,
                                  size_t *n_platforms, struct pt_error *err)
{
    struct walk w = {0};
    enum pt_code rc = pt_chart_add(&c->gp, "set xtics nomirror rotate by -30 (", err);
    for (size_t i = 0; rc == PT_OK && i < l->n_pts; i++) {
        if (l->pts[i].which != 1)
            continue;
        walk_step(&w, l, &l->pts[i]);
        if (w.within != 1)
            continue;
        char idx[32];
        snprintf(idx, sizeof idx, " %zu", w.k);
        if (w.k > 0)
            rc = pt_chart_add(&c->gp, ", ", err);
        if (rc == PT_OK)
            rc = pt_chart_quote(&c->gp, pt_report_loans_display(l, &l->pts[i]), err);
        if (rc == PT_OK)
            rc = pt_chart_add(&c->gp, idx, err);
    }
    *n_platforms = w.started ? w.k + 1 : 0;
    return rc == PT_OK ? pt_chart_add(&c->gp, ")\n", err) : rc;
}

static const char legal_lines[] =
    "set arrow from graph 0, first 24 to graph 1, first 24 nohead dashtype 2 lc rgb '#b00000'\n"
    "set arrow from graph 0, first 36 to graph 1, first 36 nohead dashtype 2 lc rgb '#600000'\n"
    "set label '24%' at graph 1, first 24 offset 0.5,0 left\n"
    "set label '36%' at graph 1, first 36 offset 0.5,0 left\nset rmargin 7\n";

/* Above this many loans a chart draws bins, not loans: one point per
 * 0.1-percentage-point cell holding any loan, sized by how many it holds
 * (0.1 point is below a pixel on these charts' log scales).
 * A million points made a 100 MB SVG that took gnuplot seconds to write
 * and a browser minutes to open; the bins keep every cell that has data. */
#define CHART_MAX_POINTS 20000

struct bin {
    int64_t x, y;   /* platform index or x cell; y cell (0.1 percentage points) */
};

/* Byte d (0 = lowest of y, 8 = lowest of x) of a cell's sort key: x, then
 * y, as unsigned numbers ordered like the signed ones. */
static unsigned key_byte(const struct bin *b, int d)
{
    uint64_t v = d < 8 ? (uint64_t)b->y : (uint64_t)b->x;
    return (unsigned)(((v ^ (UINT64_C(1) << 63)) >> (8 * (d & 7))) & 0xff);
}

/* Sorts the cells by x, then y: an LSD radix sort, one stable counting
 * pass per key byte that varies. One scan first finds the bits where
 * cells differ, so the bytes every cell shares (most of them: cells are
 * small numbers) cost nothing. A comparison sort of a million cells took
 * ~0.1 s. 0, or -1 without scratch memory. */
static int sort_bins(struct bin *v, size_t n)
{
    uint64_t any_x = 0, all_x = UINT64_MAX, any_y = 0, all_y = UINT64_MAX;
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        any_x |= (uint64_t)v[i].x;
        all_x &= (uint64_t)v[i].x;
        any_y |= (uint64_t)v[i].y;
        all_y &= (uint64_t)v[i].y;
    }
    uint64_t varies[2] = {any_y ^ all_y, any_x ^ all_x};   /* bits not shared by all */
    struct bin *tmp = NULL, *src = v, *dst = NULL;
    for (int d = 0; d < 16; d++) {
        if (((varies[d / 8] >> (8 * (d % 8))) & 0xff) == 0)
            continue;
        if (tmp == NULL && (tmp = dst = pt_malloc(n * sizeof *tmp)) == NULL)
            return -1;
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[key_byte(&src[i], d)]++;
        size_t pos = 0;
        for (int k = 0; k < 256; k++) {
            size_t c = count[k];
            count[k] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[key_byte(&src[i], d)]++] = src[i];
        struct bin *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
    pt_free(tmp);
    return 0;
}

/* Sorts the n cells and writes "x y count size" lines, x as an index when
 * x_index, else as a percentage like y; size is the point's, 0.4 + 0.3
 * log10(count), written here because gnuplot sets and restores a SIGFPE
 * handler around every expression it evaluates (three system calls per
 * point: a `using` expression made the 57,000-cell chart of a million
 * loans 0.2 s of gnuplot instead of 0.07). Values of 0 or below cannot be
 * drawn on the log axes; gnuplot leaves those points out by itself. */
static enum pt_code write_bins(struct pt_chart *c, struct bin *v, size_t n, int x_index,
                               struct pt_error *err)
{
    if (sort_bins(v, n) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for a chart");
    enum pt_code rc = PT_OK;
    for (size_t i = 0; rc == PT_OK && i < n;) {
        size_t j = i;
        while (j < n && v[j].x == v[i].x && v[j].y == v[i].y)
            j++;
        char line[128];
        double size = 0.4 + 0.3 * log10((double)(j - i));
        if (x_index)
            snprintf(line, sizeof line, "%lld\t%.1f\t%zu\t%.6f\n", (long long)v[i].x,
                     (double)v[i].y / 10.0, j - i, size);
        else
            snprintf(line, sizeof line, "%.1f\t%.1f\t%zu\t%.6f\n", (double)v[i].x / 10.0,
                     (double)v[i].y / 10.0, j - i, size);
        rc = pt_chart_add(&c->dat, line, err);
        i = j;
    }
    return rc;
}

static int64_t cell(double percent)
{
    double v = percent * 10.0;
    return v > 1e15 ? (int64_t)1e15 : v < -1e15 ? (int64_t)-1e15 : (int64_t)llround(v);
}

/* Loans of the period with a finite APR (and a quoted rate when quoted). */
static size_t count_points(const struct pt_report_loans *l, int quoted)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n_pts; i++)
        n += l->pts[i].which == 1 && isfinite(l->pts[i].apr) &&
             (!quoted || isfinite(l->pts[i].quoted));
    return n;
}

/* APR of each loan of the period, one column of points per platform
 * (spread by a fixed offset per point so equal rates stay visible); bins
 * above CHART_MAX_POINTS loans. */
static enum pt_code chart_apr_bins(struct pt_report_loans *l, struct pt_chart *c,
                                   struct pt_report_build *b, size_t n_points, enum pt_code rc,
                                   struct pt_error *err);
static enum pt_code chart_apr(struct pt_report_loans *l, struct pt_report_build *b,
                              struct pt_error *err)
{
    struct pt_chart *c = NULL;
    struct walk w = {0};
    size_t n_platforms = 0;
    enum pt_code rc = pt_chart_new(b, "apr_by_platform", "True APR of each loan by platform",
                                   &c, err);
    if (rc == PT_OK)
        rc = pt_chart_head(c, "True APR of each loan by platform, with the 24% and 36% lines",
                           "loans", err);
    if (rc == PT_OK)
        rc = platform_tics(c, l, &n_platforms, err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, legal_lines, err);
    size_t n_points = count_points(l, 0);
    if (n_points > CHART_MAX_POINTS)
        return chart_apr_bins(l, c, b, n_points, rc, err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->dat, "# apr_by_platform.dat: the loans of tables/loans.csv\n"
                                   "# platform_index\tapr_percent\n", err);
    for (size_t i = 0; rc == PT_OK && i < l->n_pts; i++) {
        const struct point *p = &l->pts[i];
        if (p->which != 1)
            continue;
        walk_step(&w, l, p);
        if (!isfinite(p->apr))
            continue;
        char line[96];
        double x = (double)w.k + 0.05 * (double)((w.within - 1) % 7) - 0.15;
        snprintf(line, sizeof line, "%.3f\t%.6f\n", x, p->apr * 100.0);
        rc = pt_chart_add(&c->dat, line, err);
    }
    char tail[240];
    snprintf(tail, sizeof tail,
             "set xrange [-0.6:%zu.6]\nset logscale y\nset yrange [1:*]\n"
             "set ylabel 'APR, percent a year (log scale)'\nset grid ytics mytics\n"
             "plot 'apr_by_platform.dat' using 1:2 with points pt 7 ps 0.6 notitle\n",
             n_platforms > 0 ? n_platforms - 1 : 0);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, tail, err);
    return rc == PT_OK ? pt_chart_png(c, b->png, err) : rc;
}

static enum pt_code chart_apr_bins(struct pt_report_loans *l, struct pt_chart *c,
                                   struct pt_report_build *b, size_t n_points, enum pt_code rc,
                                   struct pt_error *err)
{
    struct bin *v = rc == PT_OK ? pt_malloc(n_points * sizeof *v) : NULL;
    if (rc == PT_OK && v == NULL)
        rc = pt_error_set(err, PT_ENOMEM, NULL, "out of memory for a chart");
    struct walk w = {0};
    size_t n = 0, n_platforms = 0;
    for (size_t i = 0; rc == PT_OK && i < l->n_pts; i++) {
        const struct point *p = &l->pts[i];
        if (p->which != 1)
            continue;
        walk_step(&w, l, p);
        if (isfinite(p->apr) && n < n_points)
            v[n++] = (struct bin){(int64_t)w.k, cell(p->apr * 100.0)};
    }
    n_platforms = w.started ? w.k + 1 : 0;
    if (rc == PT_OK)
        rc = pt_chart_add(&c->dat, "# apr_by_platform.dat: the loans of tables/loans.csv in "
                                   "cells of 0.1 APR percentage points\n"
                                   "# platform_index\tapr_percent\tloans\tpoint_size\n", err);
    if (rc == PT_OK)
        rc = write_bins(c, v, n, 1, err);
    pt_free(v);
    char tail[400];
    snprintf(tail, sizeof tail,
             "set xrange [-0.6:%zu.6]\nset logscale y\nset yrange [1:*]\n"
             "set ylabel 'APR, percent a year (log scale)'\nset grid ytics mytics\n"
             "# one point per 0.1-point APR cell with loans; its size grows with their number\n"
             "plot 'apr_by_platform.dat' using 1:2:4 with points pt 7 ps variable notitle\n",
             n_platforms > 0 ? n_platforms - 1 : 0);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, tail, err);
    return rc == PT_OK ? pt_chart_png(c, b->png, err) : rc;
}

static enum pt_code quoted_bins(struct pt_report_loans *l, struct pt_chart *c,
                                struct pt_report_build *b, size_t n_points, struct pt_error *err)
{
    struct bin *v = pt_malloc(n_points * sizeof *v);
    if (v == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for a chart");
    size_t n = 0;
    for (size_t i = 0; i < l->n_pts && n < n_points; i++) {
        const struct point *p = &l->pts[i];
        if (p->which == 1 && isfinite(p->apr) && isfinite(p->quoted))
            v[n++] = (struct bin){cell(p->quoted * 100.0), cell(p->apr * 100.0)};
    }
    enum pt_code rc = pt_chart_add(&c->dat, "# quoted_vs_true.dat: the loans of tables/loans.csv "
                                            "with a quoted rate, in cells of 0.1 x 0.1 "
                                            "percentage points\n"
                                            "# quoted_percent\tapr_percent\tloans\tpoint_size\n",
                                            err);
    if (rc == PT_OK)
        rc = write_bins(c, v, n, 0, err);
    pt_free(v);
    return rc == PT_OK ? pt_chart_png(c, b->png, err) : rc;
}

/* Quoted (advertised) annual rate against the true APR, one point per loan
 * with a quoted rate; y = x is where a quote would be honest. */
static enum pt_code chart_quoted(struct pt_report_loans *l, struct pt_report_build *b,
                                 struct pt_error *err)
{
    struct pt_chart *c = NULL;
    enum pt_code rc = pt_chart_new(b, "quoted_vs_true",
                                   "Quoted annual rate against true APR, with y = x", &c, err);
    if (rc == PT_OK)
        rc = pt_chart_head(c, "Quoted annual rate vs true APR (points above y = x cost more "
                              "than quoted)", "loans", err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, legal_lines, err);
    size_t n_points = count_points(l, 1);
    int bins = n_points > CHART_MAX_POINTS;
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp,
                          bins ? "# one point per 0.1 x 0.1-point cell with loans; its size "
                                 "grows with their number\n" : "", err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp,
                          "set xlabel 'quoted annual rate, percent (log scale)'\n"
                          "set ylabel 'true APR, percent a year (log scale)'\n"
                          "set logscale xy\nset xrange [1:*]\nset yrange [1:*]\nset grid\n"
                          "set key top left\nset samples 200\n"
                          "plot 'quoted_vs_true.dat' using 1:2", err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, bins ? ":4 with points pt 7 ps variable"
                                       : " with points pt 7 ps 0.6", err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, " title 'loans', x with lines dashtype 3 "
                                  "lc rgb '#404040' title 'y = x'\n", err);
    if (rc == PT_OK && bins)
        return quoted_bins(l, c, b, n_points, err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->dat, "# quoted_vs_true.dat: the loans of tables/loans.csv with "
                                   "a quoted rate\n# quoted_percent\tapr_percent\n", err);
    for (size_t i = 0; rc == PT_OK && i < l->n_pts; i++) {
        const struct point *p = &l->pts[i];
        if (p->which != 1 || !isfinite(p->apr) || !isfinite(p->quoted))
            continue;
        char line[96];
        snprintf(line, sizeof line, "%.6f\t%.6f\n", p->quoted * 100.0, p->apr * 100.0);
        rc = pt_chart_add(&c->dat, line, err);
    }
    return rc == PT_OK ? pt_chart_png(c, b->png, err) : rc;
}

static const struct pt_column names_cols[] = {
    {"raw", PT_COL_TEXT, 0}, {"display", PT_COL_TEXT, 0}, {"aliased", PT_COL_TEXT, 0}};

/* The raw -> display mapping (CONTRACT.md names.csv), without counts: a
 * count per spelling could reveal what --min-cell hides. */
enum pt_code pt_report_names_table(struct pt_report_build *b, const char *name,
                                   const char *title, const struct pt_names *names,
                                   struct pt_error *err)
{
    struct pt_name_row *rows = NULL;
    size_t n = 0;
    struct pt_rtable *t = NULL;
    enum pt_code rc = pt_names_rows(names, &rows, &n, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, name, title, names_cols, 3, &t, err);
    for (size_t i = 0; rc == PT_OK && i < n; i++) {
        struct pt_cell c[3] = {pt_cell_text(rows[i].raw, strlen(rows[i].raw)),
                               pt_cell_text(rows[i].display, strlen(rows[i].display)),
                               pt_cell_text(rows[i].aliased ? "yes" : "no",
                                            rows[i].aliased ? 3 : 2)};
        rc = pt_rtable_add(t, c, err);
    }
    pt_free(rows);
    return rc;
}

/* The values of every quantile are sorted now, on a thread of their own
 * (a million APRs, gaps and fee shares: the largest part of building the
 * section), while this one orders the loans for the charts and builds the
 * tables and charts, rather than while the tables are written. */
static void *sort_stats(void *arg)
{
    pt_rate_stats_sort(arg);
    return NULL;
}

enum pt_code pt_report_loans_build(struct pt_report_loans *l, struct pt_report_build *b,
                                   struct pt_error *err)
{
    struct pt_rtable *t = NULL;
    pthread_t sorter;
    int sorting = pthread_create(&sorter, NULL, sort_stats, l->stats) == 0;
    if (!sorting)
        pt_rate_stats_sort(l->stats);
    enum pt_code rc = sort_points(l, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, "loans_by_platform",
                                   "True cost by platform (loans of the period)", NULL, 0, &t,
                                   err);
    if (rc == PT_OK) {
        t->write_fn = write_by_platform;
        t->write_ctx = l;
    }
    if (rc == PT_OK && l->scope->has_period)
        rc = build_change(l, b, err);
    if (rc == PT_OK)
        rc = pt_report_names_table(b, "names_platforms", "Platform names as read and as shown",
                                   l->names, err);
    size_t n_apr = 0, n_quoted = 0;
    for (size_t i = 0; i < l->n_pts; i++) {
        n_apr += l->pts[i].which == 1 && isfinite(l->pts[i].apr);
        n_quoted += l->pts[i].which == 1 && isfinite(l->pts[i].apr) && isfinite(l->pts[i].quoted);
    }
    /* A chart with no point is not drawn (gnuplot refuses an empty plot). */
    if (rc == PT_OK && n_apr > 0)
        rc = chart_apr(l, b, err);
    if (rc == PT_OK && n_quoted > 0)
        rc = chart_quoted(l, b, err);
    if (sorting)
        pthread_join(sorter, NULL);
    return rc;
}

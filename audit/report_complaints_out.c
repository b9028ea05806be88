/* report_complaints_out.c: the complaint section's tables (with --min-cell
 * suppression) and charts. Suppressed cells are written as suppressed
 * (empty in CSV, null in JSON, <N in report.md) and the row's `suppressed`
 * column says yes; rates derived from a hidden count are hidden with it.
 * Chart data files leave hidden values out ("?"), so no chart shows what a
 * table hides. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"
#include "audit/report_complaints_internal.h"
#include "audit/stats_complaints.h"
#include "audit/suppress.h"
#include "audit/taxonomy.h"

static const struct pt_column company_cols[] = {
    {"company", PT_COL_TEXT, 0},          {"complaints", PT_COL_INT, 0},
    {"share", PT_COL_RATE, 0},            {"timely_rate", PT_COL_RATE, 0},
    {"timely_low", PT_COL_RATE, 0},       {"timely_high", PT_COL_RATE, 0},
    {"timely_unknown", PT_COL_INT, 0},    {"lag_median_days", PT_COL_NUMBER, 1},
    {"top_issue", PT_COL_TEXT, 0},        {"suppressed", PT_COL_TEXT, 0},
};

static struct pt_cell rate_cell(double v, int hidden)
{
    struct pt_cell c = isfinite(v) ? pt_cell_double(v) : pt_cell_missing();
    c.suppressed = hidden && !c.missing;
    return c;
}

static struct pt_cell count_cell(uint64_t v, int hidden)
{
    struct pt_cell c = pt_cell_int((int64_t)v);
    c.suppressed = hidden;
    return c;
}

static struct pt_cell text_cell(const char *s)
{
    return s != NULL ? pt_cell_text(s, strlen(s)) : pt_cell_missing();
}

/* The top issue of a company whose count is hidden could single out a
 * few complainants: hidden with the count. */
static struct pt_cell hidden_text(const char *s, int hidden)
{
    struct pt_cell c = text_cell(s);
    c.suppressed = hidden && !c.missing;
    return c;
}

static struct pt_cell yes_no(int hidden)
{
    return pt_cell_text(hidden ? "yes" : "no", hidden ? 3 : 2);
}

/* Primary + complementary suppression of rows' complaint counts, with all
 * rows as one group (their total is published). hidden: n entries. */
static enum pt_code suppress_rows(const struct pt_cstats *s, int64_t min_cell, int additive,
                                  unsigned char **hidden, struct pt_error *err)
{
    size_t n = pt_cstats_n_rows(s);
    int64_t *counts = pt_calloc(n + 1, sizeof *counts);
    size_t *idx = pt_calloc(n + 1, sizeof *idx);
    *hidden = pt_calloc(n + 1, 1);
    if (counts == NULL || idx == NULL || *hidden == NULL) {
        pt_free(counts);
        pt_free(idx);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        counts[i] = (int64_t)pt_cstats_row(s, i)->complaints;
        idx[i] = i;
    }
    struct pt_suppress_group g = {idx, n, 0};
    (void)pt_suppress(counts, n, min_cell, &g, additive ? 1 : 0, *hidden);
    pt_free(counts);
    pt_free(idx);
    return PT_OK;
}

static enum pt_code build_by_company(struct pt_report_complaints *c, struct pt_report_build *b,
                                     struct pt_error *err)
{
    struct pt_rtable *t = NULL;
    unsigned char *hidden = NULL;
    enum pt_code rc = suppress_rows(c->by_company, c->opt->min_cell, 1, &hidden, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, "complaints_by_company",
                                   "Complaints, timely responses (95% Wilson interval) and "
                                   "response lag by company", company_cols, 10, &t, err);
    for (size_t i = 0; rc == PT_OK && i < pt_cstats_n_rows(c->by_company); i++) {
        const struct pt_cstats_row *r = pt_cstats_row(c->by_company, i);
        int h = hidden[i];
        struct pt_cell cell[10] = {
            text_cell(r->key_text[0]),      count_cell(r->complaints, h),
            rate_cell(r->share, h),         rate_cell(r->timely_rate, h),
            rate_cell(r->timely_low, h),    rate_cell(r->timely_high, h),
            count_cell(r->timely_unknown, h), rate_cell(r->lag_median, h),
            hidden_text(r->top_issue, h),   yes_no(h)};
        rc = pt_rtable_add(t, cell, err);
    }
    pt_free(hidden);
    return rc;
}

static const struct pt_column category_cols[] = {
    {"category", PT_COL_TEXT, 0}, {"complaints", PT_COL_INT, 0},
    {"share", PT_COL_RATE, 0},    {"suppressed", PT_COL_TEXT, 0},
};

static enum pt_code build_by_category(struct pt_report_complaints *c,
                                      struct pt_report_build *b, struct pt_error *err)
{
    struct pt_rtable *t = NULL;
    unsigned char *hidden = NULL;
    enum pt_code rc = suppress_rows(c->by_category, c->opt->min_cell, 0, &hidden, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, "complaints_by_category",
                                   "Complaints by category (a complaint may have several: "
                                   "shares can sum past 100%)", category_cols, 4, &t, err);
    for (size_t i = 0; rc == PT_OK && i < pt_cstats_n_rows(c->by_category); i++) {
        const struct pt_cstats_row *r = pt_cstats_row(c->by_category, i);
        const char *name = pt_category_name((enum pt_category)r->key_num[0]);
        struct pt_cell cell[4] = {text_cell(name), count_cell(r->complaints, hidden[i]),
                                  rate_cell(r->share, hidden[i]), yes_no(hidden[i])};
        rc = pt_rtable_add(t, cell, err);
    }
    pt_free(hidden);
    return rc;
}

static const struct pt_column month_cols[] = {
    {"company", PT_COL_TEXT, 0}, {"month", PT_COL_TEXT, 0},
    {"complaints", PT_COL_INT, 0}, {"suppressed", PT_COL_TEXT, 0},
};

struct keyed {
    int32_t month;
    size_t row;
};

static int by_month_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->month != y->month)
        return x->month < y->month ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* Display names are shared strings: equal pointers are equal names. */
static int same_text(const char *a, const char *b)
{
    return a == b || strcmp(a, b) == 0;
}

/* order sorted by month, then row: a counting sort on the month (a few
 * hundred values; rows are already in order), qsort when the months span
 * too far to count. */
static void sort_by_month(struct keyed *order, size_t n)
{
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i < n; i++) {
        lo = order[i].month < lo ? order[i].month : lo;
        hi = order[i].month > hi ? order[i].month : hi;
    }
    size_t span = n ? (size_t)((int64_t)hi - lo) + 1 : 0;
    size_t *next = span > 0 && span <= (1u << 20) ? pt_calloc(span + 1, sizeof *next) : NULL;
    struct keyed *out = next != NULL ? pt_malloc(n * sizeof *out) : NULL;
    if (out == NULL) {
        pt_free(next);
        qsort(order, n, sizeof *order, by_month_key);
        return;
    }
    for (size_t i = 0; i < n; i++)
        next[order[i].month - lo + 1]++;
    for (size_t k = 0; k < span; k++)
        next[k + 1] += next[k];
    for (size_t i = 0; i < n; i++)   /* stable: rows keep their order within a month */
        out[next[order[i].month - lo]++] = order[i];
    memcpy(order, out, n * sizeof *out);
    pt_free(out);
    pt_free(next);
}

/* Appends one group per run of equal keys in order[0..n) (rows). */
static void add_runs(const struct keyed *order, size_t n, int by_company,
                     const struct pt_cstats *s, size_t *cells, size_t *used,
                     struct pt_suppress_group *groups, size_t *n_groups)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        struct pt_suppress_group *g = &groups[(*n_groups)++];
        g->cells = cells + *used;
        g->n = 0;
        while (j < n && (by_company ? same_text(pt_cstats_row(s, order[j].row)->key_text[0],
                                                pt_cstats_row(s, order[i].row)->key_text[0])
                                    : order[j].month == order[i].month))
            cells[*used + g->n++] = order[j++].row;
        *used += g->n;
        i = j;
    }
}

/* Groups of the company x month table: one per company (its months; the
 * rows come sorted by company, then month) and one per month (its
 * companies, found by sorting the rows by month). O(n log n). */
static enum pt_code month_groups(const struct pt_cstats *s, size_t **cells,
                                 struct pt_suppress_group **groups, size_t *n_groups,
                                 struct pt_error *err)
{
    size_t n = pt_cstats_n_rows(s), used = 0;
    struct keyed *order = pt_calloc(n + 1, sizeof *order);
    *cells = pt_calloc(2 * n + 1, sizeof **cells);
    *groups = pt_calloc(2 * n + 1, sizeof **groups);
    *n_groups = 0;
    if (order == NULL || *cells == NULL || *groups == NULL) {
        pt_free(order);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        order[i].month = pt_cstats_row(s, i)->key_num[1];
        order[i].row = i;
    }
    add_runs(order, n, 1, s, *cells, &used, *groups, n_groups);
    sort_by_month(order, n);
    add_runs(order, n, 0, s, *cells, &used, *groups, n_groups);
    pt_free(order);
    return PT_OK;
}

/* The rows of complaints_by_month, into t (made earlier, in its place). */
static enum pt_code build_by_month(struct pt_report_complaints *c, struct pt_rtable *t,
                                   unsigned char **hidden_out, struct pt_error *err)
{
    const struct pt_cstats *s = c->by_month;
    size_t n = pt_cstats_n_rows(s), n_groups = 0, *cells = NULL;
    struct pt_suppress_group *groups = NULL;
    int64_t *counts = pt_calloc(n + 1, sizeof *counts);
    unsigned char *hidden = pt_calloc(n + 1, 1);
    enum pt_code rc = counts == NULL || hidden == NULL
                          ? pt_error_set(err, PT_ENOMEM, NULL, "out of memory")
                          : month_groups(s, &cells, &groups, &n_groups, err);
    for (size_t i = 0; rc == PT_OK && i < n; i++)
        counts[i] = (int64_t)pt_cstats_row(s, i)->complaints;
    if (rc == PT_OK)
        (void)pt_suppress(counts, n, c->opt->min_cell, groups, n_groups, hidden);
    if (rc == PT_OK)
        rc = pt_rtable_reserve(t, n, err);
    for (size_t i = 0; rc == PT_OK && i < n; i++) {
        const struct pt_cstats_row *r = pt_cstats_row(s, i);
        char month[16];
        pt_month_key_format(r->key_num[1], month, sizeof month);
        struct pt_cell cell[4] = {text_cell(r->key_text[0]), text_cell(month),
                                  count_cell(r->complaints, hidden[i]), yes_no(hidden[i])};
        rc = pt_rtable_add(t, cell, err);
    }
    pt_free(counts);
    pt_free(cells);
    pt_free(groups);
    if (rc == PT_OK)
        *hidden_out = hidden;
    else
        pt_free(hidden);
    return rc;
}

static const struct pt_column change_cols[] = {
    {"company", PT_COL_TEXT, 0},           {"complaints", PT_COL_INT, 0},
    {"complaints_previous", PT_COL_INT, 0}, {"change", PT_COL_RATE, 0},
    {"suppressed", PT_COL_TEXT, 0},
};

static uint64_t prev_count(const struct pt_cstats *prev, const char *company)
{
    for (size_t i = 0; i < pt_cstats_n_rows(prev); i++)
        if (strcmp(pt_cstats_row(prev, i)->key_text[0], company) == 0)
            return pt_cstats_row(prev, i)->complaints;
    return 0;
}

/* Companies of the period with their count in the previous period and
 * the change n / n_previous - 1. Both columns have a published total, so
 * each is one suppression group; a row with either count hidden hides its
 * change. Companies seen only in the previous period are not listed. */
static enum pt_code build_change(struct pt_report_complaints *c, struct pt_report_build *b,
                                 struct pt_error *err)
{
    size_t n = pt_cstats_n_rows(c->by_company);
    int64_t *counts = pt_calloc(2 * n + 1, sizeof *counts);
    size_t *idx = pt_calloc(2 * n + 1, sizeof *idx);
    unsigned char *hidden = pt_calloc(2 * n + 1, 1);
    struct pt_rtable *t = NULL;
    char title[160];
    enum pt_code rc = counts && idx && hidden
                          ? PT_OK
                          : pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; rc == PT_OK && i < n; i++) {
        const struct pt_cstats_row *r = pt_cstats_row(c->by_company, i);
        counts[i] = (int64_t)r->complaints;
        counts[n + i] = (int64_t)prev_count(c->prev_by_company, r->key_text[0]);
        idx[i] = i;
        idx[n + i] = n + i;
    }
    if (rc == PT_OK) {
        struct pt_suppress_group g[2] = {{idx, n, 0}, {idx + n, n, 0}};
        (void)pt_suppress(counts, 2 * n, c->opt->min_cell, g, 2, hidden);
        snprintf(title, sizeof title, "Complaints by company, %s against %s",
                 c->scope->cur_label, c->scope->prev_label);
        rc = pt_report_build_table(b, "complaints_change", title, change_cols, 5, &t, err);
    }
    for (size_t i = 0; rc == PT_OK && i < n; i++) {
        int h = hidden[i] || hidden[n + i];
        double change = counts[n + i] > 0 ? (double)counts[i] / (double)counts[n + i] - 1.0 : NAN;
        struct pt_cell cell[5] = {text_cell(pt_cstats_row(c->by_company, i)->key_text[0]),
                                  count_cell((uint64_t)counts[i], hidden[i]),
                                  count_cell((uint64_t)counts[n + i], hidden[n + i]),
                                  rate_cell(change, h), yes_no(h)};
        rc = pt_rtable_add(t, cell, err);
    }
    pt_free(counts);
    pt_free(idx);
    pt_free(hidden);
    return rc;
}

#define TOP_COMPANIES 8

static const struct pt_rtable *table_named(const struct pt_report_build *b, const char *name)
{
    for (size_t i = 0; i < b->n_tables; i++)
        if (strcmp(b->tables[i].name, name) == 0)
            return &b->tables[i];
    return NULL;
}

/* Up to TOP_COMPANIES rows of complaints_by_company with a visible count,
 * largest first (ties: table order). Returns how many. */
static size_t top_companies(const struct pt_rtable *t, size_t *rows)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct pt_cell *cnt = &t->cells[i * t->n_cols + 1];
        if (cnt->suppressed)
            continue;
        size_t pos = n < TOP_COMPANIES ? n++ : TOP_COMPANIES;
        while (pos > 0 && t->cells[rows[pos - 1] * t->n_cols + 1].i < cnt->i) {
            if (pos < TOP_COMPANIES)
                rows[pos] = rows[pos - 1];
            pos--;
        }
        if (pos < TOP_COMPANIES)
            rows[pos] = i;
    }
    return n;
}

static int months_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The months of complaints_by_month, sorted and unique (borrowed texts).
 * The table has a row per company and month (186,000 on the full CFPB
 * export) but only a few hundred months: each is looked up in the sorted
 * unique list and inserted when new, rather than sorting every row. */
static size_t distinct_months(const struct pt_rtable *m, const char **out)
{
    size_t u = 0;
    for (size_t i = 0; i < m->n_rows; i++) {
        const char *month = m->cells[i * m->n_cols + 1].text;
        size_t lo = 0, hi = u;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(out[mid], month);
            if (c == 0) {
                lo = hi = SIZE_MAX;
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == SIZE_MAX)
            continue;
        memmove(out + lo + 1, out + lo, (u - lo) * sizeof *out);
        out[lo] = month;
        u++;
    }
    return u;
}

/* One pass over complaints_by_month: matrix[month * n_top + k] = the
 * visible count, or -1 ("?": hidden by --min-cell, or no such row). */
static void fill_matrix(const struct pt_rtable *m, const struct pt_rtable *co, const size_t *top,
                        size_t n_top, const char **months, size_t n_months, int64_t *matrix)
{
    for (size_t i = 0; i < n_months * n_top; i++)
        matrix[i] = -1;
    for (size_t i = 0; i < m->n_rows; i++) {
        const struct pt_cell *r = &m->cells[i * m->n_cols];
        if (r[2].suppressed)
            continue;
        const char *key = r[1].text, **hit = NULL;
        for (size_t k = 0; k < n_top; k++) {
            if (strcmp(r[0].text, co->cells[top[k] * co->n_cols].text) != 0)
                continue;
            if (hit == NULL)
                hit = bsearch(&key, months, n_months, sizeof *months, months_cmp);
            if (hit != NULL)
                matrix[(size_t)(hit - months) * n_top + k] = r[2].i;
        }
    }
}

static enum pt_code per_month_data(struct pt_chart *ch, const int64_t *matrix, size_t n_top,
                                   size_t n_months, struct pt_error *err)
{
    enum pt_code rc = pt_chart_add(&ch->dat, "# complaints_per_month.dat: from "
                                             "tables/complaints_by_month.csv; ? = hidden by "
                                             "--min-cell or none\n# month_index", err);
    for (size_t k = 0; rc == PT_OK && k < n_top; k++) {
        char col[32];
        snprintf(col, sizeof col, "\tcompany_%zu", k + 1);
        rc = pt_chart_add(&ch->dat, col, err);
    }
    for (size_t i = 0; rc == PT_OK && i < n_months; i++) {
        char cell[48];
        snprintf(cell, sizeof cell, "\n%zu", i);
        rc = pt_chart_add(&ch->dat, cell, err);
        for (size_t k = 0; rc == PT_OK && k < n_top; k++) {
            int64_t v = matrix[i * n_top + k];
            if (v < 0)
                snprintf(cell, sizeof cell, "\t?");
            else
                snprintf(cell, sizeof cell, "\t%lld", (long long)v);
            rc = pt_chart_add(&ch->dat, cell, err);
        }
    }
    return rc == PT_OK ? pt_chart_add(&ch->dat, "\n", err) : rc;
}

static enum pt_code per_month_script(struct pt_chart *ch, const struct pt_rtable *co,
                                     const size_t *top, size_t n_top, const char **months,
                                     size_t n_months, int png, struct pt_error *err)
{
    enum pt_code rc = pt_chart_head(ch, "Complaints per month, largest companies",
                                    "complaints_by_month", err);
    if (rc == PT_OK)
        rc = pt_chart_add(&ch->gp, "set datafile missing '?'\nset key below\n"
                                   "set ylabel 'complaints'\nset yrange [0:*]\nset grid\n"
                                   "set xtics nomirror rotate by -45 (", err);
    for (size_t i = 0; rc == PT_OK && i < n_months; i++) {
        char idx[32];
        snprintf(idx, sizeof idx, " %zu%s", i, i + 1 < n_months ? ", " : "");
        rc = pt_chart_quote(&ch->gp, months[i], err);
        if (rc == PT_OK)
            rc = pt_chart_add(&ch->gp, idx, err);
    }
    if (rc == PT_OK)
        rc = pt_chart_add(&ch->gp, ")\nplot", err);
    for (size_t k = 0; rc == PT_OK && k < n_top; k++) {
        char part[96];
        snprintf(part, sizeof part, "%s 'complaints_per_month.dat' using 1:%zu with linespoints "
                                    "title ", k ? "," : "", k + 2);
        rc = pt_chart_add(&ch->gp, part, err);
        if (rc == PT_OK)
            rc = pt_chart_quote(&ch->gp, co->cells[top[k] * co->n_cols].text, err);
    }
    if (rc == PT_OK)
        rc = pt_chart_add(&ch->gp, "\n", err);
    return rc == PT_OK ? pt_chart_png(ch, png, err) : rc;
}

/* Drawn only when some month count is visible: a chart of hidden values
 * would be empty (and gnuplot refuses a plot with no point). ch is its
 * slot, kept pending while company x month was finished; dropped when
 * nothing is visible. */
static enum pt_code chart_per_month(struct pt_report_build *b, struct pt_chart *ch, int png,
                                    struct pt_error *err)
{
    const struct pt_rtable *m = table_named(b, "complaints_by_month");
    const struct pt_rtable *co = table_named(b, "complaints_by_company");
    size_t top[TOP_COMPANIES], n_top = top_companies(co, top), visible = 0;
    const char **months = pt_calloc(m->n_rows + 1, sizeof *months);
    size_t n_months = months != NULL ? distinct_months(m, months) : 0;
    int64_t *matrix = pt_calloc(n_months * n_top + 1, sizeof *matrix);
    enum pt_code rc = months && matrix ? PT_OK
                                       : pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    if (rc == PT_OK)
        fill_matrix(m, co, top, n_top, months, n_months, matrix);
    for (size_t i = 0; rc == PT_OK && i < n_months * n_top; i++)
        visible += matrix[i] >= 0;
    if (rc == PT_OK && visible == 0) {
        pt_report_build_drop_chart(b, ch);
        ch = NULL;
    }
    if (rc == PT_OK && ch != NULL)
        rc = per_month_script(ch, co, top, n_top, months, n_months, png, err);
    if (rc == PT_OK && ch != NULL)
        rc = per_month_data(ch, matrix, n_top, n_months, err);
    if (rc == PT_OK && ch != NULL)
        ch->pending = 0;
    pt_free(matrix);
    pt_free(months);
    return rc;
}

/* Category shares as bars (visible rows only). */
static enum pt_code chart_categories(struct pt_report_build *b, struct pt_error *err)
{
    const struct pt_rtable *t = table_named(b, "complaints_by_category");
    const char *labels[32];
    double shares[32];
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows && n < 32; i++) {
        const struct pt_cell *r = &t->cells[i * t->n_cols];
        if (r[2].suppressed || r[2].missing)
            continue;
        labels[n] = r[0].text;
        shares[n++] = r[2].d;
    }
    if (n == 0)
        return PT_OK;
    return pt_report_chart_bars(b, "complaint_categories",
                                "Share of complaints by category (categories overlap)",
                                "Share of complaints by category", "complaints_by_category",
                                "percent of complaints", labels, shares, n, err);
}

/* Timely-response rate with its 95% Wilson interval, largest companies. */
static enum pt_code chart_timely(struct pt_report_build *b, int png, struct pt_error *err)
{
    const struct pt_rtable *co = table_named(b, "complaints_by_company");
    size_t top[TOP_COMPANIES], n_top = top_companies(co, top), k = 0, usable = 0;
    struct pt_chart *ch = NULL;
    for (size_t j = 0; j < n_top; j++) {
        const struct pt_cell *r = &co->cells[top[j] * co->n_cols];
        usable += !(r[3].missing || r[3].suppressed || r[4].missing || r[5].missing);
    }
    if (usable == 0)
        return PT_OK;
    enum pt_code rc = pt_chart_new(b, "timely_response",
                                   "Timely-response rate by company with 95% intervals", &ch,
                                   err);
    if (rc == PT_OK)
        rc = pt_chart_head(ch, "Timely responses by company (95% Wilson interval)",
                           "complaints_by_company", err);
    if (rc == PT_OK)
        rc = pt_chart_add(&ch->gp, "set ylabel 'percent timely'\nset yrange [0:105]\n"
                                   "set grid ytics\nset xtics nomirror rotate by -30 (", err);
    if (rc == PT_OK)
        rc = pt_chart_add(&ch->dat, "# timely_response.dat: from "
                                    "tables/complaints_by_company.csv\n"
                                    "# index\ttimely_percent\tlow_percent\thigh_percent\n", err);
    for (size_t j = 0; rc == PT_OK && j < n_top; j++) {
        const struct pt_cell *r = &co->cells[top[j] * co->n_cols];
        if (r[3].missing || r[3].suppressed || r[4].missing || r[5].missing)
            continue;
        char line[128];
        snprintf(line, sizeof line, "%s", k ? ", " : "");
        rc = pt_chart_add(&ch->gp, line, err);
        if (rc == PT_OK)
            rc = pt_chart_quote(&ch->gp, r[0].text, err);
        snprintf(line, sizeof line, " %zu", k);
        if (rc == PT_OK)
            rc = pt_chart_add(&ch->gp, line, err);
        snprintf(line, sizeof line, "%zu\t%.6f\t%.6f\t%.6f\n", k++, r[3].d * 100.0,
                 r[4].d * 100.0, r[5].d * 100.0);
        if (rc == PT_OK)
            rc = pt_chart_add(&ch->dat, line, err);
    }
    char tail[200];
    snprintf(tail, sizeof tail,
             ")\nset xrange [-0.6:%zu.6]\nplot 'timely_response.dat' using 1:2:3:4 with "
             "yerrorbars pt 7 notitle\n", k > 0 ? k - 1 : 0);
    if (rc == PT_OK)
        rc = pt_chart_add(&ch->gp, tail, err);
    return rc == PT_OK ? pt_chart_png(ch, png, err) : rc;
}

static const struct pt_column signal_cols[] = {
    {"company", PT_COL_TEXT, 0},          {"narratives", PT_COL_INT, 0},
    {"templated_share", PT_COL_RATE, 0},  {"terms_quoted", PT_COL_INT, 0},
    {"terms_over_24_share", PT_COL_RATE, 0}, {"terms_over_36_share", PT_COL_RATE, 0},
    {"suppressed", PT_COL_TEXT, 0},
};

/* Templated complaints (near-duplicate narratives, neardup.h) and
 * complaints quoting loan terms whose implied APR is over the legal lines
 * (terms.h). A count below --min-cell hides itself and its share; a
 * company hidden in complaints_by_company hides the whole row. These
 * counts have no published total, so no complement is needed. */
static enum pt_code build_signals(struct pt_report_complaints *c, struct pt_report_build *b,
                                  struct pt_error *err)
{
    struct pt_rtable *t = NULL;
    unsigned char *hidden = NULL;
    int64_t n = c->opt->min_cell;
    enum pt_code rc = suppress_rows(c->by_company, n, 1, &hidden, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, "complaint_signals",
                                   "Templated complaints and quoted loan terms by company",
                                   signal_cols, 7, &t, err);
    for (size_t i = 0; rc == PT_OK && i < pt_cstats_n_rows(c->by_company); i++) {
        const struct pt_cstats_row *r = pt_cstats_row(c->by_company, i);
        int h = hidden[i], hn = h || (int64_t)r->narratives < n;
        int ht = h || (int64_t)r->terms_quoted < n;
        struct pt_cell cell[7] = {
            text_cell(r->key_text[0]),          count_cell(r->narratives, hn),
            rate_cell(r->neardup_share, hn),    count_cell(r->terms_quoted, ht),
            rate_cell(r->terms_over_24_share, ht), rate_cell(r->terms_over_36_share, ht),
            yes_no(h || hn || ht)};
        rc = pt_rtable_add(t, cell, err);
    }
    pt_free(hidden);
    return rc;
}

static const struct pt_column spike_cols[] = {
    {"company", PT_COL_TEXT, 0},          {"month", PT_COL_TEXT, 0},
    {"complaints", PT_COL_INT, 0},        {"baseline_median", PT_COL_NUMBER, 1},
    {"threshold", PT_COL_NUMBER, 1},
};

/* Months flagged by the spike rule (docs/complaints.md) whose count
 * complaints_by_month shows; a hidden month is not listed. Into t (made
 * earlier, in its place). */
static enum pt_code build_spikes(struct pt_report_complaints *c, struct pt_rtable *t,
                                 const unsigned char *month_hidden, struct pt_error *err)
{
    enum pt_code rc = PT_OK;
    for (size_t i = 0; rc == PT_OK && i < pt_cstats_n_rows(c->by_month); i++) {
        const struct pt_cstats_row *r = pt_cstats_row(c->by_month, i);
        if (r->spike != 1 || month_hidden[i])
            continue;
        char month[16];
        pt_month_key_format(r->key_num[1], month, sizeof month);
        struct pt_cell cell[5] = {text_cell(r->key_text[0]), text_cell(month),
                                  count_cell(r->complaints, 0), rate_cell(r->spike_baseline, 0),
                                  rate_cell(r->spike_threshold, 0)};
        rc = pt_rtable_add(t, cell, err);
    }
    return rc;
}

static const struct pt_column company_category_cols[] = {
    {"company", PT_COL_TEXT, 0}, {"category", PT_COL_TEXT, 0},
    {"complaints", PT_COL_INT, 0}, {"suppressed", PT_COL_TEXT, 0},
};

/* Company x category counts. Categories overlap, so a company's category
 * counts have no additive total: primary suppression only. */
static enum pt_code build_company_category(struct pt_report_complaints *c,
                                           struct pt_report_build *b, struct pt_error *err)
{
    struct pt_rtable *t = NULL;
    unsigned char *hidden = NULL;
    enum pt_code rc = suppress_rows(c->by_company_category, c->opt->min_cell, 0, &hidden, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, "complaints_by_company_category",
                                   "Complaints by company and category (overlapping)",
                                   company_category_cols, 4, &t, err);
    for (size_t i = 0; rc == PT_OK && i < pt_cstats_n_rows(c->by_company_category); i++) {
        const struct pt_cstats_row *r = pt_cstats_row(c->by_company_category, i);
        const char *cat = pt_category_name((enum pt_category)r->key_num[1]);
        struct pt_cell cell[4] = {text_cell(r->key_text[0]), text_cell(cat),
                                  count_cell(r->complaints, hidden[i]), yes_no(hidden[i])};
        rc = pt_rtable_add(t, cell, err);
    }
    pt_free(hidden);
    return rc;
}

/* Stacked bars: for the largest companies, the visible count of each
 * category (hidden cells drawn as 0 and marked in the data file). */
static enum pt_code stacked_data(struct pt_chart *ch, const struct pt_rtable *cc,
                                 const struct pt_rtable *co, const size_t *top, size_t n_top,
                                 struct pt_error *err)
{
    enum pt_code rc = pt_chart_add(&ch->dat, "# categories_by_company.dat: from "
                                             "tables/complaints_by_company_category.csv; one "
                                             "row per company, one column per category; "
                                             "hidden cells are 0\ncompany_index", err);
    for (int k = 0; rc == PT_OK && k < PT_CAT_COUNT; k++) {
        rc = pt_chart_add(&ch->dat, "\t", err);
        if (rc == PT_OK)
            rc = pt_chart_add(&ch->dat, pt_category_name((enum pt_category)k), err);
    }
    /* One pass over the table's rows (a later row for the same cell wins). */
    long long v[TOP_COMPANIES][PT_CAT_COUNT] = {{0}};
    for (size_t i = 0; i < cc->n_rows; i++) {
        const struct pt_cell *r = &cc->cells[i * cc->n_cols];
        if (r[2].suppressed)
            continue;
        for (size_t j = 0; j < n_top; j++) {
            if (strcmp(r[0].text, co->cells[top[j] * co->n_cols].text) != 0)
                continue;
            for (int k = 0; k < PT_CAT_COUNT; k++)
                if (strcmp(r[1].text, pt_category_name((enum pt_category)k)) == 0)
                    v[j][k] = (long long)r[2].i;
        }
    }
    for (size_t j = 0; rc == PT_OK && j < n_top; j++) {
        char cell[48];
        snprintf(cell, sizeof cell, "\n%zu", j);
        rc = pt_chart_add(&ch->dat, cell, err);
        for (int k = 0; rc == PT_OK && k < PT_CAT_COUNT; k++) {
            snprintf(cell, sizeof cell, "\t%lld", v[j][k]);
            rc = pt_chart_add(&ch->dat, cell, err);
        }
    }
    return rc == PT_OK ? pt_chart_add(&ch->dat, "\n", err) : rc;
}

static enum pt_code chart_stacked(struct pt_report_build *b, int png, struct pt_error *err)
{
    const struct pt_rtable *cc = table_named(b, "complaints_by_company_category");
    const struct pt_rtable *co = table_named(b, "complaints_by_company");
    size_t top[TOP_COMPANIES], n_top = top_companies(co, top);
    struct pt_chart *ch = NULL;
    if (n_top == 0)
        return PT_OK;
    enum pt_code rc = pt_chart_new(b, "categories_by_company",
                                   "Complaint categories of the largest companies", &ch, err);
    if (rc == PT_OK)
        rc = pt_chart_head(ch, "Categories of the largest companies (hidden counts as 0)",
                           "complaints_by_company_category", err);
    if (rc == PT_OK)
        rc = pt_chart_add(&ch->gp, "set style data histograms\nset style histogram rowstacked\n"
                                   "set style fill solid 0.8 border -1\nset boxwidth 0.7\n"
                                   "set key outside right\nset ylabel 'complaints'\nset yrange [0:*]\n"
                                   "set grid ytics\nset bmargin 8\n"
                                   "set xtics nomirror rotate by -30 (", err);
    for (size_t j = 0; rc == PT_OK && j < n_top; j++) {
        char idx[32];
        snprintf(idx, sizeof idx, " %zu%s", j, j + 1 < n_top ? ", " : "");
        rc = pt_chart_quote(&ch->gp, co->cells[top[j] * co->n_cols].text, err);
        if (rc == PT_OK)
            rc = pt_chart_add(&ch->gp, idx, err);
    }
    char plot[160];
    snprintf(plot, sizeof plot, ")\nplot for [k=2:%d] 'categories_by_company.dat' using k "
                                "title columnheader(k)\n", PT_CAT_COUNT + 1);
    if (rc == PT_OK)
        rc = pt_chart_add(&ch->gp, plot, err);
    if (rc == PT_OK)
        rc = pt_chart_png(ch, png, err);
    return rc == PT_OK ? stacked_data(ch, cc, co, top, n_top, err) : rc;
}

/* company x month (186,000 groups on the full export: the month neighbours
 * of each, and the sort) is finished on a thread of its own, which
 * pt_report_complaints_build joins only when it reaches that table: the
 * other tables (and the loan section) are built meanwhile. The tables share
 * only the names registry, which finishing reads. */
struct cr_month_finish {
    struct pt_cstats *s;
    pthread_t thread;
    int threaded;
    enum pt_code rc;
    struct pt_error err;
};

static void *finish_months(void *arg)
{
    struct cr_month_finish *m = arg;
    m->rc = pt_cstats_finish(m->s, &m->err);
    return NULL;
}

static enum pt_code join_months(struct pt_report_complaints *c, struct pt_error *err)
{
    struct cr_month_finish *m = c->months;
    if (m == NULL)
        return PT_OK;
    if (m->threaded)
        pthread_join(m->thread, NULL);
    enum pt_code rc = m->rc;
    if (rc != PT_OK && err != NULL)
        *err = m->err;
    pt_free(m);
    c->months = NULL;
    return rc;
}

void cr_months_abandon(struct pt_report_complaints *c)
{
    join_months(c, NULL);
}

enum pt_code pt_report_complaints_finish(struct pt_report_complaints *c, struct pt_error *err)
{
    if (c->finished)
        return PT_OK;
    struct cr_month_finish *m = pt_calloc(1, sizeof *m);
    if (m == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    m->s = c->by_month;
    c->months = m;
    m->threaded = pthread_create(&m->thread, NULL, finish_months, m) == 0;
    if (!m->threaded)
        finish_months(m);
    enum pt_code rc = pt_cstats_finish(c->by_company, err);
    /* by_category is not counted per complaint: it is company x category
     * summed over companies (report_complaints.c). */
    if (rc == PT_OK)
        rc = pt_cstats_fold(c->by_category, c->by_company_category, err);
    if (rc == PT_OK)
        rc = pt_cstats_finish(c->by_category, err);
    if (rc == PT_OK && c->prev_by_company != NULL)
        rc = pt_cstats_finish(c->prev_by_company, err);
    if (rc == PT_OK)
        rc = pt_cstats_finish(c->by_company_category, err);
    if (rc != PT_OK)   /* the month table's outcome no longer matters */
        cr_months_abandon(c);
    c->finished = rc == PT_OK;
    return rc;
}

/* Everything but what company x month gives, with the places of
 * complaints_by_month, complaint_spikes and the per-month chart kept (the
 * order of tables and charts does not change), so the rest is built and
 * its charts drawn while the thread finishing company x month runs. */
enum pt_code pt_report_complaints_build(struct pt_report_complaints *c,
                                        struct pt_report_build *b, struct pt_error *err)
{
    enum pt_code rc = pt_report_complaints_finish(c, err);   /* a no-op when done */
    if (rc == PT_OK)
        rc = build_by_company(c, b, err);
    if (rc == PT_OK && c->prev_by_company != NULL)
        rc = build_change(c, b, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, "complaints_by_month", "Complaints per month by company",
                                   month_cols, 4, &c->month_table, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, "complaint_spikes",
                                   "Months above the spike threshold (trailing 12-month median "
                                   "+ 3 MAD)", spike_cols, 5, &c->spikes_table, err);
    if (rc == PT_OK && c->opt->narratives)
        rc = build_signals(c, b, err);
    if (rc == PT_OK)
        rc = build_by_category(c, b, err);
    if (rc == PT_OK)
        rc = build_company_category(c, b, err);
    if (rc == PT_OK)
        rc = pt_report_names_table(b, "names_companies", "Company names as read and as shown",
                                   c->names, err);
    c->month_chart = NULL;
    if (rc == PT_OK && c->n_current > 0 &&
        (rc = pt_chart_new(b, "complaints_per_month", "Complaints per month, largest companies",
                           &c->month_chart, err)) == PT_OK)
        c->month_chart->pending = 1;
    if (rc == PT_OK && c->n_current > 0)
        rc = chart_categories(b, err);
    if (rc == PT_OK && c->n_current > 0)
        rc = chart_timely(b, c->opt->png, err);
    if (rc == PT_OK && c->n_current > 0)
        rc = chart_stacked(b, c->opt->png, err);
    return rc;
}

enum pt_code pt_report_complaints_build_months(struct pt_report_complaints *c,
                                               struct pt_report_build *b, struct pt_error *err)
{
    unsigned char *hidden = NULL;
    enum pt_code rc = join_months(c, err);
    if (rc == PT_OK)
        rc = build_by_month(c, c->month_table, &hidden, err);
    if (rc == PT_OK)
        rc = build_spikes(c, c->spikes_table, hidden, err);
    pt_free(hidden);
    if (rc == PT_OK && c->month_chart != NULL)
        rc = chart_per_month(b, c->month_chart, c->opt->png, err);
    c->month_chart = NULL;
    return rc;
}

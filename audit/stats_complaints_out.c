/* stats_complaints_out.c: the complaint statistics as a table
 * (schema "ptaudit.complaints/1", columns in stats_complaints.h and
 * docs/complaints.md). Lags print with one decimal: an R type 7 quantile
 * of integers is a multiple of 0.1 at p = 0.5 and p = 0.9. With a category
 * key, a shares_overlap column ("yes") says in the table itself that the
 * shares can sum past 1 (CONTRACT.md), for CSV and JSON readers too. */
#include "audit/stats_internal.h"

#include <math.h>
#include <string.h>

#include "audit/date.h"
#include "audit/taxonomy.h"

#define MAX_COLS (PT_CSTATS_MAX_KEYS + 32)

static void add_col(struct pt_column *cols, size_t *n, const char *name, enum pt_col_type t,
                    int digits)
{
    cols[*n].name = name;
    cols[*n].type = t;
    cols[*n].digits = digits;
    (*n)++;
}

static const char *const resp_cols[PT_RESP_COUNT] = {
    "resp_unknown", "resp_monetary_relief", "resp_non_monetary_relief", "resp_explanation",
    "resp_closed", "resp_in_progress", "resp_untimely", "resp_other",
};

static size_t columns(const struct pt_cstats *s, struct pt_column *cols)
{
    size_t n = 0;
    for (size_t i = 0; i < s->opt.n_keys; i++)
        add_col(cols, &n, pt_ckey_name(s->opt.keys[i]),
                s->opt.keys[i] == PT_CKEY_YEAR ? PT_COL_INT : PT_COL_TEXT, 0);
    add_col(cols, &n, "complaints", PT_COL_INT, 0);
    add_col(cols, &n, "share", PT_COL_RATE, 0);
    if (pt_cstats_overlapping(s))
        add_col(cols, &n, "shares_overlap", PT_COL_TEXT, 0);
    add_col(cols, &n, "timely_rate", PT_COL_RATE, 0);
    add_col(cols, &n, "timely_low", PT_COL_RATE, 0);
    add_col(cols, &n, "timely_high", PT_COL_RATE, 0);
    add_col(cols, &n, "timely_unknown", PT_COL_INT, 0);
    for (int r = 1; r < PT_RESP_COUNT; r++)
        add_col(cols, &n, resp_cols[r], PT_COL_INT, 0);
    add_col(cols, &n, resp_cols[0], PT_COL_INT, 0);
    add_col(cols, &n, "lag_known", PT_COL_INT, 0);
    add_col(cols, &n, "days_to_sent_median", PT_COL_NUMBER, 1);
    add_col(cols, &n, "days_to_sent_p90", PT_COL_NUMBER, 1);
    if (s->track_issues) {
        add_col(cols, &n, "top_issue", PT_COL_TEXT, 0);
        add_col(cols, &n, "top_issue_complaints", PT_COL_INT, 0);
    }
    if (s->loan_totals != NULL) {
        add_col(cols, &n, "loans", PT_COL_INT, 0);
        add_col(cols, &n, "complaints_in_loan_period", PT_COL_INT, 0);
        add_col(cols, &n, "complaints_per_10k_loans", PT_COL_NUMBER, 2);
    }
    if (s->opt.terms) {
        add_col(cols, &n, "terms_quoted", PT_COL_INT, 0);
        add_col(cols, &n, "terms_over_24_share", PT_COL_RATE, 0);
        add_col(cols, &n, "terms_over_36_share", PT_COL_RATE, 0);
    }
    if (s->dup != NULL) {
        add_col(cols, &n, "narratives", PT_COL_INT, 0);
        add_col(cols, &n, "neardup_share", PT_COL_RATE, 0);
    }
    if (s->month_slot >= 0) {
        add_col(cols, &n, "mom_change", PT_COL_RATE, 0);
        add_col(cols, &n, "yoy_change", PT_COL_RATE, 0);
        add_col(cols, &n, "spike", PT_COL_TEXT, 0);
        add_col(cols, &n, "spike_baseline", PT_COL_NUMBER, 1);
        add_col(cols, &n, "spike_threshold", PT_COL_NUMBER, 4);
    }
    return n;
}

static struct pt_cell num(double v)
{
    return isnan(v) ? pt_cell_missing() : pt_cell_double(v);
}

static struct pt_cell text(const char *s)
{
    return s == NULL || s[0] == '\0' ? pt_cell_missing() : pt_cell_text(s, strlen(s));
}

/* Key cells; bufs holds the formatted period keys for the call. */
static size_t key_cells(const struct pt_cstats *s, const struct pt_cstats_row *r,
                        struct pt_cell *cells, char (*bufs)[16])
{
    size_t n = 0;
    for (size_t i = 0; i < s->opt.n_keys; i++) {
        switch (s->opt.keys[i]) {
        case PT_CKEY_MONTH:
            cells[n++] = text(pt_month_key_format(r->key_num[i], bufs[i], sizeof bufs[i]));
            break;
        case PT_CKEY_QUARTER:
            cells[n++] = text(pt_quarter_key_format(r->key_num[i], bufs[i], sizeof bufs[i]));
            break;
        case PT_CKEY_YEAR: cells[n++] = pt_cell_int(r->key_num[i]); break;
        case PT_CKEY_CATEGORY:
            cells[n++] = text(pt_category_name((enum pt_category)r->key_num[i]));
            break;
        default: cells[n++] = text(r->key_text[i]); break;
        }
    }
    return n;
}

static size_t value_cells(const struct pt_cstats *s, const struct pt_cstats_row *r,
                          struct pt_cell *cells)
{
    size_t n = 0;
    cells[n++] = pt_cell_int((int64_t)r->complaints);
    cells[n++] = num(r->share);
    if (pt_cstats_overlapping(s))
        cells[n++] = pt_cell_text("yes", 3);
    cells[n++] = num(r->timely_rate);
    cells[n++] = num(r->timely_low);
    cells[n++] = num(r->timely_high);
    cells[n++] = pt_cell_int((int64_t)r->timely_unknown);
    for (int k = 1; k < PT_RESP_COUNT; k++)
        cells[n++] = pt_cell_int((int64_t)r->response[k]);
    cells[n++] = pt_cell_int((int64_t)r->response[0]);
    cells[n++] = pt_cell_int((int64_t)r->lag_known);
    cells[n++] = num(r->lag_median);
    cells[n++] = num(r->lag_p90);
    if (s->track_issues) {
        cells[n++] = text(r->top_issue);
        cells[n++] = r->top_issue ? pt_cell_int((int64_t)r->top_issue_count) : pt_cell_missing();
    }
    if (s->loan_totals != NULL) {
        cells[n++] = pt_cell_int((int64_t)r->loans);
        cells[n++] = pt_cell_int((int64_t)r->complaints_in_period);
        cells[n++] = num(r->per_10k_loans);
    }
    if (s->opt.terms) {
        cells[n++] = pt_cell_int((int64_t)r->terms_quoted);
        cells[n++] = num(r->terms_over_24_share);
        cells[n++] = num(r->terms_over_36_share);
    }
    if (s->dup != NULL) {
        cells[n++] = pt_cell_int((int64_t)r->narratives);
        cells[n++] = num(r->neardup_share);
    }
    if (s->month_slot >= 0) {
        cells[n++] = num(r->mom_change);
        cells[n++] = num(r->yoy_change);
        cells[n++] = r->spike < 0 ? pt_cell_missing() : text(r->spike ? "yes" : "no");
        cells[n++] = num(r->spike_baseline);
        cells[n++] = num(r->spike_threshold);
    }
    return n;
}

/* The aligned text table is for people: it keeps the headline columns and
 * leaves the detail (intervals, response mix, counts behind shares) to
 * CSV/JSON. */
static const char *const text_hidden[] = {
    "shares_overlap", "timely_low", "timely_high", "resp_unknown", "resp_monetary_relief",
    "resp_non_monetary_relief", "resp_explanation", "resp_closed", "resp_in_progress",
    "resp_untimely", "resp_other", "lag_known", "top_issue_complaints", "loans",
    "complaints_in_loan_period", "terms_quoted", "terms_over_24_share", "narratives",
    "yoy_change", "spike_baseline", "spike_threshold",
};

static int hidden_in_text(const char *name)
{
    for (size_t i = 0; i < sizeof text_hidden / sizeof text_hidden[0]; i++)
        if (strcmp(name, text_hidden[i]) == 0)
            return 1;
    return 0;
}

/* Keeps the cells (or columns: cells == NULL) of the shown columns of
 * all[0..n); returns how many are kept. */
static size_t select_text(const struct pt_column *all, size_t n, struct pt_column *cols,
                          struct pt_cell *cells)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (hidden_in_text(all[i].name))
            continue;
        if (cells != NULL)
            cells[k] = cells[i];
        else
            cols[k] = all[i];
        k++;
    }
    return k;
}

enum pt_code pt_cstats_write(const struct pt_cstats *s, FILE *f, enum pt_table_format format,
                             struct pt_error *err)
{
    struct pt_column all[MAX_COLS], cols[MAX_COLS];
    size_t n_all = columns(s, all), n_cols = n_all;
    memcpy(cols, all, sizeof all);
    int text = format == PT_TABLE_TEXT;
    if (text)
        n_cols = select_text(all, n_all, cols, NULL);
    struct pt_table_writer *w = NULL;
    enum pt_code rc = pt_table_begin(&w, f, format, "ptaudit.complaints/1", cols, n_cols, 0, err);
    if (rc != PT_OK)
        return rc;
    for (size_t i = 0; i < s->n_rows; i++) {
        struct pt_cell cells[MAX_COLS];
        char bufs[PT_CSTATS_MAX_KEYS][16];
        size_t n = key_cells(s, &s->rows[i], cells, bufs);
        n += value_cells(s, &s->rows[i], cells + n);
        if (text)
            select_text(all, n, NULL, cells);
        if ((rc = pt_table_row(w, cells, err)) != PT_OK) {
            pt_table_abort(w);
            return rc;
        }
    }
    return pt_table_end(w, err);
}

/* terms_list.c: quoted loan terms, one row per case (see terms_list.h). */
#include "audit/terms_list.h"

#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"
#include "audit/money.h"
#include "audit/terms.h"

#define MAX_QUOTED 8

static const struct pt_column cols[] = {
    {"id", PT_COL_TEXT, 0}, {"company", PT_COL_TEXT, 0}, {"date_received", PT_COL_TEXT, 0},
    {"field", PT_COL_TEXT, 0}, {"pattern", PT_COL_TEXT, 0}, {"currency", PT_COL_TEXT, 0},
    {"principal", PT_COL_MONEY, 2}, {"received", PT_COL_MONEY, 2},
    {"deduction", PT_COL_MONEY, 2}, {"payments", PT_COL_INT, 0},
    {"payment", PT_COL_MONEY, 2}, {"total", PT_COL_MONEY, 2},
    {"payment_from_total", PT_COL_TEXT, 0}, {"frequency_assumed", PT_COL_TEXT, 0},
    {"apr", PT_COL_RATE, 0}, {"ear", PT_COL_RATE, 0}, {"over_24", PT_COL_TEXT, 0},
    {"over_36", PT_COL_TEXT, 0},
};
#define N_COLS (sizeof cols / sizeof cols[0])

struct pt_terms_list {
    struct pt_table_writer *w;   /* owned */
    uint64_t complaints, rows;
};

enum pt_code pt_terms_list_begin(struct pt_terms_list **out, FILE *f,
                                 enum pt_table_format format, struct pt_error *err)
{
    *out = pt_calloc(1, sizeof **out);
    if (*out == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    enum pt_code rc = pt_table_begin(&(*out)->w, f, format, "ptaudit.complaint_terms/1", cols,
                                     N_COLS, 0, err);
    if (rc != PT_OK) {
        pt_free(*out);
        *out = NULL;
    }
    return rc;
}

static struct pt_cell text(const char *s)
{
    return s == NULL || s[0] == '\0' ? pt_cell_missing() : pt_cell_text(s, strlen(s));
}

static struct pt_cell yes_no(int v) { return text(v ? "yes" : "no"); }

static enum pt_code write_case(struct pt_terms_list *l, const struct pt_complaint *c,
                               const char *field, const struct pt_terms_case *k,
                               struct pt_error *err)
{
    char day[16];
    struct pt_cell cells[N_COLS];
    size_t n = 0;
    cells[n++] = text(c->id);
    cells[n++] = text(c->company);
    cells[n++] = text(pt_date_format(c->date_received, day, sizeof day));
    cells[n++] = text(field);
    cells[n++] = text(k->terms.pattern);
    cells[n++] = text(c->currency);
    cells[n++] = pt_cell_int(k->terms.principal_minor);
    cells[n++] = pt_cell_int(k->terms.received_minor);
    cells[n++] = pt_cell_int(k->terms.deduction_minor);
    cells[n++] = pt_cell_int(k->terms.n_payments);
    cells[n++] = pt_cell_int(k->terms.payment_minor);
    cells[n++] = pt_cell_int(k->terms.total_minor);
    cells[n++] = yes_no(k->terms.payment_from_total);
    cells[n++] = yes_no(k->terms.frequency_assumed);
    cells[n++] = k->rate_ok ? pt_cell_double(k->rate.apr) : pt_cell_missing();
    cells[n++] = k->rate_ok ? pt_cell_double(k->rate.ear) : pt_cell_missing();
    cells[n++] = k->rate_ok ? yes_no(k->over_24) : pt_cell_missing();
    cells[n++] = k->rate_ok ? yes_no(k->over_36) : pt_cell_missing();
    l->rows++;
    return pt_table_row(l->w, cells, err);
}

static enum pt_code field_cases(struct pt_terms_list *l, const struct pt_complaint *c,
                                const char *field, const char *s, struct pt_error *err)
{
    if (s == NULL || s[0] == '\0')
        return PT_OK;
    struct pt_terms_case k[MAX_QUOTED];
    size_t n = 0;
    pt_terms_assess(s, strlen(s), k, MAX_QUOTED, &n);
    enum pt_code rc = PT_OK;
    for (size_t i = 0; i < n && rc == PT_OK; i++)
        rc = write_case(l, c, field, &k[i], err);
    return rc;
}

enum pt_code pt_terms_list_add(void *ctx, const struct pt_complaint *c, struct pt_error *err)
{
    struct pt_terms_list *l = ctx;
    l->complaints++;
    enum pt_code rc = field_cases(l, c, "narrative", c->narrative, err);
    if (rc == PT_OK && c->issue != c->narrative &&
        (c->narrative == NULL || strcmp(c->issue, c->narrative) != 0))
        rc = field_cases(l, c, "issue", c->issue, err);
    return rc;
}

void pt_terms_list_counts(const struct pt_terms_list *l, uint64_t *complaints, uint64_t *rows)
{
    *complaints = l->complaints;
    *rows = l->rows;
}

void pt_terms_list_abort(struct pt_terms_list *l)
{
    if (l == NULL)
        return;
    pt_table_abort(l->w);
    pt_free(l);
}

enum pt_code pt_terms_list_end(struct pt_terms_list *l, struct pt_error *err)
{
    if (l == NULL)
        return PT_OK;
    enum pt_code rc = pt_table_end(l->w, err);
    pt_free(l);
    return rc;
}

/* report_table.c: the report's in-memory tables (report.h). Rows grow by
 * doubling; each text cell is a pt_strndup copy freed with the table. */
#include <string.h>

#include "audit/alloc.h"
#include "audit/report.h"

static enum pt_code nomem(struct pt_error *err)
{
    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory while building a table");
}

enum pt_code pt_rtable_init(struct pt_rtable *t, const char *name, const char *title,
                            const struct pt_column *cols, size_t n_cols, struct pt_error *err)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    snprintf(t->title, sizeof t->title, "%s", title);
    t->cols = cols;
    t->n_cols = n_cols;
    (void)err;
    return PT_OK;
}

enum pt_code pt_rtable_add(struct pt_rtable *t, const struct pt_cell *cells, struct pt_error *err)
{
    size_t cap_cells = t->cap_rows * t->n_cols;
    if (pt_grow((void **)&t->cells, &cap_cells, (t->n_rows + 1) * t->n_cols, sizeof *t->cells) !=
        0)
        return nomem(err);
    t->cap_rows = cap_cells / t->n_cols;
    struct pt_cell *row = t->cells + t->n_rows * t->n_cols;
    for (size_t i = 0; i < t->n_cols; i++) {
        row[i] = cells[i];
        if (cells[i].text == NULL)
            continue;
        char *copy = pt_strndup(cells[i].text, cells[i].len);
        if (copy == NULL) {
            for (size_t j = 0; j < i; j++)
                pt_free((void *)(uintptr_t)row[j].text);
            return nomem(err);
        }
        row[i].text = copy;
    }
    t->n_rows++;
    return PT_OK;
}

void pt_rtable_free(struct pt_rtable *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; t->cells != NULL && i < t->n_rows * t->n_cols; i++)
        pt_free((void *)(uintptr_t)t->cells[i].text);
    pt_free(t->cells);
    memset(t, 0, sizeof *t);
}

enum pt_code pt_rtable_write(const struct pt_rtable *t, FILE *f, enum pt_table_format fmt,
                             unsigned flags, int64_t min_cell, struct pt_error *err)
{
    char schema[80];
    struct pt_table_writer *w = NULL;
    if (t->write_fn != NULL)
        return t->write_fn(t->write_ctx, f, fmt, flags, err);
    snprintf(schema, sizeof schema, "ptaudit.table.%s/1", t->name);
    enum pt_code rc = pt_table_begin(&w, f, fmt, schema, t->cols, t->n_cols, flags, err);
    if (rc != PT_OK)
        return rc;
    pt_table_set_min_cell(w, min_cell);
    for (size_t r = 0; rc == PT_OK && r < t->n_rows; r++)
        rc = pt_table_row(w, t->cells + r * t->n_cols, err);
    if (rc != PT_OK) {
        pt_table_abort(w);
        return rc;
    }
    return pt_table_end(w, err);
}

/* report_table.c: the report's in-memory tables (report.h). Rows grow by
 * doubling. Text cells are copied into blocks the table owns, not one
 * allocation each (complaints_by_month has ~370,000 text cells on the full
 * CFPB export: allocated and freed one by one they cost more than the
 * table's writing), and a cell whose text equals the cell above shares its
 * copy (a company's name down its months). */
#include <stdint.h>
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

struct pt_rtable_block {
    struct pt_rtable_block *next;
    size_t used, cap;
    char data[];
};

#define BLOCK_MIN (64u << 10)

/* A NUL-terminated copy of s[0..len) in t's blocks; NULL without memory. */
static const char *copy_text(struct pt_rtable *t, const char *s, size_t len)
{
    struct pt_rtable_block *b = t->text_blocks;
    if (b == NULL || b->cap - b->used < len + 1) {
        size_t cap = len + 1 > BLOCK_MIN ? len + 1 : BLOCK_MIN;
        b = pt_malloc(sizeof *b + cap);
        if (b == NULL)
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = t->text_blocks;
        t->text_blocks = b;
    }
    char *copy = b->data + b->used;
    memcpy(copy, s, len);
    copy[len] = '\0';
    b->used += len + 1;
    return copy;
}

enum pt_code pt_rtable_reserve(struct pt_rtable *t, size_t n_rows, struct pt_error *err)
{
    size_t cap_cells = t->cap_rows * t->n_cols;
    if (n_rows <= t->cap_rows || t->n_cols == 0)
        return PT_OK;
    if (n_rows > SIZE_MAX / t->n_cols)
        return nomem(err);
    if (pt_grow((void **)&t->cells, &cap_cells, n_rows * t->n_cols, sizeof *t->cells) != 0)
        return nomem(err);
    t->cap_rows = cap_cells / t->n_cols;
    return PT_OK;
}

enum pt_code pt_rtable_add(struct pt_rtable *t, const struct pt_cell *cells, struct pt_error *err)
{
    enum pt_code rc = pt_rtable_reserve(t, t->n_rows + 1, err);
    if (rc != PT_OK)
        return rc;
    struct pt_cell *row = t->cells + t->n_rows * t->n_cols;
    const struct pt_cell *above = t->n_rows > 0 ? row - t->n_cols : NULL;
    for (size_t i = 0; i < t->n_cols; i++) {
        row[i] = cells[i];
        if (cells[i].text == NULL)
            continue;
        if (above != NULL && above[i].text != NULL && above[i].len == cells[i].len &&
            memcmp(above[i].text, cells[i].text, cells[i].len) == 0) {
            row[i].text = above[i].text;
            continue;
        }
        /* On failure the texts copied so far stay in the blocks, unused,
         * until the table is freed; the row is not added. */
        if ((row[i].text = copy_text(t, cells[i].text, cells[i].len)) == NULL)
            return nomem(err);
    }
    t->n_rows++;
    return PT_OK;
}

void pt_rtable_free(struct pt_rtable *t)
{
    if (t == NULL)
        return;
    for (struct pt_rtable_block *b = t->text_blocks, *next; b != NULL; b = next) {
        next = b->next;
        pt_free(b);
    }
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

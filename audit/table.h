/* table.h: one way to write a result table as aligned text, CSV, JSON,
 * or Markdown, so that `loans`, `complaints` and `report` agree on formats
 * (CONTRACT.md, "Machine-readable output").
 *
 * Columns are typed; cells are given per row and written as they come
 * (streaming, in batches of about 64 KiB) for CSV and JSON; text and
 * Markdown buffer the rows to align them. Rates print as %.10f decimals, money with its minor-unit digits,
 * missing values as an empty CSV cell / JSON null / "-" in text.
 * Every text cell is untrusted: CSV cells are neutralized against formula
 * injection, Markdown escapes pipes and HTML (escape.h).
 * Ownership: the writer borrows the FILE; cell text is copied when buffered. */
#ifndef PTAUDIT_TABLE_H
#define PTAUDIT_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/error.h"

enum pt_table_format { PT_TABLE_TEXT, PT_TABLE_CSV, PT_TABLE_JSON, PT_TABLE_MARKDOWN };

enum pt_col_type {
    PT_COL_TEXT,   /* UTF-8 string */
    PT_COL_INT,    /* int64 count */
    PT_COL_RATE,   /* double fraction, %.10f (text/markdown: percent with 2 dp) */
    PT_COL_MONEY,  /* int64 minor units; digits from the column */
    PT_COL_NUMBER  /* double, %.{digits}f */
};

struct pt_column {
    const char *name;        /* borrowed; the CSV/JSON key */
    enum pt_col_type type;
    int digits;              /* MONEY: minor-unit digits; NUMBER: decimals */
};

struct pt_cell {
    int missing;             /* 1 = no value: empty / null / "-" */
    int suppressed;          /* 1 = hidden by --min-cell: empty / null / "<N" */
    const char *text;        /* TEXT (borrowed for the call) */
    size_t len;
    int64_t i;               /* INT, MONEY */
    double d;                /* RATE, NUMBER */
};

struct pt_table_writer;      /* opaque */

/* Starts a table. schema (JSON only, e.g. "ptaudit.loans/1") is borrowed.
 * flags: PT_TABLE_BOM writes a UTF-8 BOM before CSV (--excel). */
enum { PT_TABLE_BOM = 1 };
PT_NODISCARD enum pt_code pt_table_begin(struct pt_table_writer **out, FILE *f,
                                         enum pt_table_format format, const char *schema,
                                         const struct pt_column *cols, size_t n_cols,
                                         unsigned flags, struct pt_error *err);
/* One row of n_cols cells. PT_EIO on a write error (of this row or of
 * rows before it, which may be written later: see pt_table_end), PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_table_row(struct pt_table_writer *w, const struct pt_cell *cells,
                                       struct pt_error *err);
/* The --min-cell threshold N, so suppressed cells read "<N" in text and
 * Markdown ("suppressed" when never set). Accepts NULL. */
void pt_table_set_min_cell(struct pt_table_writer *w, int64_t min_cell);
/* Finishes (writes the rows still waiting; text/markdown: all of them),
 * frees the writer. PT_EIO when a write failed, now or before. */
PT_NODISCARD enum pt_code pt_table_end(struct pt_table_writer *w, struct pt_error *err);
/* Frees without writing (error paths): rows still waiting are dropped.
 * Accepts NULL. */
void pt_table_abort(struct pt_table_writer *w);

/* Cell constructors. */
static inline struct pt_cell pt_cell_text(const char *s, size_t len)
{ struct pt_cell c = {0}; c.text = s; c.len = len; return c; }
static inline struct pt_cell pt_cell_int(int64_t v) { struct pt_cell c = {0}; c.i = v; return c; }
static inline struct pt_cell pt_cell_double(double v) { struct pt_cell c = {0}; c.d = v; return c; }
static inline struct pt_cell pt_cell_missing(void) { struct pt_cell c = {0}; c.missing = 1; return c; }

#endif

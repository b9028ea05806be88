/* table.c: the result-table writer of table.h.
 *
 * CSV and JSON stream (rows gather in one buffer, written every 64 KiB and
 * at the end); text and Markdown keep the formatted cells until
 * pt_table_end because column widths (text) are only known at the end, and
 * Markdown is buffered the same way for symmetry of error handling. Every cell is formatted to a string once, by format_cell, so the
 * four outputs cannot disagree on a number: rates are %.10f decimals in CSV
 * and JSON and percents with 2 decimals in text and Markdown; money is
 * minor units printed with the column's digits, computed in integers.
 * Untrusted text is escaped per output by the cell escapers below (the
 * rules CONTRACT.md "Untrusted text" fixes). */
#include "audit/table.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/escape.h"
#include "audit/fmt_fixed.h"
#include "audit/table_escape.h"

struct pt_table_writer {
    FILE *f;                    /* borrowed */
    enum pt_table_format format;
    struct pt_column *cols;     /* owned copy; names owned */
    size_t n_cols;
    int64_t min_cell;           /* for "<N" in text/Markdown; 0 = unknown */
    uint64_t n_rows;
    char **cells;               /* owned; text/Markdown: n_rows * n_cols */
    size_t cap_cells;
    int failed;                 /* a write failed: the rest is skipped */
    char *line;                 /* owned: CSV/JSON rows not written yet */
    size_t line_len, line_cap;
};

/* A growable string for one formatted cell. */
struct sbuf {
    char *p;
    size_t len, cap;
};

/* Makes room for n more bytes and a NUL in b; pt_grow only when full
 * (this runs ~60 times per row of a loan table). */
static int sb_reserve(struct sbuf *b, size_t n)
{
    if (b->cap - b->len <= n && pt_grow((void **)&b->p, &b->cap, b->len + n + 1, 1) != 0)
        return -1;
    return 0;
}

static int sb_putn(struct sbuf *b, const char *s, size_t n)
{
    if (sb_reserve(b, n) != 0)
        return -1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

static int sb_puts(struct sbuf *b, const char *s) { return sb_putn(b, s, strlen(s)); }

static int is_numeric_type(enum pt_col_type t) { return t != PT_COL_TEXT; }

/* Money in minor units as a decimal with `digits` places, in integers:
 * -12345 with 2 digits -> "-123.45". INT64_MIN is handled through uint64.
 * Returns the length. */
static size_t format_money(int64_t v, int digits, char *buf)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t scale = 1;
    if (digits < 0)
        digits = 0;
    if (digits > 18)
        digits = 18;
    for (int i = 0; i < digits; i++)
        scale *= 10;
    size_t k = 0;
    if (v < 0)
        buf[k++] = '-';
    k += pt_fmt_i64((int64_t)(mag / scale), buf + k); /* < 2^63: fits */
    if (digits > 0) {
        uint64_t frac = mag % scale;
        buf[k++] = '.';
        for (int i = digits - 1; i >= 0; i--) {
            buf[k + (size_t)i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        k += (size_t)digits;
    }
    buf[k] = '\0';
    return k;
}

/* The number of a numeric cell as written, and its length; 0 if it is not
 * finite (the caller then writes the missing form). printf's %.10f, %.2f%%
 * and %.*f through fmt_fixed.h (the same bytes, without printf's cost). */
static size_t format_number(const struct pt_column *col, const struct pt_cell *c, int human,
                            char *buf, size_t size)
{
    int k, digits;
    switch (col->type) {
    case PT_COL_INT:
        return pt_fmt_i64(c->i, buf);
    case PT_COL_MONEY:
        return format_money(c->i, col->digits, buf);
    case PT_COL_RATE:
        if (!isfinite(c->d))
            return 0;
        if (human) {
            if ((k = pt_fmt_fixed_fast(c->d * 100.0, 2, buf)) >= 0) {
                memcpy(buf + k, "%", 2);
                return (size_t)k + 1;
            }
            snprintf(buf, size, "%.2f%%", c->d * 100.0);
        } else if ((k = pt_fmt_fixed_fast(c->d, 10, buf)) >= 0) {
            return (size_t)k;
        } else {
            snprintf(buf, size, "%.10f", c->d);
        }
        return strlen(buf);   /* snprintf may have cut a huge value short */
    case PT_COL_NUMBER:
        if (!isfinite(c->d))
            return 0;
        digits = col->digits < 0 ? 0 : col->digits > 17 ? 17 : col->digits;
        if ((k = pt_fmt_fixed_fast(c->d, digits, buf)) >= 0)
            return (size_t)k;
        snprintf(buf, size, "%.*f", digits, c->d);
        return strlen(buf);
    case PT_COL_TEXT:
        break;
    }
    return 0;
}

/* Longest number format_number writes, NUL included (64: the snprintf
 * fallbacks cut a huge value there, as they always have). */
#define NUM_MAX 64

/* Formats one cell for the writer's format into b (JSON: a JSON value). */
static int format_cell(const struct pt_table_writer *w, const struct pt_column *col,
                       const struct pt_cell *c, struct sbuf *b)
{
    int human = w->format == PT_TABLE_TEXT || w->format == PT_TABLE_MARKDOWN;
    int absent = c->missing || c->suppressed;
    if (!absent && col->type != PT_COL_TEXT) {
        /* Numbers need no escaping in any format. Streamed rows share one
         * buffer, so format in place there; a buffered cell (text,
         * Markdown) is its own allocation, sized to the number. */
        char num[NUM_MAX];
        int in_place = w->format == PT_TABLE_CSV || w->format == PT_TABLE_JSON;
        if (in_place && sb_reserve(b, NUM_MAX) != 0)
            return -1;
        size_t k = format_number(col, c, human, in_place ? b->p + b->len : num, NUM_MAX);
        if (k > 0 && in_place) {
            b->len += k;
            return 0;
        }
        if (k > 0)
            return sb_putn(b, num, k);
        absent = 1;   /* not finite */
    }
    if (!absent && c->text == NULL)
        absent = 1;
    if (absent) {
        if (w->format == PT_TABLE_JSON)
            return sb_putn(b, "null", 4);
        if (w->format == PT_TABLE_CSV)
            return sb_putn(b, "", 0);
        if (c->suppressed && !c->missing) {
            char lt[32];
            if (w->min_cell > 0)
                snprintf(lt, sizeof lt, "%s%" PRId64,
                         w->format == PT_TABLE_MARKDOWN ? "&lt;" : "<", w->min_cell);
            else
                snprintf(lt, sizeof lt, "%s", "suppressed");
            return sb_puts(b, lt);
        }
        return sb_puts(b, "-");
    }
    switch (w->format) {
    case PT_TABLE_CSV:
        if (pt_escape_csv_plain(c->text, c->len))   /* most cells: one scan, one copy */
            return sb_putn(b, c->text, c->len);
        return pt_table_escape_csv(c->text, c->len, &b->p, &b->len, &b->cap);
    case PT_TABLE_JSON: return pt_table_escape_json(c->text, c->len, &b->p, &b->len, &b->cap);
    case PT_TABLE_MARKDOWN:
        return pt_table_escape_markdown(c->text, c->len, &b->p, &b->len, &b->cap);
    case PT_TABLE_TEXT: return pt_table_escape_text(c->text, c->len, &b->p, &b->len, &b->cap);
    }
    return -1;
}

static enum pt_code write_bytes(struct pt_table_writer *w, const char *s, size_t n,
                                struct pt_error *err)
{
    if (w->failed)
        return PT_EIO;
    if (n > 0 && fwrite(s, 1, n, w->f) != n) {
        w->failed = 1;
        return pt_error_set(err, PT_EIO, NULL, "cannot write the table: write error");
    }
    return PT_OK;
}

static enum pt_code write_str(struct pt_table_writer *w, const char *s, struct pt_error *err)
{
    return write_bytes(w, s, strlen(s), err);
}

static enum pt_code nomem(struct pt_error *err)
{
    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory while writing a table");
}

/* The header line of CSV (streamed at begin). */
static enum pt_code write_csv_header(struct pt_table_writer *w, unsigned flags,
                                     struct pt_error *err)
{
    struct sbuf b = {0};
    enum pt_code rc = PT_OK;
    if (flags & PT_TABLE_BOM)
        rc = write_str(w, "\xEF\xBB\xBF", err);
    for (size_t i = 0; rc == PT_OK && i < w->n_cols; i++) {
        b.len = 0;
        if ((i > 0 && sb_puts(&b, ",") != 0) ||
            pt_table_escape_csv(w->cols[i].name, strlen(w->cols[i].name), &b.p, &b.len,
                                &b.cap) != 0) {
            rc = nomem(err);
            break;
        }
        rc = write_bytes(w, b.p, b.len, err);
    }
    if (rc == PT_OK)
        rc = write_str(w, "\n", err);
    pt_free(b.p);
    return rc;
}

static enum pt_code write_json_head(struct pt_table_writer *w, const char *schema,
                                    struct pt_error *err)
{
    struct sbuf b = {0};
    enum pt_code rc;
    const char *s = schema != NULL ? schema : "ptaudit.table/1";
    if (sb_puts(&b, "{\"schema\": ") != 0 ||
        pt_table_escape_json(s, strlen(s), &b.p, &b.len, &b.cap) != 0 ||
        sb_puts(&b, ", \"rows\": [") != 0) {
        pt_free(b.p);
        return nomem(err);
    }
    rc = write_bytes(w, b.p, b.len, err);
    pt_free(b.p);
    return rc;
}

enum pt_code pt_table_begin(struct pt_table_writer **out, FILE *f, enum pt_table_format format,
                            const char *schema, const struct pt_column *cols, size_t n_cols,
                            unsigned flags, struct pt_error *err)
{
    *out = NULL;
    if (n_cols == 0)
        return pt_error_set(err, PT_EINVAL, NULL, "a table needs at least one column");
    struct pt_table_writer *w = pt_calloc(1, sizeof *w);
    if (w == NULL)
        return nomem(err);
    w->f = f;
    w->format = format;
    w->n_cols = n_cols;
    w->cols = pt_calloc(n_cols, sizeof *w->cols);
    if (w->cols == NULL) {
        pt_table_abort(w);
        return nomem(err);
    }
    for (size_t i = 0; i < n_cols; i++) {
        w->cols[i] = cols[i];
        w->cols[i].name = pt_strdup(cols[i].name != NULL ? cols[i].name : "");
        if (w->cols[i].name == NULL) {
            pt_table_abort(w);
            return nomem(err);
        }
    }
    enum pt_code rc = PT_OK;
    if (format == PT_TABLE_CSV)
        rc = write_csv_header(w, flags, err);
    else if (format == PT_TABLE_JSON)
        rc = write_json_head(w, schema, err);
    if (rc != PT_OK) {
        pt_table_abort(w);
        return rc;
    }
    *out = w;
    return PT_OK;
}

void pt_table_set_min_cell(struct pt_table_writer *w, int64_t min_cell)
{
    if (w != NULL)
        w->min_cell = min_cell;
}

/* Streamed rows wait in w->line until about this many bytes are there, then
 * go out in one fwrite: one call (stream lock, copy) per 64 KiB instead of
 * one per row (a million for `--by loan`). */
#define STREAM_FLUSH_AT 65536

static enum pt_code flush_rows(struct pt_table_writer *w, struct pt_error *err)
{
    enum pt_code rc = write_bytes(w, w->line, w->line_len, err);
    w->line_len = 0;
    return rc;
}

/* CSV: one line; JSON: one object; appended to the rows waiting. */
static enum pt_code stream_row(struct pt_table_writer *w, const struct pt_cell *cells,
                               struct pt_error *err)
{
    struct sbuf b = {w->line, w->line_len, w->line_cap};
    int json = w->format == PT_TABLE_JSON;
    int bad = json && sb_puts(&b, w->n_rows == 0 ? "\n{" : ",\n{") != 0;
    for (size_t i = 0; !bad && i < w->n_cols; i++) {
        if (i > 0 && (json ? sb_putn(&b, ", ", 2) : sb_putn(&b, ",", 1)) != 0)
            bad = 1;
        else if (json && (pt_table_escape_json(w->cols[i].name, strlen(w->cols[i].name), &b.p,
                                               &b.len, &b.cap) != 0 ||
                          sb_putn(&b, ": ", 2) != 0))
            bad = 1;
        else if (format_cell(w, &w->cols[i], &cells[i], &b) != 0)
            bad = 1;
    }
    if (!bad && (json ? sb_putn(&b, "}", 1) : sb_putn(&b, "\n", 1)) != 0)
        bad = 1;
    w->line = b.p; /* kept (and freed with the writer) */
    w->line_cap = b.cap;
    if (bad)
        return nomem(err);   /* the partial row is dropped: w->line_len is unchanged */
    w->line_len = b.len;
    return w->line_len >= STREAM_FLUSH_AT ? flush_rows(w, err) : PT_OK;
}

/* Text/Markdown: keep the formatted cells. */
static enum pt_code buffer_row(struct pt_table_writer *w, const struct pt_cell *cells,
                               struct pt_error *err)
{
    size_t base = (size_t)w->n_rows * w->n_cols;
    if (pt_grow((void **)&w->cells, &w->cap_cells, base + w->n_cols, sizeof *w->cells) != 0)
        return nomem(err);
    for (size_t i = 0; i < w->n_cols; i++) {
        struct sbuf b = {0};
        if (format_cell(w, &w->cols[i], &cells[i], &b) != 0 ||
            (b.p == NULL && sb_puts(&b, "") != 0)) {
            pt_free(b.p);
            for (size_t j = 0; j < i; j++) {
                pt_free(w->cells[base + j]);
                w->cells[base + j] = NULL;
            }
            return nomem(err);
        }
        w->cells[base + i] = b.p;
    }
    return PT_OK;
}

enum pt_code pt_table_row(struct pt_table_writer *w, const struct pt_cell *cells,
                          struct pt_error *err)
{
    enum pt_code rc;
    if (w->failed)
        return pt_error_set(err, PT_EIO, NULL, "cannot write the table: write error");
    if (w->format == PT_TABLE_CSV || w->format == PT_TABLE_JSON)
        rc = stream_row(w, cells, err);
    else
        rc = buffer_row(w, cells, err);
    if (rc == PT_OK)
        w->n_rows++;
    return rc;
}

/* Display width of UTF-8 text in a terminal: East Asian wide characters
 * (CJK, Hangul, fullwidth forms) take two columns, others one. */
static size_t display_width(const char *s)
{
    size_t width = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp = *p;
        int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
        if (extra)
            cp &= 0x3Fu >> extra;
        p++;
        for (int k = 0; k < extra && (*p & 0xC0) == 0x80; k++, p++)
            cp = (cp << 6) | (*p & 0x3Fu);
        if ((cp & 0xC0) == 0x80 && extra == 0)
            continue; /* stray continuation byte */
        int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                   (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                   (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        width += wide ? 2 : 1;
    }
    return width;
}

static enum pt_code pad(struct pt_table_writer *w, size_t n, struct pt_error *err)
{
    static const char spaces[] = "                                ";
    enum pt_code rc = PT_OK;
    while (rc == PT_OK && n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        rc = write_bytes(w, spaces, k, err);
        n -= k;
    }
    return rc;
}

/* One aligned text line: text columns left, numbers right, two spaces
 * between columns, no trailing spaces. */
static enum pt_code text_line(struct pt_table_writer *w, char *const *line, const size_t *widths,
                              struct pt_error *err)
{
    enum pt_code rc = PT_OK;
    for (size_t i = 0; rc == PT_OK && i < w->n_cols; i++) {
        size_t cw = display_width(line[i]);
        size_t gap = widths[i] - cw;
        int right = is_numeric_type(w->cols[i].type);
        if (i > 0)
            rc = write_str(w, "  ", err);
        if (rc == PT_OK && right)
            rc = pad(w, gap, err);
        if (rc == PT_OK)
            rc = write_str(w, line[i], err);
        if (rc == PT_OK && !right && i + 1 < w->n_cols)
            rc = pad(w, gap, err);
    }
    return rc == PT_OK ? write_str(w, "\n", err) : rc;
}

static enum pt_code end_text(struct pt_table_writer *w, char **head, struct pt_error *err)
{
    size_t *widths = pt_calloc(w->n_cols, sizeof *widths);
    if (widths == NULL)
        return nomem(err);
    for (size_t i = 0; i < w->n_cols; i++)
        widths[i] = display_width(head[i]);
    for (uint64_t r = 0; r < w->n_rows; r++)
        for (size_t i = 0; i < w->n_cols; i++) {
            size_t cw = display_width(w->cells[r * w->n_cols + i]);
            if (cw > widths[i])
                widths[i] = cw;
        }
    enum pt_code rc = text_line(w, head, widths, err);
    for (uint64_t r = 0; rc == PT_OK && r < w->n_rows; r++)
        rc = text_line(w, w->cells + r * w->n_cols, widths, err);
    pt_free(widths);
    return rc;
}

static enum pt_code md_line(struct pt_table_writer *w, char *const *line, struct pt_error *err)
{
    enum pt_code rc = write_str(w, "|", err);
    for (size_t i = 0; rc == PT_OK && i < w->n_cols; i++) {
        rc = write_str(w, " ", err);
        if (rc == PT_OK)
            rc = write_str(w, line[i], err);
        if (rc == PT_OK)
            rc = write_str(w, " |", err);
    }
    return rc == PT_OK ? write_str(w, "\n", err) : rc;
}

static enum pt_code end_markdown(struct pt_table_writer *w, char **head, struct pt_error *err)
{
    enum pt_code rc = md_line(w, head, err);
    if (rc == PT_OK)
        rc = write_str(w, "|", err);
    for (size_t i = 0; rc == PT_OK && i < w->n_cols; i++)
        rc = write_str(w, is_numeric_type(w->cols[i].type) ? "---:|" : "---|", err);
    if (rc == PT_OK)
        rc = write_str(w, "\n", err);
    for (uint64_t r = 0; rc == PT_OK && r < w->n_rows; r++)
        rc = md_line(w, w->cells + r * w->n_cols, err);
    return rc;
}

/* Header cells escaped like data cells (names may come from a --map). */
static enum pt_code buffered_end(struct pt_table_writer *w, struct pt_error *err)
{
    char **head = pt_calloc(w->n_cols, sizeof *head);
    enum pt_code rc = PT_OK;
    if (head == NULL)
        return nomem(err);
    for (size_t i = 0; i < w->n_cols && rc == PT_OK; i++) {
        size_t len = 0, cap = 0;
        const char *name = w->cols[i].name;
        int bad = w->format == PT_TABLE_TEXT
                      ? pt_table_escape_text(name, strlen(name), &head[i], &len, &cap)
                      : pt_table_escape_markdown(name, strlen(name), &head[i], &len, &cap);
        if (bad || (head[i] == NULL && (head[i] = pt_strdup("")) == NULL))
            rc = nomem(err);
    }
    if (rc == PT_OK)
        rc = w->format == PT_TABLE_TEXT ? end_text(w, head, err) : end_markdown(w, head, err);
    for (size_t i = 0; i < w->n_cols; i++)
        pt_free(head[i]);
    pt_free(head);
    return rc;
}

enum pt_code pt_table_end(struct pt_table_writer *w, struct pt_error *err)
{
    enum pt_code rc = w->line_len > 0 ? flush_rows(w, err) : PT_OK;
    if (w->failed)
        rc = pt_error_set(err, PT_EIO, NULL, "cannot write the table: write error");
    else if (w->format == PT_TABLE_JSON)
        rc = write_str(w, w->n_rows > 0 ? "\n]}\n" : "]}\n", err);
    else if (w->format == PT_TABLE_TEXT || w->format == PT_TABLE_MARKDOWN)
        rc = buffered_end(w, err);
    if (rc == PT_OK && (fflush(w->f) != 0 || ferror(w->f)))
        rc = pt_error_set(err, PT_EIO, NULL, "cannot write the table: write error");
    pt_table_abort(w);
    return rc;
}

void pt_table_abort(struct pt_table_writer *w)
{
    if (w == NULL)
        return;
    if (w->cells != NULL)
        for (size_t i = 0; i < (size_t)w->n_rows * w->n_cols; i++)
            pt_free(w->cells[i]);
    pt_free(w->cells);
    pt_free(w->line);
    if (w->cols != NULL)
        for (size_t i = 0; i < w->n_cols; i++)
            pt_free((void *)(uintptr_t)w->cols[i].name);
    pt_free(w->cols);
    pt_free(w);
}

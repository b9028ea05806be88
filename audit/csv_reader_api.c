/* csv_reader_api.c: the reader's public side (csv_reader.h): creation and
 * the header, the record loop with its accounting, and quarantine.
 *
 * What counts as what, per input:
 *   blank line   a physical line with no bytes at all before its line end
 *                (not a record: acc->lines_blank). A line holding only
 *                spaces is a record of one field, as in Python's csv.
 *   read         every other record after the header (acc->rows_read),
 *                whether it is then returned or quarantined here.
 *   rejected     here: malformed quoting, a NUL byte, a field over
 *                max_field_bytes, bytes that do not decode, a field count
 *                that differs from the header's; later: the loader's own
 *                rejects through pt_csv_reader_reject. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/csv_reader_impl.h"

/* --- field storage ------------------------------------------------------ */

int pt_fields_push(struct pt_fields *f, const char *s, size_t len)
{
    if (len >= (size_t)-1 - f->len)
        return -1;
    void *p = f->buf;
    if (pt_grow(&p, &f->cap, f->len + len + 1, 1) != 0)
        return -1;
    f->buf = p;
    if (f->n_fields == f->cap_fields) {
        size_t cap = f->cap_fields;
        void *o = f->offs, *l = f->lens, *q = f->ptrs;
        size_t c1 = cap, c2 = cap;
        if (pt_grow(&o, &c1, cap + 1, sizeof *f->offs) != 0)
            return -1;
        f->offs = o;
        if (pt_grow(&l, &c2, cap + 1, sizeof *f->lens) != 0)
            return -1;
        f->lens = l;
        if (pt_grow(&q, &cap, cap + 1, sizeof *f->ptrs) != 0)
            return -1;
        f->ptrs = q;
        f->cap_fields = cap;
    }
    if (len)
        memcpy(f->buf + f->len, s, len);
    f->buf[f->len + len] = '\0';
    f->offs[f->n_fields] = f->len;
    f->lens[f->n_fields] = len;
    f->n_fields++;
    f->len += len + 1;
    return 0;
}

void pt_fields_clear(struct pt_fields *f)
{
    f->len = 0;
    f->n_fields = 0;
}

void pt_fields_finish(struct pt_fields *f)
{
    for (size_t i = 0; i < f->n_fields; i++)
        f->ptrs[i] = f->buf + f->offs[i];
}

void pt_fields_free(struct pt_fields *f)
{
    pt_free(f->buf);
    pt_free(f->offs);
    pt_free(f->lens);
    pt_free((void *)(uintptr_t)f->ptrs);
    memset(f, 0, sizeof *f);
}

void pt_reader_mark_bad(struct pt_csv_reader *r, enum pt_bad bad, long col, const char *fmt, ...)
{
    if (r->bad != PT_BAD_NONE)
        return;   /* one reason per record: the first found */
    r->bad = bad;
    r->bad_col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->bad_detail, sizeof r->bad_detail, fmt, ap);
    va_end(ap);
}

static enum pt_reason bad_reason(enum pt_bad bad)
{
    switch (bad) {
    case PT_BAD_MALFORMED: return PT_REASON_MALFORMED_CSV;
    case PT_BAD_TOO_LONG: return PT_REASON_FIELD_TOO_LONG;
    case PT_BAD_NUL: return PT_REASON_NUL_BYTE;
    case PT_BAD_ENCODING: return PT_REASON_ENCODING;
    case PT_BAD_FIELD_COUNT: case PT_BAD_NONE: break;
    }
    return PT_REASON_FIELD_COUNT;
}

/* --- positions and quarantine ------------------------------------------- */

void pt_csv_reader_loc(const struct pt_csv_reader *r, long column, struct pt_loc *loc)
{
    *loc = r->loc0;
    loc->line = r->rec_line;
    loc->column = column >= 0 && column < (long)UINT32_MAX ? (uint32_t)column + 1 : 0;
}

static const char *column_name(const struct pt_csv_reader *r, long column)
{
    if (column < 0 || (size_t)column >= r->header_rec.n_fields)
        return NULL;
    return r->header_rec.fields[column];
}

static enum pt_code quarantine_row(struct pt_csv_reader *r, long column, enum pt_reason reason,
                                   const char *detail, struct pt_error *err)
{
    struct pt_loc loc;
    pt_csv_reader_loc(r, column, &loc);
    if (r->row_fast) {   /* the scanner's record is still in the block */
        r->raw_len = r->raw_total < sizeof r->raw ? (size_t)r->raw_total : sizeof r->raw;
        memcpy(r->raw, r->raw_ext, r->raw_len);
    }
    /* The row's text without its line end, as far as it was kept. */
    size_t n = r->raw_len;
    int cut = r->raw_total > r->raw_len;
    if (!cut && n && (r->raw[n - 1] == '\n' || r->raw[n - 1] == '\r'))
        n--;
    if (r->enc != PT_ENC_GB18030 || !r->cd_open)
        return pt_quarantine_add(r->q, r->acc, &loc, column_name(r, column), reason, detail,
                                 r->raw, n, err);
    /* Show GB18030 rows as text, not as \xHH bytes. Conversion can shrink
     * (4-byte GB18030 -> 3-byte UTF-8), so a cut row may now fit: mark it. */
    char text[4 * sizeof r->raw + sizeof PT_REJECT_TRUNCATED];
    size_t len = pt_reader_raw_to_utf8(r, r->raw, n, text, sizeof text - sizeof PT_REJECT_TRUNCATED);
    if (cut && len + sizeof PT_REJECT_TRUNCATED - 1 <= PT_REJECT_RECORD_MAX) {
        memcpy(text + len, PT_REJECT_TRUNCATED, sizeof PT_REJECT_TRUNCATED - 1);
        len += sizeof PT_REJECT_TRUNCATED - 1;
    }
    return pt_quarantine_add(r->q, r->acc, &loc, column_name(r, column), reason, detail, text,
                             len, err);
}

/* --- creation and the header -------------------------------------------- */

static enum pt_code header_error(struct pt_csv_reader *r, const char *what,
                                 struct pt_error *err)
{
    struct pt_loc loc;
    pt_csv_reader_loc(r, r->bad_col, &loc);
    return pt_error_set(err, PT_EDATA, &loc, "header row: %s", what);
}

/* Makes f (decoded fields) the header. */
static enum pt_code set_header(struct pt_csv_reader *r, const struct pt_fields *f,
                               uint64_t line, struct pt_error *err)
{
    pt_fields_clear(&r->head);
    for (size_t i = 0; i < f->n_fields; i++)
        if (pt_fields_push(&r->head, f->buf + f->offs[i], f->lens[i]) != 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory storing the header");
    pt_fields_finish(&r->head);
    r->header_rec.fields = r->head.ptrs;
    r->header_rec.lens = r->head.lens;
    r->header_rec.n_fields = r->head.n_fields;
    r->header_rec.line = line;
    r->header_rec.index = 0;
    return PT_OK;
}

enum pt_code pt_csv_reader_rehead(struct pt_csv_reader *r, struct pt_error *err)
{
    pt_csv_reader_skip(r);
    return set_header(r, r->out, r->rec_line, err);
}

static enum pt_code read_header(struct pt_csv_reader *r, struct pt_error *err)
{
    enum pt_code rc;
    for (;;) {
        rc = pt_reader_read_row(r, err);
        if (rc == PT_EOF)
            return pt_error_set(err, PT_EDATA, &r->loc0,
                                "empty file: expected a header row of column names");
        if (rc != PT_OK)
            return rc;
        if (r->cur.n_fields == 0 && r->bad == PT_BAD_NONE) {
            r->acc->lines_blank++;
            continue;
        }
        break;
    }
    if (r->bad == PT_BAD_NONE) {
        rc = pt_reader_decode_row(r, err);
        if (rc != PT_OK)
            return rc;
    }
    if (r->bad != PT_BAD_NONE)
        return header_error(r, r->bad_detail, err);
    return set_header(r, r->out, r->rec_line, err);
}

/* A reader over in with the parts every reader has; the caller reads the
 * header (or copies one) and starts the fast path. */
static enum pt_code reader_new(struct pt_csv_reader **out, FILE *in, const char *path,
                               struct pt_quarantine *q, struct pt_accounting *acc,
                               enum pt_encoding enc, size_t max_field, struct pt_error *err)
{
    *out = NULL;
    struct pt_csv_reader *r = pt_calloc(1, sizeof *r);
    if (r == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory creating a CSV reader");
    r->in = in;
    pt_loc_set(&r->loc0, path, 0, 0);
    r->q = q;
    r->acc = acc;
    r->enc = enc;
    r->max_field = max_field;
    r->out = &r->cur;
    *out = r;
    return PT_OK;
}

/* Ends a create: the reader on success, else nothing. */
static enum pt_code reader_done(struct pt_csv_reader **out, struct pt_csv_reader *r,
                                enum pt_code rc)
{
    if (rc != PT_OK) {
        pt_csv_reader_destroy(r);
        *out = NULL;
        return rc;
    }
    *out = r;
    return PT_OK;
}

enum pt_code pt_csv_reader_create(struct pt_csv_reader **out, FILE *in, const char *path,
                                  const struct pt_csv_options *opt, struct pt_quarantine *q,
                                  struct pt_accounting *acc, struct pt_error *err)
{
    struct pt_csv_reader *r;
    enum pt_code rc = reader_new(&r, in, path, q, acc, opt ? opt->encoding : PT_ENC_AUTO,
                                 opt && opt->max_field_bytes ? opt->max_field_bytes
                                                             : PT_CSV_DEFAULT_MAX_FIELD,
                                 err);
    if (rc != PT_OK)
        return rc;
    rc = pt_reader_open_input(r, err);
    if (rc == PT_OK)
        rc = pt_reader_detect_encoding(r, err);
    if (rc == PT_OK)
        rc = read_header(r, err);
    if (rc == PT_OK)
        rc = pt_reader_fast_start(r, opt && opt->libcsv_only, err);
    return reader_done(out, r, rc);
}

enum pt_code pt_csv_reader_create_at(struct pt_csv_reader **out, FILE *in,
                                     const struct pt_csv_reader *like, uint64_t at,
                                     uint64_t line, const struct pt_csv_options *opt,
                                     struct pt_quarantine *q, struct pt_accounting *acc,
                                     struct pt_error *err)
{
    *out = NULL;
    if (like->enc != PT_ENC_UTF8)
        return pt_error_set(err, PT_EINVAL, NULL, "only a UTF-8 input can be read in parts");
    if (at > (uint64_t)INT64_MAX || fseeko(in, (off_t)at, SEEK_SET) != 0)
        return pt_error_set(err, PT_EIO, &like->loc0, "cannot seek to byte %llu",
                            (unsigned long long)at);
    struct pt_csv_reader *r;
    enum pt_code rc = reader_new(&r, in, like->loc0.path, q, acc, PT_ENC_UTF8, like->max_field,
                                 err);
    if (rc != PT_OK)
        return rc;
    r->offset = at;
    r->reported = at;   /* the bytes before at are the other reader's */
    r->lines = line - 1;
    rc = pt_reader_open_input(r, err);
    if (rc == PT_OK)
        rc = set_header(r, &like->head, like->header_rec.line, err);
    if (rc == PT_OK)
        rc = pt_reader_fast_start(r, opt && opt->libcsv_only, err);
    return reader_done(out, r, rc);
}

void pt_csv_reader_set_end(struct pt_csv_reader *r, uint64_t end)
{
    r->has_end = end != UINT64_MAX;
    r->end_limit = end;
}

uint64_t pt_csv_reader_next_line(const struct pt_csv_reader *r) { return r->lines + 1; }

void pt_csv_reader_destroy(struct pt_csv_reader *r)
{
    if (r == NULL)
        return;
    pt_reader_close_input(r);
    pt_reader_close_decoder(r);
    pt_fields_free(&r->cur);
    pt_fields_free(&r->head);
    pt_free(r);
}

/* --- accessors ------------------------------------------------------------ */

const struct pt_record *pt_csv_reader_header(const struct pt_csv_reader *r)
{
    return &r->header_rec;
}

void pt_csv_trim_blanks(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

long pt_csv_reader_column(const struct pt_csv_reader *r, const char *name)
{
    size_t want_len = strlen(name);
    pt_csv_trim_blanks(&name, &want_len);
    for (size_t i = 0; i < r->header_rec.n_fields; i++) {
        const char *h = r->header_rec.fields[i];
        size_t hl = r->header_rec.lens[i];
        pt_csv_trim_blanks(&h, &hl);
        if (hl == want_len && memcmp(h, name, hl) == 0)
            return (long)i;
    }
    return -1;
}

enum pt_code pt_csv_reader_check_unique(const struct pt_csv_reader *r, const long *cols,
                                        size_t n, struct pt_error *err)
{
    const struct pt_record *h = &r->header_rec;
    for (size_t k = 0; k < n; k++) {
        if (cols[k] < 0 || (size_t)cols[k] >= h->n_fields)
            continue;
        const char *name = h->fields[cols[k]];
        size_t len = h->lens[cols[k]];
        pt_csv_trim_blanks(&name, &len);
        for (size_t j = 0; j < h->n_fields; j++) {
            const char *o = h->fields[j];
            size_t ol = h->lens[j];
            pt_csv_trim_blanks(&o, &ol);
            if (j == (size_t)cols[k] || ol != len || memcmp(o, name, len) != 0)
                continue;
            struct pt_loc loc;
            char q[160];
            size_t second = j > (size_t)cols[k] ? j : (size_t)cols[k];
            size_t first = j > (size_t)cols[k] ? (size_t)cols[k] : j;
            pt_loc_set(&loc, r->loc0.path, h->line, (uint32_t)(second + 1));
            return pt_error_set(err, PT_EDATA, &loc,
                                "%s: expected each column name once in the header, found it "
                                "again (first at column %zu)",
                                pt_error_quote(name, len, 100, q, sizeof q), first + 1);
        }
    }
    return PT_OK;
}

enum pt_encoding pt_csv_reader_encoding(const struct pt_csv_reader *r) { return r->enc; }

const char *pt_csv_reader_path(const struct pt_csv_reader *r) { return r->loc0.path; }

uint64_t pt_csv_reader_offset(const struct pt_csv_reader *r) { return r->offset; }

void pt_csv_reader_set_progress(struct pt_csv_reader *r, struct pt_progress_meter *m)
{
    r->progress = m;
    pt_reader_progress(r);
}

void pt_csv_reader_allow_ragged(struct pt_csv_reader *r, int allow) { r->allow_ragged = allow; }

/* --- the record loop -------------------------------------------------------- */

/* Decodes and checks a complete data row; leaves r->bad set if it is not
 * usable. */
static enum pt_code check_row(struct pt_csv_reader *r, struct pt_error *err)
{
    if (r->row_fast)
        return PT_OK;   /* the scanner checked UTF-8 and the field count */
    if (r->bad == PT_BAD_NONE) {
        enum pt_code rc = pt_reader_decode_row(r, err);
        if (rc != PT_OK)
            return rc;
    }
    if (r->bad == PT_BAD_NONE && !r->allow_ragged && r->cur.n_fields != r->header_rec.n_fields)
        pt_reader_mark_bad(r, PT_BAD_FIELD_COUNT, -1, "expected %zu fields, found %zu",
                           r->header_rec.n_fields, r->cur.n_fields);
    return PT_OK;
}

/* A libcsv row shows what a scanned row shows: UNUSED and LAZY columns
 * as "", LAZY ones kept for pt_csv_reader_field. So a loader that read a
 * column it did not select would fail on every input, not only on the
 * records the scanner declined. */
static void hide_unused(struct pt_csv_reader *r)
{
    struct pt_fields *f = r->out;
    for (size_t i = 0; i < f->n_fields; i++) {
        enum pt_col_use u = pt_reader_col_use(r, i);
        if (u == PT_COL_USED)
            continue;
        if (u == PT_COL_LAZY) {
            r->lazy[i].raw = f->ptrs[i];
            r->lazy[i].len = f->lens[i];
            r->lazy[i].escaped = 0;
        }
        f->ptrs[i] = "";
        f->lens[i] = 0;
    }
}

enum pt_code pt_csv_reader_next(struct pt_csv_reader *r, struct pt_record *rec,
                                struct pt_error *err)
{
    assert(!r->pending && "the previous record was neither accepted, rejected, filtered "
                          "nor skipped");
    for (;;) {
        enum pt_code rc = pt_reader_read_row(r, err);
        if (rc == PT_EOF)
            pt_reader_progress(r);   /* the last block, or this thread's part */
        if (rc != PT_OK)
            return rc;   /* PT_EOF included */
        if (r->cur.n_fields == 0 && r->bad == PT_BAD_NONE) {
            r->acc->lines_blank++;
            continue;
        }
        r->acc->rows_read++;
        r->n_data++;
        rc = check_row(r, err);
        if (rc != PT_OK)
            return rc;
        if (r->bad != PT_BAD_NONE) {
            pt_csv_reader_loc(r, r->bad_col, &r->last_reject);
            memcpy(r->last_reject_detail, r->bad_detail, sizeof r->bad_detail);
            rc = quarantine_row(r, r->bad_col, bad_reason(r->bad), r->bad_detail, err);
            if (rc != PT_OK)
                return rc;
            continue;
        }
        if (!r->row_fast)   /* take_record (csv_reader_fast.c) set the pointers */
            pt_fields_finish(r->out);
        if (r->use != NULL && !r->row_fast)
            hide_unused(r);
        r->rec.fields = r->out->ptrs;
        r->rec.lens = r->out->lens;
        r->rec.n_fields = r->out->n_fields;
        r->rec.line = r->rec_line;
        r->rec.index = r->n_data;
        *rec = r->rec;
        r->pending = 1;
        return PT_OK;
    }
}

int pt_reader_last_reject(const struct pt_csv_reader *r, struct pt_loc *loc,
                          const char **detail)
{
    *loc = r->last_reject;
    *detail = r->last_reject_detail;
    return r->last_reject.line != 0;
}

void pt_csv_reader_accept(struct pt_csv_reader *r)
{
    r->pending = 0;
    r->acc->rows_accepted++;
}

void pt_csv_reader_filter(struct pt_csv_reader *r)
{
    r->pending = 0;
    r->acc->rows_filtered++;
}

void pt_csv_reader_skip(struct pt_csv_reader *r)
{
    r->pending = 0;
    r->acc->rows_read--;
    r->acc->lines_skipped++;
}

enum pt_code pt_csv_reader_reject(struct pt_csv_reader *r, long column, enum pt_reason reason,
                                  const char *detail, struct pt_error *err)
{
    r->pending = 0;
    return quarantine_row(r, column, reason, detail, err);
}

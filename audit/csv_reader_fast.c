/* csv_reader_fast.c: the reader's fast path (csv_reader.h, "select").
 *
 * For UTF-8 input the reader first offers each record to the quote-aware
 * scanner (csv_scan.h) over the reader's own block buffer. The scanner
 * either returns the whole record, with the same fields, line numbers and
 * line ends libcsv would give (tests/test_csv_reader_fast.c and the
 * differential fuzz harness check that record by record), or declines
 * (malformed quoting, NUL, ill-formed UTF-8, a field over the limit, a field
 * count other than the header's, a record larger than the block): then
 * libcsv parses that one record from the same byte, with its exact error
 * position and quarantine, and the next record is offered to the scanner
 * again. libcsv stays the parser of record; the scanner only skips work
 * where it is sure.
 * What it saves: libcsv copies every byte of every field through a
 * per-byte state machine; the scanner finds stops from SSE2 bitmaps, and
 * the record is copied in one memcpy with its USED columns cut out in
 * place (take_record); unused columns are never unescaped or checked one
 * by one (a CFPB narrative is most of the file's bytes and most commands
 * never read it).
 * Block handling: a record cut by the block end is moved to the front and
 * the block refilled behind it, so records are never split; the block is
 * the reader's 1 MiB buffer, and a record larger than that goes to libcsv,
 * whose own buffer grows. */
#include <errno.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/csv_reader_impl.h"

enum pt_code pt_reader_fast_start(struct pt_csv_reader *r, int libcsv_only,
                                  struct pt_error *err)
{
    r->fast = 0;
    if (libcsv_only || r->enc != PT_ENC_UTF8)
        return PT_OK;
    struct pt_scan_options o;
    memset(&o, 0, sizeof o);
    o.max_field_bytes = r->max_field;
    o.max_fields = r->header_rec.n_fields + 1 > 16 ? r->header_rec.n_fields + 1 : 16;
    o.scratch_bytes = 1u << 20;
    o.require_utf8 = 1;
    o.strip_bom = 0;
    enum pt_code rc = pt_csv_scan_init(&r->scan, r->block, r->block_len, r->block_pos,
                                       r->block_len, r->lines + 1, &o, err);
    if (rc != PT_OK)
        return rc;
    r->scan_live = 1;
    r->fast = 1;
    return PT_OK;
}

void pt_reader_fast_free(struct pt_csv_reader *r)
{
    if (r->scan_live)
        pt_csv_scan_free(&r->scan);
    r->scan_live = 0;
    r->fast = 0;   /* no scanner left: libcsv reads the rest */
    r->n_use = 0;
    pt_free(r->use);
    pt_free(r->lazy);
    pt_free(r->lazy_buf);
    r->use = NULL;
    r->lazy = NULL;
    r->lazy_buf = NULL;
}

enum pt_code pt_csv_reader_select(struct pt_csv_reader *r, const unsigned char *use, size_t n,
                                  struct pt_error *err)
{
    pt_free(r->use);
    pt_free(r->lazy);
    r->use = NULL;
    r->lazy = NULL;
    r->n_use = 0;
    size_t cap = n > r->header_rec.n_fields ? n : r->header_rec.n_fields;
    /* The scanner's select mask (1 = copy) lives behind the use array. */
    r->use = pt_calloc(2 * cap + 1, 1);
    r->lazy = pt_calloc(cap + 1, sizeof *r->lazy);
    if (r->use == NULL || r->lazy == NULL) {
        pt_reader_fast_free(r);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory selecting columns");
    }
    unsigned char *scan_sel = r->use + cap;
    for (size_t i = 0; i < n; i++) {
        r->use[i] = use[i] <= PT_COL_LAZY ? use[i] : PT_COL_USED;
        scan_sel[i] = r->use[i] == PT_COL_USED;
    }
    r->n_use = cap;
    if (r->scan_live)
        pt_csv_scan_select(&r->scan, scan_sel, cap);
    return PT_OK;
}

enum pt_col_use pt_reader_col_use(const struct pt_csv_reader *r, size_t col)
{
    if (r->use == NULL)
        return PT_COL_USED;
    return col < r->n_use ? (enum pt_col_use)r->use[col] : PT_COL_UNUSED;
}

/* Moves the unread tail of the block to its front and reads behind it. */
static enum pt_code refill_keep_tail(struct pt_csv_reader *r, size_t cap, struct pt_error *err)
{
    pt_reader_progress(r);
    size_t tail = r->block_len - r->block_pos;
    if (tail && r->block_pos)
        memmove(r->block, r->block + r->block_pos, tail);
    r->block_pos = 0;
    r->block_len = tail;
    size_t want = cap - tail;
    size_t got = fread(r->block + tail, 1, want, r->in);
    r->block_len += got;
    if (got < want) {
        if (ferror(r->in))
            return pt_error_set(err, PT_EIO, &r->loc0, "read error: %s", strerror(errno));
        r->eof = 1;
    }
    return PT_OK;
}

/* r->cur from a scanned record: USED columns as read, the others "".
 * The record's bytes are copied whole, in one memcpy, and each field is
 * cut out of the copy in place by a NUL on the byte just past its raw
 * body (its ',', CR, LF or closing quote, or the record's end): that byte
 * belongs to no field, so a used field needs no copy of its own, and an
 * unused one is the empty string there. Only a field with doubled quotes
 * is copied again, unescaped over its raw bytes (it only shrinks). */
static int take_record(struct pt_csv_reader *r, const struct pt_scan_record *rec)
{
    struct pt_fields *cur = &r->cur;
    pt_fields_clear(cur);
    size_t span = (size_t)(rec->end - rec->offset);
    if (rec->n_fields > cur->cap_fields) {
        /* rare: the first record, or more fields than before */
        if (pt_fields_push(cur, "", 0) != 0)
            return -1;
        for (size_t i = 1; i < rec->n_fields; i++)
            if (pt_fields_push(cur, "", 0) != 0)
                return -1;
        pt_fields_clear(cur);
    }
    void *buf = cur->buf;
    if (pt_grow(&buf, &cur->cap, span + 1, 1) != 0)
        return -1;
    cur->buf = buf;
    /* Locals: the byte stores below may alias any field of r or cur, and
     * would force a reload of each per field. */
    const char *base = r->block + rec->offset;
    char *out = cur->buf;
    size_t *offs = cur->offs, *lens = cur->lens;
    const char **ptrs = cur->ptrs;
    const unsigned char *use = r->use;
    const size_t n_use = use != NULL ? r->n_use : 0;
    struct pt_lazy *lazy = r->lazy;
    const struct pt_scan_field *fields = rec->fields;
    const size_t n = rec->n_fields;
    memcpy(out, base, span);
    for (size_t i = 0; i < n; i++) {
        const struct pt_scan_field *f = &fields[i];
        size_t at = (size_t)(f->raw - base), len = 0;
        out[at + f->raw_len] = '\0';
        /* pt_reader_col_use, inlined */
        unsigned u = use == NULL ? PT_COL_USED : i < n_use ? use[i] : PT_COL_UNUSED;
        if (u == PT_COL_USED) {
            len = f->len;
            if (f->escaped) {
                memcpy(out + at, f->ptr, len);   /* from the scanner's scratch */
                out[at + len] = '\0';
            }
        } else {
            if (u == PT_COL_LAZY) {
                lazy[i].raw = f->raw;
                lazy[i].len = f->raw_len;
                lazy[i].escaped = f->escaped;
            }
            at += f->raw_len;
        }
        offs[i] = at;
        lens[i] = len;
        ptrs[i] = out + at;
    }
    cur->n_fields = rec->n_fields;
    cur->len = span + 1;
    /* A record ended by CRLF stops after the CR, as on libcsv's path, and
     * leaves the LF to swallow_pending_lf (csv_reader.c): the offset between
     * records and the raw text a loader's reject shows are then the same
     * whichever path read the record. */
    uint64_t end = rec->end;
    int crlf = end - rec->offset >= 2 && r->block[end - 1] == '\n' && r->block[end - 2] == '\r';
    if (crlf)
        end--;
    r->rec_line = rec->line;
    r->raw_ext = r->block + rec->offset;
    r->raw_total = end - rec->offset;
    r->offset += end - rec->offset;
    r->lines = r->scan.line - 1;
    r->prev_cr = crlf;
    r->lf_pending = crlf;
    r->block_pos = (size_t)end;
    r->in_record = 1;
    r->row_done = 1;
    r->row_fast = 1;
    return 0;
}

enum pt_code pt_reader_fast_row(struct pt_csv_reader *r, int *done, struct pt_error *err)
{
    *done = 0;
    if (!r->fast || r->lf_pending)
        return PT_OK;   /* the LF of a CRLF that libcsv's last row ended on: libcsv's step */
    const size_t cap = PT_READER_BLOCK_BYTES;
    for (;;) {
        if (r->block_pos == r->block_len) {
            if (r->eof)
                return PT_OK;   /* libcsv's loop reports the end */
            enum pt_code rc = refill_keep_tail(r, cap, err);
            if (rc != PT_OK)
                return rc;
            continue;
        }
        pt_csv_scan_reset(&r->scan, r->block, r->block_len, r->block_pos, r->block_len,
                          r->lines + 1, !r->eof);
        r->scan.opt.expect_fields = r->allow_ragged ? 0 : r->header_rec.n_fields;
        struct pt_scan_record rec;
        enum pt_scan_status st = pt_csv_scan_next(&r->scan, &rec);
        if (st == PT_SCAN_RECORD) {
            if (take_record(r, &rec) != 0)
                return pt_error_set(err, PT_ENOMEM, NULL, "out of memory storing a CSV record");
            r->n_fast++;
            *done = 1;
            return PT_OK;
        }
        const struct pt_scan_stop *stop = pt_csv_scan_stop(&r->scan);
        if (st == PT_SCAN_FALLBACK || !stop->incomplete || r->eof ||
            (r->block_pos == 0 && r->block_len == cap))
            return PT_OK;   /* libcsv reads this record */
        enum pt_code rc = refill_keep_tail(r, cap, err);
        if (rc != PT_OK)
            return rc;
    }
}

/* Undoes the doubled quotes of a quoted body. */
static size_t unescape(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        out[k++] = s[i];
        if (s[i] == '"' && i + 1 < n && s[i + 1] == '"')
            i++;
    }
    return k;
}

const char *pt_csv_reader_field(struct pt_csv_reader *r, long col, size_t *len)
{
    size_t dummy;
    if (len == NULL)
        len = &dummy;
    *len = 0;
    if (col < 0 || (size_t)col >= r->rec.n_fields)
        return "";
    if (pt_reader_col_use(r, (size_t)col) != PT_COL_LAZY) {
        *len = r->rec.lens[col];
        return r->rec.fields[col];
    }
    const struct pt_lazy *z = &r->lazy[col];
    if (z->len >= (size_t)-1 || pt_grow((void **)&r->lazy_buf, &r->lazy_cap, z->len + 1, 1) != 0)
        return NULL;
    size_t n = z->escaped ? unescape(z->raw, z->len, r->lazy_buf) : z->len;
    if (!z->escaped && n)
        memcpy(r->lazy_buf, z->raw, n);
    r->lazy_buf[n] = '\0';
    *len = n;
    return r->lazy_buf;
}

void pt_csv_reader_paths(const struct pt_csv_reader *r, uint64_t *fast, uint64_t *libcsv)
{
    *fast = r->n_fast;
    *libcsv = r->n_libcsv;
}

/* csv_reader.c: see csv_reader.h.
 *
 * How it drives libcsv. Input is read in 1 MiB blocks and handed to
 * csv_parse in pieces that end at the first CR or LF byte (or at 64 KiB).
 * Because libcsv ends a row only on a CR/LF byte, a row can end only at the
 * last byte of a piece, so the reader knows the exact byte where every
 * record starts and ends without a second parser. That gives:
 *   - the physical line of each record start: LF, CRLF and a bare CR each
 *     end one line (Python's universal newlines), inside quoted fields too;
 *   - the raw text of a rejected record (its first 4 KiB, for the rejects);
 *   - resynchronization after a strict-mode error (CSV_EPARSE): the rest of
 *     the physical line is skipped and the parser re-initialized;
 *   - the LF of a CRLF is consumed here, never passed to libcsv, so with
 *     CSV_REPALL_NL every row libcsv reports without fields is a blank line.
 * libcsv runs with CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI and a space
 * function that returns 0: fields are byte-exact (no trimming), as Python's
 * csv module returns them. Its buffer grows by blocks we size ourselves
 * (about doubling) so a 10 MB field costs a few dozen reallocs; a field
 * past max_field_bytes is rejected as soon as a piece ends, so memory stops
 * growing within 128 KiB past the limit.
 * Encoding: decided once from the first 64 KiB (csv_decode.c); each field is
 * then validated (UTF-8) or converted (GB18030 -> UTF-8 with iconv). GB18030
 * never uses bytes below 0x30 inside a multibyte character, so parsing the
 * raw bytes before converting cannot misplace a quote, comma or newline. */
#include "audit/csv_reader.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include <csv.h>

#include "audit/alloc.h"
#include "audit/csv_reader_impl.h"

#define BLOCK_BYTES PT_READER_BLOCK_BYTES
#define PIECE_BYTES (64u * 1024u)

/* How a rejected row's remaining bytes are skipped. After a parse error
 * the quoting is unknown, so up to the end of the physical line (a stray
 * quote must not swallow the rows after it). After a field grew too long
 * the row parsed cleanly so far, so up to the line end outside quotes, by
 * quote parity: a huge quoted field with newlines is skipped whole. */
enum { SKIP_LINE = 1, SKIP_RECORD = 2 };

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static enum pt_code parser_start(struct pt_csv_reader *r, struct pt_error *err)
{
    if (r->parser_live) {
        csv_free(&r->parser);
        r->parser_live = 0;
    }
    if (csv_init(&r->parser, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "cannot initialize the CSV parser");
    csv_set_space_func(&r->parser, no_space);
    csv_set_realloc_func(&r->parser, pt_realloc);
    csv_set_free_func(&r->parser, pt_free);
    r->parser_live = 1;
    return PT_OK;
}

/* libcsv's cb1: one field of the current record. */
static void on_field(void *s, size_t len, void *data)
{
    struct pt_csv_reader *r = data;
    size_t col = r->cur.n_fields;
    if (r->bad == PT_BAD_NONE && len > r->max_field) {
        pt_reader_mark_bad(r, PT_BAD_TOO_LONG, (long)col, "field longer than %zu bytes (found %zu)",
                           r->max_field, len);
    } else if (r->bad == PT_BAD_NONE && len && memchr(s, '\0', len) != NULL) {
        size_t at = (size_t)((const char *)memchr(s, '\0', len) - (const char *)s);
        pt_reader_mark_bad(r, PT_BAD_NUL, (long)col, "NUL byte at byte %zu of the field", at + 1);
    }
    if (r->bad != PT_BAD_NONE)
        len = 0;   /* keep counting fields, stop storing them */
    if (pt_fields_push(&r->cur, s, len) != 0)
        r->oom = 1;
}

/* libcsv's cb2: the row ended on byte c (CR, LF, or -1 at csv_fini). */
static void on_row(int c, void *data)
{
    struct pt_csv_reader *r = data;
    (void)c;   /* the line end is counted in consume() */
    r->row_done = 1;
}

/* Counts the line end a consumed range ends with and keeps its first
 * PT_REJECT_RECORD_MAX + 4 bytes for the rejects. */
static void consume(struct pt_csv_reader *r, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (!r->in_record) {
        r->in_record = 1;
        r->rec_line = r->lines + 1;
        r->raw_len = 0;
        r->raw_total = 0;
        r->in_quotes = 0;
    }
    /* Quote parity: inside a quoted field iff odd (a doubled "" flips
     * twice). Exact for a row libcsv has accepted so far. */
    for (const char *p = s, *end = s + n; (p = memchr(p, '"', (size_t)(end - p))) != NULL; p++)
        r->in_quotes ^= 1;
    size_t room = sizeof r->raw - r->raw_len;
    size_t keep = n < room ? n : room;
    memcpy(r->raw + r->raw_len, s, keep);
    r->raw_len += keep;
    r->raw_total += n;
    r->offset += n;
    char last = s[n - 1];
    if (last == '\r' || (last == '\n' && !(n == 1 && r->prev_cr)))
        r->lines++;
    r->prev_cr = last == '\r';
}

/* Length of the next piece at s[0..n): up to and including the first CR or
 * LF, at most PIECE_BYTES. */
static size_t piece_len(const char *s, size_t n)
{
    size_t lim = n < PIECE_BYTES ? n : PIECE_BYTES;
    /* Two bounded memchr calls beat a byte loop: CR is rare, and its search
     * stops at the LF. */
    const char *lf = memchr(s, '\n', lim);
    size_t end = lf ? (size_t)(lf - s) : lim;
    const char *cr = memchr(s, '\r', end);
    if (cr)
        return (size_t)(cr - s) + 1;
    return lf ? end + 1 : lim;
}

/* Grows libcsv's buffer by about its own size (at least one piece) but
 * never far past the field limit. */
static void size_blocks(struct pt_csv_reader *r)
{
    size_t have = csv_get_buffer_size(&r->parser);
    size_t blk = have > PIECE_BYTES ? have : PIECE_BYTES;
    size_t headroom = have < r->max_field ? r->max_field - have : 0;
    if (headroom <= (size_t)-1 - PIECE_BYTES && blk > headroom + PIECE_BYTES)
        blk = headroom + PIECE_BYTES;   /* (no cap for a limit near SIZE_MAX) */
    csv_set_blk_size(&r->parser, blk);
}

/* After a parse error: why, in words (libcsv reports no reason). */
static void describe_parse_error(struct pt_csv_reader *r, char found)
{
    char q[32];
    pt_error_quote(&found, 1, 8, q, sizeof q);
    long col = (long)r->cur.n_fields;
    if (!r->parser.quoted)
        pt_reader_mark_bad(r, PT_BAD_MALFORMED, col,
                           "quote inside an unquoted field (RFC 4180 2.5: quote the whole field "
                           "and double the quote)");
    else
        pt_reader_mark_bad(r, PT_BAD_MALFORMED, col,
                           "expected ',' or a line end after a closing quote, found \"%s\"", q);
}

/* Feeds one piece to libcsv; on a parse error switches to skipping the
 * rest of the physical line. Returns PT_OK or PT_ENOMEM. */
static enum pt_code parse_piece(struct pt_csv_reader *r, const char *s, size_t n,
                                struct pt_error *err)
{
    size_blocks(r);
    size_t done = csv_parse(&r->parser, s, n, on_field, on_row, r);
    if (r->oom)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory storing a CSV record");
    if (done < n) {
        int e = csv_error(&r->parser);
        if (e != CSV_EPARSE)
            return pt_error_set(err, PT_ENOMEM, NULL, "CSV parser: %s", csv_strerror(e));
        consume(r, s, done);
        describe_parse_error(r, s[done]);
        r->skipping = SKIP_LINE;
        consume(r, s + done, n - done);
        if (s[n - 1] == '\n' || s[n - 1] == '\r')
            r->row_done = 1;   /* the skipped line ended: the record ends here */
        return PT_OK;
    }
    consume(r, s, n);
    if (!r->row_done && r->parser.entry_pos > r->max_field && r->bad == PT_BAD_NONE) {
        pt_reader_mark_bad(r, PT_BAD_TOO_LONG, (long)r->cur.n_fields,
                           "field longer than %zu bytes", r->max_field);
        r->skipping = SKIP_RECORD;
        return parser_start(r, err);   /* releases the oversized buffer */
    }
    return PT_OK;
}

/* Consumes one piece from the block: skipped (after an error), the LF of a
 * CRLF, or parsed. */
static enum pt_code step(struct pt_csv_reader *r, struct pt_error *err)
{
    const char *s = r->block + r->block_pos;
    size_t avail = r->block_len - r->block_pos;
    if (r->lf_pending) {
        r->lf_pending = 0;
        if (s[0] == '\n') {
            r->offset++;
            r->block_pos++;   /* CRLF: the CR already ended the line */
            r->prev_cr = 0;
            return PT_OK;
        }
    }
    size_t n = piece_len(s, avail);
    r->block_pos += n;
    if (r->skipping) {
        consume(r, s, n);
        if ((s[n - 1] == '\n' || s[n - 1] == '\r') &&
            (r->skipping == SKIP_LINE || !r->in_quotes))
            r->row_done = 1;
        return PT_OK;
    }
    return parse_piece(r, s, n, err);
}

void pt_reader_progress(struct pt_csv_reader *r)
{
    if (r->progress != NULL && r->offset > r->reported) {
        pt_progress_meter_add(r->progress, r->offset - r->reported);
        r->reported = r->offset;
    }
}

static enum pt_code fill_block(struct pt_csv_reader *r, struct pt_error *err)
{
    pt_reader_progress(r);
    r->block_pos = 0;
    r->block_len = fread(r->block, 1, BLOCK_BYTES, r->in);
    if (r->block_len < BLOCK_BYTES) {
        if (ferror(r->in))
            return pt_error_set(err, PT_EIO, &r->loc0, "read error: %s", strerror(errno));
        r->eof = 1;
    }
    return PT_OK;
}

/* The last row ended on a CR: an LF right after it is the rest of that
 * CRLF, not a blank line. Taken here, before the next row starts, so the
 * fast path and the end limit see the offset of the next record (step()
 * does the same for a row that is already under way). */
static enum pt_code swallow_pending_lf(struct pt_csv_reader *r, struct pt_error *err)
{
    if (!r->lf_pending)
        return PT_OK;
    if (r->block_pos == r->block_len && !r->eof) {
        enum pt_code rc = fill_block(r, err);
        if (rc != PT_OK)
            return rc;
    }
    r->lf_pending = 0;
    if (r->block_pos < r->block_len && r->block[r->block_pos] == '\n') {
        r->block_pos++;
        r->offset++;
        r->prev_cr = 0;
    }
    return PT_OK;
}

/* At end of input: finish a record that lacks its final line end. */
static enum pt_code finish_at_eof(struct pt_csv_reader *r, struct pt_error *err)
{
    if (!r->in_record)
        return PT_OK;
    if (!r->skipping && csv_fini(&r->parser, on_field, on_row, r) != 0) {
        pt_reader_mark_bad(r, PT_BAD_MALFORMED, (long)r->cur.n_fields,
                           "quoted field not closed at end of file");
        enum pt_code rc = parser_start(r, err);
        if (rc != PT_OK)
            return rc;
    }
    if (r->oom)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory storing a CSV record");
    r->row_done = 1;
    return PT_OK;
}

/* Reads until one physical record (or blank line) is complete. Returns
 * PT_OK with r->row_done set, PT_EOF when nothing is left, or an error. */
enum pt_code pt_reader_read_row(struct pt_csv_reader *r, struct pt_error *err)
{
    pt_fields_clear(&r->cur);
    r->row_done = 0;
    r->in_record = 0;
    r->skipping = 0;
    r->bad = PT_BAD_NONE;
    r->bad_detail[0] = '\0';
    r->row_fast = 0;
    r->raw_ext = NULL;
    enum pt_code lrc = swallow_pending_lf(r, err);
    if (lrc != PT_OK)
        return lrc;
    if (r->has_end && r->offset >= r->end_limit)
        return PT_EOF;   /* the next thread's part starts here */
    int fast_done = 0;
    enum pt_code frc = pt_reader_fast_row(r, &fast_done, err);
    if (frc != PT_OK || fast_done)
        return frc;
    r->n_libcsv++;
    while (!r->row_done) {
        if (r->block_pos == r->block_len) {
            if (r->eof) {
                enum pt_code rc = finish_at_eof(r, err);
                if (rc != PT_OK)
                    return rc;
                return r->row_done ? PT_OK : PT_EOF;
            }
            enum pt_code rc = fill_block(r, err);
            if (rc != PT_OK)
                return rc;
            continue;
        }
        enum pt_code rc = step(r, err);
        if (rc != PT_OK)
            return rc;
    }
    /* A row whose last byte was a CR (its terminator, or the end of a
     * skipped line): an LF right after it is the rest of a CRLF. */
    r->lf_pending = r->prev_cr;
    /* The parser stopped mid-record: after a parse error (skipping, even
     * when an earlier NUL gave the row its reason) or an over-long field.
     * Left as it was, it would go on inside the bad record. */
    if (r->skipping || r->bad == PT_BAD_MALFORMED || r->bad == PT_BAD_TOO_LONG)
        return parser_start(r, err);
    return PT_OK;
}

enum pt_code pt_reader_open_input(struct pt_csv_reader *r, struct pt_error *err)
{
    r->block = pt_malloc(BLOCK_BYTES);
    if (r->block == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for the read buffer");
    enum pt_code rc = fill_block(r, err);
    if (rc != PT_OK)
        return rc;
    return parser_start(r, err);
}

void pt_reader_close_input(struct pt_csv_reader *r)
{
    if (r->parser_live)
        csv_free(&r->parser);
    r->parser_live = 0;
    pt_reader_fast_free(r);
    pt_free(r->block);
    r->block = NULL;
}

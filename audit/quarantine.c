/* quarantine.c: see quarantine.h.
 *
 * The rejects file is CSV written through escape.c, so a hostile record
 * cannot inject a formula into the spreadsheet a journalist opens it in.
 * Its columns are file,line,column,field,reason,record,detail: the
 * contract's six, then the human explanation ("expected 5 fields, found
 * 7"), appended last so consumers that read the contract's columns by
 * position keep working.
 * The record column is made printable and bounded before escaping: a NUL
 * byte becomes U+2400 (the visible "symbol for null"), a byte that is not
 * well-formed UTF-8 becomes the text \xHH, and the result is cut at
 * PT_REJECT_RECORD_MAX bytes on a character boundary and marked with
 * PT_REJECT_TRUNCATED. Nothing allocates: the record is built on the stack. */
#include "audit/quarantine.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "audit/escape.h"
#include "audit/utf8.h"

static const char *const reason_names[PT_REASON_COUNT] = {
    [PT_REASON_MALFORMED_CSV] = "malformed_csv",
    [PT_REASON_FIELD_COUNT] = "field_count",
    [PT_REASON_NUL_BYTE] = "nul_byte",
    [PT_REASON_FIELD_TOO_LONG] = "field_too_long",
    [PT_REASON_ENCODING] = "encoding",
    [PT_REASON_MISSING_FIELD] = "missing_field",
    [PT_REASON_BAD_NUMBER] = "bad_number",
    [PT_REASON_BAD_DATE] = "bad_date",
    [PT_REASON_BAD_VALUE] = "bad_value",
    [PT_REASON_DUPLICATE_ID] = "duplicate_id",
    [PT_REASON_NO_RATE] = "no_rate",
};

const char *pt_reason_name(enum pt_reason reason)
{
    if ((unsigned)reason >= PT_REASON_COUNT)
        return "unknown";
    return reason_names[reason];
}

void pt_quarantine_init(struct pt_quarantine *q, FILE *sink)
{
    memset(q, 0, sizeof *q);
    q->sink = sink;
}

int pt_accounting_balanced(const struct pt_accounting *acc)
{
    return acc->rows_read == acc->rows_accepted + acc->rows_rejected + acc->rows_filtered;
}

size_t pt_quarantine_printable(const char *record, size_t len, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    if (size < sizeof PT_REJECT_TRUNCATED + 4) {   /* too small for the contract */
        if (size)
            out[0] = '\0';
        return 0;
    }
    size_t limit = size - sizeof PT_REJECT_TRUNCATED;   /* room for the mark + NUL */
    size_t o = 0, i = 0;
    while (i < len) {
        char piece[4];
        size_t n;
        const char *src = piece;
        int seq = pt_utf8_seq(record + i, len - i);
        if (record[i] == '\0') {
            memcpy(piece, "\xe2\x90\x80", 3);   /* U+2400 */
            n = 3;
            seq = 1;
        } else if (seq <= 0) {
            piece[0] = '\\';
            piece[1] = 'x';
            piece[2] = hex[(unsigned char)record[i] >> 4];
            piece[3] = hex[(unsigned char)record[i] & 15];
            n = 4;
            seq = 1;
        } else {
            src = record + i;
            n = (size_t)seq;
        }
        if (o + n > limit)
            break;
        memcpy(out + o, src, n);
        o += n;
        i += (size_t)seq;
    }
    if (i < len) {
        memcpy(out + o, PT_REJECT_TRUNCATED, sizeof PT_REJECT_TRUNCATED - 1);
        o += sizeof PT_REJECT_TRUNCATED - 1;
    }
    out[o] = '\0';
    return o;
}

static enum pt_code put_cell(FILE *f, const char *s, size_t len, char sep, struct pt_error *err)
{
    enum pt_code rc = pt_escape_csv_write(f, s, len, err);
    if (rc == PT_OK && fputc(sep, f) == EOF)
        return pt_error_set(err, PT_EIO, NULL, "cannot write rejected row");
    return rc;
}

static enum pt_code write_row(FILE *f, const struct pt_loc *loc, const char *field,
                              enum pt_reason reason, const char *detail, const char *record,
                              size_t record_len, struct pt_error *err)
{
    char line[24] = "", column[16] = "";
    if (loc->line)
        snprintf(line, sizeof line, "%" PRIu64, loc->line);
    if (loc->column)
        snprintf(column, sizeof column, "%" PRIu32, loc->column);
    char text[PT_REJECT_RECORD_MAX + sizeof PT_REJECT_TRUNCATED];
    size_t text_len = pt_quarantine_printable(record ? record : "", record ? record_len : 0,
                                              text, sizeof text);
    const char *name = pt_reason_name(reason);
    field = field ? field : "";
    detail = detail ? detail : "";
    enum pt_code rc = put_cell(f, loc->path, strlen(loc->path), ',', err);
    if (rc == PT_OK)
        rc = put_cell(f, line, strlen(line), ',', err);
    if (rc == PT_OK)
        rc = put_cell(f, column, strlen(column), ',', err);
    if (rc == PT_OK)
        rc = put_cell(f, field, strlen(field), ',', err);
    if (rc == PT_OK)
        rc = put_cell(f, name, strlen(name), ',', err);
    if (rc == PT_OK)
        rc = put_cell(f, text, text_len, ',', err);
    if (rc == PT_OK)
        rc = put_cell(f, detail, strlen(detail), '\n', err);
    return rc;
}

enum pt_code pt_quarantine_write_header(struct pt_quarantine *q, struct pt_error *err)
{
    if (q->sink == NULL || q->header_written)
        return PT_OK;
    if (fputs(PT_REJECT_HEADER "\n", q->sink) == EOF)
        return pt_error_set(err, PT_EIO, NULL, "cannot write the rejects file");
    q->header_written = 1;
    return PT_OK;
}

enum pt_code pt_quarantine_defer(struct pt_quarantine *q, const struct pt_quarantine *main,
                                 struct pt_error *err)
{
    pt_quarantine_init(q, NULL);
    if (main->sink == NULL)
        return PT_OK;
    if ((q->sink = tmpfile()) == NULL)
        return pt_error_set(err, PT_EIO, NULL, "cannot create a temporary rejects file: %s",
                            strerror(errno));
    q->header_written = 1;   /* only rows: they join main's file */
    return PT_OK;
}

enum pt_code pt_quarantine_join(struct pt_quarantine *main, struct pt_quarantine *q,
                                struct pt_error *err)
{
    main->n_rejected += q->n_rejected;
    if (q->sink == NULL || q->n_rejected == 0)
        return PT_OK;
    enum pt_code rc = pt_quarantine_write_header(main, err);
    if (rc != PT_OK)
        return rc;
    char buf[1 << 16];
    size_t n;
    if (fflush(q->sink) != 0 || fseek(q->sink, 0, SEEK_SET) != 0)
        return pt_error_set(err, PT_EIO, NULL, "temporary rejects file: %s", strerror(errno));
    while ((n = fread(buf, 1, sizeof buf, q->sink)) > 0)
        if (fwrite(buf, 1, n, main->sink) != n)
            return pt_error_set(err, PT_EIO, NULL, "writing the rejects: %s", strerror(errno));
    if (ferror(q->sink))
        return pt_error_set(err, PT_EIO, NULL, "temporary rejects file: %s", strerror(errno));
    return PT_OK;
}

void pt_quarantine_close(struct pt_quarantine *q)
{
    if (q->sink != NULL)
        fclose(q->sink);
    q->sink = NULL;
}

enum pt_code pt_quarantine_add(struct pt_quarantine *q, struct pt_accounting *acc,
                               const struct pt_loc *loc, const char *field,
                               enum pt_reason reason, const char *detail, const char *record,
                               size_t record_len, struct pt_error *err)
{
    /* Count first: a row is rejected whether or not the sink can take it. */
    acc->rows_rejected++;
    if ((unsigned)reason < PT_REASON_COUNT)
        acc->by_reason[reason]++;
    q->n_rejected++;
    if (q->sink == NULL)
        return PT_OK;
    struct pt_loc none = {.path = "", .line = 0, .column = 0};
    if (loc == NULL)
        loc = &none;
    enum pt_code rc = pt_quarantine_write_header(q, err);
    if (rc != PT_OK)
        return rc;
    rc = write_row(q->sink, loc, field, reason, detail, record, record_len, err);
    if (rc != PT_OK)
        return pt_error_set(err, PT_EIO, NULL, "cannot write the rejects file");
    return PT_OK;
}

/* fuzz_csv_reader.c: the streaming CSV reader (csv_reader.h) over any bytes,
 * given as a file through fmemopen, read twice: with the fast path (the
 * scanner, libcsv for what it declines) and with libcsv_only = 1.
 *
 * Byte 0 picks the options: bits 0-1 the encoding (auto, utf-8, gb18030),
 * bit 2 allow_ragged, bit 3 a small max_field_bytes (64) instead of the
 * default, bits 4-5 how the harness disposes of records (accept, or by
 * record: accept/filter/skip/reject), bit 6 a column selection, bit 7 an
 * extension byte (padding to the 1 MiB block boundary, end limits): the
 * layout is above LLVMFuzzerTestOneInput.
 * Properties:
 *  - identical: both readers return the same status at every step, the
 *    same records (fields, line, index), offset, next line and accounting
 *    after every step, the same pt_csv_reader_field for every column
 *    (UNUSED "" and LAZY "" in the record, LAZY materialized by field()),
 *    and byte-identical rejects files; the libcsv_only one never uses the
 *    scanner;
 *  - end limit: a limited reader returns no record that starts at an
 *    offset at or past the limit, stops only at or past it (or at the end
 *    of input), and reads on seamlessly when the limit is lifted, so it
 *    still matches the other reader record for record;
 *  - nothing lost: at EOF rows read = accepted + rejected + filtered (+
 *    skipped lines moved out), and the rejects the quarantine wrote, re-read
 *    by libcsv, number exactly rows_rejected;
 *  - each record's fields are NUL-terminated, well-formed UTF-8, as many as
 *    the header's (unless ragged), and start on a later physical line than
 *    the previous record;
 *  - differential with libcsv itself: when the whole input is well-formed
 *    (libcsv in the same strict mode parses it all, UTF-8 without NUL,
 *    every row as wide as the header, every field within the limit), the
 *    reader returns exactly libcsv's rows, field by field (selected ones),
 *    with nothing rejected.
 * Errors: create may fail only with PT_EDATA (empty file, bad header), the
 * same way for both; next never fails on memory input except PT_ENOMEM. */
#include <csv.h>
#include <string.h>

#include "audit/csv_reader.h"
#include "audit/escape.h"
#include "audit/utf8.h"
#include "tests/fuzz/fuzz.h"

/* ---- the libcsv oracle ------------------------------------------------ */

struct oracle {
    struct pt_buf *rows;      /* each row: fields joined by '\0', with a final '\0' */
    size_t *n_fields;
    size_t n_rows, cap;
    struct pt_buf cur;
    size_t cur_fields;
    int bad;                  /* a field the differential cannot compare */
    size_t max_field;
};

static void o_field(void *s, size_t len, void *data)
{
    struct oracle *o = data;
    struct pt_error err;
    if (len > o->max_field || (len && memchr(s, '\0', len)) ||
        pt_utf8_valid_prefix(s ? s : "", len) != len)
        o->bad = 1;
    PT_FUZZ_CHECK(pt_buf_append(&o->cur, s ? s : "", len, &err) == PT_OK &&
                      pt_buf_append(&o->cur, "", 1, &err) == PT_OK,
                  "oracle append");
    o->cur_fields++;
}

static void o_row(int term, void *data)
{
    struct oracle *o = data;
    (void)term;
    if (o->cur_fields == 0)
        return; /* blank line */
    if (o->n_rows == o->cap) {
        o->cap = o->cap ? 2 * o->cap : 16;
        o->rows = realloc(o->rows, o->cap * sizeof *o->rows);
        o->n_fields = realloc(o->n_fields, o->cap * sizeof *o->n_fields);
        PT_FUZZ_CHECK(o->rows && o->n_fields, "oracle realloc");
    }
    o->rows[o->n_rows] = o->cur;
    o->n_fields[o->n_rows++] = o->cur_fields;
    memset(&o->cur, 0, sizeof o->cur);
    o->cur_fields = 0;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Parses s like the reader configures libcsv; 1 when the differential
 * applies (see the header comment). */
static int oracle_parse(struct oracle *o, const char *s, size_t n)
{
    struct csv_parser p;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    PT_FUZZ_CHECK(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) == 0, "csv_init");
    csv_set_space_func(&p, no_space);
    csv_set_blk_size(&p, 1u << 20);   /* the padded header: not 8192 reallocs of 128 bytes */
    int ok = csv_parse(&p, s, n, o_field, o_row, o) == n && csv_fini(&p, o_field, o_row, o) == 0;
    csv_free(&p);
    if (!ok || o->bad || o->n_rows == 0)
        return 0;
    for (size_t i = 1; i < o->n_rows; i++)
        if (o->n_fields[i] != o->n_fields[0])
            return 0;
    return 1;
}

static void oracle_free(struct oracle *o)
{
    for (size_t i = 0; i < o->n_rows; i++)
        pt_buf_free(&o->rows[i]);
    pt_buf_free(&o->cur);
    free(o->rows);
    free(o->n_fields);
}

/* ---- the reader ---------------------------------------------------------- */

struct tally {
    uint64_t returned, accepted, filtered, skipped, rejected_here;
};

static void check_record(const struct pt_record *rec, size_t header_fields, int ragged,
                         uint64_t *last_line)
{
    PT_FUZZ_CHECK(ragged || rec->n_fields == header_fields, "%zu fields, header has %zu",
                  rec->n_fields, header_fields);
    PT_FUZZ_CHECK(rec->line > *last_line, "record at line %llu after line %llu",
                  (unsigned long long)rec->line, (unsigned long long)*last_line);
    *last_line = rec->line;
    for (size_t i = 0; i < rec->n_fields; i++) {
        PT_FUZZ_CHECK(rec->fields[i][rec->lens[i]] == '\0', "field %zu not terminated", i);
        PT_FUZZ_CHECK(pt_utf8_valid_prefix(rec->fields[i], rec->lens[i]) == rec->lens[i],
                      "field %zu of line %llu is not UTF-8", i, (unsigned long long)rec->line);
    }
}

static void dispose(struct pt_csv_reader *r, const struct pt_record *rec, unsigned mode,
                    struct tally *t)
{
    unsigned pick = mode == 0 ? 0 : (unsigned)(rec->index + (rec->n_fields ? rec->lens[0] : 0)) % 4;
    struct pt_error err;
    switch (pick) {
    case 0: pt_csv_reader_accept(r); t->accepted++; break;
    case 1: pt_csv_reader_filter(r); t->filtered++; break;
    case 2: pt_csv_reader_skip(r); t->skipped++; break;
    default:
        PT_FUZZ_CHECK(pt_csv_reader_reject(r, (long)rec->n_fields - 1, PT_REASON_BAD_VALUE,
                                           "expected fuzz, found \"x\"", &err) == PT_OK,
                      "reject: %s", err.msg);
        t->rejected_here++;
    }
}

/* Counts the records of the rejects file with libcsv (header excluded). */
static void count_row(int term, void *data)
{
    (void)term;
    ++*(uint64_t *)data;
}

static uint64_t rejects_in(const char *text, size_t len)
{
    struct csv_parser p;
    uint64_t rows = 0;
    PT_FUZZ_CHECK(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) == 0, "csv_init");
    csv_set_blk_size(&p, 1u << 20);   /* rejects may name the padded header's column */
    PT_FUZZ_CHECK(csv_parse(&p, text, len, NULL, count_row, &rows) == len &&
                      csv_fini(&p, NULL, count_row, &rows) == 0,
                  "rejects file is not valid CSV: %s", csv_strerror(csv_error(&p)));
    csv_free(&p);
    return rows ? rows - 1 : 0;
}

static void compare(const struct oracle *o, const struct pt_record *rec, uint64_t k)
{
    PT_FUZZ_CHECK(k < o->n_rows, "reader returned record %llu, libcsv has %zu rows",
                  (unsigned long long)k, o->n_rows);
    const char *f = o->rows[k].data;
    PT_FUZZ_CHECK(rec->n_fields == o->n_fields[k], "record %llu: %zu fields, libcsv %zu",
                  (unsigned long long)k, rec->n_fields, o->n_fields[k]);
    for (size_t i = 0; i < rec->n_fields; i++) {
        size_t len = strlen(f); /* no NUL inside: checked by the oracle */
        PT_FUZZ_CHECK(rec->lens[i] == len && memcmp(rec->fields[i], f, len) == 0,
                      "record %llu field %zu differs from libcsv", (unsigned long long)k, i);
        f += len + 1;
    }
}

/* ---- the two readers, side by side ---------------------------------------- */

#define SEL_MAX 8   /* columns a selection can name */

struct side {
    FILE *in, *sink;
    char *rej;
    size_t rej_len;
    struct pt_quarantine q;
    struct pt_accounting acc;
    struct pt_csv_reader *r;
    struct tally t;
    uint64_t last_line;
    uint64_t limit;        /* 0 = none; set until the first PT_EOF it causes */
};

struct plan {
    struct pt_csv_options opt;
    int ragged;
    unsigned mode;
    int select;            /* apply use[0..n_use) */
    unsigned char use[SEL_MAX];
    size_t n_use;
};

static void side_open(struct side *sd, const char *s, size_t n, const struct plan *pl,
                      int libcsv_only, uint64_t limit, enum pt_code *rc, struct pt_error *err)
{
    memset(sd, 0, sizeof *sd);
    sd->sink = open_memstream(&sd->rej, &sd->rej_len);
    sd->in = n ? fmemopen((void *)(uintptr_t)s, n, "r") : fopen("/dev/null", "r");
    PT_FUZZ_CHECK(sd->sink && sd->in, "fmemopen");
    pt_quarantine_init(&sd->q, sd->sink);
    struct pt_csv_options opt = pl->opt;
    opt.libcsv_only = libcsv_only;
    *rc = pt_csv_reader_create(&sd->r, sd->in, "fuzz.csv", &opt, &sd->q, &sd->acc, err);
    if (*rc != PT_OK)
        return;
    if (pl->ragged)
        pt_csv_reader_allow_ragged(sd->r, 1);
    if (pl->select)
        PT_FUZZ_CHECK(pt_csv_reader_select(sd->r, pl->use, pl->n_use, err) == PT_OK, "select");
    sd->limit = limit;
    if (limit)
        pt_csv_reader_set_end(sd->r, limit);
}

static void side_close(struct side *sd)
{
    pt_csv_reader_destroy(sd->r);
    if (sd->in)
        fclose(sd->in);
    if (sd->sink)
        fclose(sd->sink);
    free(sd->rej);
}

/* The second reader of a split (pt_csv_reader_create_at): when the fast
 * reader stops at its limit, a third reader is made at that offset (a
 * record boundary: where the next record starts) and line, and reads to
 * the end. What it returns must be what the first reader returns after
 * the limit is lifted: the same records (index counted from the cut),
 * field() values, rejects (the first reader's rejects file from that point
 * on) and accounting (the first reader's, less what it had at the cut). */
struct cutcheck {
    const char *s;
    size_t n;
    const struct plan *pl;
    int done;                      /* the third reader ran */
    struct pt_buf want, got;       /* serialized records: third reader, first after the cut */
    char *rej;                     /* the third reader's rejects (no header) */
    size_t rej_len, a_rej_at;
    struct pt_accounting acc_at, acc;
    uint64_t base;                 /* data records the first reader had read at the cut */
};

static void put(struct pt_buf *b, const void *p, size_t n)
{
    struct pt_error err;
    PT_FUZZ_CHECK(pt_buf_append(b, p, n, &err) == PT_OK, "append");
}

/* A record and every field() value, in a form two runs can compare. */
static void serialize(struct pt_buf *b, struct pt_csv_reader *r, const struct pt_record *rec,
                      uint64_t index)
{
    uint64_t head[3] = {index, rec->line, rec->n_fields};
    put(b, head, sizeof head);
    for (size_t i = 0; i < rec->n_fields; i++) {
        size_t len = 0;
        const char *f = pt_csv_reader_field(r, (long)i, &len);
        PT_FUZZ_CHECK(f != NULL, "field()");
        put(b, &rec->lens[i], sizeof rec->lens[i]);
        put(b, rec->fields[i], rec->lens[i]);
        put(b, &len, sizeof len);
        put(b, f, len);
    }
}

static void run_cut(struct side *a, struct cutcheck *cc, uint64_t at)
{
    cc->done = 1;
    fflush(a->sink);
    cc->a_rej_at = a->rej_len;
    cc->acc_at = a->acc;
    cc->base = a->acc.rows_read + a->acc.lines_skipped;
    FILE *in = fmemopen((void *)(uintptr_t)cc->s, cc->n, "r");
    FILE *sink = open_memstream(&cc->rej, &cc->rej_len);
    PT_FUZZ_CHECK(in && sink, "fmemopen");
    struct pt_quarantine q;
    pt_quarantine_init(&q, sink);
    q.header_written = 1;   /* as load_complaints_split.c: rows only */
    struct pt_csv_reader *c = NULL;
    struct pt_error err;
    struct pt_csv_options opt = cc->pl->opt;
    PT_FUZZ_CHECK(pt_csv_reader_create_at(&c, in, a->r, at, pt_csv_reader_next_line(a->r), &opt,
                                          &q, &cc->acc, &err) == PT_OK,
                  "create_at %llu: %s", (unsigned long long)at, err.msg);
    if (cc->pl->ragged)
        pt_csv_reader_allow_ragged(c, 1);
    if (cc->pl->select)
        PT_FUZZ_CHECK(pt_csv_reader_select(c, cc->pl->use, cc->pl->n_use, &err) == PT_OK,
                      "select");
    struct pt_record rec;
    struct tally t = {0};
    enum pt_code rc;
    while ((rc = pt_csv_reader_next(c, &rec, &err)) == PT_OK) {
        serialize(&cc->want, c, &rec, rec.index + cc->base);
        struct pt_record shifted = rec;
        shifted.index += cc->base;   /* dispose as the first reader will */
        dispose(c, &shifted, cc->pl->mode, &t);
    }
    PT_FUZZ_CHECK(rc == PT_EOF, "create_at reader: %s (%d)", err.msg, (int)rc);
    pt_csv_reader_destroy(c);
    fclose(in);
    fclose(sink);
}

static void cut_compare(struct side *a, struct cutcheck *cc)
{
    if (!cc->done)
        return;
    PT_FUZZ_CHECK(cc->got.len == cc->want.len &&
                      (cc->got.len == 0 || memcmp(cc->got.data, cc->want.data, cc->got.len) == 0),
                  "records after the cut differ from the create_at reader's (%zu / %zu bytes)",
                  cc->got.len, cc->want.len);
    fflush(a->sink);
    const char *tail = a->rej + cc->a_rej_at;
    size_t tail_len = a->rej_len - cc->a_rej_at;
    if (cc->a_rej_at == 0 && tail_len > 0) {   /* the header came with the first reject */
        const char *nl = memchr(tail, '\n', tail_len);
        PT_FUZZ_CHECK(nl != NULL, "rejects header");
        tail_len -= (size_t)(nl + 1 - tail);
        tail = nl + 1;
    }
    PT_FUZZ_CHECK(tail_len == cc->rej_len && memcmp(tail, cc->rej, tail_len) == 0,
                  "rejects after the cut differ from the create_at reader's:\n%.*s\n---\n%.*s",
                  (int)(tail_len < 1500 ? tail_len : 1500), tail,
                  (int)(cc->rej_len < 1500 ? cc->rej_len : 1500), cc->rej);
    const uint64_t *x = (const uint64_t *)&a->acc, *y = (const uint64_t *)&cc->acc_at,
                   *z = (const uint64_t *)&cc->acc;
    for (size_t i = 0; i < sizeof a->acc / sizeof *x; i++)
        PT_FUZZ_CHECK(x[i] - y[i] == z[i], "accounting word %zu after the cut: %llu, create_at %llu",
                      i, (unsigned long long)(x[i] - y[i]), (unsigned long long)z[i]);
}

/* next, with the end limit: a reader whose offset reached the limit must
 * stop (PT_EOF); one that stops below it must be at the end of input.
 * The limit is then lifted and reading goes on. */
static enum pt_code side_next(struct side *sd, struct pt_record *rec, struct cutcheck *cc,
                              struct pt_error *err)
{
    uint64_t before = pt_csv_reader_offset(sd->r);
    enum pt_code rc = pt_csv_reader_next(sd->r, rec, err);
    if (sd->limit == 0)
        return rc;
    if (rc == PT_OK)
        PT_FUZZ_CHECK(before < sd->limit, "record returned from offset %llu, limit %llu",
                      (unsigned long long)before, (unsigned long long)sd->limit);
    if (rc != PT_EOF)
        return rc;
    uint64_t at = pt_csv_reader_offset(sd->r);
    uint64_t lim = sd->limit;
    if (cc != NULL && pt_csv_reader_encoding(sd->r) == PT_ENC_UTF8)
        run_cut(sd, cc, at);
    sd->limit = 0;
    pt_csv_reader_set_end(sd->r, UINT64_MAX);
    rc = pt_csv_reader_next(sd->r, rec, err);
    /* Stopped before the limit only if nothing was left to read. */
    PT_FUZZ_CHECK(at >= lim || rc == PT_EOF, "stopped at offset %llu before the limit %llu",
                  (unsigned long long)at, (unsigned long long)lim);
    return rc;
}

static void check_fields(struct side *a, struct side *b, const struct pt_record *ra,
                         const struct pt_record *rb, const struct plan *pl,
                         const struct oracle *o, int diff)
{
    const char *of = NULL;
    if (diff) {
        uint64_t k = a->t.returned + 1;
        PT_FUZZ_CHECK(k < o->n_rows && o->n_fields[k] == ra->n_fields,
                      "record %llu: %zu fields, libcsv has other rows", (unsigned long long)k,
                      ra->n_fields);
        of = o->rows[k].data;
    }
    for (size_t i = 0; i < ra->n_fields; i++) {
        enum pt_col_use u = PT_COL_USED;
        if (pl->select)
            u = i < pl->n_use ? (pl->use[i] <= PT_COL_LAZY ? pl->use[i] : PT_COL_USED)
                              : PT_COL_UNUSED;
        PT_FUZZ_CHECK(ra->lens[i] == rb->lens[i] &&
                          memcmp(ra->fields[i], rb->fields[i], ra->lens[i]) == 0,
                      "record %llu (line %llu) field %zu: fast %zu bytes, libcsv %zu",
                      (unsigned long long)ra->index, (unsigned long long)ra->line, i,
                      ra->lens[i], rb->lens[i]);
        size_t la = 0, lb = 0;
        const char *fa = pt_csv_reader_field(a->r, (long)i, &la);
        const char *fb = pt_csv_reader_field(b->r, (long)i, &lb);
        PT_FUZZ_CHECK(fa && fb && fa[la] == '\0' && fb[lb] == '\0', "field(): NULL or unterminated");
        PT_FUZZ_CHECK(la == lb && memcmp(fa, fb, la) == 0,
                      "record %llu field(%zu) (use %d): fast %zu bytes, libcsv %zu",
                      (unsigned long long)ra->index, i, (int)u, la, lb);
        if (u == PT_COL_USED)
            PT_FUZZ_CHECK(la == ra->lens[i] && memcmp(fa, ra->fields[i], la) == 0,
                          "field() of a USED column differs from the record");
        else
            PT_FUZZ_CHECK(ra->lens[i] == 0 && ra->fields[i][0] == '\0',
                          "column %zu (use %d) not \"\" in the record", i, (int)u);
        if (u == PT_COL_UNUSED)
            PT_FUZZ_CHECK(la == 0, "field() of an UNUSED column is not \"\"");
        if (of != NULL) {
            size_t ol = strlen(of);
            if (u != PT_COL_UNUSED)
                PT_FUZZ_CHECK(la == ol && memcmp(fa, of, ol) == 0,
                              "record %llu field %zu (use %d) differs from libcsv",
                              (unsigned long long)ra->index, i, (int)u);
            of += ol + 1;
        }
    }
    size_t la = 1, lb = 1;
    PT_FUZZ_CHECK(*pt_csv_reader_field(a->r, (long)ra->n_fields, &la) == '\0' && la == 0 &&
                      *pt_csv_reader_field(b->r, -1, &lb) == '\0' && lb == 0,
                  "field() out of range is not \"\"");
}

static void compare_steps(struct side *a, struct side *b, enum pt_code ra_rc, enum pt_code rb_rc,
                          const struct pt_record *ra, const struct pt_record *rb)
{
    PT_FUZZ_CHECK(ra_rc == rb_rc, "next: fast %d, libcsv %d (after record %llu)", (int)ra_rc,
                  (int)rb_rc, (unsigned long long)a->t.returned);
    PT_FUZZ_CHECK(pt_csv_reader_offset(a->r) == pt_csv_reader_offset(b->r),
                  "after record %llu: offset fast %llu, libcsv %llu",
                  (unsigned long long)a->t.returned,
                  (unsigned long long)pt_csv_reader_offset(a->r),
                  (unsigned long long)pt_csv_reader_offset(b->r));
    PT_FUZZ_CHECK(pt_csv_reader_next_line(a->r) == pt_csv_reader_next_line(b->r),
                  "after record %llu: next line fast %llu, libcsv %llu",
                  (unsigned long long)a->t.returned,
                  (unsigned long long)pt_csv_reader_next_line(a->r),
                  (unsigned long long)pt_csv_reader_next_line(b->r));
    PT_FUZZ_CHECK(memcmp(&a->acc, &b->acc, sizeof a->acc) == 0,
                  "after record %llu: accounting differs (read %llu/%llu rejected %llu/%llu "
                  "blank %llu/%llu)", (unsigned long long)a->t.returned,
                  (unsigned long long)a->acc.rows_read, (unsigned long long)b->acc.rows_read,
                  (unsigned long long)a->acc.rows_rejected,
                  (unsigned long long)b->acc.rows_rejected,
                  (unsigned long long)a->acc.lines_blank, (unsigned long long)b->acc.lines_blank);
    if (ra_rc != PT_OK)
        return;
    PT_FUZZ_CHECK(ra->n_fields == rb->n_fields && ra->line == rb->line &&
                      ra->index == rb->index,
                  "record: fast %zu fields line %llu index %llu, libcsv %zu fields line %llu "
                  "index %llu", ra->n_fields, (unsigned long long)ra->line,
                  (unsigned long long)ra->index, rb->n_fields, (unsigned long long)rb->line,
                  (unsigned long long)rb->index);
}

static void side_end(struct side *sd, enum pt_code rc)
{
    struct pt_accounting *acc = &sd->acc;
    struct tally *t = &sd->t;
    if (rc != PT_EOF)
        return;
    PT_FUZZ_CHECK(pt_accounting_balanced(acc), "read %llu != accepted %llu + rejected %llu"
                  " + filtered %llu", (unsigned long long)acc->rows_read,
                  (unsigned long long)acc->rows_accepted, (unsigned long long)acc->rows_rejected,
                  (unsigned long long)acc->rows_filtered);
    PT_FUZZ_CHECK(acc->rows_accepted == t->accepted && acc->rows_filtered == t->filtered &&
                      acc->lines_skipped == t->skipped,
                  "accounting does not match the dispositions");
    PT_FUZZ_CHECK(acc->rows_read + acc->lines_skipped == t->returned + acc->rows_rejected -
                                                            t->rejected_here,
                  "records returned and quarantined do not add up to rows read");
}

/* Input layout: byte 0 options (see the top); if bit 7, byte 1 extends
 * them: with bit 7, bits 0-1 pad (1 LF, 2 CRLF: a generated header ends
 * 0..1023 bytes before the 1 MiB block boundary, so the records after it
 * straddle it),
 * bits 2-4 the generated header's field count - 1, bit 5 an end limit on
 * the fast reader, bit 6 on the libcsv one (then 2 bytes: the limit's
 * offset into the data), then 2 bytes: the pad's distance to the boundary.
 * If bit 6 of byte 0: 3 bytes of column selection (n = b0 % 9 entries,
 * 2 bits each from b1 b2: 0 UNUSED, 1 USED, 2 LAZY, 3 an out-of-range
 * value the reader takes as USED). The rest is the CSV. */
struct layout {
    unsigned ext;
    uint64_t limit_rel;
    size_t back;
};

static size_t take(const uint8_t **data, size_t *size, size_t k)
{
    size_t v = 0;
    if (*size < k)
        return (size_t)-1;
    for (size_t i = 0; i < k; i++)
        v |= (size_t)(*data)[i] << (8 * i);
    *data += k;
    *size -= k;
    return v;
}

#define PAD_BLOCK (1u << 20)   /* csv_reader.c's BLOCK_BYTES */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct plan pl;
    struct layout ly = {0, 0, 0};
    memset(&pl, 0, sizeof pl);
    size_t v;
    if ((v = take(&data, &size, 1)) == (size_t)-1)
        return 0;
    unsigned opt_byte = (unsigned)v;
    if (opt_byte & 0x80u) {
        if ((v = take(&data, &size, 1)) == (size_t)-1)
            return 0;
        ly.ext = (unsigned)v;
        if (ly.ext & 0x60u) {
            if ((v = take(&data, &size, 2)) == (size_t)-1)
                return 0;
            ly.limit_rel = v;
        }
        if ((ly.ext & 0x80u) && (ly.ext & 3u)) {
            if ((v = take(&data, &size, 2)) == (size_t)-1)
                return 0;
            ly.back = v % 1024u;
        }
    }
    if (opt_byte & 0x40u) {
        if ((v = take(&data, &size, 3)) == (size_t)-1)
            return 0;
        pl.select = 1;
        pl.n_use = (v & 0xffu) % (SEL_MAX + 1);
        for (size_t i = 0; i < pl.n_use; i++)
            pl.use[i] = (unsigned char)((v >> (8 + 2 * i)) & 3u);
    }
    unsigned pad = (ly.ext & 0x80u) ? ly.ext & 3u : 0u;   /* a padded run costs ~20 others */
    if (pad == 3)
        pad = 0;
    pl.opt.encoding = (enum pt_encoding)((opt_byte & 3u) % 3u);
    pl.opt.max_field_bytes = (opt_byte & 8u) && !pad ? 64u : 0u;
    pl.ragged = (opt_byte & 4u) != 0;
    pl.mode = (opt_byte >> 4) & 3u;

    /* The text: the fuzz bytes, or a generated header of padding first. */
    char *text = NULL;
    size_t n = size;
    const char *s = (const char *)data;
    size_t pad_len = 0;
    if (pad) {
        size_t nf = 2 + ((ly.ext >> 2) & 7u);   /* the long name first, short ones after */
        pad_len = PAD_BLOCK - ly.back;
        text = malloc(pad_len + size + 1);
        PT_FUZZ_CHECK(text, "malloc");
        size_t tail = 2 * (nf - 1) + (pad == 2 ? 3 : 2);   /* ",h"... '"' line end */
        text[0] = '"';
        memset(text + 1, 'h', pad_len - 1 - tail);
        char *p = text + pad_len - tail;
        *p++ = '"';
        for (size_t i = 1; i < nf; i++) {
            *p++ = ',';
            *p++ = (char)('a' + i);
        }
        if (pad == 2)
            *p++ = '\r';
        *p++ = '\n';
        if (size)
            memcpy(text + pad_len, data, size);
        n = pad_len + size;
        s = text;
    }
    uint64_t limit = ly.limit_rel % (size + 1) + pad_len + 1;   /* never 0: that is "none" */

    struct oracle o = {0};
    o.max_field = pl.opt.max_field_bytes ? pl.opt.max_field_bytes : PT_CSV_DEFAULT_MAX_FIELD;
    int diff = pl.opt.encoding != PT_ENC_GB18030 && !pl.ragged && pl.mode == 0 &&
               oracle_parse(&o, s, n);

    struct cutcheck cc;
    memset(&cc, 0, sizeof cc);
    cc.s = s;
    cc.n = n;
    cc.pl = &pl;
    struct side a, b;
    struct pt_error ea, eb;
    enum pt_code rca, rcb;
    side_open(&a, s, n, &pl, 0, (ly.ext & 0x20u) ? limit : 0, &rca, &ea);
    side_open(&b, s, n, &pl, 1, (ly.ext & 0x40u) ? limit : 0, &rcb, &eb);
    PT_FUZZ_CHECK(rca == rcb, "create: fast %d, libcsv %d", (int)rca, (int)rcb);
    if (rca != PT_OK) {
        PT_FUZZ_CHECK(rca == PT_EDATA || rca == PT_ENOMEM, "create: %s (%d)", ea.msg, (int)rca);
        PT_FUZZ_CHECK(!diff, "libcsv reads a header the reader refuses: %s", ea.msg);
        PT_FUZZ_CHECK(strcmp(ea.msg, eb.msg) == 0 && ea.loc.line == eb.loc.line,
                      "create errors differ: %s / %s", ea.msg, eb.msg);
        goto out;
    }
    size_t header_fields = pt_csv_reader_header(a.r)->n_fields;
    PT_FUZZ_CHECK(pt_csv_reader_encoding(a.r) == pt_csv_reader_encoding(b.r), "encodings differ");
    struct pt_record ra, rb;
    for (;;) {
        int cut_before = cc.done;
        rca = side_next(&a, &ra, &cc, &ea);
        rcb = side_next(&b, &rb, NULL, &eb);
        compare_steps(&a, &b, rca, rcb, &ra, &rb);
        if (rca != PT_OK)
            break;
        check_record(&ra, header_fields, pl.ragged, &a.last_line);
        if (diff && !pl.select)
            compare(&o, &ra, a.t.returned + 1);
        check_fields(&a, &b, &ra, &rb, &pl, &o, diff);
        if (cut_before || cc.done)
            serialize(&cc.got, a.r, &ra, ra.index);
        a.t.returned++;
        b.t.returned++;
        dispose(a.r, &ra, pl.mode, &a.t);
        dispose(b.r, &rb, pl.mode, &b.t);
    }
    PT_FUZZ_CHECK(rca == PT_EOF || rca == PT_ENOMEM, "next: %s (%d)", ea.msg, (int)rca);
    if (rca == PT_EOF)
        cut_compare(&a, &cc);
    side_end(&a, rca);
    side_end(&b, rcb);
    if (rca == PT_EOF && diff)
        PT_FUZZ_CHECK(a.t.returned + 1 == o.n_rows && a.acc.rows_rejected == 0,
                      "reader returned %llu records, libcsv %zu rows after the header",
                      (unsigned long long)a.t.returned, o.n_rows - 1);
    uint64_t fast_a, lib_a, fast_b, lib_b;
    pt_csv_reader_paths(a.r, &fast_a, &lib_a);
    pt_csv_reader_paths(b.r, &fast_b, &lib_b);
    PT_FUZZ_CHECK(fast_b == 0, "libcsv_only reader took %llu records from the scanner",
                  (unsigned long long)fast_b);
    fflush(a.sink);
    fflush(b.sink);
    PT_FUZZ_CHECK(a.rej_len == b.rej_len && memcmp(a.rej, b.rej, a.rej_len) == 0,
                  "rejects files differ (fast %zu bytes, libcsv %zu):\n%.*s\n---\n%.*s", a.rej_len,
                  b.rej_len, (int)(a.rej_len < 2000 ? a.rej_len : 2000), a.rej,
                  (int)(b.rej_len < 2000 ? b.rej_len : 2000), b.rej);
    PT_FUZZ_CHECK(rejects_in(a.rej, a.rej_len) == a.acc.rows_rejected,
                  "rejects file has %llu records, rows_rejected %llu",
                  (unsigned long long)rejects_in(a.rej, a.rej_len),
                  (unsigned long long)a.acc.rows_rejected);
out:
    side_close(&a);
    side_close(&b);
    pt_buf_free(&cc.want);
    pt_buf_free(&cc.got);
    free(cc.rej);
    oracle_free(&o);
    free(text);
    return 0;
}

/* fuzz_csv_reader.c: the streaming CSV reader (csv_reader.h) over any bytes,
 * given as a file through fmemopen.
 *
 * The first input byte picks the options: bits 0-1 the encoding (auto,
 * utf-8, gb18030), bit 2 allow_ragged, bit 3 a small max_field_bytes (64)
 * instead of the default, bits 4-5 how the harness disposes of records.
 * Properties:
 *  - nothing lost: at EOF rows read = accepted + rejected + filtered (+
 *    skipped lines moved out), and the rejects the quarantine wrote, re-read
 *    by libcsv, number exactly rows_rejected;
 *  - each record's fields are NUL-terminated, well-formed UTF-8, as many as
 *    the header's (unless ragged), and start on a later physical line than
 *    the previous record;
 *  - differential: when the whole input is well-formed (libcsv in the same
 *    strict mode parses it all, UTF-8 without NUL, every row as wide as the
 *    header, every field within the limit), the reader returns exactly
 *    libcsv's rows, field by field, with nothing rejected.
 * Errors: create may fail only with PT_EDATA (empty file, bad header) or
 * PT_EIO; next never fails on memory input except PT_ENOMEM. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt_byte = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    struct pt_csv_options opt = {(enum pt_encoding)((opt_byte & 3u) % 3u),
                                 (opt_byte & 8u) ? 64u : 0u, (opt_byte & 0x40u) != 0};
    int ragged = (opt_byte & 4u) != 0;
    unsigned mode = (opt_byte >> 4) & 3u;
    struct oracle o = {0};
    o.max_field = opt.max_field_bytes ? opt.max_field_bytes : PT_CSV_DEFAULT_MAX_FIELD;
    int diff = opt.encoding != PT_ENC_GB18030 && !ragged && mode == 0 && oracle_parse(&o, s, n);

    char *rej = NULL;
    size_t rej_len = 0;
    FILE *sink = open_memstream(&rej, &rej_len);
    FILE *in = n ? fmemopen((void *)(uintptr_t)s, n, "r") : fopen("/dev/null", "r");
    PT_FUZZ_CHECK(sink && in, "fmemopen");
    struct pt_quarantine q;
    struct pt_accounting acc;
    memset(&acc, 0, sizeof acc);
    pt_quarantine_init(&q, sink);
    struct pt_csv_reader *r = NULL;
    struct pt_error err;
    enum pt_code rc = pt_csv_reader_create(&r, in, "fuzz.csv", &opt, &q, &acc, &err);
    if (rc != PT_OK) {
        PT_FUZZ_CHECK(rc == PT_EDATA || rc == PT_ENOMEM, "create: %s (%d)", err.msg, (int)rc);
        PT_FUZZ_CHECK(!diff, "libcsv reads a header the reader refuses: %s", err.msg);
        goto out;
    }
    if (ragged)
        pt_csv_reader_allow_ragged(r, 1);
    size_t header_fields = pt_csv_reader_header(r)->n_fields;
    struct tally t = {0};
    uint64_t last_line = 0;
    struct pt_record rec;
    while ((rc = pt_csv_reader_next(r, &rec, &err)) == PT_OK) {
        check_record(&rec, header_fields, ragged, &last_line);
        if (diff)
            compare(&o, &rec, t.returned + 1);
        t.returned++;
        dispose(r, &rec, mode, &t);
    }
    PT_FUZZ_CHECK(rc == PT_EOF || rc == PT_ENOMEM, "next: %s (%d)", err.msg, (int)rc);
    if (rc == PT_EOF) {
        PT_FUZZ_CHECK(pt_accounting_balanced(&acc), "read %llu != accepted %llu + rejected %llu"
                      " + filtered %llu", (unsigned long long)acc.rows_read,
                      (unsigned long long)acc.rows_accepted, (unsigned long long)acc.rows_rejected,
                      (unsigned long long)acc.rows_filtered);
        PT_FUZZ_CHECK(acc.rows_accepted == t.accepted && acc.rows_filtered == t.filtered &&
                          acc.lines_skipped == t.skipped,
                      "accounting does not match the dispositions");
        PT_FUZZ_CHECK(acc.rows_read + acc.lines_skipped == t.returned + acc.rows_rejected -
                                                               t.rejected_here,
                      "records returned and quarantined do not add up to rows read");
        if (diff)
            PT_FUZZ_CHECK(t.returned + 1 == o.n_rows && acc.rows_rejected == 0,
                          "reader returned %llu records, libcsv %zu rows after the header",
                          (unsigned long long)t.returned, o.n_rows - 1);
    }
    pt_csv_reader_destroy(r);
    fflush(sink);
    PT_FUZZ_CHECK(rejects_in(rej, rej_len) == acc.rows_rejected,
                  "rejects file has %llu records, rows_rejected %llu",
                  (unsigned long long)rejects_in(rej, rej_len),
                  (unsigned long long)acc.rows_rejected);
out:
    fclose(in);
    fclose(sink);
    free(rej);
    oracle_free(&o);
    return 0;
}

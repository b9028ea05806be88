/* fuzz_csv_scan.c: the fast scanner (csv_scan.h) against libcsv, record by
 * record, on arbitrary bytes (issue #7: the fast path gives identical
 * records to libcsv on every input and falls back where it is unsure).
 *
 * Properties, with libcsv driven as csv_reader.c drives it (CSV_STRICT |
 * CSV_REPALL_NL | CSV_STRICT_FINI, no space trimming, fed in pieces ending
 * at CR/LF, the LF of a CRLF swallowed, a leading BOM stripped):
 *  - every record the scanner returns equals libcsv's record of the same
 *    rank: field count, field bytes, start and end offsets, physical line;
 *  - the scanner ends (PT_SCAN_END at the buffer end) iff libcsv accepts
 *    every record, and otherwise falls back at exactly the start of the
 *    first record libcsv rejects or whose fields hold NUL / ill-formed
 *    UTF-8 (checked when the first input byte is odd);
 *  - a quote-parity split (target from the second byte) either ends the
 *    first part exactly at the split, and then both parts together give
 *    libcsv's records, or is detected as misplaced (the first part runs
 *    past it);
 *  - window mode (more_input), fed in blocks of 1 + byte 0 / 2 bytes the way
 *    pt_scan_file refills its buffer, gives the same records and stop.
 * Inputs: byte 0 = flags and block size, byte 1 = split target, rest = CSV. */
#include <csv.h>
#include <string.h>

#include "audit/csv_scan.h"
#include "audit/utf8.h"
#include "tests/fuzz/fuzz.h"

#define MAX_RECS 4096
#define MAX_FIELDS 8192

struct oracle {
    size_t rec_start[MAX_RECS], rec_end[MAX_RECS], rec_first[MAX_RECS], rec_n[MAX_RECS];
    size_t f_off[MAX_FIELDS], f_len[MAX_FIELDS];
    char *store;
    size_t store_len, n_recs, n_fields, cur_fields;
    int bad, utf8, row_done, row_term, overflow;
    size_t error_at;   /* (size_t)-1 = none */
};

static void on_field(void *s, size_t len, void *data)
{
    struct oracle *o = data;
    if ((len && memchr(s, '\0', len)) || (o->utf8 && pt_utf8_valid_prefix(s, len) != len))
        o->bad = 1;
    if (o->n_fields >= MAX_FIELDS) {
        o->overflow = 1;
        return;
    }
    if (len)
        memcpy(o->store + o->store_len, s, len);
    o->f_off[o->n_fields] = o->store_len;
    o->f_len[o->n_fields++] = len;
    o->store_len += len;
    o->cur_fields++;
}

static void on_row(int c, void *data)
{
    struct oracle *o = data;
    o->row_done = 1;
    o->row_term = c;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void push(struct oracle *o, size_t start, size_t end)
{
    if (o->n_recs >= MAX_RECS) {
        o->overflow = 1;
        return;
    }
    o->rec_start[o->n_recs] = start;
    o->rec_end[o->n_recs] = end;
    o->rec_n[o->n_recs] = o->cur_fields;
    o->rec_first[o->n_recs] = o->n_fields - o->cur_fields;
    o->n_recs++;
    o->cur_fields = 0;
}

static void oracle_parse(struct oracle *o, const char *b, size_t n)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
        abort();
    csv_set_space_func(&p, no_space);
    size_t i = n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, start = i;
    int lf_pending = 0;
    while (i < n && o->error_at == (size_t)-1) {
        if (lf_pending && b[i] == '\n') {
            start = ++i;
            lf_pending = 0;
            continue;
        }
        lf_pending = 0;
        size_t j = i;
        while (j < n && b[j] != '\r' && b[j] != '\n')
            j++;
        size_t piece = (j < n ? j + 1 : n) - i;
        o->row_done = 0;
        if (csv_parse(&p, b + i, piece, on_field, on_row, o) != piece) {
            o->error_at = start;
            break;
        }
        i += piece;
        if (o->row_done) {
            if (o->bad) {
                o->error_at = start;
                break;
            }
            push(o, start, i + (o->row_term == '\r' && i < n && b[i] == '\n'));
            lf_pending = o->row_term == '\r';
            start = i;
        }
    }
    if (o->error_at == (size_t)-1) {
        o->row_done = 0;
        if (csv_fini(&p, on_field, on_row, o) != 0 || o->bad)
            o->error_at = start;
        else if (o->row_done)
            push(o, start, n);
    }
    csv_free(&p);
}

static uint64_t line_at(const char *b, size_t off)
{
    uint64_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += b[i] == '\r' || (b[i] == '\n' && (i == 0 || b[i - 1] != '\r'));
    return line;
}

/* Scans [begin, end) and checks against the oracle from record *k on. */
static enum pt_scan_status run(const struct oracle *o, const char *b, size_t n, size_t begin,
                               size_t end, uint64_t line, int utf8, size_t *k,
                               struct pt_scan_stop *stop)
{
    struct pt_csv_scan s;
    struct pt_error err;
    struct pt_scan_options opt = {0};
    opt.require_utf8 = utf8;
    opt.strip_bom = 1;
    opt.scratch_bytes = n + 1;
    opt.max_fields = MAX_FIELDS;
    if (pt_csv_scan_init(&s, b, n, begin, end, line, &opt, &err) != PT_OK)
        abort();
    struct pt_scan_record rec;
    enum pt_scan_status st;
    while ((st = pt_csv_scan_next(&s, &rec)) == PT_SCAN_RECORD) {
        size_t r = *k;
        PT_FUZZ_CHECK(r < o->n_recs, "scan record %zu at byte %llu; libcsv has %zu", r + 1,
                      (unsigned long long)rec.offset, o->n_recs);
        PT_FUZZ_CHECK(rec.offset == o->rec_start[r] && rec.end == o->rec_end[r] &&
                          rec.n_fields == o->rec_n[r] && rec.line == line_at(b, rec.offset),
                      "record %zu: span/count/line differ", r + 1);
        for (size_t i = 0; i < rec.n_fields; i++) {
            size_t f = o->rec_first[r] + i;
            PT_FUZZ_CHECK(rec.fields[i].len == o->f_len[f] &&
                              (o->f_len[f] == 0 ||
                               memcmp(rec.fields[i].ptr, o->store + o->f_off[f], o->f_len[f]) == 0),
                          "record %zu field %zu differs", r + 1, i + 1);
        }
        (*k)++;
    }
    *stop = *pt_csv_scan_stop(&s);
    pt_csv_scan_free(&s);
    return st;
}

/* The refill loop of csv_scan_file.c over a copy of the input: a window
 * that grows by block bytes, records cut by its end carried over. */
static void run_windows(const struct oracle *o, const char *b, size_t n, int utf8, size_t block)
{
    struct pt_csv_scan s;
    struct pt_error err;
    struct pt_scan_options opt = {0};
    opt.require_utf8 = utf8;
    opt.strip_bom = 1;
    opt.scratch_bytes = n + 1;
    opt.max_fields = MAX_FIELDS;
    char *w = calloc(1, n + 1);   /* calloc: the scanner gets a window of 0 bytes first */
    if (w == NULL || pt_csv_scan_init(&s, w, 0, 0, 0, 1, &opt, &err) != PT_OK)
        abort();
    size_t at = 0, len = 0, k = 0;
    uint64_t line = 1;
    enum pt_scan_status st;
    for (;;) {
        size_t more = n - at - len < block ? n - at - len : block;
        memcpy(w + len, b + at + len, more);
        len += more;
        int eof = at + len == n;
        pt_csv_scan_reset(&s, w, len, 0, len, line, !eof);
        struct pt_scan_record rec;
        while ((st = pt_csv_scan_next(&s, &rec)) == PT_SCAN_RECORD) {
            PT_FUZZ_CHECK(k < o->n_recs && rec.offset + at == o->rec_start[k] &&
                              rec.end + at == o->rec_end[k] && rec.n_fields == o->rec_n[k] &&
                              rec.line == line_at(b, rec.offset + at),
                          "window %zu: record %zu differs", block, k + 1);
            for (size_t i = 0; i < rec.n_fields; i++) {
                size_t f = o->rec_first[k] + i;
                PT_FUZZ_CHECK(rec.fields[i].len == o->f_len[f] &&
                                  (o->f_len[f] == 0 || memcmp(rec.fields[i].ptr,
                                                              o->store + o->f_off[f],
                                                              o->f_len[f]) == 0),
                              "window %zu: record %zu field %zu differs", block, k + 1, i + 1);
            }
            k++;
        }
        const struct pt_scan_stop *stop = pt_csv_scan_stop(&s);
        if (st == PT_SCAN_FALLBACK) {
            PT_FUZZ_CHECK(o->error_at == stop->offset + at && k == o->n_recs,
                          "window %zu: fallback at %llu, libcsv rejects at %zu", block,
                          (unsigned long long)(stop->offset + at), o->error_at);
            break;
        }
        if (eof && !stop->incomplete) {
            PT_FUZZ_CHECK(o->error_at == (size_t)-1 && k == o->n_recs && stop->offset == len,
                          "window %zu: end after %zu records", block, k);
            break;
        }
        PT_FUZZ_CHECK(!eof, "window %zu: incomplete at EOF", block);
        memmove(w, w + stop->offset, len - stop->offset);
        at += stop->offset;
        len -= stop->offset;
        line = stop->line;
    }
    pt_csv_scan_free(&s);
    free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int utf8 = data[0] & 1;
    const char *b = (const char *)data + 2;
    size_t n = size - 2, target = n ? (size_t)data[1] * n / 256 : 0;
    struct oracle *o = calloc(1, sizeof *o);
    if (o == NULL)
        return 0;
    o->store = malloc(n + 1);
    o->utf8 = utf8;
    o->error_at = (size_t)-1;
    if (o->store == NULL)
        goto out;
    oracle_parse(o, b, n);
    if (o->overflow)
        goto out;
    size_t k = 0;
    struct pt_scan_stop stop;
    enum pt_scan_status st = run(o, b, n, 0, n, 1, utf8, &k, &stop);
    if (o->error_at == (size_t)-1)
        PT_FUZZ_CHECK(st == PT_SCAN_END && k == o->n_recs && stop.offset == n,
                      "libcsv accepts all; scan status %d after %zu records: %s", (int)st, k,
                      stop.why ? stop.why : "");
    else
        PT_FUZZ_CHECK(st == PT_SCAN_FALLBACK && stop.offset == o->error_at && k == o->n_recs,
                      "libcsv rejects at byte %zu; scan status %d at %llu", o->error_at, (int)st,
                      (unsigned long long)stop.offset);
    run_windows(o, b, n, utf8, 1 + data[0] / 2);
    size_t split;
    uint64_t split_line;
    if (pt_csv_scan_split(b, n, 0, 1, target, &split, &split_line) == 0) {
        PT_FUZZ_CHECK(split >= target && split <= n, "split %zu before target %zu", split, target);
        k = 0;
        st = run(o, b, n, 0, split, 1, utf8, &k, &stop);
        if (st == PT_SCAN_END && stop.offset == split) {
            PT_FUZZ_CHECK(split_line == line_at(b, split), "split line %llu",
                          (unsigned long long)split_line);
            (void)run(o, b, n, split, n, split_line, utf8, &k, &stop);
        }
    }
out:
    free(o->store);
    free(o);
    return 0;
}

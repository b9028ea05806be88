/* test_csv_scan.c: the fast scanner against libcsv, record by record.
 *
 * The oracle is libcsv 3.0 driven exactly as csv_reader.c drives it:
 * CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI, a space function returning
 * 0, input fed in pieces that end at the first CR or LF (so a row can only
 * end on a piece's last byte, which gives each record's byte span), and the
 * LF after a row-ending CR swallowed. A record libcsv rejects, or whose
 * fields hold NUL or (when required) ill-formed UTF-8 (pt_utf8_valid_prefix,
 * itself checked against Python's decoder in test_utf8), is where the
 * reader would quarantine: the scanner must fall back at exactly that
 * record, after giving every earlier record byte for byte. Line numbers are
 * recounted here from the raw bytes (CR, LF, CRLF = one line each).
 * Inputs: hand cases, every file under tests/data/ and datasets/, the
 * shared datasets when present, and seeded random CSV, also split at every
 * byte for the two-thread split and for range ends, and read through files
 * and pipes in small blocks (pt_scan_file). The same inputs also go through
 * csv_reader.c itself (check_reader): its header and records, with lines,
 * equal the scanner's, and where the scanner falls back it quarantines. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "audit/alloc.h"
#include "audit/csv_reader.h"
#include "audit/csv_scan.h"
#include "audit/csv_scan_file.h"
#include "audit/utf8.h"
#include "tests/helpers.h"

/* --- the libcsv oracle -------------------------------------------------- */

struct ref_rec {
    size_t n;
    size_t *off;      /* field i = bytes[off[i], off[i] + len[i]) of ref->store */
    size_t *len;
    size_t start, end;
    uint64_t line;
};

struct ref {
    struct ref_rec *recs;
    size_t n_recs, cap_recs;
    char *store;
    size_t store_len, store_cap;
    size_t *offs, *lens;          /* current record's fields */
    size_t n_cur, cap_cur;
    int bad;                      /* the current record has NUL / bad UTF-8 */
    int require_utf8;
    int row_done;
    int row_term;
    size_t error_at;              /* start of the first rejected record; SIZE_MAX = none */
    uint64_t lines;               /* line ends in bytes [0, lines_to) */
    size_t lines_to;
};

static void *xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * elem);
    assert_non_null(q);
    *cap = c;
    return q;
}

static void ref_field(void *s, size_t len, void *data)
{
    struct ref *r = data;
    if (len && memchr(s, '\0', len) != NULL)
        r->bad = 1;
    if (r->require_utf8 && pt_utf8_valid_prefix(s, len) != len)
        r->bad = 1;
    r->store = xgrow(r->store, &r->store_cap, r->store_len + len + 1, 1);
    if (len)
        memcpy(r->store + r->store_len, s, len);
    size_t cap = r->cap_cur;
    r->offs = xgrow(r->offs, &cap, r->n_cur + 1, sizeof *r->offs);
    r->lens = xgrow(r->lens, &r->cap_cur, r->n_cur + 1, sizeof *r->lens);
    r->offs[r->n_cur] = r->store_len;
    r->lens[r->n_cur] = len;
    r->n_cur++;
    r->store_len += len;
}

static void ref_row(int c, void *data)
{
    struct ref *r = data;
    r->row_done = 1;
    r->row_term = c;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Line ends in b[a..n): CR, LF, and CRLF once. */
static uint64_t count_lines_from(const char *b, size_t a, size_t n)
{
    uint64_t lines = 0;
    for (size_t i = a; i < n; i++)
        if (b[i] == '\r' || (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')))
            lines++;
    return lines;
}

static uint64_t count_lines(const char *b, size_t n)
{
    return count_lines_from(b, 0, n);
}

static void ref_push(struct ref *r, const char *b, size_t start, size_t end)
{
    r->recs = xgrow(r->recs, &r->cap_recs, r->n_recs + 1, sizeof *r->recs);
    struct ref_rec *x = &r->recs[r->n_recs++];
    x->n = r->n_cur;
    x->off = malloc((r->n_cur + 1) * sizeof *x->off);
    x->len = malloc((r->n_cur + 1) * sizeof *x->len);
    assert_true(x->off != NULL && x->len != NULL);
    if (r->n_cur) {
        memcpy(x->off, r->offs, r->n_cur * sizeof *x->off);
        memcpy(x->len, r->lens, r->n_cur * sizeof *x->len);
    }
    x->start = start;
    x->end = end;
    r->lines += count_lines_from(b, r->lines_to, start);   /* incremental */
    r->lines_to = start;
    x->line = 1 + r->lines;
    r->n_cur = 0;
}

/* Parses b[0..n) (after a BOM); stops at the first rejected record. */
static void ref_parse(struct ref *r, const char *b, size_t n, int require_utf8)
{
    size_t begin = n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;   /* the reader strips it */
    memset(r, 0, sizeof *r);
    r->require_utf8 = require_utf8;
    r->error_at = SIZE_MAX;
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI), 0);
    csv_set_space_func(&p, no_space);
    size_t i = begin, start = begin;
    int lf_pending = 0;
    while (i < n && r->error_at == SIZE_MAX) {
        if (lf_pending && b[i] == '\n') {
            i++;
            start = i;
            lf_pending = 0;
            continue;
        }
        lf_pending = 0;
        size_t j = i;
        while (j < n && b[j] != '\r' && b[j] != '\n')
            j++;
        size_t piece = (j < n ? j + 1 : n) - i;
        r->row_done = 0;
        if (csv_parse(&p, b + i, piece, ref_field, ref_row, r) != piece) {
            r->error_at = start;
            break;
        }
        i += piece;
        if (r->row_done) {
            size_t end = i + (r->row_term == '\r' && i < n && b[i] == '\n');
            if (r->bad) {
                r->error_at = start;
                break;
            }
            ref_push(r, b, start, end);
            lf_pending = r->row_term == '\r';
            start = i;
        }
    }
    if (r->error_at == SIZE_MAX) {
        r->row_done = 0;
        if (csv_fini(&p, ref_field, ref_row, r) != 0 || r->bad)
            r->error_at = start;
        else if (r->row_done)
            ref_push(r, b, start, n);
    }
    csv_free(&p);
}

static void ref_free(struct ref *r)
{
    for (size_t i = 0; i < r->n_recs; i++) {
        free(r->recs[i].off);
        free(r->recs[i].len);
    }
    free(r->recs);
    free(r->store);
    free(r->offs);
    free(r->lens);
    memset(r, 0, sizeof *r);
}

/* --- comparing ----------------------------------------------------------- */

static int same_record(const struct ref *r, size_t k, const struct pt_scan_record *rec,
                       const char *name)
{
    const struct ref_rec *x = &r->recs[k];
    int ok = x->n == rec->n_fields && x->line == rec->line && x->start == rec->offset &&
             x->end == rec->end;
    for (size_t i = 0; ok && i < x->n; i++)
        ok = x->len[i] == rec->fields[i].len &&
             (x->len[i] == 0 || memcmp(r->store + x->off[i], rec->fields[i].ptr, x->len[i]) == 0);
    if (!ok)
        print_error("%s: record %zu (libcsv: %zu fields, line %llu, bytes %zu-%zu; scan: %zu "
                    "fields, line %llu, bytes %llu-%llu)\n",
                    name, k + 1, x->n, (unsigned long long)x->line, x->start, x->end,
                    rec->n_fields, (unsigned long long)rec->line,
                    (unsigned long long)rec->offset, (unsigned long long)rec->end);
    return ok;
}

/* Scans b[begin..end) (records continue past end) and checks the records
 * against ref from record *k on; returns the scan's final status. */
static enum pt_scan_status scan_compare(const struct ref *r, const char *b, size_t n, size_t begin,
                                        size_t end, uint64_t line, size_t *k, int require_utf8,
                                        struct pt_scan_stop *stop, const char *name)
{
    struct pt_csv_scan s;
    struct pt_error err;
    struct pt_scan_options opt = {0};
    opt.require_utf8 = require_utf8;
    opt.strip_bom = 1;               /* as the reader does */
    opt.scratch_bytes = 64u << 10;   /* small: ASan makes big allocations slow */
    assert_int_equal(pt_csv_scan_init(&s, b, n, begin, end, line, &opt, &err), PT_OK);
    struct pt_scan_record rec;
    enum pt_scan_status st;
    while ((st = pt_csv_scan_next(&s, &rec)) == PT_SCAN_RECORD) {
        if (*k >= r->n_recs) {
            print_error("%s: scan gave record %zu at byte %llu, libcsv has %zu\n", name, *k + 1,
                        (unsigned long long)rec.offset, r->n_recs);
            fail();
        }
        if (!same_record(r, *k, &rec, name))
            fail();
        (*k)++;
    }
    *stop = *pt_csv_scan_stop(&s);
    pt_csv_scan_free(&s);
    return st;
}

/* The whole input in one range: identical records, and a fallback exactly
 * where libcsv (or the field checks) reject. */
static void check_whole(const char *b, size_t n, int require_utf8, const char *name)
{
    struct ref r;
    ref_parse(&r, b, n, require_utf8);
    size_t k = 0;
    struct pt_scan_stop stop;
    enum pt_scan_status st = scan_compare(&r, b, n, 0, n, 1, &k, require_utf8, &stop, name);
    if (r.error_at == SIZE_MAX) {
        if (st != PT_SCAN_END || k != r.n_recs || stop.offset != n) {
            print_error("%s: libcsv parsed all %zu records; scan stopped (%d) after %zu at "
                        "byte %llu: %s\n",
                        name, r.n_recs, (int)st, k, (unsigned long long)stop.at,
                        stop.why ? stop.why : "end");
            fail();
        }
    } else if (st != PT_SCAN_FALLBACK || stop.offset != r.error_at || k != r.n_recs ||
               stop.line != 1 + count_lines(b, r.error_at)) {
        print_error("%s: libcsv rejects the record at byte %zu; scan: status %d at byte %llu "
                    "after %zu records\n",
                    name, r.error_at, (int)st, (unsigned long long)stop.offset, k);
        fail();
    }
    ref_free(&r);
}

/* Splits at target as two threads would: the first part must either end
 * exactly at the split or the second part is thrown away; either way the
 * records put together equal libcsv's. well_formed: the split must hold. */
static void check_split(const struct ref *rp, const char *b, size_t n, size_t target,
                        int well_formed, const char *name)
{
    const struct ref r = *rp;
    size_t split;
    uint64_t split_line;
    if (pt_csv_scan_split(b, n, 0, 1, target, &split, &split_line) != 0)
        return;
    assert_true(split >= target && split <= n);
    size_t k = 0;
    struct pt_scan_stop s1, s2;
    enum pt_scan_status st = scan_compare(&r, b, n, 0, split, 1, &k, 0, &s1, name);
    if (st == PT_SCAN_END && s1.offset == split) {
        assert_int_equal(split_line, 1 + count_lines(b, split));
        st = scan_compare(&r, b, n, split, n, split_line, &k, 0, &s2, name);
        if (r.error_at == SIZE_MAX)
            assert_true(st == PT_SCAN_END && k == r.n_recs);
    } else if (well_formed && r.error_at == SIZE_MAX) {
        print_error("%s: parity split at %zu (target %zu) is not a record boundary\n", name,
                    split, target);
        fail();
    }
}

/* Every range end: records that start before it, nothing more. */
static void check_range_ends(const char *b, size_t n, const char *name)
{
    struct ref r;
    ref_parse(&r, b, n, 0);
    for (size_t end = 0; end <= n; end++) {
        size_t k = 0;
        struct pt_scan_stop stop;
        enum pt_scan_status st = scan_compare(&r, b, n, 0, end, 1, &k, 0, &stop, name);
        if (st == PT_SCAN_END) {
            size_t want = 0;
            while (want < r.n_recs && r.recs[want].start < end)
                want++;
            assert_int_equal(k, want);
        }
    }
    ref_free(&r);
}

/* The same through pt_scan_file: blocks of block bytes read from fd, the
 * records that start in [begin, end). */
static enum pt_scan_status file_compare(const struct ref *r, int fd, size_t block, uint64_t begin,
                                        uint64_t end, uint64_t line, size_t *k, int require_utf8,
                                        struct pt_scan_stop *stop, const char *name)
{
    struct pt_scan_file f;
    struct pt_error err;
    struct pt_scan_options opt = {0};
    opt.require_utf8 = require_utf8;
    opt.strip_bom = 1;
    opt.scratch_bytes = 64u << 10;
    assert_int_equal(pt_scan_file_init(&f, fd, begin, end, line, &opt, block, &err), PT_OK);
    struct pt_scan_record rec;
    enum pt_scan_status st;
    for (;;) {
        assert_int_equal(pt_scan_file_next(&f, &rec, &st, &err), PT_OK);
        if (st != PT_SCAN_RECORD)
            break;
        if (*k >= r->n_recs || !same_record(r, *k, &rec, name)) {
            print_error("%s: block %zu: file scan record %zu differs or is extra\n", name, block,
                        *k + 1);
            fail();
        }
        (*k)++;
    }
    *stop = *pt_scan_file_stop(&f);
    pt_scan_file_free(&f);
    return st;
}

/* Whole input through files and pipes in small blocks, and split in two
 * by pt_scan_file_split: the same records and stop as the buffer scan. */
static void check_file(const char *b, size_t n, int require_utf8, const char *name)
{
    static const size_t blocks[] = {1, 2, 3, 5, 16, 17, 64, 1000, 1u << 16};
    struct ref r;
    ref_parse(&r, b, n, require_utf8);
    FILE *tmp = pt_test_tmpfile(b, n);
    assert_non_null(tmp);
    int fd = fileno(tmp);
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        if (n > 4096 && blocks[i] < 64)
            continue;
        size_t k = 0;
        struct pt_scan_stop stop;
        enum pt_scan_status st = file_compare(&r, fd, blocks[i], 0, UINT64_MAX, 1, &k,
                                              require_utf8, &stop, name);
        int ok = r.error_at == SIZE_MAX ? st == PT_SCAN_END && k == r.n_recs && stop.offset == n
                                        : st == PT_SCAN_FALLBACK && stop.offset == r.error_at &&
                                              k == r.n_recs;
        if (!ok) {
            print_error("%s: block %zu: file scan status %d after %zu records at %llu\n", name,
                        blocks[i], (int)st, k, (unsigned long long)stop.offset);
            fail();
        }
    }
    int found = 0;
    uint64_t split = 0, split_line = 0;
    struct pt_error err;
    assert_int_equal(pt_scan_file_split(fd, 0, 1, n / 2, n, &found, &split, &split_line, &err),
                     PT_OK);
    if (found) {
        size_t k = 0;
        struct pt_scan_stop s1, s2;
        enum pt_scan_status st = file_compare(&r, fd, 7, 0, split, 1, &k, require_utf8, &s1, name);
        if (st == PT_SCAN_END && s1.offset == split) {
            assert_int_equal(split_line, 1 + count_lines(b, (size_t)split));
            st = file_compare(&r, fd, 7, split, UINT64_MAX, split_line, &k, require_utf8, &s2,
                              name);
            if (r.error_at == SIZE_MAX)
                assert_true(st == PT_SCAN_END && k == r.n_recs && s2.offset == n);
        }
    }
    fclose(tmp);
    if (n <= 4096) {   /* a pipe: read() in sequence, not pread */
        int p[2];
        assert_int_equal(pipe(p), 0);
        assert_int_equal(write(p[1], b, n), (ssize_t)n);
        close(p[1]);
        size_t k = 0;
        struct pt_scan_stop stop;
        enum pt_scan_status st = file_compare(&r, p[0], 3, 0, UINT64_MAX, 1, &k, require_utf8,
                                              &stop, name);
        assert_true(r.error_at == SIZE_MAX ? st == PT_SCAN_END : st == PT_SCAN_FALLBACK);
        close(p[0]);
    }
    ref_free(&r);
}

/* The scanner against the reader itself (csv_reader.c, UTF-8 forced,
 * ragged rows allowed): the reader's header and records, in order and
 * with their lines, equal the scanner's non-blank records up to the
 * scanner's fallback; the record the scanner falls back on is one the
 * reader quarantines; blank lines agree when nothing fell back. */
static void check_reader(const char *b, size_t n, const char *name)
{
    FILE *f = pt_test_tmpfile(b, n);
    assert_non_null(f);
    struct pt_quarantine q;
    pt_quarantine_init(&q, NULL);
    struct pt_accounting acc;
    memset(&acc, 0, sizeof acc);
    struct pt_csv_reader *r = NULL;
    struct pt_error err;
    struct pt_csv_options copt = {PT_ENC_UTF8, 0, 0};
    if (pt_csv_reader_create(&r, f, "in", &copt, &q, &acc, &err) != PT_OK) {
        fclose(f);   /* empty or unusable header: the reader's business */
        return;
    }
    pt_csv_reader_allow_ragged(r, 1);
    struct pt_csv_scan s;
    struct pt_scan_options opt = {0};
    opt.require_utf8 = 1;
    opt.strip_bom = 1;
    opt.scratch_bytes = 64u << 10;
    assert_int_equal(pt_csv_scan_init(&s, b, n, 0, n, 1, &opt, &err), PT_OK);
    const struct pt_record *hdr = pt_csv_reader_header(r);
    struct pt_record rec;
    struct pt_scan_record sr;
    enum pt_scan_status st = PT_SCAN_RECORD;
    uint64_t blanks = 0, k = 0;
    int first = 1;
    for (;;) {
        const struct pt_record *want = first ? hdr : NULL;
        enum pt_code rc = PT_OK;
        if (!first) {
            rc = pt_csv_reader_next(r, &rec, &err);
            assert_true(rc == PT_OK || rc == PT_EOF);
            if (rc == PT_OK) {
                pt_csv_reader_accept(r);
                want = &rec;
            }
        }
        while (st == PT_SCAN_RECORD && (st = pt_csv_scan_next(&s, &sr)) == PT_SCAN_RECORD &&
               sr.n_fields == 0)
            blanks++;
        if (st != PT_SCAN_RECORD) {
            const struct pt_scan_stop *stop = pt_csv_scan_stop(&s);
            if (st == PT_SCAN_FALLBACK) {
                /* the reader quarantined the record the scan stopped at */
                if (acc.rows_rejected == 0 || (want != NULL && want->line <= stop->line)) {
                    print_error("%s: scan fell back at line %llu (%s) but the reader accepted "
                                "it\n", name, (unsigned long long)stop->line, stop->why);
                    fail();
                }
            } else if (want != NULL) {
                print_error("%s: the reader has record %llu at line %llu past the scan's end\n",
                            name, (unsigned long long)k, (unsigned long long)want->line);
                fail();
            } else {
                assert_int_equal(acc.lines_blank, blanks);
            }
            break;
        }
        int same = want != NULL && want->n_fields == sr.n_fields && want->line == sr.line;
        for (size_t i = 0; same && i < sr.n_fields; i++)
            same = want->lens[i] == sr.fields[i].len &&
                   memcmp(want->fields[i], sr.fields[i].ptr, sr.fields[i].len) == 0;
        if (!same) {
            print_error("%s: record %llu: reader %s line %llu, scan %zu fields line %llu\n", name,
                        (unsigned long long)k, want ? "has" : "has no record",
                        want ? (unsigned long long)want->line : 0ull, sr.n_fields,
                        (unsigned long long)sr.line);
            fail();
        }
        first = 0;
        k++;
    }
    pt_csv_scan_free(&s);
    pt_csv_reader_destroy(r);
    fclose(f);
}

/* --- hand cases --------------------------------------------------------- */

struct hand_case {
    const char *name;
    const char *csv;
    size_t n_fields;          /* of the first record */
    const char *fields[4];
    int fallback;             /* 1: must fall back at byte 0 */
    const char *source;
    size_t len;               /* bytes of csv; 0 = strlen (for inputs holding NUL) */
};

static const struct hand_case hand_cases[] = {
    {"doubled quotes become one", "\"a\"\"b\",c\n", 2, {"a\"b", "c"}, 0,
     "RFC 4180 2.7: a quote inside a quoted field is escaped by another quote", 0},
    {"quoted newline and comma", "\"x,\ny\",\n", 2, {"x,\ny", ""}, 0,
     "RFC 4180 2.6: CRLF, quotes and commas inside quotes are data", 0},
    {"spaces kept", " a , b \n", 2, {" a ", " b "}, 0,
     "CONTRACT/STYLE: no space trimming (csv_reader installs a space function returning 0)", 0},
    {"trailing comma at the end", "a,", 2, {"a", ""}, 0,
     "libcsv csv_fini submits the field after a final comma", 0},
    {"blank line is zero fields", "\r\nx", 0, {NULL}, 0, "CSV_REPALL_NL reports the empty row", 0},
    {"quote in unquoted field", "ab\"c\n", 0, {NULL}, 1, "libcsv CSV_STRICT: CSV_EPARSE", 0},
    {"byte after closing quote", "\"ab\"c\n", 0, {NULL}, 1, "libcsv CSV_STRICT: CSV_EPARSE", 0},
    {"unterminated quote", "\"ab\n", 0, {NULL}, 1, "libcsv CSV_STRICT_FINI: csv_fini fails", 0},
    {"BOM", "\xEF\xBB\xBF" "a\n", 0, {NULL}, 1, "the reader strips it; the scan defers", 0},
    {"second BOM is data (fuzz find)", "\xEF\xBB\xBF\xEF\xBB\xBF" "a\n", 0, {NULL}, 1,
     "csv_reader strips one BOM; libcsv gives EF BB BF 61; found by fuzz_csv_scan in 1-byte "
     "windows, where the second BOM was stripped too", 0},
    {"NUL after 40 bytes", "0123456789012345678901234567890123456789\0,\n", 0, {NULL}, 1,
     "csv_reader.c on_field: a NUL byte makes the record malformed", 43},
    {"high byte after 40 bytes", "0123456789012345678901234567890123456789\xC3\xA9\n", 1,
     {"0123456789012345678901234567890123456789\xC3\xA9"}, 0, "RFC 3629: U+00E9 is C3 A9", 0},
};

static void test_hand_cases_match_rfc4180_and_libcsv(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof hand_cases / sizeof hand_cases[0]; c++) {
        const struct hand_case *h = &hand_cases[c];
        size_t n = h->len ? h->len : strlen(h->csv);
        struct pt_csv_scan s;
        struct pt_error err;
        assert_int_equal(pt_csv_scan_init(&s, h->csv, n, 0, n, 1, NULL, &err), PT_OK);
        struct pt_scan_record rec;
        enum pt_scan_status st = pt_csv_scan_next(&s, &rec);
        if (h->fallback) {
            if (st != PT_SCAN_FALLBACK || pt_csv_scan_stop(&s)->offset != 0) {
                print_error("%s: expected a fallback at byte 0 (%s)\n", h->name, h->source);
                fail();
            }
        } else {
            if (st != PT_SCAN_RECORD || rec.n_fields != h->n_fields) {
                print_error("%s: expected %zu fields (%s)\n", h->name, h->n_fields, h->source);
                fail();
            }
            for (size_t i = 0; i < h->n_fields; i++) {
                assert_int_equal(rec.fields[i].len, strlen(h->fields[i]));
                assert_memory_equal(rec.fields[i].ptr, h->fields[i], rec.fields[i].len);
            }
        }
        pt_csv_scan_free(&s);
        check_whole(h->csv, n, 0, h->name);
        check_file(h->csv, n, 0, h->name);
        check_reader(h->csv, n, h->name);
    }
}

/* The scanner reads a record in 64-byte blocks that start at the record
 * start, as bitmaps (csv_scan.c). Each template below puts one grammar edge
 * after padding ('@' becomes 0..140 'x' bytes), so across the sweep the
 * edge lands at every offset of a block and on both sides of each block
 * end: a record ending on byte 63 or 64, a quote opening or closing there,
 * the two quotes of "" on bytes 63 and 64, CR on 63 and its LF on 64, a
 * quoted line end, a high byte or NUL there, the buffer ending mid-block.
 * Each input is compared with libcsv whole (with and without the UTF-8
 * check), through the reader, and for every tenth padding in small file
 * blocks (the window mode's cut records). */
struct edge_template {
    const char *name;
    const char *csv;
    size_t len;
};

#define EDGE(name, lit) {name, lit, sizeof lit - 1}
static const struct edge_template edge_templates[] = {
    EDGE("doubled quotes and CRLF", "@,\"a\"\"b\",c\r\n@,\"\"\"\",\"\"\n@\n"),
    EDGE("doubled quote moving through a quoted field", "@,\"@\"\"@\",z\n@\n"),
    EDGE("quoted line ends", "@,\"x\r\ny\",\"z\rw\"\r\n@,\"\n\"\n@\n"),
    EDGE("byte after a closing quote", "@,\"ab\"c\n@,d\n"),
    EDGE("quote inside an unquoted field", "@,a\"b\n@\n"),
    EDGE("unterminated quote", "@,\"open\n@\n"),
    EDGE("UTF-8 then a cut sequence", "@,\xC3\xA9,\"\xE2\x82\xAC\"\n@,\xC3\n"),
    EDGE("NUL", "@,a\0b\n@\n"),
    EDGE("CR endings, blank lines, CR at the end", "@\r@\r\n\n@\n\r\n@,\r"),
    EDGE("no line end, trailing comma", "@\n@,"),
    EDGE("quoted field at the end", "@,\"@\""),
};
#undef EDGE

static void test_edges_at_every_block_offset_match_libcsv(void **state)
{
    (void)state;
    static char b[4096];
    for (size_t t = 0; t < sizeof edge_templates / sizeof edge_templates[0]; t++) {
        const struct edge_template *e = &edge_templates[t];
        for (size_t pad = 0; pad <= 140; pad++) {
            size_t n = 0;
            for (size_t i = 0; i < e->len; i++) {
                if (e->csv[i] == '@') {
                    memset(b + n, 'x', pad);
                    n += pad;
                } else {
                    b[n++] = e->csv[i];
                }
            }
            char name[128];
            snprintf(name, sizeof name, "%s, %zu bytes of padding", e->name, pad);
            check_whole(b, n, 0, name);
            check_whole(b, n, 1, name);
            check_reader(b, n, name);
            if (pad % 10 == 0)
                check_file(b, n, 1, name);
        }
    }
}

/* BOM stripped on request, then line 1; the column mask leaves the others
 * NULL; a ragged row falls back when a count is expected. */
static void test_options_bom_mask_and_expected_count(void **state)
{
    (void)state;
    const char csv[] = "\xEF\xBB\xBF" "h1,h2,h3\n\"a\"\"\",b,c\nx,y\n";
    const unsigned char sel[] = {1, 0, 1};
    struct pt_scan_options opt = {0};
    opt.strip_bom = 1;
    opt.select = sel;
    opt.n_select = 3;
    opt.expect_fields = 3;
    struct pt_csv_scan s;
    struct pt_error err;
    size_t n = sizeof csv - 1;
    assert_int_equal(pt_csv_scan_init(&s, csv, n, 0, n, 1, &opt, &err), PT_OK);
    struct pt_scan_record rec;
    assert_int_equal(pt_csv_scan_next(&s, &rec), PT_SCAN_RECORD);
    assert_int_equal(rec.line, 1);
    assert_int_equal(rec.offset, 3);
    assert_memory_equal(rec.fields[0].ptr, "h1", 2);
    assert_null(rec.fields[1].ptr);
    assert_int_equal(pt_csv_scan_next(&s, &rec), PT_SCAN_RECORD);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.fields[0].len, 2);   /* a" : hand, RFC 4180 2.7 */
    assert_memory_equal(rec.fields[0].ptr, "a\"", 2);
    assert_int_equal(pt_csv_scan_next(&s, &rec), PT_SCAN_FALLBACK);
    assert_int_equal(pt_csv_scan_stop(&s)->line, 3);
    assert_int_equal(pt_csv_scan_stop(&s)->offset, 22);   /* 3 + 9 + 10 bytes before "x,y" */
    pt_csv_scan_free(&s);
}

static void test_init_rejects_bad_range_and_fails_cleanly_without_memory(void **state)
{
    (void)state;
    struct pt_csv_scan s;
    struct pt_error err;
    assert_int_equal(pt_csv_scan_init(&s, "ab", 2, 1, 3, 1, NULL, &err), PT_EINVAL);
    pt_csv_scan_free(&s);
#ifdef PT_TESTING
    for (unsigned long k = 1; k <= 2; k++) {
        pt_alloc_fail_at(k);
        assert_int_equal(pt_csv_scan_init(&s, "ab", 2, 0, 2, 1, NULL, &err), PT_ENOMEM);
        pt_csv_scan_free(&s);
    }
    pt_alloc_fail_at(0);
#endif
}

/* --- files -------------------------------------------------------------- */

static int read_file(const char *path, char **out, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    size_t got;
    while ((got = fread(b + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            b = realloc(b, cap);
            assert_non_null(b);
        }
    }
    fclose(f);
    *out = b;
    *n = len;
    return 0;
}

static size_t check_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    size_t files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || e->d_name[1] == '.'))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            files += check_tree(path);
            continue;
        }
        char *b;
        size_t n;
        if (!S_ISREG(st.st_mode) || read_file(path, &b, &n) != 0)
            continue;
        check_whole(b, n, 0, path);
        check_whole(b, n, 1, path);
        check_file(b, n, 1, path);
        check_reader(b, n, path);
        struct ref r;
        ref_parse(&r, b, n, 0);
        check_split(&r, b, n, n / 2, 0, path);
        ref_free(&r);
        free(b);
        files++;
    }
    closedir(d);
    return files;
}

static void test_every_fixture_and_dataset_matches_libcsv(void **state)
{
    (void)state;
    size_t files = check_tree(pt_test_path("tests/data"));
    files += check_tree(pt_test_path("datasets"));
    assert_true(files > 10);
    const char *shared = getenv("PT_SHARED_DIR");
    char dir[4096];
    if (shared != NULL)
        snprintf(dir, sizeof dir, "%s/datasets", shared);
    else
        snprintf(dir, sizeof dir, "%s", pt_test_path("../shared/datasets"));
    size_t n_shared = check_tree(dir);
    if (n_shared == 0 && shared == NULL)
        n_shared = check_tree(pt_test_path("../../shared/datasets"));
    print_message("csv_scan: %zu repository files, %zu shared datasets compared\n", files,
                  n_shared);
}

/* --- generated CSV ------------------------------------------------------ */

static uint64_t rng_next(uint64_t *s)
{
    /* xorshift64* (Vigna 2016) */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static const char *const atoms[] = {"a", "bc", ",", "\"", "\r", "\n", "\r\n", " ", "",
                                    "\xC3\xA9", "\xE4\xB8\xAD", "x", "\xC3", "12.50"};

/* Appends one random CSV of about rows records to b. malformed: sometimes
 * a stray quote, a byte after a closing quote, a NUL or a cut-off end. */
static size_t gen_csv(char *b, size_t cap, uint64_t *seed, size_t rows, int malformed)
{
    size_t n = 0;
    for (size_t r = 0; r < rows && n + 512 < cap; r++) {
        size_t nf = 1 + rng_next(seed) % 5;
        if (rng_next(seed) % 10 == 0)
            nf = 0;   /* blank line */
        for (size_t f = 0; f < nf; f++) {
            char field[128];
            size_t fl = 0, atoms_n = rng_next(seed) % 6;
            if (rng_next(seed) % 50 == 0)
                atoms_n = 40;   /* a long field crossing SIMD blocks */
            for (size_t a = 0; a < atoms_n && fl + 4 < sizeof field; a++) {
                const char *t = atoms[rng_next(seed) % (sizeof atoms / sizeof atoms[0])];
                size_t tl = strlen(t);
                if (fl + tl >= sizeof field)
                    break;
                memcpy(field + fl, t, tl);
                fl += tl;
            }
            if (malformed && rng_next(seed) % 30 == 0 && fl + 1 < sizeof field)
                field[fl++] = '\0';   /* the reader quarantines a NUL anywhere */
            int special = memchr(field, ',', fl) || memchr(field, '"', fl) ||
                          memchr(field, '\r', fl) || memchr(field, '\n', fl);
            int quote = special || rng_next(seed) % 4 == 0;
            if (malformed && rng_next(seed) % 40 == 0)
                quote = !quote;
            if (f)
                b[n++] = ',';
            if (quote)
                b[n++] = '"';
            for (size_t i = 0; i < fl; i++) {
                b[n++] = field[i];
                if (quote && field[i] == '"')
                    b[n++] = '"';
            }
            if (quote)
                b[n++] = '"';
            if (malformed && rng_next(seed) % 60 == 0)
                b[n++] = rng_next(seed) % 2 ? 'z' : '\0';
        }
        static const char *const eols[] = {"\n", "\r\n", "\r"};
        const char *eol = eols[rng_next(seed) % 3];
        if (r + 1 < rows || rng_next(seed) % 2) {
            memcpy(b + n, eol, strlen(eol));
            n += strlen(eol);
        }
    }
    if (malformed && n > 2 && rng_next(seed) % 5 == 0)
        n -= rng_next(seed) % 3;
    return n;
}

static void test_random_csv_matches_libcsv_and_splits_everywhere(void **state)
{
    (void)state;
    static char b[1 << 16];
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int round = 0; round < 600; round++) {
        int malformed = round % 3 == 2;
        size_t rows = round < 400 ? 1 + round % 8 : 40 + round % 100;
        size_t n = gen_csv(b, sizeof b, &seed, rows, malformed);
        char name[64];
        snprintf(name, sizeof name, "random round %d (%zu bytes)", round, n);
        check_whole(b, n, round % 2, name);
        if (round % 4 == 0 || n <= 200)
            check_file(b, n, round % 2, name);
        check_reader(b, n, name);
        struct ref r;
        ref_parse(&r, b, n, 0);
        if (n <= 200) {
            for (size_t t = 1; t < n; t++)
                check_split(&r, b, n, t, !malformed, name);
            check_range_ends(b, n, name);
        } else {
            check_split(&r, b, n, n / 2, !malformed, name);
            check_split(&r, b, n, n / 3, !malformed, name);
        }
        ref_free(&r);
    }
}

/* pt_csv_scan_parity_feed against a byte loop written out here: quotes
 * counted, line ends counted with CRLF once (also across piece
 * boundaries), on 300 random buffers of quotes, commas, CR, LF and text,
 * fed in random pieces so every alignment of the 64- and 16-byte steps
 * and of a CRLF split between pieces is met. */
static void test_parity_feed_counts_like_a_byte_loop(void **state)
{
    (void)state;
    static const char alphabet[] = "\"\"\r\n\n,,aaaaab";
    static char buf[5000];
    srand(11);
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)(rand() % (int)sizeof buf);
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[rand() % (int)(sizeof alphabet - 1)];
        uint64_t quotes = 0, lines = 0;
        int prev_cr = 0;
        for (size_t i = 0; i < n; i++) {
            quotes += buf[i] == '"';
            lines += buf[i] == '\r' || (buf[i] == '\n' && !prev_cr);
            prev_cr = buf[i] == '\r';
        }
        struct pt_scan_parity st = {0, 0, 0};
        for (size_t at = 0; at < n;) {
            size_t piece = (size_t)(rand() % 200) + 1;
            if (piece > n - at)
                piece = n - at;
            pt_csv_scan_parity_feed(&st, buf + at, piece);
            at += piece;
        }
        assert_int_equal(st.quotes, quotes);
        assert_int_equal(st.lines, lines);
        assert_int_equal(st.prev_cr, prev_cr);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_cases_match_rfc4180_and_libcsv),
        cmocka_unit_test(test_edges_at_every_block_offset_match_libcsv),
        cmocka_unit_test(test_parity_feed_counts_like_a_byte_loop),
        cmocka_unit_test(test_options_bom_mask_and_expected_count),
        cmocka_unit_test(test_init_rejects_bad_range_and_fails_cleanly_without_memory),
        cmocka_unit_test(test_every_fixture_and_dataset_matches_libcsv),
        cmocka_unit_test(test_random_csv_matches_libcsv_and_splits_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

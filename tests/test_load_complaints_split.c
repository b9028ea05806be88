/* test_load_complaints_split.c: two threads give what one pass gives.
 *
 * pt_complaints_load_split (complaint.h) cuts a file near its middle, reads
 * each half into its own names registry and statistics, and merges them
 * (pt_names_merge, pt_cstats_merge). The reference here is the sequential
 * pt_complaints_load into one registry and one accumulator: the statistics
 * table (every column, CSV), the rejects file and the accounting must be
 * byte-identical, for several --by keys, with aliases and a filter, on the
 * bundled CFPB extracts cut at many lengths (so the cut falls in many
 * places) and on the same data with bad rows planted on both sides of the
 * middle: a bad date, a missing company, malformed quoting, a ragged row,
 * invalid UTF-8, a NUL, blank lines, CRLF. A stray quote in an unquoted
 * field before the middle can fool the quote-parity cut; the loader must
 * notice and still match. Each case also checks that the split really
 * happened (or that the fallback did), so a silent one-thread run cannot
 * pass for a merged one. A first thread slowed down on purpose makes the
 * second steal the far half of its range (a third part): the same
 * comparisons hold, with bad rows in the stolen range, and with a stray
 * quote that fools the steal's cut or the main cut. */
#define _DEFAULT_SOURCE /* usleep */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/aliases.h"
#include "audit/complaint.h"
#include "audit/names.h"
#include "audit/stats_complaints.h"
#include "audit/taxonomy.h"
#include "tests/helpers.h"

struct state {
    struct pt_names *names;
    struct pt_complaint_filter filter;
    struct pt_cstats *stats;
    int part;   /* made parts: 1 = the second part, 2 = a stolen range */
};

struct harness {
    const struct pt_cstats_opts *sopt;
    int filtered;
    int made, merged;
    unsigned merged_parts;   /* 1 << state.part of each part merged */
};

static void state_init(struct state *s, const struct pt_cstats_opts *sopt, int filtered)
{
    struct pt_error err;
    assert_int_equal(pt_names_create(&s->names, &err), PT_OK);
    FILE *a = fopen(pt_test_path("datasets/aliases.csv"), "rb");
    assert_non_null(a);
    assert_int_equal(pt_aliases_load(a, "aliases.csv", s->names, &err), PT_OK);
    fclose(a);
    pt_complaint_filter_init(&s->filter, s->names);
    if (filtered) {
        s->filter.since = 16000;   /* 2013-10-22: cuts the 2013 rows of both extracts */
        assert_int_equal(pt_complaint_filter_add_company(&s->filter, "Equifax", &err), PT_OK);
        assert_int_equal(pt_complaint_filter_add_company(&s->filter, "TransUnion", &err), PT_OK);
    }
    assert_int_equal(pt_cstats_create(&s->stats, sopt, s->names, &err), PT_OK);
}

static void state_free(struct state *s)
{
    pt_cstats_destroy(s->stats);
    pt_complaint_filter_free(&s->filter);
    pt_names_destroy(s->names);
}

static struct state *main_state;
static unsigned slow_first_us;   /* the first thread's rows sleep this long ... */
static unsigned slow_after;      /* ... after this many of them */
static unsigned first_rows;
static unsigned publish_rows;    /* pt_complaint_split's (0 = its default) */

static enum pt_code add(void *ctx, const struct pt_complaint *c, struct pt_error *err)
{
    struct state *s = ctx;
    if (slow_first_us > 0 && s == main_state && ++first_rows > slow_after)
        usleep(slow_first_us);
    return pt_cstats_add(s->stats, c, err);
}

static enum pt_code make(void *ctx, struct pt_complaint_part *part, struct pt_error *err)
{
    (void)err;
    struct harness *h = ctx;
    struct state *s = calloc(1, sizeof *s);
    assert_non_null(s);
    state_init(s, h->sopt, h->filtered);
    part->fn = add;
    part->ctx = s;
    part->opt.filter_ctx = &s->filter;
    s->part = ++h->made;
    return PT_OK;
}

static enum pt_code merge(void *ctx, struct pt_complaint_part *part, struct pt_error *err)
{
    struct harness *h = ctx;
    h->merged++;
    struct state *s = part->ctx;
    h->merged_parts |= 1u << s->part;
    return pt_cstats_merge(main_state->stats, s->stats, err);
}

static void drop(void *ctx, struct pt_complaint_part *part)
{
    (void)ctx;
    state_free(part->ctx);
    free(part->ctx);
}

/* One run: the statistics table, the rejects and the accounting. */
struct outcome {
    char *table, *rejects;
    size_t table_len, rejects_len;
    struct pt_accounting acc;
    struct pt_complaint_load_info info;   /* renamed_products is summed over the parts */
};

static void run(const char *path, const struct pt_cstats_opts *sopt, int filtered,
                struct harness *h, struct pt_taxonomy *tax, struct outcome *out)
{
    struct state s;
    state_init(&s, sopt, filtered);
    main_state = &s;
    struct pt_complaint_load_opts lo;
    memset(&lo, 0, sizeof lo);
    lo.taxonomy = tax;
    lo.csv.encoding = PT_ENC_UTF8;   /* the planted \xe9 would otherwise make it GB18030 */
    lo.filter = filtered ? pt_complaint_filter_match : NULL;
    lo.filter_ctx = &s.filter;
    FILE *rej = open_memstream(&out->rejects, &out->rejects_len);
    assert_non_null(rej);
    struct pt_quarantine q;
    pt_quarantine_init(&q, rej);
    memset(&out->acc, 0, sizeof out->acc);
    struct pt_complaint_split split = {1, h, make, merge, drop, 1, publish_rows};
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    struct pt_error err;
    enum pt_code rc = pt_complaints_load_split(in, path, &lo, &q, &out->acc, add, &s, &out->info,
                                               h ? &split : NULL, &err);
    if (rc != PT_OK)
        fail_msg("%s: %s", path, err.msg);
    fclose(in);
    fclose(rej);
    assert_int_equal(pt_cstats_finish(s.stats, &err), PT_OK);
    FILE *t = open_memstream(&out->table, &out->table_len);
    assert_non_null(t);
    assert_int_equal(pt_cstats_write(s.stats, t, PT_TABLE_CSV, &err), PT_OK);
    fclose(t);
    state_free(&s);
}

/* One pass (one) and two threads (two) gave the same bytes: the table,
 * the rejects, the accounting and the load info. Frees both. */
static void expect_same(struct outcome *one, struct outcome *two, const char *path,
                        const char *what, size_t keys, int filtered)
{
    if (one->table_len != two->table_len || memcmp(one->table, two->table, one->table_len))
        fail_msg("%s (%s), keys %zu, filter %d: tables differ\n--- one\n%.1500s\n--- two"
                 "\n%.1500s", path, what, keys, filtered, one->table, two->table);
    if (one->rejects_len != two->rejects_len ||
        memcmp(one->rejects, two->rejects, one->rejects_len))
        fail_msg("%s (%s): rejects differ\n--- one\n%.1500s\n--- two\n%.1500s", path, what,
                 one->rejects, two->rejects);
    assert_memory_equal(&one->acc, &two->acc, sizeof one->acc);
    assert_memory_equal(&one->info, &two->info, sizeof one->info);
    free(one->table);
    free(one->rejects);
    free(two->table);
    free(two->rejects);
}

static void compare(const char *path, const char *what, int expect_merge)
{
    static const enum pt_ckey keysets[][3] = {
        {PT_CKEY_COMPANY}, {PT_CKEY_COMPANY, PT_CKEY_MONTH}, {PT_CKEY_PRODUCT, PT_CKEY_ISSUE},
        {PT_CKEY_CATEGORY}, {PT_CKEY_STATE, PT_CKEY_YEAR},
    };
    static const size_t nkeys[] = {1, 2, 2, 1, 2};
    struct pt_taxonomy *tax;
    struct pt_error err;
    assert_int_equal(pt_taxonomy_create(&tax, &err), PT_OK);
    for (size_t k = 0; k < sizeof nkeys / sizeof nkeys[0]; k++) {
        for (int filtered = 0; filtered < 2; filtered++) {
            struct pt_cstats_opts sopt;
            memset(&sopt, 0, sizeof sopt);
            memcpy(sopt.keys, keysets[k], sizeof keysets[k]);
            sopt.n_keys = nkeys[k];
            sopt.terms = 1;
            struct outcome one, two;
            struct harness h = {&sopt, filtered, 0, 0, 0};
            run(path, &sopt, filtered, NULL, tax, &one);
            run(path, &sopt, filtered, &h, tax, &two);
            /* The second part, and a stolen range when the second thread
             * ended first with enough of the first's range left. */
            assert_in_range(h.made, 1, 2);
            /* merged: the second part (a stolen range may be merged when
             * the second is not: it then read across the cut and on) */
            int second = (h.merged_parts & 2u) != 0;
            if (expect_merge >= 0 && second != expect_merge)
                fail_msg("%s (%s): expected %s, the loader %s", path, what,
                         expect_merge ? "a merged split" : "the one-thread fallback",
                         second ? "merged" : "fell back");
            expect_same(&one, &two, path, what, k, filtered);
        }
    }
    pt_taxonomy_destroy(tax);
}

/* The first n bytes of src, ending at a line end, with the lines `plant`
 * put in after the header and again after the line holding byte `at`
 * (only after the header when at is past the end). */
static void write_cut(const char *src, const char *dst, size_t n, const char *plant, size_t at)
{
    FILE *in = fopen(pt_test_path(src), "rb");
    assert_non_null(in);
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, n, in);
    fclose(in);
    while (got > 0 && buf[got - 1] != '\n')
        got--;
    FILE *out = fopen(dst, "wb");
    assert_non_null(out);
    size_t put = 0;
    if (plant != NULL && at >= got) {   /* once, after the header */
        const char *h = memchr(buf, '\n', got);
        put = (size_t)(h - buf) + 1;
        fwrite(buf, 1, put, out);
        fputs(plant, out);
    } else if (plant != NULL) {
        /* plant after the header line and after the first line end past `at` */
        const char *h = memchr(buf, '\n', got);
        size_t hl = (size_t)(h - buf) + 1;
        fwrite(buf, 1, hl, out);
        fputs(plant, out);
        put = hl;
        const char *mid = memchr(buf + at, '\n', got - at);
        size_t ml = mid ? (size_t)(mid - buf) + 1 : got;
        fwrite(buf + put, 1, ml - put, out);
        fputs(plant, out);
        put = ml;
    }
    fwrite(buf + put, 1, got - put, out);
    fclose(out);
    free(buf);
}

static const char *tmp_path(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/pt_split_%d.csv", (int)getpid());
    return path;
}

static void test_clean_extracts_at_many_lengths(void **state)
{
    (void)state;
    static const char *const files[] = {"datasets/cfpb_complaints_2023_a.csv",
                                        "datasets/cfpb_complaints_2016_14col.csv"};
    static const size_t lengths[] = {4000, 9001, 65536, 200003, 10000000};
    for (size_t f = 0; f < 2; f++)
        for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
            write_cut(files[f], tmp_path(), lengths[l], NULL, 0);
            compare(tmp_path(), files[f], 1);
        }
    remove(tmp_path());
}

/* Bad rows of every kind the reader or the loader rejects, planted after
 * the header and again around the middle (both threads meet them). */
static const char bad_rows[] =
    "2023-13-45,Credit card,,Billing,,,,Bad Date Bank,CA,90001,,Consent provided,Web,"
    "2023-07-01,Closed with explanation,Yes,N/A,1\n"
    "2023-07-01,Credit card,,Billing,,,,,CA,90001,,Consent provided,Web,"
    "2023-07-01,Closed with explanation,Yes,N/A,2\n"
    "2023-07-01,Credit card,\"bad\"quote,Billing,,,,Quote Bank,CA,90001,,,Web,"
    "2023-07-01,Closed,Yes,N/A,3\n"
    "2023-07-01,Credit card,too,few,fields\n"
    "2023-07-01,Credit card,,Billing,,,,Caf\xe9 Bank,CA,90001,,,Web,"
    "2023-07-01,Closed,Yes,N/A,4\n"
    "\n\n"
    "2023-07-02,Credit card,,Billing,,\"two\r\nlines\",,CRLF Bank,CA,90001,,,Web,"
    "2023-07-03,Closed,No,N/A,5\r\n";

/* A stray quote inside an unquoted field: the reader takes it as text,
 * but it flips the quote parity the cuts are found by. */
static const char stray_row[] =
    "2023-07-01,Credit card,,Billing,,,,Stray \"Quote Bank,CA,90001,,,Web,"
    "2023-07-01,Closed,Yes,N/A,9\n";

static void test_bad_rows_on_both_sides(void **state)
{
    (void)state;
    static const size_t mids[] = {1500, 150000, 300000};
    for (size_t m = 0; m < sizeof mids / sizeof mids[0]; m++) {
        write_cut("datasets/cfpb_complaints_2023_a.csv", tmp_path(), 10000000, bad_rows,
                  mids[m]);
        compare(tmp_path(), "bad rows", -1);
    }
    remove(tmp_path());
}

/* A stray quote inside an unquoted field flips the parity the cut is
 * chosen by, so the cut can land inside a record; the result must not
 * change (the loader reads on alone when the first part overruns it). */
static void test_stray_quote_before_the_middle(void **state)
{
    (void)state;
    write_cut("datasets/cfpb_complaints_2023_a.csv", tmp_path(), 10000000, stray_row, SIZE_MAX);
    compare(tmp_path(), "stray quote", 0);
    remove(tmp_path());
}

/* Ends every line of path with CRLF. */
static void to_crlf(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct text { char *s; size_t len; } in = {NULL, 0}, out = {NULL, 0};
    FILE *m = open_memstream(&in.s, &in.len);
    int c;
    while ((c = getc(f)) != EOF)
        putc(c, m);
    fclose(m);
    fclose(f);
    m = open_memstream(&out.s, &out.len);
    for (size_t i = 0; i < in.len; i++) {
        if (in.s[i] == '\n' && (i == 0 || in.s[i - 1] != '\r'))
            putc('\r', m);
        putc(in.s[i], m);
    }
    fclose(m);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(out.s, 1, out.len, f), out.len);
    fclose(f);
    free(in.s);
    free(out.s);
}

/* The same with every line ended by CRLF: the header's LF is still
 * pending when the split begins (the reader's offset stops after the CR),
 * and the cut's line must not count that LF as one more line end, or
 * every reject of the second part names the line after its own. */
static void test_crlf_file_keeps_the_lines_of_the_second_part(void **state)
{
    (void)state;
    write_cut("datasets/cfpb_complaints_2023_a.csv", tmp_path(), 10000000, bad_rows, 300000);   /* past the middle */
    to_crlf(tmp_path());
    compare(tmp_path(), "CRLF, bad rows", 1);
    remove(tmp_path());
}

/* --- stealing: the second thread takes the far half of the first's rest --- */

/* With the first thread at 1 ms a row, the second has read its part and
 * offered a steal long before the first has read 256 rows, so the first
 * has published nothing yet and the steal's quote-parity scan starts where
 * the first began: the stolen range is the far half of [begin, cut), and
 * where a stray quote sits decides which cut it fools. merged: the parts
 * merged (2: stolen and second; 1: stolen only, it read across the main
 * cut and on to the end; 0: the first read across the steal's cut and on
 * to the end alone). */
static void compare_steal(const char *path, const char *what, int merged)
{
    first_rows = 0;
    static const enum pt_ckey keysets[][2] = {{PT_CKEY_COMPANY}, {PT_CKEY_COMPANY, PT_CKEY_MONTH}};
    static const size_t nkeys[] = {1, 2};
    struct pt_taxonomy *tax;
    struct pt_error err;
    assert_int_equal(pt_taxonomy_create(&tax, &err), PT_OK);
    for (size_t k = 0; k < 2; k++) {
        struct pt_cstats_opts sopt;
        memset(&sopt, 0, sizeof sopt);
        memcpy(sopt.keys, keysets[k], sizeof keysets[k]);
        sopt.n_keys = nkeys[k];
        struct outcome one, two;
        struct harness h = {&sopt, 0, 0, 0, 0};
        run(path, &sopt, 0, NULL, tax, &one);
        slow_first_us = 1000;
        first_rows = 0;
        run(path, &sopt, 0, &h, tax, &two);
        slow_first_us = 0;
        unsigned want = merged == 2 ? 6u : merged == 1 ? 4u : 0u;   /* 1 << part */
        if (h.made != 2 || h.merged_parts != want)
            fail_msg("%s (%s): %d parts made and %d merged, expected 2 and %d", path, what,
                     h.made, h.merged, merged);
        expect_same(&one, &two, path, what, k, 0);
    }
    pt_taxonomy_destroy(tax);
}

/* 120 KB of the extract (~370 rows; the first thread's part ~190, read in
 * ~0.2 s): bad rows after the header and at 3/4 of the first part, which
 * the steal takes, so their lines are counted from the steal's cut. Once
 * from where the first thread began, once from where it said it was: its
 * first 60 rows at full speed, saying where it is every 4 (the steal's cut
 * and line then start from a published position). */
static void test_steal_from_a_slow_first_thread(void **state)
{
    (void)state;
    write_cut("datasets/cfpb_complaints_2023_a.csv", tmp_path(), 120000, bad_rows, 48000);
    compare_steal(tmp_path(), "steal, bad rows in the stolen range", 2);
    publish_rows = 4;
    slow_after = 60;
    compare_steal(tmp_path(), "steal from a published position", 2);
    to_crlf(tmp_path());   /* a published position is then just past a CR */
    compare_steal(tmp_path(), "CRLF, steal from a published position", 2);
    publish_rows = 0;
    slow_after = 0;
    remove(tmp_path());
}

/* A stray quote right after the header fools both scans (each starts
 * there): the first part reads across the steal's cut, so it reads on to
 * the end alone and the stolen and second parts are thrown away. */
static void test_stray_quote_fools_the_steal(void **state)
{
    (void)state;
    publish_rows = slow_after = 0;   /* whatever a failed test left */
    write_cut("datasets/cfpb_complaints_2023_a.csv", tmp_path(), 120000, stray_row, SIZE_MAX);
    compare_steal(tmp_path(), "stray quote before the steal's cut", 0);
    remove(tmp_path());
}

/* A stray quote between the steal's cut (~27% of the file) and the main
 * cut's target (53%) fools the main cut only: the stolen part ends across
 * the main cut, reads on to the end, and the second part is thrown away. */
static void test_stray_quote_fools_the_main_cut_after_a_steal(void **state)
{
    (void)state;
    publish_rows = slow_after = 0;   /* whatever a failed test left */
    write_cut("datasets/cfpb_complaints_2023_a.csv", tmp_path(), 120000, NULL, 0);
    FILE *f = fopen(tmp_path(), "rb");
    assert_non_null(f);
    char *buf = malloc(130000);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 130000, f);
    fclose(f);
    const char *at = memchr(buf + n * 40 / 100, '\n', n - n * 40 / 100);
    assert_non_null(at);
    size_t head = (size_t)(at - buf) + 1;
    f = fopen(tmp_path(), "wb");
    assert_non_null(f);
    fwrite(buf, 1, head, f);
    fputs(stray_row, f);
    fwrite(buf + head, 1, n - head, f);
    fclose(f);
    free(buf);
    compare_steal(tmp_path(), "stray quote between the steal's cut and the main cut", 1);
    remove(tmp_path());
}

/* --- progress: both threads' bytes, summed (complaint.h opt.progress) --- */

struct seen {
    uint64_t first_done, first_total, last, total;
    size_t n;
    int went_down;
};

/* Called from either thread, one at a time (progress.h). */
static void seen_cb(void *ctx, uint64_t done, uint64_t total)
{
    struct seen *s = ctx;
    if (s->n++ == 0) {
        s->first_done = done;
        s->first_total = total;
    }
    s->went_down |= done < s->last;
    s->last = done;
    s->total = total;
}

/* plant (if any) after the header, then the extract's records `copies`
 * times: a file of several 1 MiB blocks for each thread. */
static size_t write_copies(const char *dst, const char *plant, int copies)
{
    write_cut("datasets/cfpb_complaints_2023_a.csv", dst, 10000000, NULL, 0);
    FILE *in = fopen(dst, "rb");
    assert_non_null(in);
    char *buf = malloc(1u << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 1u << 20, in);
    fclose(in);
    const char *body = (const char *)memchr(buf, '\n', n) + 1;
    FILE *out = fopen(dst, "wb");
    assert_non_null(out);
    fwrite(buf, 1, (size_t)(body - buf), out);
    if (plant != NULL)
        fputs(plant, out);
    for (int i = 0; i < copies; i++)
        fwrite(body, 1, n - (size_t)(body - buf), out);
    long size = ftell(out);
    fclose(out);
    free(buf);
    return (size_t)size;
}

/* One load with a progress callback: merged = whether the second part was
 * merged. */
static void load_with_progress(const char *path, int two, struct seen *seen, int *merged)
{
    struct pt_cstats_opts sopt;
    memset(&sopt, 0, sizeof sopt);
    sopt.keys[0] = PT_CKEY_COMPANY;
    sopt.n_keys = 1;
    struct state s;
    state_init(&s, &sopt, 0);
    main_state = &s;
    struct pt_complaint_load_opts lo;
    memset(&lo, 0, sizeof lo);
    lo.csv.encoding = PT_ENC_UTF8;
    lo.progress.fn = seen_cb;
    lo.progress.ctx = seen;
    struct pt_quarantine q;
    pt_quarantine_init(&q, NULL);
    struct pt_accounting acc;
    memset(&acc, 0, sizeof acc);
    struct harness h = {&sopt, 0, 0, 0, 0};
    struct pt_complaint_split split = {1, &h, make, merge, drop, 1, 0};
    struct pt_complaint_load_info info;
    struct pt_error err;
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    enum pt_code rc = pt_complaints_load_split(in, path, &lo, &q, &acc, add, &s, &info,
                                               two ? &split : NULL, &err);
    if (rc != PT_OK)
        fail_msg("%s: %s", path, err.msg);
    fclose(in);
    *merged = (h.merged_parts & 2u) != 0;   /* the second part */
    state_free(&s);
}

static void test_progress_is_the_sum_of_both_threads(void **state)
{
    (void)state;
    /* one thread; two, merged; two, the cut inside a record (the first
     * thread reads on, so the bytes counted pass the size: capped) */
    static const struct {
        int two, stray, merged;
    } runs[] = {{0, 0, 0}, {1, 0, 1}, {1, 1, 0}};
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        size_t size = write_copies(tmp_path(), runs[k].stray ? stray_row : NULL, 6);
        struct seen seen;
        memset(&seen, 0, sizeof seen);
        int merged;
        load_with_progress(tmp_path(), runs[k].two, &seen, &merged);
        if ((merged > 0) != runs[k].merged || seen.first_done != 0 || seen.first_total != size ||
            seen.last != size || seen.total != size || seen.went_down ||
            seen.n < size / (1u << 20))
            fail_msg("run %zu (merged %d): first %llu/%llu, last %llu/%llu of %zu bytes in %zu "
                     "calls%s", k, merged, (unsigned long long)seen.first_done,
                     (unsigned long long)seen.first_total, (unsigned long long)seen.last,
                     (unsigned long long)seen.total, size, seen.n,
                     seen.went_down ? ", went down" : "");
    }
    remove(tmp_path());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_extracts_at_many_lengths),
        cmocka_unit_test(test_bad_rows_on_both_sides),
        cmocka_unit_test(test_stray_quote_before_the_middle),
        cmocka_unit_test(test_crlf_file_keeps_the_lines_of_the_second_part),
        cmocka_unit_test(test_progress_is_the_sum_of_both_threads),
        cmocka_unit_test(test_steal_from_a_slow_first_thread),
        cmocka_unit_test(test_stray_quote_fools_the_steal),
        cmocka_unit_test(test_stray_quote_fools_the_main_cut_after_a_steal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

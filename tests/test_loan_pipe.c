/* test_loan_pipe.c: the two-thread loader (pt_loans_load_piped, loan_pipe.h)
 * writes exactly what the sequential one (pt_loans_load) writes.
 *
 * Each case loads an input both ways and compares, byte for byte: every
 * loan as a `--by loan` CSV row (loan_table.h: all 28 columns, rates at 10
 * decimals), the rejects file, the accounting and the load statistics.
 * Batch sizes of 1, 2, 3 and 7 loans put batch boundaries everywhere,
 * including between a loan and its duplicate. Inputs: every loan fixture,
 * the bundled real extracts, and generated offers mixing deferred rates,
 * rates solved inline (long terms, zero-cost loans, no rate at all),
 * duplicates, bad values, malformed CSV and filtered rows. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/alloc.h"
#include "audit/colmap.h"
#include "audit/date.h"
#include "audit/load_common.h"
#include "audit/loan.h"
#include "audit/loan_pipe.h"
#include "audit/loan_table.h"
#include "audit/schedule.h"
#include "tests/helpers.h"

/* What one load produced. */
struct outcome {
    char *rows, *rejects;            /* owned (open_memstream) */
    size_t rows_len, rejects_len;
    struct pt_accounting acc;
    struct pt_loan_stats stats;
    enum pt_code rc;
    char msg[sizeof ((struct pt_error *)0)->msg];
};

struct consumer {
    struct pt_loan_table *table;
    uint64_t fail_at;               /* use() fails on this loan (1-based); 0 = never */
    uint64_t n_used;
};

/* Drops every loan of a platform ending in 3, and loans dated before 2008
 * (undated loans are kept): a filter on the fields keep may read. */
static int keep(void *ctx, const struct pt_loan *loan)
{
    (void)ctx;
    size_t n = strlen(loan->platform);
    if (n > 0 && loan->platform[n - 1] == '3')
        return 0;
    return loan->day == PT_DAY_UNKNOWN || loan->day >= 13879; /* 2008-01-01 */
}

static enum pt_code use(void *ctx, const struct pt_loan *loan, struct pt_error *err)
{
    struct consumer *c = ctx;
    if (++c->n_used == c->fail_at)
        return pt_error_set(err, PT_EIO, NULL, "test: write error at loan %llu",
                            (unsigned long long)c->n_used);
    return pt_loan_table_row(c->table, loan, NULL, err);
}

/* use() behind a sleep, so that the worker falls behind the reading thread. */
struct slow_consumer {
    struct consumer c;
    long ns;                        /* per loan */
};

static enum pt_code use_slowly(void *ctx, const struct pt_loan *loan, struct pt_error *err)
{
    struct slow_consumer *sc = ctx;
    struct timespec ts = {0, sc->ns};
    nanosleep(&ts, NULL);
    return use(&sc->c, loan, err);
}

static enum pt_code sequential_fn(void *ctx, const struct pt_loan *loan,
                                  enum pt_loan_verdict *verdict, struct pt_error *err)
{
    if (!keep(ctx, loan)) {
        *verdict = PT_LOAN_FILTERED;
        return PT_OK;
    }
    return use(ctx, loan, err);
}

/* Loads files[0..n) (one id set, as `ptaudit loans a b`) sequentially
 * (batch 0) or piped with batch loans per hand-over. */
static void run(const char *const *paths, const char *const *names, size_t n,
                const struct pt_colmap *map, size_t batch, uint64_t fail_at, long slow_ns,
                struct outcome *out)
{
    FILE *rows = open_memstream(&out->rows, &out->rows_len);
    FILE *rejects = open_memstream(&out->rejects, &out->rejects_len);
    assert_non_null(rows);
    assert_non_null(rejects);
    struct pt_error err;
    struct slow_consumer sc = {{NULL, fail_at, 0}, slow_ns};
    struct pt_quarantine q;
    struct pt_loan_options opt;
    memset(&opt, 0, sizeof opt);
    memset(&out->acc, 0, sizeof out->acc);
    memset(&out->stats, 0, sizeof out->stats);
    opt.map = map;
    pt_quarantine_init(&q, rejects);
    assert_int_equal(pt_loan_ids_create(&opt.ids, &err), PT_OK);
    assert_int_equal(pt_loan_table_begin(&sc.c.table, rows, PT_TABLE_CSV, &err), PT_OK);
    struct pt_loan_sink sink = {keep, use, &sc.c, batch};
    if (slow_ns > 0) {
        sink.use = use_slowly;
        sink.ctx = &sc;
    }
    out->rc = PT_OK;
    for (size_t i = 0; i < n && out->rc == PT_OK; i++) {
        FILE *in = fopen(paths[i], "rb");
        assert_non_null(in);
        struct pt_loan_stats st;
        out->rc = batch == 0 ? pt_loans_load(in, names[i], &opt, &q, &out->acc, sequential_fn,
                                             &sc.c, &st, &err)
                             : pt_loans_load_piped(in, names[i], &opt, &q, &out->acc, &sink,
                                                   &st, &err);
        fclose(in);
        out->stats.rate_checked += st.rate_checked;
        out->stats.rate_disagreed += st.rate_disagreed;
        out->stats.money_rounded += st.money_rounded;
        out->stats.format = st.format;
        out->stats.layout = st.layout;
    }
    memcpy(out->msg, out->rc == PT_OK ? "" : err.msg,
           out->rc == PT_OK ? 1 : sizeof out->msg);
    if (out->rc == PT_OK)
        assert_int_equal(pt_loan_table_end(sc.c.table, &err), PT_OK);
    else
        pt_loan_table_abort(sc.c.table);
    pt_loan_ids_destroy(opt.ids);
    fclose(rows);
    fclose(rejects);
}

static void outcome_free(struct outcome *o)
{
    free(o->rows);
    free(o->rejects);
}

static void assert_same(const struct outcome *a, const struct outcome *b, size_t batch)
{
    if (a->rows_len != b->rows_len || memcmp(a->rows, b->rows, a->rows_len) != 0 ||
        a->rejects_len != b->rejects_len ||
        memcmp(a->rejects, b->rejects, a->rejects_len) != 0)
        fail_msg("batch %zu: output differs (rows %zu vs %zu bytes, rejects %zu vs %zu)", batch,
                 a->rows_len, b->rows_len, a->rejects_len, b->rejects_len);
    assert_memory_equal(&a->acc, &b->acc, sizeof a->acc);
    assert_memory_equal(&a->stats, &b->stats, sizeof a->stats);
    assert_int_equal(a->rc, b->rc);
    assert_string_equal(a->msg, b->msg);
}

static size_t count_lines(const char *s, size_t len)
{
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += s[i] == '\n';
    return lines;
}

/* Sequential against piped at every batch size. Returns the rows found
 * (header included), and the rejects lines in *rejects if not NULL. */
static size_t check_files_r(const char *const *paths, const char *const *names, size_t n,
                            const struct pt_colmap *map, size_t *rejects)
{
    static const size_t batches[] = {1, 2, 3, 7, 0 /* = PT_LOAN_BATCH_DEFAULT */};
    struct outcome seq;
    memset(&seq, 0, sizeof seq);
    run(paths, names, n, map, 0, 0, 0, &seq);
    assert_int_equal(seq.rc, PT_OK);
    for (size_t k = 0; k < sizeof batches / sizeof batches[0]; k++) {
        struct outcome par;
        memset(&par, 0, sizeof par);
        run(paths, names, n, map, batches[k] ? batches[k] : PT_LOAN_BATCH_DEFAULT, 0, 0, &par);
        assert_same(&seq, &par, batches[k]);
        outcome_free(&par);
    }
    size_t lines = count_lines(seq.rows, seq.rows_len);
    if (rejects != NULL)
        *rejects = count_lines(seq.rejects, seq.rejects_len);
    outcome_free(&seq);
    return lines;
}

static size_t check_files(const char *const *paths, const char *const *names, size_t n,
                          const struct pt_colmap *map)
{
    return check_files_r(paths, names, n, map, NULL);
}

static size_t check_file(const char *rel)
{
    const char *path = pt_test_path(rel);
    return check_files(&path, &rel, 1, NULL);
}

static void test_fixtures_piped_equal_sequential(void **state)
{
    (void)state;
    static const char *const files[] = {
        "tests/data/loans/offers_small.csv", "tests/data/loans/flows_small.csv",
        "tests/data/loans/lc_loanstats.csv", "tests/data/loans/prosper_small.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        assert_true(check_file(files[i]) > 1);
}

static void test_real_extracts_piped_equal_sequential(void **state)
{
    (void)state;
    assert_true(check_file("datasets/cn_installment_offers.csv") > 1);
    assert_true(check_file("datasets/prosper_loans_a.csv") > 1000);
    assert_true(check_file("datasets/lendingclub_2007_2008_kuhnrl30.csv") > 100);
    assert_true(check_file("datasets/lendingclub_loansData_2500.csv") > 1000);
}

static void test_mapped_piped_equal_sequential(void **state)
{
    (void)state;
    struct pt_colmap map;
    struct pt_error err;
    memset(&map, 0, sizeof map);
    FILE *mf = fopen(pt_test_path("tests/data/loans/mapped_small_map.csv"), "rb");
    assert_non_null(mf);
    assert_int_equal(pt_colmap_load(&map, mf, "mapped_small_map.csv", &err), PT_OK);
    fclose(mf);
    const char *name = "tests/data/loans/mapped_small.csv";
    const char *path = pt_test_path(name);
    assert_true(check_files(&path, &name, 1, &map) > 1);
    pt_colmap_free(&map);
}

/* Generated offers: rows whose rate is deferred and rows solved inline
 * (term > 120, zero cost, no rate), duplicates near and far (across batch
 * boundaries), bad values and malformed records, filtered platforms. */
static void write_offers(const char *path, unsigned seed, size_t n)
{
    static const char *const methods[] = {"annuity", "equal-principal", "flat",
                                          "interest-only", "bullet", "annuity"};
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("loan_id,platform,product,date,currency,principal,term,rate,method,frequency,"
          "upfront_fee,periodic_fee,fee_rate,final_fee,advertised_rate,advertised_basis,"
          "source\n", f);
    uint64_t x = seed;
    for (size_t i = 0; i < n; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(x >> 33);
        unsigned kind = r % 40;
        unsigned principal = 500 + r % 50000, term = 1 + (r >> 8) % 36;
        unsigned rate_bp = 30 + (r >> 4) % 300;
        const char *method = methods[(r >> 12) % 6];
        char id[32];
        snprintf(id, sizeof id, "g%zu", kind == 1 ? i / 2 : kind == 2 ? i % 17 : i);
        if (kind == 3)
            snprintf(id, sizeof id, "g%zu", i > 5 ? i - 5 : i);
        if (kind == 4) { /* inline: a long term */
            term = 121 + r % 300;
        } else if (kind == 5) { /* inline: zero cost */
            fprintf(f, "%s,plat%02u,cash,2021-03-04,CNY,%u,%u,0,annuity,monthly,,,,,,,gen\n",
                    id, r % 12, principal, term);
            continue;
        } else if (kind == 6) { /* no rate: a bullet costing too much */
            fprintf(f, "%s,plat%02u,cash,2021-03-04,CNY,%u,1,1000,bullet,monthly,%u,,,,,,gen\n",
                    id, r % 12, principal, principal / 2);
            continue;
        } else if (kind == 7) { /* bad values and malformed records */
            static const char *const bad[] = {
                "x%zu,p,cash,2021-13-01,CNY,100,3,0.01,annuity,monthly,,,,,,,gen\n",
                "x%zu,p,cash,2021-01-01,CNY,abc,3,0.01,annuity,monthly,,,,,,,gen\n",
                "x%zu,p,cash,2021-01-01,CNY,100,3,0.01,balloon,monthly,,,,,,,gen\n",
                "x%zu,p,cash,2021-01-01,CNY,100,3,0.01,annuity,monthly,100,,,,,,gen\n",
                "x%zu,p,cash,2021-01-01,CNY,100,3,0.01,annuity,monthly,,,,,0.02,week,gen\n",
                "x%zu,p,\"cash\"x,2021-01-01,CNY,100,3,0.01,annuity,monthly,,,,,,,gen\n",
                "x%zu,p,cash,2021-01-01\n",
                "\n"};
            fprintf(f, bad[(r >> 16) % 8], i);
            continue;
        }
        int fee = (r >> 20) % 3 == 0;
        fprintf(f, "%s,plat%02u,%s,%04u-%02u-%02u,%s,%u,%u,%u.%04u,%s,%s,%s,%s,%s,%s,%s,%s,gen\n",
                id, r % 12, (r >> 3) % 2 ? "cash" : "phone", 2005 + (r >> 5) % 20,
                1 + (r >> 9) % 12, 1 + (r >> 13) % 28, (r >> 7) % 5 ? "CNY" : "",
                principal, term, 0, rate_bp, method, (r >> 14) % 4 ? "monthly" : "weekly",
                fee ? "25" : "", fee ? "3.50" : "", (r >> 22) % 5 ? "" : "0.002",
                (r >> 23) % 7 ? "" : "10", (r >> 24) % 3 ? "0.02" : "",
                (r >> 24) % 3 ? ((r >> 25) % 2 ? "month" : "year") : "");
    }
    fclose(f);
}

static void test_generated_offers_piped_equal_sequential(void **state)
{
    (void)state;
    char a[] = "/tmp/pt_pipe_a_XXXXXX", b[] = "/tmp/pt_pipe_b_XXXXXX";
    int fa = mkstemp(a), fb = mkstemp(b);
    assert_true(fa >= 0 && fb >= 0);
    write_offers(a, 7, 3000);
    write_offers(b, 7, 500); /* the same ids again: duplicates of the first file */
    const char *paths[] = {a, b};
    const char *names[] = {"a.csv", "b.csv"};
    size_t rejects = 0;
    assert_true(check_files_r(paths, names, 1, NULL, &rejects) > 1000);
    assert_true(rejects > 100);
    assert_true(check_files_r(paths, names, 2, NULL, &rejects) > 1000);
    assert_true(rejects > 600); /* the second file repeats ids of the first */
    remove(a);
    remove(b);
}

/* A consumer slower than the reading thread: the worker falls behind, so
 * the reading thread solves deferred offers itself (loan_pipe.c), more of
 * them the longer the worker lags; which thread solved a rate must not
 * change a byte. */
static void test_slow_consumer_piped_equal_sequential(void **state)
{
    (void)state;
    char a[] = "/tmp/pt_pipe_s_XXXXXX";
    int fa = mkstemp(a);
    assert_true(fa >= 0);
    write_offers(a, 11, 2000);
    const char *name = "s.csv";
    const char *path = a;
    struct outcome seq;
    memset(&seq, 0, sizeof seq);
    run(&path, &name, 1, NULL, 0, 0, 0, &seq);
    assert_int_equal(seq.rc, PT_OK);
    static const size_t batches[] = {2, 16};
    for (size_t k = 0; k < sizeof batches / sizeof batches[0]; k++) {
        struct outcome par;
        memset(&par, 0, sizeof par);
        run(&path, &name, 1, NULL, batches[k], 0, 20000, &par);
        assert_same(&seq, &par, batches[k]);
        outcome_free(&par);
    }
    outcome_free(&seq);
    remove(a);
}

/* The pipe on its own: loans whose paths change mid-batch (slots are
 * reused with another path, and again with the first one, and "") reach
 * use() with their own path and line, in push order. */
struct path_log {
    char paths[40][16];
    uint64_t lines[40];
    size_t n;
};

static enum pt_code log_path(void *ctx, const struct pt_loan *loan, struct pt_error *err)
{
    (void)err;
    struct path_log *log = ctx;
    assert_true(log->n < 40 && strlen(loan->loc.path) < 16);
    strcpy(log->paths[log->n], loan->loc.path);
    log->lines[log->n++] = loan->loc.line;
    return PT_OK;
}

static void test_pipe_keeps_each_loans_path(void **state)
{
    (void)state;
    static const char *const paths[] = {"a.csv", "a.csv", "a.csv", "b.csv", "b.csv", "a.csv",
                                        "a.csv", "a.csv", "a.csv", "a.csv", "",      "",
                                        "c",     "a.csv", "c",     "c",     "c",     "b.csv",
                                        "b.csv", "b.csv", "b.csv", "b.csv", "a.csv"};
    const size_t n = sizeof paths / sizeof paths[0];
    struct path_log log;
    struct pt_lpr_table lpr;
    struct pt_error err;
    struct pt_loan_pipe *p = NULL;
    memset(&log, 0, sizeof log);
    assert_int_equal(pt_lpr_table_builtin(&lpr, &err), PT_OK);
    struct pt_loan_sink sink = {NULL, log_path, &log, 3};
    assert_int_equal(pt_loan_pipe_create(&p, &sink, &lpr, &err), PT_OK);
    for (size_t i = 0; i < n; i++) {
        struct pt_loan loan;
        pt_loan_clear(&loan);
        pt_loc_set(&loan.loc, paths[i], 100 + i, 0);
        assert_int_equal(pt_loan_pipe_push(p, &loan, NULL, 1, &err), PT_OK);
    }
    assert_int_equal(pt_loan_pipe_finish(p, &err), PT_OK);
    pt_loan_pipe_destroy(p);
    assert_int_equal(log.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(log.paths[i], paths[i]);
        assert_int_equal(log.lines[i], 100 + i);
    }
}

/* A consumer error stops the piped load with the consumer's code and
 * message, whichever batch it happens in. */
static void test_consumer_error_stops_piped_load(void **state)
{
    (void)state;
    const char *name = "datasets/prosper_loans_a.csv";
    const char *path = pt_test_path(name);
    static const size_t batches[] = {1, 7, 4096};
    for (size_t k = 0; k < sizeof batches / sizeof batches[0]; k++) {
        struct outcome o;
        memset(&o, 0, sizeof o);
        run(&path, &name, 1, NULL, batches[k], 100, 0, &o);
        assert_int_equal(o.rc, PT_EIO);
        assert_string_equal(o.msg, "test: write error at loan 100");
        outcome_free(&o);
    }
}

/* Fails allocation N (on either thread: the worker allocates in the table
 * writer) for every N up to a clean run's count: each load ends in PT_OK
 * with the sequential output, or in a clean PT_ENOMEM; never a crash, a
 * hang or a leak (ASan reports leaks at exit). */
static void test_every_allocation_failure_is_enomem(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/data/loans/offers_small.csv",
                                        "tests/data/loans/prosper_small.csv",
                                        "tests/data/loans/flows_small.csv"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        const char *path = pt_test_path(files[f]);
        struct outcome seq;
        memset(&seq, 0, sizeof seq);
        run(&path, &files[f], 1, NULL, 0, 0, 0, &seq);
        unsigned long total = 0, n_enomem = 0;
        /* n = 0: a clean run, counting the allocations. */
        for (unsigned long n = 0; n == 0 || n <= total + 2; n++) {
            char *text = NULL;
            size_t len = 0;
            FILE *rows = open_memstream(&text, &len);
            assert_non_null(rows);
            struct pt_error err;
            struct consumer c = {NULL, 0, 0};
            struct pt_quarantine q;
            struct pt_accounting acc;
            struct pt_loan_stats st;
            struct pt_loan_options opt;
            memset(&opt, 0, sizeof opt);
            memset(&acc, 0, sizeof acc);
            pt_quarantine_init(&q, NULL);
            assert_int_equal(pt_loan_ids_create(&opt.ids, &err), PT_OK);
            assert_int_equal(pt_loan_table_begin(&c.table, rows, PT_TABLE_CSV, &err), PT_OK);
            struct pt_loan_sink sink = {keep, use, &c, 3};
            FILE *in = fopen(path, "rb");
            assert_non_null(in);
            pt_alloc_fail_at(n);
            enum pt_code rc = pt_loans_load_piped(in, files[f], &opt, &q, &acc, &sink, &st, &err);
            if (n == 0)
                total = pt_alloc_count();
            pt_alloc_fail_at(0);
            fclose(in);
            if (rc == PT_OK)
                assert_int_equal(pt_loan_table_end(c.table, &err), PT_OK);
            else
                pt_loan_table_abort(c.table);
            pt_loan_ids_destroy(opt.ids);
            fclose(rows);
            if (rc != PT_OK)
                assert_int_equal(rc, PT_ENOMEM);
            else if (len != seq.rows_len || memcmp(text, seq.rows, len) != 0)
                fail_msg("%s: allocation %lu failed quietly and changed the output", files[f],
                         n);
            n_enomem += rc == PT_ENOMEM;
            free(text);
        }
        print_message("%s: %lu allocations, %lu failures reported\n", files[f], total,
                      n_enomem);
        assert_true(n_enomem > 0);
        outcome_free(&seq);
    }
}

/* Progress (loan.h opt.progress): the reading thread's bytes, from 0 to
 * the file's size, never down, the calls on the reading thread only. */
struct seen {
    pthread_t reader;
    uint64_t first_done, first_total, last, total;
    size_t n;
    int went_down, other_thread;
};

static void seen_cb(void *ctx, uint64_t done, uint64_t total)
{
    struct seen *s = ctx;
    if (s->n++ == 0) {
        s->first_done = done;
        s->first_total = total;
    }
    s->went_down |= done < s->last;
    s->other_thread |= !pthread_equal(pthread_self(), s->reader);
    s->last = done;
    s->total = total;
}

static void test_progress_counts_the_reading_threads_bytes(void **state)
{
    (void)state;
    static const char *const files[] = {"datasets/lendingclub_2007_2008_kuhnrl30.csv",
                                        "datasets/prosper_loans_a.csv"};
    for (size_t f = 0; f < 2; f++)
        for (int piped = 0; piped < 2; piped++) {
            struct seen s;
            memset(&s, 0, sizeof s);
            s.reader = pthread_self();
            struct pt_error err;
            struct consumer c = {NULL, 0, 0};
            struct pt_quarantine q;
            struct pt_accounting acc;
            struct pt_loan_stats st;
            struct pt_loan_options opt;
            memset(&opt, 0, sizeof opt);
            memset(&acc, 0, sizeof acc);
            opt.progress.fn = seen_cb;
            opt.progress.ctx = &s;
            pt_quarantine_init(&q, NULL);
            FILE *rows = fopen("/dev/null", "w");
            assert_non_null(rows);
            assert_int_equal(pt_loan_table_begin(&c.table, rows, PT_TABLE_CSV, &err), PT_OK);
            struct pt_loan_sink sink = {keep, use, &c, 0};
            FILE *in = fopen(pt_test_path(files[f]), "rb");
            assert_non_null(in);
            fseek(in, 0, SEEK_END);
            uint64_t size = (uint64_t)ftell(in);
            rewind(in);
            enum pt_code rc =
                piped ? pt_loans_load_piped(in, files[f], &opt, &q, &acc, &sink, &st, &err)
                      : pt_loans_load(in, files[f], &opt, &q, &acc, sequential_fn, &c, &st, &err);
            assert_int_equal(rc, PT_OK);
            assert_int_equal(pt_loan_table_end(c.table, &err), PT_OK);
            fclose(in);
            fclose(rows);
            if (s.first_done != 0 || s.first_total != size || s.last != size ||
                s.total != size || s.went_down || s.other_thread || s.n < 3)
                fail_msg("%s, piped %d: first %llu/%llu, last %llu/%llu of %llu in %zu calls%s%s",
                         files[f], piped, (unsigned long long)s.first_done,
                         (unsigned long long)s.first_total, (unsigned long long)s.last,
                         (unsigned long long)s.total, (unsigned long long)size, s.n,
                         s.went_down ? ", went down" : "",
                         s.other_thread ? ", called on the worker" : "");
        }
}

/* pt_offer_solvable: the conditions schedule.h states, and each offer it
 * vouches for does solve. */
static void test_offer_solvable_conditions(void **state)
{
    (void)state;
    struct pt_offer o;
    memset(&o, 0, sizeof o);
    o.method = PT_METHOD_ANNUITY;
    o.term = 12;
    o.periods_per_year = 12;
    o.minor_digits = 2;
    o.principal_minor = 1000000;
    o.rate.units = 15;
    o.rate.scale = 3;
    assert_true(pt_offer_solvable(&o));
    o.term = 121;
    assert_false(pt_offer_solvable(&o)); /* long term: solved first */
    o.term = 12;
    o.rate.units = 0;
    assert_false(pt_offer_solvable(&o)); /* zero cost: the root sits on 0 */
    o.method = PT_METHOD_BULLET;
    o.term = 1;
    o.rate.units = 1000;
    o.rate.scale = 0;
    assert_false(pt_offer_solvable(&o)); /* repays 1001 x: beyond the 100 x bound */
    struct pt_offer_result res;
    struct pt_error err;
    for (int m = PT_METHOD_ANNUITY; m <= PT_METHOD_BULLET; m++)
        for (int n = 1; n <= 120; n += 7)
            for (int bp = 1; bp < 5000; bp += 97) {
                o.method = (enum pt_method)m;
                o.term = n;
                o.rate.units = bp;
                o.rate.scale = 4;
                o.upfront_fee_minor = bp % 3 ? 0 : o.principal_minor / 20;
                if (pt_offer_solvable(&o))
                    assert_int_equal(pt_offer_evaluate(&o, 0, NULL, &res, &err), PT_OK);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_piped_equal_sequential),
        cmocka_unit_test(test_real_extracts_piped_equal_sequential),
        cmocka_unit_test(test_mapped_piped_equal_sequential),
        cmocka_unit_test(test_generated_offers_piped_equal_sequential),
        cmocka_unit_test(test_slow_consumer_piped_equal_sequential),
        cmocka_unit_test(test_pipe_keeps_each_loans_path),
        cmocka_unit_test(test_consumer_error_stops_piped_load),
        cmocka_unit_test(test_every_allocation_failure_is_enomem),
        cmocka_unit_test(test_progress_counts_the_reading_threads_bytes),
        cmocka_unit_test(test_offer_solvable_conditions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

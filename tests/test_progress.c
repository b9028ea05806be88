/* test_progress.c: the meter every reader of one input adds to
 * (progress.h): sums, the cap at the total, the start call, two threads
 * adding at once (never two in the callback, never a smaller number than
 * the last one reported), and the total of an input. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit/progress.h"
#include "tests/helpers.h"

#define MAX_CALLS 64

struct calls {
    uint64_t done[MAX_CALLS], total[MAX_CALLS];
    size_t n;
};

static void record(void *ctx, uint64_t done, uint64_t total)
{
    struct calls *c = ctx;
    if (c->n < MAX_CALLS) {
        c->done[c->n] = done;
        c->total[c->n] = total;
    }
    c->n++;
}

static void test_meter_starts_at_zero_sums_and_caps(void **state)
{
    (void)state;
    struct calls c;
    memset(&c, 0, sizeof c);
    struct pt_progress to = {record, &c};
    struct pt_progress_meter m;
    pt_progress_meter_init(&m, &to, 1000);
    pt_progress_meter_add(&m, 300);
    pt_progress_meter_add(&m, 400);
    pt_progress_meter_add(&m, 500);   /* 1200 > 1000: a reader overran (split fallback) */
    assert_int_equal(c.n, 4);
    static const uint64_t want[] = {0, 300, 700, 1000};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(c.done[i], want[i]);
        assert_int_equal(c.total[i], 1000);
    }
    assert_int_equal(pt_progress_meter_done(&m), 1000);
}

static void test_unknown_total_is_not_capped(void **state)
{
    (void)state;
    struct calls c;
    memset(&c, 0, sizeof c);
    struct pt_progress to = {record, &c};
    struct pt_progress_meter m;
    pt_progress_meter_init(&m, &to, 0);
    pt_progress_meter_add(&m, 5000000);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.done[1], 5000000);
    assert_int_equal(c.total[1], 0);
}

static void test_meter_without_callback_only_counts(void **state)
{
    (void)state;
    struct pt_progress_meter m;
    struct pt_progress none = {NULL, NULL};
    pt_progress_meter_init(&m, NULL, 10);
    pt_progress_meter_add(&m, 4);
    assert_int_equal(pt_progress_meter_done(&m), 4);
    pt_progress_meter_init(&m, &none, 0);
    pt_progress_meter_add(&m, 7);
    assert_int_equal(pt_progress_meter_done(&m), 7);
}

/* Two readers of one input, as the complaint split runs them. */
#define BLOCKS 20000
#define BLOCK (1u << 20)

struct watch {
    atomic_int inside;       /* threads in the callback now */
    int overlaps;            /* times a second one came in (must stay 0) */
    uint64_t last;           /* the last sum shown; read under the meter's flag */
    int went_down;
    uint64_t n_calls;
};

static void watch_cb(void *ctx, uint64_t done, uint64_t total)
{
    struct watch *w = ctx;
    (void)total;
    if (atomic_fetch_add(&w->inside, 1) != 0)
        w->overlaps++;
    if (done < w->last)
        w->went_down = 1;
    w->last = done;
    w->n_calls++;
    for (volatile int i = 0; i < 200; i++) {
    }   /* a window for the other thread to try */
    atomic_fetch_sub(&w->inside, 1);
}

static pthread_barrier_t both_ready;

static void *reader(void *arg)
{
    struct pt_progress_meter *m = arg;
    pthread_barrier_wait(&both_ready);
    for (int i = 0; i < BLOCKS; i++)
        pt_progress_meter_add(m, BLOCK);
    return NULL;
}

static void test_two_threads_sum_one_at_a_time(void **state)
{
    (void)state;
    struct watch w;
    memset(&w, 0, sizeof w);
    atomic_init(&w.inside, 0);
    struct pt_progress to = {watch_cb, &w};
    struct pt_progress_meter m;
    pt_progress_meter_init(&m, &to, 0);
    pthread_t t;
    assert_int_equal(pthread_barrier_init(&both_ready, NULL, 2), 0);
    assert_int_equal(pthread_create(&t, NULL, reader, &m), 0);
    reader(&m);
    pthread_join(t, NULL);
    pthread_barrier_destroy(&both_ready);
    assert_int_equal(pt_progress_meter_done(&m), 2ull * BLOCKS * BLOCK);
    assert_int_equal(w.overlaps, 0);
    assert_false(w.went_down);
    /* A thread that finds the other in the callback leaves the call to it
     * (about half of them do, measured); the last sum is always shown. */
    assert_true(w.n_calls >= 2 && w.n_calls <= 2 * BLOCKS + 1);
    assert_int_equal(w.last, 2ull * BLOCKS * BLOCK);
}

static void test_input_size_is_what_is_left_of_a_regular_file(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    char buf[1000];
    memset(buf, 'x', sizeof buf);
    assert_int_equal(fwrite(buf, 1, sizeof buf, f), sizeof buf);
    fflush(f);
    rewind(f);
    assert_int_equal(pt_progress_input_size(f), 1000);
    assert_int_equal(fseek(f, 100, SEEK_SET), 0);
    assert_int_equal(pt_progress_input_size(f), 900);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    assert_int_equal(pt_progress_input_size(f), 0);
    fclose(f);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    FILE *p = fdopen(fds[0], "rb");
    assert_non_null(p);
    assert_int_equal(pt_progress_input_size(p), 0);   /* a pipe: unknown */
    fclose(p);
    close(fds[1]);
    FILE *mem = fmemopen(buf, sizeof buf, "rb");       /* no descriptor, as the hashing tee */
    assert_non_null(mem);
    assert_int_equal(pt_progress_input_size(mem), 0);
    fclose(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meter_starts_at_zero_sums_and_caps),
        cmocka_unit_test(test_unknown_total_is_not_capped),
        cmocka_unit_test(test_meter_without_callback_only_counts),
        cmocka_unit_test(test_two_threads_sum_one_at_a_time),
        cmocka_unit_test(test_input_size_is_what_is_left_of_a_regular_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

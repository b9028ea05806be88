/* test_counts32.c: the flat id -> count map against a plain array.
 *
 * 200,000 random additions over ids drawn from a few small and a few huge
 * values (so the table grows through many sizes and probes wrap around);
 * every count is then compared with a reference array and the entries
 * are counted; plus the documented edges: UINT32_MAX is refused, and a
 * count that would pass UINT32_MAX is refused without changing the table.
 * The same for pt_counts32x (dense below 256, the map above), whose
 * iteration must give each id with a count exactly once. */
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/counts32.h"
#include "tests/helpers.h"

static uint64_t lookup(const struct pt_counts32 *t, uint32_t key)
{
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->slots[i].key_plus1 == key + 1)
            return t->slots[i].n;
    return 0;
}

static void test_matches_a_plain_array(void **state)
{
    (void)state;
    enum { SMALL = 3000 };
    static uint32_t ref[SMALL];
    uint32_t big_keys[4] = {UINT32_MAX - 1, 1u << 31, 123456789u, 4000000000u};
    uint64_t big_ref[4] = {0, 0, 0, 0};
    memset(ref, 0, sizeof ref);
    struct pt_counts32 t = {0};
    srand(7);
    for (int i = 0; i < 200000; i++) {
        int r = rand();
        uint32_t n = (uint32_t)(r % 3) + 1;
        if (r % 50 == 0) {
            int k = (r / 50) % 4;
            assert_int_equal(pt_counts32_add(&t, big_keys[k], n), 0);
            big_ref[k] += n;
        } else {
            uint32_t key = (uint32_t)((r / 3) % SMALL);
            assert_int_equal(pt_counts32_add(&t, key, n), 0);
            ref[key] += n;
        }
        assert_true(4 * (uint64_t)t.used <= 3 * (uint64_t)t.cap);
    }
    uint32_t distinct = 0;
    for (uint32_t k = 0; k < SMALL; k++) {
        assert_int_equal(lookup(&t, k), ref[k]);
        distinct += ref[k] != 0;
    }
    for (int k = 0; k < 4; k++) {
        assert_int_equal(lookup(&t, big_keys[k]), big_ref[k]);
        distinct += big_ref[k] != 0;
    }
    assert_int_equal(t.used, distinct);
    pt_counts32_free(&t);
    assert_null(t.slots);
}

static void test_edges(void **state)
{
    (void)state;
    struct pt_counts32 t = {0};
    assert_int_equal(pt_counts32_add(&t, UINT32_MAX, 1), -1);
    assert_int_equal(pt_counts32_add(&t, 5, UINT32_MAX - 1), 0);
    assert_int_equal(pt_counts32_add(&t, 5, 1), 0);            /* exactly UINT32_MAX */
    assert_int_equal(pt_counts32_add(&t, 5, 1), -2);           /* one past: refused */
    assert_int_equal(pt_counts32_add(&t, 6, (uint64_t)UINT32_MAX + 1), -2);
    assert_int_equal(lookup(&t, 5), UINT32_MAX);
    assert_int_equal(lookup(&t, 6), 0);
    assert_int_equal(t.used, 1);
    pt_alloc_fail_at(1);                                          /* the first growth fails */
    struct pt_counts32 u = {0};
    assert_int_equal(pt_counts32_add(&u, 1, 1), -1);
    pt_alloc_fail_at(0);
    assert_int_equal(u.used, 0);
    pt_counts32_free(&t);
    pt_counts32_free(&u);
}

static void test_x_matches_a_plain_array_and_visits_each_id_once(void **state)
{
    (void)state;
    enum { SMALL = 700 };   /* ids 0..255 dense, 256..699 in the map */
    static uint32_t ref[SMALL];
    static unsigned char visited[SMALL];
    memset(ref, 0, sizeof ref);
    memset(visited, 0, sizeof visited);
    struct pt_counts32x t = {0};
    srand(11);
    for (int i = 0; i < 100000; i++) {
        int r = rand();
        uint32_t key = (uint32_t)(r % 7 == 0 ? (r / 7) % SMALL : (r / 7) % 40);
        uint32_t n = (uint32_t)(r % 3) + 1;
        assert_int_equal(pt_counts32x_add(&t, key, n), 0);
        ref[key] += n;
    }
    assert_true(t.n_low <= PT_COUNTS32X_DENSE && t.n_low % 16 == 0);
    uint64_t pos = 0;
    uint32_t key, n, distinct = 0, visits = 0;
    while (pt_counts32x_next(&t, &pos, &key, &n)) {
        assert_true(key < SMALL);
        assert_int_equal(visited[key], 0);
        visited[key] = 1;
        assert_int_equal(n, ref[key]);
        visits++;
    }
    for (uint32_t k = 0; k < SMALL; k++)
        distinct += ref[k] != 0;
    assert_int_equal(visits, distinct);
    assert_true(distinct > 256);   /* both stores were used */
    pt_counts32x_free(&t);
    assert_null(t.low);
    pos = 0;
    assert_int_equal(pt_counts32x_next(&t, &pos, &key, &n), 0);
}

static void test_x_edges(void **state)
{
    (void)state;
    struct pt_counts32x t = {0};
    assert_int_equal(pt_counts32x_add(&t, UINT32_MAX, 1), -1);
    assert_int_equal(pt_counts32x_add(&t, 3, UINT32_MAX), 0);
    assert_int_equal(pt_counts32x_add(&t, 3, 1), -2);             /* one past: refused */
    assert_int_equal(pt_counts32x_add(&t, 4, (uint64_t)UINT32_MAX + 1), -2);
    assert_int_equal(t.n_low, 16);                                 /* ids 0..15 */
    assert_int_equal(t.low[3], UINT32_MAX);
    assert_int_equal(t.low[4], 0);
    pt_alloc_fail_at(1);                                           /* growing to id 40 fails */
    assert_int_equal(pt_counts32x_add(&t, 40, 1), -1);
    pt_alloc_fail_at(0);
    assert_int_equal(t.n_low, 16);                                 /* unchanged */
    assert_int_equal(pt_counts32x_add(&t, 40, 2), 0);
    assert_int_equal(t.n_low, 48);
    uint64_t pos = 0;
    uint32_t key, n;
    assert_int_equal(pt_counts32x_next(&t, &pos, &key, &n), 1);
    assert_int_equal(key, 3);
    assert_int_equal(pt_counts32x_next(&t, &pos, &key, &n), 1);
    assert_int_equal(key, 40);
    assert_int_equal(n, 2);
    assert_int_equal(pt_counts32x_next(&t, &pos, &key, &n), 0);
    pt_counts32x_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_a_plain_array),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_x_matches_a_plain_array_and_visits_each_id_once),
        cmocka_unit_test(test_x_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

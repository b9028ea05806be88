/* test_suppress.c: primary and complementary suppression, cases worked by
 * hand in the comments (N = --min-cell). */
#include <string.h>

#include "audit/suppress.h"
#include "tests/helpers.h"

/* One group (a column with its total). N = 10.
 * counts 50, 3, 20, 12: 3 < 10 hidden; alone in the group, so 50+3+20+12
 * = 85 minus the visible 82 would give it: hide the smallest visible, 12.
 * An attacker now knows only 3 + 12 = 15. */
static void test_single_hidden_cell_gets_a_complement(void **state)
{
    (void)state;
    const int64_t counts[] = {50, 3, 20, 12};
    const size_t all[] = {0, 1, 2, 3};
    struct pt_suppress_group g = {all, 4, 0};
    unsigned char hidden[4];
    assert_int_equal(pt_suppress(counts, 4, 10, &g, 1, hidden), 2);
    const unsigned char want[] = {0, 1, 0, 1};
    assert_memory_equal(hidden, want, 4);
    assert_int_equal(g.total_hidden, 0);
}

/* Two small cells already protect each other: 5, 7 hidden, nothing more. */
static void test_two_hidden_cells_need_nothing_more(void **state)
{
    (void)state;
    const int64_t counts[] = {5, 40, 7};
    const size_t all[] = {0, 1, 2};
    struct pt_suppress_group g = {all, 3, 0};
    unsigned char hidden[3];
    assert_int_equal(pt_suppress(counts, 3, 10, &g, 1, hidden), 2);
    const unsigned char want[] = {1, 0, 1};
    assert_memory_equal(hidden, want, 3);
}

/* A 2 x 3 table with row and column totals (company x month):
 *        m1  m2  m3
 *   A    30   4  25
 *   B    20  15  40
 * Primary: A/m2 (4). Row A: complement = smallest visible of {30, 25} = 25
 * (A/m3). Column m2: {4 hidden, 15}: hide B/m2 (15). Column m3: {25 hidden,
 * 40}: hide B/m3 (40). Row B: {20, 15 h, 40 h}: two hidden, fine.
 * Column m1 has none hidden. Result: A/m2, A/m3, B/m2, B/m3 hidden; every
 * row and column holds 0 or >= 2 hidden cells. */
static void test_row_and_column_totals_cascade(void **state)
{
    (void)state;
    const int64_t counts[] = {30, 4, 25, 20, 15, 40};
    const size_t row_a[] = {0, 1, 2}, row_b[] = {3, 4, 5};
    const size_t m1[] = {0, 3}, m2[] = {1, 4}, m3[] = {2, 5};
    struct pt_suppress_group g[] = {{row_a, 3, 0}, {row_b, 3, 0}, {m1, 2, 0}, {m2, 2, 0},
                                    {m3, 2, 0}};
    unsigned char hidden[6];
    assert_int_equal(pt_suppress(counts, 6, 10, g, 5, hidden), 4);
    const unsigned char want[] = {0, 1, 1, 0, 1, 1};
    assert_memory_equal(hidden, want, 6);
}

/* A group of one: the total equals the cell, so the total is hidden. */
static void test_group_of_one_hides_its_total(void **state)
{
    (void)state;
    const int64_t counts[] = {2};
    const size_t one[] = {0};
    struct pt_suppress_group g = {one, 1, 0};
    unsigned char hidden[1];
    assert_int_equal(pt_suppress(counts, 1, 10, &g, 1, hidden), 1);
    assert_int_equal(g.total_hidden, 1);
}

/* min_cell 0 (or 1 with no zeros) hides nothing; ties pick the lowest index. */
static void test_threshold_edges_and_ties(void **state)
{
    (void)state;
    const int64_t counts[] = {9, 10, 12, 12};
    const size_t all[] = {0, 1, 2, 3};
    struct pt_suppress_group g = {all, 4, 0};
    unsigned char hidden[4];
    assert_int_equal(pt_suppress(counts, 4, 0, &g, 1, hidden), 0);
    /* N = 10: 9 hidden (below), 10 is not below; complement = 10 (index 1). */
    assert_int_equal(pt_suppress(counts, 4, 10, &g, 1, hidden), 2);
    const unsigned char want[] = {1, 1, 0, 0};
    assert_memory_equal(hidden, want, 4);
    /* N = 11: 9, 10 hidden, nothing more. */
    const int64_t c2[] = {12, 9, 12, 10};
    assert_int_equal(pt_suppress(c2, 4, 11, &g, 1, hidden), 2);
    /* Ties: 9 hidden alone, two 12s visible -> index 0 chosen. */
    const int64_t c3[] = {12, 9, 12, 30};
    assert_int_equal(pt_suppress(c3, 4, 10, &g, 1, hidden), 2);
    assert_int_equal(hidden[0], 1);
    assert_int_equal(hidden[2], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_hidden_cell_gets_a_complement),
        cmocka_unit_test(test_two_hidden_cells_need_nothing_more),
        cmocka_unit_test(test_row_and_column_totals_cascade),
        cmocka_unit_test(test_group_of_one_hides_its_total),
        cmocka_unit_test(test_threshold_edges_and_ties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_alloc.c: allocation and fault injection (alloc.h). */
#include <string.h>

#include "audit/alloc.h"
#include "tests/helpers.h"

static void test_fail_at_nth_allocation(void **state)
{
    (void)state;
    pt_alloc_fail_at(2);
    void *a = pt_malloc(8);
    void *b = pt_malloc(8);
    void *c = pt_malloc(8);
    assert_non_null(a);
    assert_null(b);
    assert_non_null(c);
    pt_free(a);
    pt_free(c);
    pt_alloc_fail_at(0);
}

static void test_grow_doubles_and_keeps_buffer_on_failure(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    assert_int_equal(pt_grow((void **)&v, &cap, 20, sizeof *v), 0);
    assert_int_equal(cap, 32);
    v[19] = 7;
    pt_alloc_fail_at(1);
    assert_int_equal(pt_grow((void **)&v, &cap, 100, sizeof *v), -1);
    assert_int_equal(cap, 32);
    assert_int_equal(v[19], 7);
    pt_alloc_fail_at(0);
    assert_int_equal(pt_grow((void **)&v, &cap, (size_t)-1, sizeof *v), -1);
    pt_free(v);
}

static void test_strndup_terminates(void **state)
{
    (void)state;
    char *s = pt_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    pt_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fail_at_nth_allocation),
        cmocka_unit_test(test_grow_doubles_and_keeps_buffer_on_failure),
        cmocka_unit_test(test_strndup_terminates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

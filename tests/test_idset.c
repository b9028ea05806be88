/* test_idset.c: the duplicate-id set (idset.h). Expected results are by
 * construction: ids "id0".."id4999" are distinct strings, so exactly the
 * second insertion of each is a duplicate, reporting the first's place. */
#include <stdio.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/idset.h"
#include "tests/helpers.h"

static void test_duplicates_report_first_occurrence_across_growth(void **state)
{
    (void)state;
    struct pt_idset s;
    struct pt_error err;
    const char *a = "a.csv", *b = "b.csv";
    pt_idset_init(&s);
    char id[32];
    for (int i = 0; i < 5000; i++) {
        const char *fp;
        uint64_t fl;
        snprintf(id, sizeof id, "id%d", i);
        assert_int_equal(pt_idset_add(&s, id, strlen(id), a, (uint64_t)i + 2, &fp, &fl, &err),
                         PT_OK);
        assert_null(fp);
    }
    assert_int_equal(s.n, 5000);
    assert_true(s.cap >= 5000 * 10 / 7);   /* grown from 1024, load <= 0.7 */
    for (int i = 0; i < 5000; i += 7) {
        const char *fp;
        uint64_t fl;
        snprintf(id, sizeof id, "id%d", i);
        assert_int_equal(pt_idset_add(&s, id, strlen(id), b, 1, &fp, &fl, &err), PT_OK);
        assert_ptr_equal(fp, a);
        assert_int_equal(fl, (uint64_t)i + 2);
    }
    assert_int_equal(s.n, 5000);
    /* a prefix or an extension of an id is another id */
    const char *fp;
    uint64_t fl;
    assert_int_equal(pt_idset_add(&s, "id1", 2, b, 9, &fp, &fl, &err), PT_OK);
    assert_null(fp);
    assert_int_equal(pt_idset_add(&s, "", 0, b, 10, &fp, &fl, &err), PT_OK);
    assert_null(fp);
    assert_int_equal(pt_idset_add(&s, "", 0, a, 11, &fp, &fl, &err), PT_OK);
    assert_ptr_equal(fp, b);
    assert_int_equal(fl, 10);
    pt_idset_free(&s);
    pt_idset_free(&s);
}

static void test_growth_failure_is_enomem_and_keeps_the_set(void **state)
{
    (void)state;
    struct pt_idset s;
    struct pt_error err;
    const char *fp;
    uint64_t fl;
    char id[32];
    pt_idset_init(&s);
    pt_alloc_fail_at(1);
    assert_int_equal(pt_idset_add(&s, "x", 1, "f", 1, &fp, &fl, &err), PT_ENOMEM);
    pt_alloc_fail_at(0);
    /* 716 ids fit 1024 slots at load 0.7; the 717th needs a new table */
    for (int i = 0; i < 716; i++) {
        snprintf(id, sizeof id, "k%d", i);
        assert_int_equal(pt_idset_add(&s, id, strlen(id), "f", 1, &fp, &fl, &err), PT_OK);
    }
    assert_int_equal(s.cap, 1024);
    pt_alloc_fail_at(1);
    assert_int_equal(pt_idset_add(&s, "new", 3, "f", 1, &fp, &fl, &err), PT_ENOMEM);
    pt_alloc_fail_at(0);
    assert_int_equal(s.n, 716);
    assert_int_equal(pt_idset_add(&s, "k5", 2, "f", 1, &fp, &fl, &err), PT_OK);
    assert_non_null(fp);
    pt_idset_free(&s);
}

/* pt_idset_add_fp with pt_idset_fingerprint is pt_idset_add (the loaders
 * fingerprint early to prefetch), and a prefetch changes nothing. */
static void test_add_fp_is_add(void **state)
{
    (void)state;
    struct pt_idset s;
    struct pt_error err;
    const char *first = NULL;
    uint64_t line = 0;
    uint8_t fp[16];
    pt_idset_init(&s);
    pt_idset_fingerprint("L1", 2, fp);
    pt_idset_prefetch(&s, fp); /* empty set: nothing to touch */
    assert_int_equal(pt_idset_add_fp(&s, fp, "a.csv", 2, &first, &line, &err), PT_OK);
    assert_null(first);
    pt_idset_prefetch(&s, fp);
    assert_int_equal(pt_idset_add(&s, "L1", 2, "a.csv", 9, &first, &line, &err), PT_OK);
    assert_string_equal(first, "a.csv");
    assert_int_equal(line, 2);
    pt_idset_fingerprint("L2", 2, fp);
    assert_int_equal(pt_idset_add(&s, "L2", 2, "a.csv", 3, &first, &line, &err), PT_OK);
    assert_int_equal(pt_idset_add_fp(&s, fp, "a.csv", 9, &first, &line, &err), PT_OK);
    assert_int_equal(line, 3);
    pt_idset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duplicates_report_first_occurrence_across_growth),
        cmocka_unit_test(test_growth_failure_is_enomem_and_keeps_the_set),
        cmocka_unit_test(test_add_fp_is_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_neardup.c: near-duplicate narratives (neardup.h).
 * Exact Jaccard similarities of the 5-code-point shingle sets below were
 * computed independently with Python 3 (sets of str slices, same
 * normalization: ASCII lower case, digits -> '0', runs of other ASCII one
 * space, trimmed):
 *   def J(a, b): A, B = sh(a), sh(b); return len(A & B) / len(A | B)
 *   def sh(s): t = norm(s); return {t} if len(t) < 5 else {t[i:i+5] for i in range(len(t) - 4)}
 * giving J(E1,E2) = 0.8584, J(C1,C2) = 0.8310, J(E1,E3) = 0.0058,
 * J(C1,C3) = 0.0, J(E3,E4) = 0.0210. A 64-value MinHash estimate has a
 * standard error of sqrt(J(1-J)/64) <= 0.0625, so estimates are checked
 * to within 0.2 (over 3 standard errors). Threshold: estimated J >= 0.7. */
#include <string.h>

#include "audit/alloc.h"
#include "audit/neardup.h"
#include "tests/helpers.h"

static const char E1[] =
    "My name is John Smith. I am writing to dispute the following accounts on my credit "
    "report. Under the Fair Credit Reporting Act, section 611, you must verify these items "
    "within 30 days or delete them. Account 1234, opened 01/02/2019, balance $500.";
static const char E2[] =
    "My name is Maria Gonzalez. I am writing to dispute the following accounts on my credit "
    "report. Under the Fair Credit Reporting Act, section 611, you must verify these items "
    "within 30 days or delete them. Account 9876, opened 05/06/2021, balance $731.";
static const char E3[] =
    "My mortgage servicer lost my payment in March and then charged me a late fee. I called "
    "three times and nobody could explain where the money went.";
static const char E4[] =
    "The bank closed my checking account without notice and kept the remaining balance of my "
    "paycheck for six weeks.";
static const char C1[] = "本人于2024年3月5日在某某平台借款5000元，分12期，平台收取高额服务费和会员费，"
                         "综合年化超过36%，要求退还服务费，停止暴力催收。";
static const char C2[] = "本人于2023年4月9日在乐乐平台借款8000元，分12期，平台收取高额服务费和会员费，"
                         "综合年化超过36%，要求退还服务费，停止暴力催收。";
static const char C3[] = "催收人员每天打电话给我的父母和同事，言语辱骂，威胁要上门，严重影响了我的生活和"
                         "工作，请平台处理。";

static void test_estimates_track_exact_jaccard(void **state)
{
    (void)state;
    static const struct { const char *a, *b; double exact; } cases[] = {
        { E1, E2, 0.8584 }, { C1, C2, 0.8310 }, { E1, E3, 0.0058 },
        { C1, C3, 0.0 },    { E3, E4, 0.0210 }, { E1, E1, 1.0 },
    };
    struct pt_error err;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double j;
        assert_int_equal(pt_neardup_similarity(cases[i].a, strlen(cases[i].a), cases[i].b,
                                               strlen(cases[i].b), &j, &err),
                         PT_OK);
        pt_assert_close(j, cases[i].exact, 0.2);
    }
}

static int add(struct pt_neardup *d, const char *s)
{
    struct pt_error err;
    int dup = -1;
    assert_int_equal(pt_neardup_add(d, s, strlen(s), &dup, &err), PT_OK);
    return dup;
}

static void test_templates_flagged_unrelated_not(void **state)
{
    (void)state;
    struct pt_neardup *d;
    struct pt_error err;
    assert_int_equal(pt_neardup_create(&d, NULL, &err), PT_OK);
    static const struct { const char *text; int dup; } seq[] = {
        { E1, 0 }, { E3, 0 }, { C1, 0 }, { E2, 1 },   /* template of E1 */
        { C3, 0 }, { C2, 1 },                         /* template of C1 */
        { E4, 0 }, { E3, 1 },                         /* exact repeat */
        { "   ", 0 },                                 /* blank: not counted */
    };
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++)
        if (add(d, seq[i].text) != seq[i].dup)
            fail_msg("text %zu: expected dup = %d", i, seq[i].dup);
    struct pt_neardup_stats st;
    pt_neardup_get_stats(d, &st);
    assert_int_equal(st.n_texts, 8);
    assert_int_equal(st.n_near_dup, 3);
    assert_int_equal(st.n_blank, 1);
    assert_int_equal(st.n_sketches, 5);
    assert_int_equal(st.n_unstored, 0);
    pt_assert_close(pt_neardup_share(d), 3.0 / 8.0, 1e-15);   /* hand: 3 of 8 */
    pt_neardup_destroy(d);
}

/* Digits read as 0: the same letter with other amounts and dates is a copy. */
static void test_digits_do_not_hide_a_template(void **state)
{
    (void)state;
    struct pt_error err;
    double j;
    const char *a = "借款8000元分12期，每月还803.65元";
    const char *b = "借款6400元分16期，每月还118.39元";
    assert_int_equal(pt_neardup_similarity(a, strlen(a), b, strlen(b), &j, &err), PT_OK);
    pt_assert_close(j, 1.0, 0.0);
}

/* Past the bound: with room for 2 sketches, the third distinct text is not
 * stored, so its copy is missed (documented lower bound) while a copy of a
 * stored text is still found. */
static void test_full_store_is_a_documented_lower_bound(void **state)
{
    (void)state;
    struct pt_neardup *d;
    struct pt_error err;
    struct pt_neardup_options opt = { 2 };
    assert_int_equal(pt_neardup_create(&d, &opt, &err), PT_OK);
    assert_int_equal(add(d, E1), 0);
    assert_int_equal(add(d, C1), 0);
    assert_int_equal(add(d, E3), 0);
    assert_int_equal(add(d, E3), 0);   /* missed: E3 was never stored */
    assert_int_equal(add(d, E2), 1);   /* E1 is stored */
    struct pt_neardup_stats st;
    pt_neardup_get_stats(d, &st);
    assert_int_equal(st.n_sketches, 2);
    assert_int_equal(st.n_unstored, 2);
    pt_neardup_destroy(d);
    opt.max_sketches = (1u << 24) + 1;
    assert_int_equal(pt_neardup_create(&d, &opt, &err), PT_EINVAL);
}

/* Short texts (under 5 code points) are one shingle: equal or not. */
static void test_short_texts(void **state)
{
    (void)state;
    struct pt_neardup *d;
    struct pt_error err;
    assert_int_equal(pt_neardup_create(&d, NULL, &err), PT_OK);
    assert_int_equal(add(d, "退费"), 0);
    assert_int_equal(add(d, "退 费"), 0);
    assert_int_equal(add(d, "退费"), 1);
    assert_int_equal(add(d, "N/A"), 0);
    assert_int_equal(add(d, "n a"), 1);   /* same after normalization */
    pt_neardup_destroy(d);
}

static void test_same_input_same_answer(void **state)
{
    (void)state;
    const char *seq[] = { E1, E2, C1, C3, C2, E3, E4, E1 };
    int flags[2][8];
    for (int run = 0; run < 2; run++) {
        struct pt_neardup *d;
        struct pt_error err;
        assert_int_equal(pt_neardup_create(&d, NULL, &err), PT_OK);
        for (int i = 0; i < 8; i++)
            flags[run][i] = add(d, seq[i]);
        pt_neardup_destroy(d);
    }
    assert_memory_equal(flags[0], flags[1], sizeof flags[0]);
}

static void test_allocation_failures_are_clean(void **state)
{
    (void)state;
    struct pt_neardup *d = NULL;
    struct pt_error err;
    for (unsigned long nth = 1; nth <= 4; nth++) {
        pt_alloc_fail_at(nth);
        enum pt_code rc = pt_neardup_create(&d, NULL, &err);
        pt_alloc_fail_at(0);
        assert_int_equal(rc, PT_ENOMEM);
    }
    assert_int_equal(pt_neardup_create(&d, NULL, &err), PT_OK);
    pt_alloc_fail_at(1);
    int dup = -1;
    assert_int_equal(pt_neardup_add(d, E1, strlen(E1), &dup, &err), PT_ENOMEM);
    pt_alloc_fail_at(0);
    assert_int_equal(dup, 0);
    assert_int_equal(add(d, E1), 0);
    struct pt_neardup_stats st;
    pt_neardup_get_stats(d, &st);
    assert_int_equal(st.n_texts, 1);
    pt_neardup_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_estimates_track_exact_jaccard),
        cmocka_unit_test(test_templates_flagged_unrelated_not),
        cmocka_unit_test(test_digits_do_not_hide_a_template),
        cmocka_unit_test(test_full_store_is_a_documented_lower_bound),
        cmocka_unit_test(test_short_texts),
        cmocka_unit_test(test_same_input_same_answer),
        cmocka_unit_test(test_allocation_failures_are_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

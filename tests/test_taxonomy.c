/* test_taxonomy.c: categories, crosswalks, renames, keyword classifier
 * (taxonomy.h). Coverage rows are checked against lists computed outside
 * this code: tests/taxonomy_coverage.py (Python csv module over the shared
 * extracts and /work/shared/tools/gen_cfpb.py) printed the issue and
 * product names pasted below. */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "audit/alloc.h"
#include "audit/taxonomy.h"
#include "tests/helpers.h"

static struct pt_taxonomy *tx;

static int setup(void **state)
{
    (void)state;
    struct pt_error err;
    if (pt_taxonomy_create(&tx, &err) != PT_OK) {
        print_error("%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pt_taxonomy_destroy(tx);
    return 0;
}

static void test_category_names_round_trip(void **state)
{
    (void)state;
    assert_string_equal(pt_category_name(PT_CAT_COST_AND_FEES), "cost_and_fees");
    assert_string_equal(pt_category_name(PT_CAT_OTHER), "other");
    assert_null(pt_category_name(PT_CAT_COUNT));
    for (int c = 0; c < PT_CAT_COUNT; c++) {
        enum pt_category back;
        const char *n = pt_category_name((enum pt_category)c);
        assert_true(pt_category_parse(n, strlen(n), &back));
        assert_int_equal(back, c);
    }
    enum pt_category x;
    assert_false(pt_category_parse("fees", 4, &x));
}

struct issue_case {
    const char *issue, *sub;
    enum pt_category cat;
    const char *why;
};

static void test_cfpb_issues_map_as_documented(void **state)
{
    (void)state;
    static const struct issue_case cases[] = {
        { "Fees or interest", "Charged too much interest", PT_CAT_COST_AND_FEES, "issue row" },
        { "Communication tactics", "Frequent or repeated calls", PT_CAT_COLLECTION_CONDUCT,
          "issue row, sub not listed" },
        { "Attempts to collect debt not owed", "Debt was result of identity theft",
          PT_CAT_FRAUD_AND_SECURITY, "sub-issue row beats issue row" },
        { "Attempts to collect debt not owed", "Debt was paid", PT_CAT_COLLECTION_CONDUCT,
          "issue row" },
        { "INCORRECT INFORMATION ON YOUR REPORT", "", PT_CAT_CREDIT_REPORTING,
          "ASCII case ignored" },
        { "  Incorrect   information on your report ", "", PT_CAT_CREDIT_REPORTING,
          "spaces collapsed" },
        { "Threatened to contact someone or share information improperly",
          "Talked to a third-party about your debt", PT_CAT_PRIVACY_AND_DATA, "issue row" },
        { "Problem with additional add-on products or services", "", PT_CAT_BUNDLED_PRODUCTS,
          "issue row" },
        { "Loan modification,collection,foreclosure", "", PT_CAT_REPAYMENT_AND_SERVICING,
          "comma inside the quoted CSV field" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum pt_category got;
        int found = pt_taxonomy_cfpb_issue(tx, cases[i].issue, strlen(cases[i].issue),
                                           cases[i].sub, strlen(cases[i].sub), &got);
        if (!found || got != cases[i].cat)
            fail_msg("%s / %s (%s): found %d, %s expected %s", cases[i].issue, cases[i].sub,
                     cases[i].why, found, pt_category_name(got), pt_category_name(cases[i].cat));
    }
    enum pt_category got;
    assert_false(pt_taxonomy_cfpb_issue(tx, "No such issue", 13, "", 0, &got));
    assert_int_equal(got, PT_CAT_OTHER);
}

/* Every issue of the shared extracts and of gen_cfpb.py, as printed by
 * tests/taxonomy_coverage.py (Python 3 csv module), must be mapped. */
static const char *const all_issues[] = {
#include "tests/data/cfpb_issues.inc"
};

static void test_every_known_cfpb_issue_is_mapped(void **state)
{
    (void)state;
    size_t n = sizeof all_issues / sizeof all_issues[0];
    assert_true(n >= 120);
    for (size_t i = 0; i < n; i++) {
        enum pt_category got;
        if (!pt_taxonomy_cfpb_issue(tx, all_issues[i], strlen(all_issues[i]), "", 0, &got))
            fail_msg("issue not in data/cfpb_issue_crosswalk.csv: \"%s\"", all_issues[i]);
    }
}

static void test_pboc_reasons_short_long_and_code(void **state)
{
    (void)state;
    static const struct { const char *in; enum pt_category cat; } cases[] = {
        { "定价收费", PT_CAT_COST_AND_FEES },
        { "因定价收费引起的投诉", PT_CAT_COST_AND_FEES },
        { "债务催收方式和手段", PT_CAT_COLLECTION_CONDUCT },
        { "消费者信息安全", PT_CAT_PRIVACY_AND_DATA },
        { "营销方式", PT_CAT_DISCLOSURE_AND_MARKETING },
        { "因营销方式引起的投诉", PT_CAT_DISCLOSURE_AND_MARKETING },
        { "自主选择权", PT_CAT_BUNDLED_PRODUCTS },
        { "合同条款", PT_CAT_CONTRACT_TERMS },
        { "信息披露", PT_CAT_DISCLOSURE_AND_MARKETING },
        { "C11", PT_CAT_COST_AND_FEES },
        { "c12", PT_CAT_COLLECTION_CONDUCT },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum pt_category got;
        if (!pt_taxonomy_pboc_reason(tx, cases[i].in, strlen(cases[i].in), &got) ||
            got != cases[i].cat)
            fail_msg("%s: got %s", cases[i].in, pt_category_name(got));
    }
    enum pt_category got;
    assert_false(pt_taxonomy_pboc_reason(tx, "天气", strlen("天气"), &got));
}

struct text_case {
    const char *name;
    const char *text;
    uint32_t mask;
};

#define B(c) PT_CAT_BIT(PT_CAT_##c)

static void test_keywords_classify_free_text(void **state)
{
    (void)state;
    static const struct text_case cases[] = {
        { "砍头息", "借款到手只有7000，被扣了砍头息", B(COST_AND_FEES) },
        { "暴力催收 + 爆通讯录", "暴力催收，还爆通讯录", B(COLLECTION_CONDUCT) | B(PRIVACY_AND_DATA) },
        { "联系家人", "他们联系家人", B(PRIVACY_AND_DATA) },
        { "征信", "要求撤销征信问题", B(CREDIT_REPORTING) },
        { "会员费 is fee and bundle", "扣会员费349元", B(COST_AND_FEES) | B(BUNDLED_PRODUCTS) },
        { "nothing", "今天天气很好", B(OTHER) },
        { "empty", "", B(OTHER) },
        { "APR word", "The APR, they said, was 400%.", B(COST_AND_FEES) },
        { "April is not APR", "In April I paid on time.", B(OTHER) },
        { "harass prefix", "They HARASSED me daily", B(COLLECTION_CONDUCT) },
        { "threat prefix", "collector threatened to sue", B(COLLECTION_CONDUCT) },
        { "fee word not feedback", "I left feedback", B(OTHER) },
        { "hidden fee with hyphen and spaces", "a   hidden-fee appeared",
          B(COST_AND_FEES) },
        { "fee at end", "they charged a fee", B(COST_AND_FEES) },
        { "credit report", "my Credit Reports are wrong", B(CREDIT_REPORTING) },
        { "keyword at the very start", "fraud!", B(FRAUD_AND_SECURITY) },
        { "add-on", "an add-on product", B(BUNDLED_PRODUCTS) },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t got = pt_taxonomy_classify_text(tx, cases[i].text, strlen(cases[i].text));
        if (got != cases[i].mask)
            fail_msg("%s: mask 0x%x, expected 0x%x", cases[i].name, (unsigned)got,
                     (unsigned)cases[i].mask);
    }
}

/* The real board sample (/work/shared/datasets/heimao_tousu_sample_3rows.csv):
 * a reader puts row 1 under fees (担保费, 会员费, 年化), row 3 under
 * collection (催收, 骚扰, 威胁) and fees (担保费) and credit reporting
 * (its demands mention 征信, but the summary here does not). */
static void test_board_sample_rows(void **state)
{
    (void)state;
    const char *row1 = "本人在2024年12月25日通过信*飞借款8000元分12期，每月要还803.65元其中每个月"
                       "担保费70.21元，2025年4月12日通过信*飞借款6400元分6期，每月要还1181.39元，"
                       "2025年10月28日信*飞扣款会员费349元，本人没有享受到信*飞的会员政策，综合年化"
                       "率超过国家标准，要求退还担保费，高利息费！会员费！";
    const char *row3 = "信*飞，该平台多次投诉后仍旧违规催收，因个人平台导致逾期，前期有和客服进行协商"
                       "沟通，期间信*飞平台催收多次以私人号码打电话，言语辱骂，威胁恐吓，信*飞平台不"
                       "理睬，仍旧包庇恶意催收。现如今信*飞依旧多次纵容催收以私人号码或虚拟号码进行"
                       "骚扰，威胁等。证据确凿！且信*飞平台包含多种担保费，逾期利息高达...";
    uint32_t m1 = pt_taxonomy_classify_text(tx, row1, strlen(row1));
    uint32_t m3 = pt_taxonomy_classify_text(tx, row3, strlen(row3));
    assert_int_equal(m1, B(COST_AND_FEES) | B(BUNDLED_PRODUCTS) | B(REPAYMENT_AND_SERVICING));
    assert_int_equal(m3, B(COLLECTION_CONDUCT) | B(COST_AND_FEES) | B(SERVICE_QUALITY));
}

/* Every prefix of a mixed text in an exact-size buffer (ASan): no read
 * past the end, and a keyword cut in half does not match. */
static void test_every_prefix_is_safe(void **state)
{
    (void)state;
    const char *text = "They HARASSED me; 暴力催收，爆通讯录 APR";
    size_t full = strlen(text);
    for (size_t len = 0; len <= full; len++) {
        char *buf = malloc(len ? len : 1);
        assert_non_null(buf);
        memcpy(buf, text, len);
        uint32_t m = pt_taxonomy_classify_text(tx, buf, len);
        assert_true(m != 0);
        if (len < strlen("They HARASS"))
            assert_int_equal(m, B(OTHER));
        free(buf);
    }
}

static void test_complaint_rule(void **state)
{
    (void)state;
    int xw = -1;
    const char *issue = "Communication tactics";
    const char *narr = "They charged a hidden fee and harassed me";
    /* crosswalk wins: one category, the narrative is not read */
    assert_int_equal(pt_taxonomy_complaint(tx, issue, strlen(issue), "", 0, narr, strlen(narr),
                                           &xw),
                     B(COLLECTION_CONDUCT));
    assert_int_equal(xw, 1);
    /* board complaint: 投诉问题 + summary through the keywords */
    const char *q = "乱收费", *summary = "催收电话骚扰家人";
    assert_int_equal(pt_taxonomy_complaint(tx, q, strlen(q), NULL, 0, summary, strlen(summary),
                                           &xw),
                     B(COST_AND_FEES) | B(COLLECTION_CONDUCT));
    assert_int_equal(xw, 0);
    /* unknown CFPB issue: its words are classified */
    const char *odd = "Hidden fee on statement";
    assert_int_equal(pt_taxonomy_complaint(tx, odd, strlen(odd), "", 0, "", 0, NULL),
                     B(COST_AND_FEES));
    /* fields are classified apart: "fe" + "e" do not make "fee" */
    assert_int_equal(pt_taxonomy_complaint(tx, "x fe", 4, "e y", 3, "", 0, NULL), B(OTHER));
    assert_int_equal(pt_taxonomy_complaint(tx, "", 0, "", 0, "", 0, NULL), B(OTHER));
}

/* The data area's synthetic board fixture (tests/data/board/README.md gives
 * each record's intended category). Expected masks: every intended
 * category, plus the extras the documented keywords add, each checked by
 * hand: 1 服务费/砍头息; 2 爆通讯录 (collection + privacy); 3 催收, 泄露;
 * 4 征信; 5 担保费/会员费 (fees + bundle), 没有告知, 合同; 6 年化, 客服;
 * 7 权益服务费 (fees + bundle); 8 会员费; 9 担保费; 10 手续费, 提前还款;
 * 11 客服; 12 冒用; 13 手续费, 宣传, 客服. */
struct fixture_rows {
    char text[2048];
    size_t len;
    int field, row;
    uint32_t masks[16];
};

static void fx_field(void *s, size_t len, void *data)
{
    struct fixture_rows *f = data;
    if (f->field++ == 2 && len < sizeof f->text) {
        memcpy(f->text, s, len);
        f->len = len;
    }
}

static void fx_row(int c, void *data)
{
    struct fixture_rows *f = data;
    (void)c;
    if (f->row > 0 && f->row < 16)
        f->masks[f->row] = pt_taxonomy_classify_text(tx, f->text, f->len);
    f->row++;
    f->field = 0;
    f->len = 0;
}

static void test_board_fixture_categories(void **state)
{
    (void)state;
    static const uint32_t want[14] = {
        0,
        B(COST_AND_FEES),
        B(COLLECTION_CONDUCT) | B(PRIVACY_AND_DATA),
        B(COLLECTION_CONDUCT) | B(PRIVACY_AND_DATA),
        B(CREDIT_REPORTING),
        B(COST_AND_FEES) | B(DISCLOSURE_AND_MARKETING) | B(BUNDLED_PRODUCTS) | B(CONTRACT_TERMS),
        B(COST_AND_FEES) | B(SERVICE_QUALITY),
        B(COST_AND_FEES) | B(BUNDLED_PRODUCTS),
        B(COST_AND_FEES) | B(BUNDLED_PRODUCTS),
        B(COST_AND_FEES),
        B(COST_AND_FEES) | B(REPAYMENT_AND_SERVICING),
        B(SERVICE_QUALITY),
        B(FRAUD_AND_SECURITY),
        B(COST_AND_FEES) | B(DISCLOSURE_AND_MARKETING) | B(SERVICE_QUALITY),
    };
    static char bytes[1 << 15];
    FILE *in = fopen(pt_test_path("tests/data/board/board_fields_utf8.csv"), "rb");
    assert_non_null(in);
    size_t n = fread(bytes, 1, sizeof bytes, in);
    fclose(in);
    struct fixture_rows f;
    memset(&f, 0, sizeof f);
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT), 0);
    assert_int_equal(csv_parse(&p, bytes, n, fx_field, fx_row, &f), n);
    csv_fini(&p, fx_field, fx_row, &f);
    csv_free(&p);
    assert_int_equal(f.row, 14);
    for (int r = 1; r < 14; r++)
        if (f.masks[r] != want[r])
            fail_msg("record %d: mask 0x%x, expected 0x%x", r, (unsigned)f.masks[r],
                     (unsigned)want[r]);
}

static void test_product_renames(void **state)
{
    (void)state;
    static const struct { const char *p, *sub, *cur; } cases[] = {
        { "Credit reporting", "", "Credit reporting or other personal consumer reports" },
        { "Credit reporting, credit repair services, or other personal consumer reports",
          "Credit reporting", "Credit reporting or other personal consumer reports" },
        { "Credit reporting, credit repair services, or other personal consumer reports",
          "Credit repair services", "Debt or credit management" },
        { "Bank account or service", "Checking account", "Checking or savings account" },
        { "Consumer Loan", "Vehicle loan", "Vehicle loan or lease" },
        { "Consumer Loan", "Installment loan",
          "Payday loan, title loan, personal loan, or advance loan" },
        { "Payday loan", "Payday loan",
          "Payday loan, title loan, personal loan, or advance loan" },
        { "Prepaid card", "General purpose card", "Credit card or prepaid card" },
        { "Money transfers", "", "Money transfer, virtual currency, or money service" },
        { "Mortgage", "FHA mortgage", NULL },
        { "Credit card or prepaid card", "", NULL },
        { "Consumer Loan", "", NULL },   /* no safe target without the sub-product */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = pt_taxonomy_cfpb_product(tx, cases[i].p, strlen(cases[i].p),
                                                   cases[i].sub, strlen(cases[i].sub));
        if (cases[i].cur == NULL ? got != NULL : (got == NULL || strcmp(got, cases[i].cur) != 0))
            fail_msg("%s / %s -> %s", cases[i].p, cases[i].sub, got ? got : "(none)");
    }
}

/* Every product of the shared extracts and gen_cfpb.py (taxonomy_coverage.py)
 * ends in one of the current names, with its sub-products. */
static const char *const all_products[][2] = {
#include "tests/data/cfpb_products.inc"
};

static void test_every_known_product_ends_current(void **state)
{
    (void)state;
    static const char *const current[] = {
        "Credit reporting or other personal consumer reports", "Debt collection", "Mortgage",
        "Credit card or prepaid card", "Checking or savings account", "Student loan",
        "Money transfer, virtual currency, or money service", "Vehicle loan or lease",
        "Payday loan, title loan, personal loan, or advance loan", "Debt or credit management",
    };
    for (size_t i = 0; i < sizeof all_products / sizeof all_products[0]; i++) {
        const char *p = all_products[i][0], *s = all_products[i][1];
        const char *got = pt_taxonomy_cfpb_product(tx, p, strlen(p), s, strlen(s));
        const char *name = got ? got : p;
        int ok = 0;
        for (size_t j = 0; j < sizeof current / sizeof current[0]; j++)
            ok |= strcmp(name, current[j]) == 0;
        if (!ok)
            fail_msg("\"%s\" / \"%s\" ends as \"%s\", not a current product", p, s, name);
    }
}

/* Fails allocation N for every N a clean build makes; each run must end
 * in PT_OK or a clean PT_ENOMEM (ASan reports leaks). libcsv retries a
 * failed buffer growth with a smaller size, so some runs succeed. */
static void test_create_fails_cleanly_on_every_allocation(void **state)
{
    (void)state;
    struct pt_taxonomy *t = NULL;
    struct pt_error err;
    pt_alloc_fail_at(0);
    assert_int_equal(pt_taxonomy_create(&t, &err), PT_OK);
    unsigned long total = pt_alloc_count(), n_nomem = 0;
    pt_taxonomy_destroy(t);
    for (unsigned long nth = 1; nth <= total; nth++) {
        t = NULL;
        pt_alloc_fail_at(nth);
        enum pt_code rc = pt_taxonomy_create(&t, &err);
        pt_alloc_fail_at(0);
        if (rc == PT_OK)
            pt_taxonomy_destroy(t);
        else
            assert_int_equal(rc, PT_ENOMEM);
        n_nomem += rc == PT_ENOMEM;
    }
    assert_true(n_nomem > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_category_names_round_trip),
        cmocka_unit_test(test_cfpb_issues_map_as_documented),
        cmocka_unit_test(test_every_known_cfpb_issue_is_mapped),
        cmocka_unit_test(test_pboc_reasons_short_long_and_code),
        cmocka_unit_test(test_keywords_classify_free_text),
        cmocka_unit_test(test_board_sample_rows),
        cmocka_unit_test(test_every_prefix_is_safe),
        cmocka_unit_test(test_complaint_rule),
        cmocka_unit_test(test_board_fixture_categories),
        cmocka_unit_test(test_product_renames),
        cmocka_unit_test(test_every_known_product_ends_current),
        cmocka_unit_test(test_create_fails_cleanly_on_every_allocation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

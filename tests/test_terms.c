/* test_terms.c: loan terms quoted in complaint text (terms.h).
 * Extraction rows: expected numbers read off the sentence by hand, or
 * "none" where the documented patterns must not fire (precision over
 * recall). Rates: Python 3 bisection, independent of the C rate engine:
 *   def rate(P, A, n):
 *       lo, hi = 1e-9, 1.0
 *       for _ in range(200):
 *           m = (lo + hi) / 2
 *           if A * (1 - (1 + m) ** -n) / m > P: lo = m
 *           else: hi = m
 *       return (lo + hi) / 2
 *   rate(8000, 803.65, 12) * 12   = 0.35988323038808273
 *   rate(6400, 1181.39, 6) * 12   = 0.3598957949053935
 *   rate(7000, 803.65, 12) * 12   = 0.6372108123392077
 *   rate(500, 1100 / 6, 6) * 12   = 3.4243323477861196
 *   rate(500, 183, 6) * 12        = 3.4142950952305604
 *   rate(9400, 1000, 12) * 12     = 0.4767146398020238
 *   rate(6000, 600, 12) * 12      = 0.3507424892296047 */
#include <stdlib.h>
#include <string.h>

#include "audit/terms.h"
#include "tests/helpers.h"

/* Row 1 of /work/shared/datasets/heimao_tousu_sample_3rows.csv (summary). */
static const char ROW1[] =
    "本人在2024年12月25日通过信*飞借款8000元分12期，每月要还803.65元其中每个月担保费70.21元，"
    "2025年4月12日通过信*飞借款6400元分6期，每月要还1181.39元，2025年10月28日信*飞扣款会员费349"
    "元，本人没有享受到信*飞的会员政策，综合年化率超过国家标准，要求退还担保费，高利息费！会员费！";
/* Row 2: a 4万 loan repaid early; no instalment terms quoted. */
static const char ROW2[] =
    "我于2023年7月22日在信*飞平台借款4万元，于8月22日还款4010.93元，并于8月31日提前结清还款，"
    "但提前还款时，信*飞多收取4347.98元利息费用（担保费及利息）";

struct want {
    const char *pattern;
    int64_t principal, received, deduction, payment, total;
    int n;
    double ppy;
    int from_total, assumed;
};

struct terms_case {
    const char *name;
    const char *text;
    size_t n_want;
    struct want want[2];
};

static const struct terms_case cases[] = {
    { "board sample row 1: two loans", ROW1, 2,
      { { "zh-installments", 800000, 800000, 0, 80365, 964380, 12, 12, 0, 0 },
        { "zh-installments", 640000, 640000, 0, 118139, 708834, 6, 12, 0, 0 } } },
    { "board sample row 2: none", ROW2, 0, { { 0 } } },
    { "到账 after the terms", "借款8000元分12期，每月还803.65元，实际到账7000元", 1,
      { { "zh-installments", 800000, 700000, 100000, 80365, 964380, 12, 12, 0, 0 } } },
    { "砍头息 after the terms", "借款8000元，分12期，每月还款803.65元，砍头息1000元", 1,
      { { "zh-installments", 800000, 700000, 100000, 80365, 964380, 12, 12, 0, 0 } } },
    { "万 and 每期还本息", "贷款4万元分24期，每期还本息2089.5元", 1,
      { { "zh-installments", 4000000, 4000000, 0, 208950, 5014800, 24, 12, 0, 0 } } },
    { "分N个月还款，每个月还", "借款1万元，分6个月还款，每个月还1800元", 1,
      { { "zh-installments", 1000000, 1000000, 0, 180000, 1080000, 6, 12, 0, 0 } } },
    { "received and deduction clauses before 分N期 (board fixture record 1)",
      "借款10000元实际到账只有9400元，放款时直接扣了600元服务费，这是砍头息，分12期每期还1000元", 1,
      { { "zh-installments", 1000000, 940000, 60000, 100000, 1200000, 12, 12, 0, 0 } } },
    { "repayment talk is never skipped: none",
      "借款10000元，上个月还了2000元，剩下分12期每期还700元", 0, { { 0 } } },
    { "a deduction clause ending the sentence: none",
      "借款10000元，扣了600元。分12期每期还1000元", 0, { { 0 } } },
    { "no 分: none", "借款8000元12期，每月还803.65元", 0, { { 0 } } },
    { "no units: none", "借款8000分12期每月还803.65", 0, { { 0 } } },
    { "Chinese numerals: none", "借款8000元分十二期，每月还803.65元", 0, { { 0 } } },
    { "sentence break: none", "借款8000元。分12期，每月还803.65元", 0, { { 0 } } },
    { "three decimals: none", "借款8000元分12期，每月还803.655元", 0, { { 0 } } },
    { "English total over months", "I borrowed $500, paid back $1,100 over 6 months.", 1,
      { { "en-total", 50000, 50000, 0, 18333, 110000, 6, 12, 1, 0 } } },
    { "English payments, frequency assumed",
      "I borrowed $500 and had to make 6 payments of $183.", 1,
      { { "en-payments", 50000, 50000, 0, 18300, 109800, 6, 12, 0, 1 } } },
    { "English received and biweekly",
      "Took out a loan for $1,200 but only received $1,000 and made 12 biweekly payments of "
      "$130.50", 1,
      { { "en-payments", 120000, 100000, 20000, 13050, 156600, 12, 26, 0, 0 } } },
    { "English sentence break: none", "I borrowed $500. Later I made 6 payments of $183.", 0,
      { { 0 } } },
    { "English semicolon: none", "In 2024 I borrowed $2,000; I repaid $3,000 over 12 months", 0,
      { { 0 } } },
    { "English without $: none", "I borrowed 500 dollars and made 6 payments of 183", 0,
      { { 0 } } },
    { "bad thousands grouping: none", "I borrowed $50,00 and made 6 payments of $183", 0,
      { { 0 } } },
};

static void test_extraction_table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct pt_terms got[4];
        size_t n = 99;
        pt_terms_extract(cases[c].text, strlen(cases[c].text), got, 4, &n);
        if (n != cases[c].n_want)
            fail_msg("%s: %zu loans found, expected %zu", cases[c].name, n, cases[c].n_want);
        for (size_t k = 0; k < n; k++) {
            const struct want *w = &cases[c].want[k];
            const struct pt_terms *g = &got[k];
            if (strcmp(g->pattern, w->pattern) != 0 || g->principal_minor != w->principal ||
                g->received_minor != w->received || g->deduction_minor != w->deduction ||
                g->payment_minor != w->payment || g->total_minor != w->total ||
                g->n_payments != w->n || g->periods_per_year != w->ppy ||
                g->payment_from_total != w->from_total || g->frequency_assumed != w->assumed)
                fail_msg("%s, loan %zu: %s P=%lld R=%lld D=%lld A=%lld T=%lld n=%d ppy=%g "
                         "from_total=%d assumed=%d",
                         cases[c].name, k, g->pattern, (long long)g->principal_minor,
                         (long long)g->received_minor, (long long)g->deduction_minor,
                         (long long)g->payment_minor, (long long)g->total_minor, g->n_payments,
                         g->periods_per_year, g->payment_from_total, g->frequency_assumed);
            assert_true(g->end > g->start && g->end <= strlen(cases[c].text));
        }
    }
}

static void test_span_covers_the_quote(void **state)
{
    (void)state;
    struct pt_terms got[2];
    size_t n;
    pt_terms_extract(ROW1, strlen(ROW1), got, 2, &n);
    assert_int_equal(n, 2);
    const char *quote = "借款8000元分12期，每月要还803.65元";
    assert_int_equal(got[0].end - got[0].start, strlen(quote));
    assert_memory_equal(ROW1 + got[0].start, quote, strlen(quote));
    /* capacity 1: only the first loan */
    pt_terms_extract(ROW1, strlen(ROW1), got, 1, &n);
    assert_int_equal(n, 1);
}

static void test_implied_rates_match_python_bisection(void **state)
{
    (void)state;
    static const struct { const char *text; size_t k; double apr; } rates[] = {
        { ROW1, 0, 0.35988323038808273 },
        { ROW1, 1, 0.3598957949053935 },
        { "借款8000元分12期，每月还803.65元，实际到账7000元", 0, 0.6372108123392077 },
        { "I borrowed $500, paid back $1,100 over 6 months.", 0, 3.4243323477861196 },
        { "I borrowed $500 and had to make 6 payments of $183.", 0, 3.4142950952305604 },
        /* tests/data/board/board_fields_utf8.csv records 1 and 6 (synthetic fixtures) */
        { "借款10000元实际到账只有9400元，放款时直接扣了600元服务费，这是砍头息，分12期每期还1000元",
          0, 0.4767146398020238 },
        { "借款6000元分12期每期还600元，综合年化超过24%", 0, 0.3507424892296047 },
    };
    for (size_t c = 0; c < sizeof rates / sizeof rates[0]; c++) {
        struct pt_terms got[2];
        size_t n;
        struct pt_rate r;
        struct pt_error err;
        pt_terms_extract(rates[c].text, strlen(rates[c].text), got, 2, &n);
        assert_true(n > rates[c].k);
        assert_int_equal(pt_terms_rate(&got[rates[c].k], &r, &err), PT_OK);
        pt_assert_close(r.apr, rates[c].apr, 1e-9);
    }
}

/* Every prefix of the quotes, cut anywhere (also inside a UTF-8 sequence),
 * in a buffer of exactly that size: ASan catches any read past the end.
 * A cut quote must give no loan rather than a wrong one. */
static void test_every_prefix_is_safe_and_never_wrong(void **state)
{
    (void)state;
    const char *texts[] = { ROW1, "Took out a loan for $1,200 but only received $1,000 and made "
                                  "12 biweekly payments of $130.50" };
    for (size_t t = 0; t < 2; t++) {
        size_t full = strlen(texts[t]);
        for (size_t len = 0; len <= full; len++) {
            char *buf = malloc(len ? len : 1);
            assert_non_null(buf);
            memcpy(buf, texts[t], len);
            struct pt_terms got[4];
            size_t n;
            pt_terms_extract(buf, len, got, 4, &n);
            for (size_t k = 0; k < n; k++) {
                assert_true(got[k].end <= len);
                /* a cut amount could read 803.6 for 803.65: require the whole quote */
                if (t == 0)
                    assert_true(got[k].payment_minor == 80365 || got[k].payment_minor == 118139 ||
                                got[k].end == len);
            }
            free(buf);
        }
    }
}

/* Legal lines with `>` (CONTRACT.md): 35.99% is over 24% and not over 36%;
 * 47.67% is over both; payments below the payout have no rate but stay
 * listed. */
static void test_assess_flags_and_keeps_unrated(void **state)
{
    (void)state;
    struct pt_terms_case c[4];
    size_t n;
    pt_terms_assess(ROW1, strlen(ROW1), c, 4, &n);
    assert_int_equal(n, 2);
    assert_true(c[0].rate_ok && c[0].over_24 && !c[0].over_36);
    assert_true(c[1].rate_ok && c[1].over_24 && !c[1].over_36);
    const char *high = "借款10000元实际到账只有9400元，放款时直接扣了600元服务费，这是砍头息，分12期每期还1000元";
    pt_terms_assess(high, strlen(high), c, 4, &n);
    assert_int_equal(n, 1);
    assert_true(c[0].over_24 && c[0].over_36);
    /* 1 yuan back for 8000 in one period: i = 1/8000 - 1 < PT_APR_RATE_MIN */
    const char *odd = "借款8000元分1期，每月还1元";
    pt_terms_assess(odd, strlen(odd), c, 4, &n);
    assert_int_equal(n, 1);
    assert_int_equal(c[0].rate_ok, 0);
    assert_int_equal(c[0].over_24, 0);
    assert_int_equal(c[0].terms.principal_minor, 800000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extraction_table),
        cmocka_unit_test(test_span_covers_the_quote),
        cmocka_unit_test(test_implied_rates_match_python_bisection),
        cmocka_unit_test(test_every_prefix_is_safe_and_never_wrong),
        cmocka_unit_test(test_assess_flags_and_keeps_unrated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

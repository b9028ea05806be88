/* test_stats_complaints.c: grouping, shares, timely rates, lags, response
 * mix, top issues, month-over-month change and spikes on complaints built
 * here. Expected numbers come from Python 3.11's statistics module or are
 * worked by hand in the comment next to them. */
#include <math.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"
#include "audit/loan_counts.h"
#include "audit/names.h"
#include "audit/stats_complaints.h"
#include "tests/helpers.h"

struct mini {
    const char *company, *issue, *product;
    const char *received, *sent;     /* ISO dates; sent may be NULL */
    enum pt_timely timely;
    enum pt_response resp;
    uint32_t cats;
};

static int32_t day_of(const char *iso)
{
    int y, m, d;
    if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
        return PT_DAY_UNKNOWN;
    return pt_date_from_ymd(y, m, d);
}

static struct pt_complaint make(const struct mini *m)
{
    struct pt_complaint c;
    memset(&c, 0, sizeof c);
    c.id = "x";
    c.company = m->company ? m->company : "";
    c.issue = m->issue ? m->issue : "";
    c.product = c.product_raw = m->product ? m->product : "";
    c.sub_product = c.sub_issue = c.narrative = c.state = c.channel = "";
    c.company_response = c.demand = c.status = "";
    c.currency = "USD";
    c.date_received = day_of(m->received);
    c.date_sent = m->sent ? day_of(m->sent) : PT_DAY_UNKNOWN;
    c.timely = m->timely;
    c.response = m->resp;
    c.categories = m->cats;
    c.path = "test";
    return c;
}

struct fixture {
    struct pt_names *names;
    struct pt_cstats *stats;
};

static void run(struct fixture *fx, const char *by, const struct mini *rows, size_t n)
{
    struct pt_error err;
    struct pt_cstats_opts opt;
    memset(&opt, 0, sizeof opt);
    assert_int_equal(pt_cstats_parse_keys(by, opt.keys, &opt.n_keys, &err), PT_OK);
    assert_int_equal(pt_names_create(&fx->names, &err), PT_OK);
    assert_int_equal(pt_cstats_create(&fx->stats, &opt, fx->names, &err), PT_OK);
    for (size_t i = 0; i < n; i++) {
        struct pt_complaint c = make(&rows[i]);
        assert_int_equal(pt_cstats_add(fx->stats, &c, &err), PT_OK);
    }
    assert_int_equal(pt_cstats_finish(fx->stats, &err), PT_OK);
}

static void done(struct fixture *fx)
{
    pt_cstats_destroy(fx->stats);
    pt_names_destroy(fx->names);
}

#define Y PT_TIMELY_YES
#define N PT_TIMELY_NO
#define U PT_TIMELY_UNKNOWN

/* Acme: 7 complaints, lags 0,1,1,2,5,10,30 days; timely Y,Y,N,U,Y,Y,Y.
 * Beta (spelled two ways, one name key): 3 complaints, no sent date. */
static const struct mini company_rows[] = {
    {"ACME, INC.", "Fees", NULL, "2023-06-01", "2023-06-01", Y, PT_RESP_EXPLANATION, 1},
    {"ACME, INC.", "Fees", NULL, "2023-06-01", "2023-06-02", Y, PT_RESP_EXPLANATION, 1},
    {"ACME, INC.", "Billing", NULL, "2023-06-03", "2023-06-04", N, PT_RESP_MONETARY, 1},
    {"ACME, INC.", "Fees", NULL, "2023-06-03", "2023-06-05", U, PT_RESP_IN_PROGRESS, 1},
    {"ACME, INC.", "Billing", NULL, "2023-06-28", "2023-07-03", Y, PT_RESP_EXPLANATION, 1},
    {"ACME, INC.", "Fees", NULL, "2023-06-30", "2023-07-10", Y, PT_RESP_NON_MONETARY, 1},
    {"ACME, INC.", "Other", NULL, "2023-07-01", "2023-07-31", Y, PT_RESP_UNKNOWN, 1},
    {"Beta Bank", "Fraud", NULL, "2023-06-01", NULL, Y, PT_RESP_CLOSED, 1},
    {"BETA  BANK ", "Fraud", NULL, "2023-06-01", NULL, N, PT_RESP_CLOSED, 1},
    {"beta bank", "Fraud", NULL, "2023-06-01", NULL, U, PT_RESP_UNTIMELY, 1},
};

static void test_by_company_counts_shares_timely_and_lags(void **state)
{
    (void)state;
    struct fixture fx;
    run(&fx, "company", company_rows, sizeof company_rows / sizeof company_rows[0]);
    assert_int_equal(pt_cstats_total(fx.stats), 10);
    assert_int_equal(pt_cstats_n_rows(fx.stats), 2);
    const struct pt_cstats_row *a = pt_cstats_row(fx.stats, 0);
    const struct pt_cstats_row *b = pt_cstats_row(fx.stats, 1);
    assert_string_equal(a->key_text[0], "ACME, INC.");   /* 7 complaints first */
    assert_int_equal(a->complaints, 7);
    pt_assert_close(a->share, 0.7, 1e-15);                /* hand: 7 / 10 */
    assert_int_equal(a->timely_unknown, 1);
    pt_assert_close(a->timely_rate, 5.0 / 6.0, 1e-15);    /* hand: Y 5 / (Y 5 + N 1) */
    /* Python 3.11: p=5/6, z=NormalDist().inv_cdf(0.975); d=1+z*z/n,
     * c=(p+z*z/(2n))/d, h=z/d*sqrt(p(1-p)/n+z*z/(4n*n)); (c-h, c+h) */
    pt_assert_close(a->timely_low, 0.4364971778135299, 1e-12);
    pt_assert_close(a->timely_high, 0.9699466302516934, 1e-12);
    assert_int_equal(a->lag_known, 7);
    /* statistics.quantiles([0,1,1,2,5,10,30], n=10, method='inclusive'):
     * p90 = 18.0; median([0,1,1,2,5,10,30]) = 2 */
    pt_assert_close(a->lag_median, 2.0, 0);
    pt_assert_close(a->lag_p90, 18.0, 1e-12);
    assert_int_equal(a->response[PT_RESP_EXPLANATION], 3);
    assert_int_equal(a->response[PT_RESP_MONETARY], 1);
    assert_int_equal(a->response[PT_RESP_NON_MONETARY], 1);
    assert_int_equal(a->response[PT_RESP_IN_PROGRESS], 1);
    assert_int_equal(a->response[PT_RESP_UNKNOWN], 1);
    assert_string_equal(a->top_issue, "Fees");            /* Fees 4, Billing 2, Other 1 */
    assert_int_equal(a->top_issue_count, 4);
    /* Beta's three spellings share one name key: most frequent tidied
     * spelling wins, ties by bytes ("BETA BANK" < "Beta Bank" < "beta bank"). */
    assert_int_equal(b->complaints, 3);
    assert_string_equal(b->key_text[0], "BETA BANK");
    pt_assert_close(b->timely_rate, 0.5, 0);
    /* Python: Wilson(1, 2) = (0.09453120573423074, 0.9054687942657693) */
    pt_assert_close(b->timely_low, 0.09453120573423074, 1e-12);
    pt_assert_close(b->timely_high, 0.9054687942657693, 1e-12);
    assert_int_equal(b->lag_known, 0);
    assert_true(isnan(b->lag_median));
    assert_true(isnan(b->mom_change));
    assert_int_equal(b->spike, -1);
    done(&fx);
}

static void test_wilson_matches_python(void **state)
{
    (void)state;
    static const struct {
        uint64_t y, n;
        double lo, hi;
        const char *source;
    } cases[] = {
        {2, 3, 0.20765960080204782, 0.9385080552796038, "Python 3.11 Wilson formula, z=inv_cdf(.975)"},
        {97, 100, 0.9154806357094724, 0.9897454759759611, "Python 3.11, same"},
        {0, 4, 0.0, 0.4898908364545972, "Python 3.11, same"},
        {5, 5, 0.5655175352168254, 1.0, "Python 3.11, same"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double lo, hi;
        pt_wilson_interval(cases[i].y, cases[i].n, &lo, &hi);
        print_message("wilson %llu/%llu (%s)\n", (unsigned long long)cases[i].y,
                      (unsigned long long)cases[i].n, cases[i].source);
        pt_assert_close(lo, cases[i].lo, 1e-12);
        pt_assert_close(hi, cases[i].hi, 1e-12);
    }
    double lo, hi;
    pt_wilson_interval(0, 0, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
}

/* Lags -3, 0, 0, 2, 4000: outside the dense histogram on both sides.
 * statistics.quantiles(..., n=10, method='inclusive')[8] = 2400.8; median 0. */
static const struct mini lag_rows[] = {
    {"A", NULL, NULL, "2020-01-10", "2020-01-07", Y, PT_RESP_CLOSED, 1},
    {"A", NULL, NULL, "2020-01-10", "2020-01-10", Y, PT_RESP_CLOSED, 1},
    {"A", NULL, NULL, "2020-01-10", "2020-01-10", Y, PT_RESP_CLOSED, 1},
    {"A", NULL, NULL, "2020-01-10", "2020-01-12", Y, PT_RESP_CLOSED, 1},
    {"A", NULL, NULL, "2010-01-01", "2020-12-14", Y, PT_RESP_CLOSED, 1},
};

static void test_lags_outside_histogram_are_exact(void **state)
{
    (void)state;
    /* Python: (date(2020, 12, 14) - date(2010, 1, 1)).days == 4000 */
    assert_int_equal(day_of("2020-12-14") - day_of("2010-01-01"), 4000);
    struct fixture fx;
    run(&fx, "company", lag_rows, 5);
    const struct pt_cstats_row *r = pt_cstats_row(fx.stats, 0);
    assert_int_equal(r->lag_known, 5);
    pt_assert_close(r->lag_median, 0.0, 0);
    pt_assert_close(r->lag_p90, 2400.8, 1e-9);
    assert_null(r->top_issue);   /* every issue empty */
    done(&fx);
}

/* Multi-label: bits 0 (cost_and_fees) and 3 (collection_conduct); 0 = other. */
static const struct mini cat_rows[] = {
    {"A", NULL, NULL, "2024-01-01", NULL, Y, PT_RESP_CLOSED, (1u << 0) | (1u << 3)},
    {"A", NULL, NULL, "2024-01-01", NULL, Y, PT_RESP_CLOSED, 1u << 0},
    {"A", NULL, NULL, "2024-01-01", NULL, Y, PT_RESP_CLOSED, 1u << 4},
    {"A", NULL, NULL, "2024-01-01", NULL, Y, PT_RESP_CLOSED, 0},
};

static void test_categories_overlap_and_sum_past_one(void **state)
{
    (void)state;
    struct fixture fx;
    run(&fx, "category", cat_rows, 4);
    assert_true(pt_cstats_overlapping(fx.stats));
    assert_int_equal(pt_cstats_total(fx.stats), 4);
    static const struct { int32_t cat; uint64_t n; } want[] = {{0, 2}, {3, 1}, {4, 1}, {10, 1}};
    assert_int_equal(pt_cstats_n_rows(fx.stats), 4);
    double sum = 0;
    for (size_t i = 0; i < 4; i++) {
        const struct pt_cstats_row *r = pt_cstats_row(fx.stats, i);
        assert_int_equal(r->key_num[0], want[i].cat);
        assert_int_equal(r->complaints, want[i].n);
        sum += r->share;
    }
    pt_assert_close(sum, 1.25, 1e-15);   /* hand: (2+1+1+1) / 4 */
    done(&fx);
}

/* Months 2022-01..2022-12 with 10,12,11,9,10,13,10,11,12,10,11,10 then
 * 2023-01 with 40 and (separately) the spike-free control.
 * hand: sorted history 9,10,10,10,10,10,11,11,11,12,12,13 -> median 10.5;
 * |x - 10.5| sorted .5 x8, 1.5 x3, 2.5 -> MAD .5, 1.4826 x .5 < 1 -> scale 1;
 * threshold 10.5 + 3 = 13.5: 40 is a spike, 13 in 2022-06 is not tested
 * (5 months of history < 6). mom 2023-01 = 40/10 - 1 = 3. */
/* by: "month" (groups in the hash table) or "company,month" (also in a
 * window of months per company), where a second firm with a month 140
 * years away must change nothing of A's rows. slot: the month key. */
static void month_change_and_spike(const char *by, int slot)
{
    static const int per_month[12] = {10, 12, 11, 9, 10, 13, 10, 11, 12, 10, 11, 10};
    struct mini rows[201];
    char dates[13][11];
    size_t n = 0;
    for (int m = 0; m < 13; m++) {
        snprintf(dates[m], sizeof dates[m], "%04d-%02d-15", m < 12 ? 2022 : 2023, m % 12 + 1);
        int count = m < 12 ? per_month[m] : 40;
        for (int k = 0; k < count; k++)
            rows[n++] = (struct mini){"A", "I", NULL, dates[m], NULL, Y, PT_RESP_CLOSED, 1};
    }
    if (slot == 1)
        rows[n++] = (struct mini){"Z", "I", NULL, "1882-12-15", NULL, Y, PT_RESP_CLOSED, 1};
    struct fixture fx;
    run(&fx, by, rows, n);
    assert_int_equal(pt_cstats_n_rows(fx.stats), 13 + (size_t)slot);
    const struct pt_cstats_row *jan22 = pt_cstats_row(fx.stats, 0);
    const struct pt_cstats_row *feb22 = pt_cstats_row(fx.stats, 1);
    const struct pt_cstats_row *dec22 = pt_cstats_row(fx.stats, 11);
    const struct pt_cstats_row *jan23 = pt_cstats_row(fx.stats, 12);
    char buf[16];
    assert_string_equal(pt_month_key_format(jan23->key_num[slot], buf, sizeof buf), "2023-01");
    assert_true(isnan(jan22->mom_change));
    pt_assert_close(feb22->mom_change, 12.0 / 10.0 - 1.0, 1e-15);
    pt_assert_close(jan23->mom_change, 3.0, 1e-15);
    pt_assert_close(jan23->yoy_change, 40.0 / 10.0 - 1.0, 1e-15);
    assert_int_equal(pt_cstats_row(fx.stats, 5)->spike, -1);
    assert_int_equal(jan23->spike, 1);
    pt_assert_close(jan23->spike_baseline, 10.5, 0);
    pt_assert_close(jan23->spike_threshold, 13.5, 0);
    /* dec22: history Jan..Nov (11 months) 9,10,10,10,10,11,11,11,12,12,13 ->
     * median 11, MAD 1 -> scale 1.4826, threshold 15.4478; 10 is no spike. */
    assert_int_equal(dec22->spike, 0);
    pt_assert_close(dec22->spike_threshold, 11.0 + 3 * 1.4826, 1e-12);
    done(&fx);
}

static void test_month_change_and_spike(void **state)
{
    (void)state;
    month_change_and_spike("month", 0);
    month_change_and_spike("company,month", 1);
}

static void test_two_keys_order_companies_by_volume_months_ascending(void **state)
{
    (void)state;
    static const struct mini rows[] = {
        {"Small", NULL, NULL, "2023-02-01", NULL, Y, PT_RESP_CLOSED, 1},
        {"Big", NULL, NULL, "2023-03-01", NULL, Y, PT_RESP_CLOSED, 1},
        {"Big", NULL, NULL, "2023-01-01", NULL, Y, PT_RESP_CLOSED, 1},
        {"Big", NULL, NULL, "2023-03-09", NULL, Y, PT_RESP_CLOSED, 1},
    };
    struct fixture fx;
    run(&fx, "company,month", rows, 4);
    static const struct { const char *company; const char *month; uint64_t n; } want[] = {
        {"Big", "2023-01", 1}, {"Big", "2023-03", 2}, {"Small", "2023-02", 1},
    };
    assert_int_equal(pt_cstats_n_rows(fx.stats), 3);
    for (size_t i = 0; i < 3; i++) {
        const struct pt_cstats_row *r = pt_cstats_row(fx.stats, i);
        char buf[16];
        assert_string_equal(r->key_text[0], want[i].company);
        assert_string_equal(pt_month_key_format(r->key_num[1], buf, sizeof buf), want[i].month);
        assert_int_equal(r->complaints, want[i].n);
    }
    assert_true(isnan(pt_cstats_row(fx.stats, 1)->mom_change));   /* Feb missing for Big */
    done(&fx);
}

/* no_lags (the report's count-only tables): the same counts, timely
 * answers and response mix as with lags, and no lag figures at all. */
static void test_no_lags_keeps_every_count(void **state)
{
    (void)state;
    struct fixture fx;
    run(&fx, "company", company_rows, sizeof company_rows / sizeof company_rows[0]);
    struct pt_error err;
    struct pt_cstats_opts opt;
    memset(&opt, 0, sizeof opt);
    opt.keys[0] = PT_CKEY_COMPANY;
    opt.n_keys = 1;
    opt.no_lags = 1;
    struct pt_cstats *lean = NULL;
    assert_int_equal(pt_cstats_create(&lean, &opt, fx.names, &err), PT_OK);
    for (size_t i = 0; i < sizeof company_rows / sizeof company_rows[0]; i++) {
        struct pt_complaint c = make(&company_rows[i]);
        assert_int_equal(pt_cstats_add(lean, &c, &err), PT_OK);
    }
    assert_int_equal(pt_cstats_finish(lean, &err), PT_OK);
    assert_int_equal(pt_cstats_n_rows(lean), 2);
    for (size_t i = 0; i < 2; i++) {
        const struct pt_cstats_row *a = pt_cstats_row(fx.stats, i), *b = pt_cstats_row(lean, i);
        assert_string_equal(a->key_text[0], b->key_text[0]);
        assert_int_equal(a->complaints, b->complaints);
        assert_int_equal(a->timely_yes, b->timely_yes);
        assert_int_equal(a->timely_no, b->timely_no);
        assert_int_equal(a->timely_unknown, b->timely_unknown);
        assert_memory_equal(a->response, b->response, sizeof a->response);
        assert_int_equal(b->lag_known, 0);
        assert_true(isnan(b->lag_median) && isnan(b->lag_p90));
    }
    assert_int_equal(pt_cstats_row(fx.stats, 0)->lag_known, 7);   /* Acme's 7 lags, above */
    pt_cstats_destroy(lean);
    done(&fx);
}

/* Adds rows to a new accumulator over names; opt given. */
static struct pt_cstats *count_into(struct pt_names *names, const char *by, int no_lags,
                                    const struct mini *rows, size_t n)
{
    struct pt_error err;
    struct pt_cstats_opts opt;
    memset(&opt, 0, sizeof opt);
    assert_int_equal(pt_cstats_parse_keys(by, opt.keys, &opt.n_keys, &err), PT_OK);
    opt.no_lags = no_lags;
    opt.no_top_issue = 1;
    struct pt_cstats *s = NULL;
    assert_int_equal(pt_cstats_create(&s, &opt, names, &err), PT_OK);
    for (size_t i = 0; i < n; i++) {
        struct pt_complaint c = make(&rows[i]);
        assert_int_equal(pt_cstats_add(s, &c, &err), PT_OK);
    }
    return s;
}

static void assert_same_rows(const struct pt_cstats *a, const struct pt_cstats *b)
{
    assert_int_equal(pt_cstats_n_rows(a), pt_cstats_n_rows(b));
    assert_int_equal(pt_cstats_total(a), pt_cstats_total(b));
    for (size_t i = 0; i < pt_cstats_n_rows(a); i++) {
        const struct pt_cstats_row *x = pt_cstats_row(a, i), *y = pt_cstats_row(b, i);
        assert_memory_equal(x->key_num, y->key_num, sizeof x->key_num);
        assert_int_equal(x->complaints, y->complaints);
        assert_true(x->share == y->share);
        assert_int_equal(x->timely_yes, y->timely_yes);
        assert_int_equal(x->timely_no, y->timely_no);
        assert_memory_equal(x->response, y->response, sizeof x->response);
        assert_int_equal(x->lag_known, y->lag_known);
        assert_true(x->lag_median == y->lag_median || (isnan(x->lag_median) && isnan(y->lag_median)));
        assert_true(x->lag_p90 == y->lag_p90 || (isnan(x->lag_p90) && isnan(y->lag_p90)));
        assert_int_equal(x->spike, y->spike);
        assert_true(x->mom_change == y->mom_change ||
                    (isnan(x->mom_change) && isnan(y->mom_change)));
    }
}

/* pt_cstats_fold: category from company x category, and month from
 * company x month, equal counting the complaints directly, every figure
 * of every row (complaints with two categories count once in each); and
 * the folds that would be wrong are refused. */
static void test_fold_equals_counting_directly(void **state)
{
    (void)state;
    static const struct mini rows[] = {
        {"Acme", "Fees", NULL, "2023-01-03", "2023-01-04", Y, PT_RESP_EXPLANATION, 1u | 4u},
        {"Beta", "Fees", NULL, "2023-01-09", "2023-01-09", N, PT_RESP_MONETARY, 1u},
        {"Acme", "Bill", NULL, "2023-02-03", "2023-02-23", Y, PT_RESP_CLOSED, 4u | 8u},
        {"Gamma", "Bill", NULL, "2023-02-13", NULL, U, PT_RESP_UNKNOWN, 0u},
        {"Beta", "Fees", NULL, "2023-03-01", "2023-06-01", Y, PT_RESP_EXPLANATION, 2u | 4u},
        {"Acme", "Fees", NULL, "2023-03-05", "2023-03-05", Y, PT_RESP_IN_PROGRESS, 1u},
    };
    const size_t n = sizeof rows / sizeof rows[0];
    static const char *const pairs[][2] = {{"company,category", "category"},
                                           {"company,month", "month"},
                                           {"month,company", "company"}};
    struct pt_error err;
    for (size_t p = 0; p < 3; p++) {
        for (int no_lags = 0; no_lags < 2; no_lags++) {
            struct pt_names *names = NULL;
            assert_int_equal(pt_names_create(&names, &err), PT_OK);
            struct pt_cstats *src = count_into(names, pairs[p][0], no_lags, rows, n);
            struct pt_cstats *direct = count_into(names, pairs[p][1], no_lags, rows, n);
            struct pt_cstats *folded = count_into(names, pairs[p][1], no_lags, rows, 0);
            assert_int_equal(pt_cstats_fold(folded, src, &err), PT_OK);
            assert_int_equal(pt_cstats_finish(folded, &err), PT_OK);
            assert_int_equal(pt_cstats_finish(direct, &err), PT_OK);
            assert_same_rows(folded, direct);
            pt_cstats_destroy(src);
            pt_cstats_destroy(direct);
            pt_cstats_destroy(folded);
            pt_names_destroy(names);
        }
    }
    /* A dst that keeps fewer figures than src (no_lags from a table with
     * lags) gets what counting into it gives: no lags (fuzz_cstats_keys
     * found lag_known and the quantiles carried over). */
    for (size_t p = 0; p < 3; p++) {
        struct pt_names *names = NULL;
        assert_int_equal(pt_names_create(&names, &err), PT_OK);
        struct pt_cstats *src = count_into(names, pairs[p][0], 0, rows, n);
        struct pt_cstats *direct = count_into(names, pairs[p][1], 1, rows, n);
        struct pt_cstats *folded = count_into(names, pairs[p][1], 1, rows, 0);
        assert_int_equal(pt_cstats_fold(folded, src, &err), PT_OK);
        assert_int_equal(pt_cstats_finish(folded, &err), PT_OK);
        assert_int_equal(pt_cstats_finish(direct, &err), PT_OK);
        assert_same_rows(folded, direct);
        for (size_t i = 0; i < pt_cstats_n_rows(folded); i++) {
            assert_int_equal(pt_cstats_row(folded, i)->lag_known, 0);
            assert_true(isnan(pt_cstats_row(folded, i)->lag_median));
        }
        pt_cstats_destroy(src);
        pt_cstats_destroy(direct);
        pt_cstats_destroy(folded);
        pt_names_destroy(names);
    }
    /* Refused: dropping the category key (a complaint with two would count
     * twice), a dst that keeps lags src does not, a dst not empty. */
    struct pt_names *names = NULL;
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    struct pt_cstats *src = count_into(names, "company,category", 1, rows, n);
    struct pt_cstats *by_company = count_into(names, "company", 1, rows, 0);
    assert_int_equal(pt_cstats_fold(by_company, src, &err), PT_EINVAL);
    struct pt_cstats *with_lags = count_into(names, "category", 0, rows, 0);
    assert_int_equal(pt_cstats_fold(with_lags, src, &err), PT_EINVAL);
    struct pt_cstats *not_empty = count_into(names, "category", 1, rows, 1);
    assert_int_equal(pt_cstats_fold(not_empty, src, &err), PT_EINVAL);
    pt_cstats_destroy(src);
    pt_cstats_destroy(by_company);
    pt_cstats_destroy(with_lags);
    pt_cstats_destroy(not_empty);
    pt_names_destroy(names);
}

/* pt_cstats_merge sums two halves counted alike; halves that kept
 * different things (lags in one, not the other; different keys) are
 * refused rather than summed into rows that mix both. Merging like with
 * like is accepted and equals one count of both halves. */
static void test_merge_refuses_unlike_options(void **state)
{
    (void)state;
    struct pt_error err;
    static const struct mini rows[] = {
        {"ACME, INC.", "Fees", NULL, "2023-01-05", "2023-01-06", Y, PT_RESP_EXPLANATION, 1},
        {"ACME, INC.", "Escrow", NULL, "2023-02-05", "2023-02-09", N, PT_RESP_MONETARY, 1},
        {"Beta Bank", "Fees", NULL, "2023-02-07", NULL, Y, PT_RESP_CLOSED, 1},
    };
    struct pt_names *names = NULL;
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    struct pt_cstats *lags = count_into(names, "company", 0, rows, 2);
    struct pt_cstats *no_lags = count_into(names, "company", 1, rows + 2, 1);
    struct pt_cstats *by_month = count_into(names, "month", 0, rows + 2, 1);
    assert_int_equal(pt_cstats_merge(lags, no_lags, &err), PT_EINVAL);
    assert_int_equal(pt_cstats_merge(lags, by_month, &err), PT_EINVAL);
    /* Counting one complaint into tables of two registries is refused too
     * (the firm is looked up once, in one registry). */
    struct pt_names *other = NULL;
    assert_int_equal(pt_names_create(&other, &err), PT_OK);
    struct pt_cstats *elsewhere = count_into(other, "company", 0, rows, 0);
    struct pt_cstats *const two[] = {by_month, elsewhere};
    struct pt_complaint one = make(&rows[0]);
    assert_int_equal(pt_cstats_add_many(two, 2, &one, &err), PT_EINVAL);
    pt_cstats_destroy(elsewhere);
    pt_names_destroy(other);
    struct pt_cstats *rest = count_into(names, "company", 0, rows + 2, 1);
    struct pt_cstats *all = count_into(names, "company", 0, rows, 3);
    assert_int_equal(pt_cstats_merge(lags, rest, &err), PT_OK);
    assert_int_equal(pt_cstats_finish(lags, &err), PT_OK);
    assert_int_equal(pt_cstats_finish(all, &err), PT_OK);
    assert_same_rows(lags, all);
    pt_cstats_destroy(lags);
    pt_cstats_destroy(no_lags);
    pt_cstats_destroy(by_month);
    pt_cstats_destroy(rest);
    pt_cstats_destroy(all);
    pt_names_destroy(names);
}

/* Company x month groups are found through a window of months per
 * company, and month (or year) groups alone through one window
 * (stats_internal.h, CS_WINDOW_MAX = 1024 months). Months arrive in a
 * scrambled order that grows windows on both sides, with strays 150 years
 * away that only the hash table holds; every count must equal a plain
 * count made here, month by month. */
static void test_two_keys_window_counts_equal_a_plain_count(void **state)
{
    (void)state;
    static const char *const firms[3] = {"Acme", "Beta", "Gamma"};
    static const int years[] = {2023, 2019, 2024, 2011, 1870, 2023, 2160, 2020};
    enum { N_ROWS = 6000 };
    static struct mini rows[N_ROWS];
    static char dates[N_ROWS][11];
    uint32_t x = 12345;
    for (size_t i = 0; i < N_ROWS; i++) {
        x = x * 1103515245u + 12345u;   /* the C standard's example generator */
        unsigned f = (x >> 16) % 3, y = (x >> 8) % 8, m = 1 + (x >> 20) % 12;
        snprintf(dates[i], sizeof dates[i], "%04d-%02u-15", years[y], m);
        rows[i] = (struct mini){firms[f], NULL, NULL, dates[i], NULL, Y, PT_RESP_CLOSED, 1};
    }
    struct fixture fx;
    run(&fx, "company,month", rows, N_ROWS);
    size_t seen = 0;
    for (size_t r = 0; r < pt_cstats_n_rows(fx.stats); r++) {
        const struct pt_cstats_row *row = pt_cstats_row(fx.stats, r);
        char month[16];
        pt_month_key_format(row->key_num[1], month, sizeof month);
        uint64_t want = 0;
        for (size_t i = 0; i < N_ROWS; i++)
            want += strcmp(rows[i].company, row->key_text[0]) == 0 &&
                    strncmp(rows[i].received, month, 7) == 0;
        assert_int_equal(row->complaints, want);
        seen += want;
    }
    assert_int_equal(seen, N_ROWS);   /* every row in exactly one group */
    assert_int_equal(pt_cstats_n_rows(fx.stats), 3 * 7 * 12);   /* 7 distinct years */
    done(&fx);
    /* One time key alone is windowed too (window 0 over the values): the
     * same rows by month, then by year. */
    static const char *const alone[] = {"month", "year"};
    for (size_t a = 0; a < 2; a++) {
        run(&fx, alone[a], rows, N_ROWS);
        seen = 0;
        for (size_t r = 0; r < pt_cstats_n_rows(fx.stats); r++) {
            const struct pt_cstats_row *row = pt_cstats_row(fx.stats, r);
            char prefix[16];
            if (a == 0)
                pt_month_key_format(row->key_num[0], prefix, sizeof prefix);
            else
                snprintf(prefix, sizeof prefix, "%04d", (int)row->key_num[0]);
            uint64_t want = 0;
            for (size_t i = 0; i < N_ROWS; i++)
                want += strncmp(rows[i].received, prefix, strlen(prefix)) == 0;
            assert_int_equal(row->complaints, want);
            seen += want;
        }
        assert_int_equal(seen, N_ROWS);
        assert_int_equal(pt_cstats_n_rows(fx.stats), a == 0 ? 7 * 12 : 7);
        done(&fx);
    }
    /* counts_only (stats_counts.c): the same rows, counted in the windows'
     * count arrays (strays in groups) and made into groups at finish, give
     * the same complaints, shares, month changes and spikes, and nothing
     * else; for company x month and month alone. */
    static const char *const keyed[] = {"company,month", "month"};
    for (size_t a = 0; a < 2; a++) {
        struct fixture full;
        run(&full, keyed[a], rows, N_ROWS);
        struct pt_error err;
        struct pt_cstats_opts opt;
        memset(&opt, 0, sizeof opt);
        assert_int_equal(pt_cstats_parse_keys(keyed[a], opt.keys, &opt.n_keys, &err), PT_OK);
        opt.counts_only = 1;
        struct pt_cstats *counts = NULL;
        assert_int_equal(pt_cstats_create(&counts, &opt, full.names, &err), PT_OK);
        for (size_t i = 0; i < N_ROWS; i++) {
            struct pt_complaint c = make(&rows[i]);
            assert_int_equal(pt_cstats_add(counts, &c, &err), PT_OK);
        }
        assert_int_equal(pt_cstats_finish(counts, &err), PT_OK);
        assert_int_equal(pt_cstats_n_rows(counts), pt_cstats_n_rows(full.stats));
        for (size_t r = 0; r < pt_cstats_n_rows(counts); r++) {
            const struct pt_cstats_row *u = pt_cstats_row(full.stats, r);
            const struct pt_cstats_row *v = pt_cstats_row(counts, r);
            assert_memory_equal(u->key_num, v->key_num, sizeof u->key_num);
            assert_int_equal(u->complaints, v->complaints);
            assert_true(u->share == v->share);
            assert_true(u->mom_change == v->mom_change ||
                        (isnan(u->mom_change) && isnan(v->mom_change)));
            assert_int_equal(u->spike, v->spike);
            assert_int_equal(v->timely_yes + v->timely_no + v->timely_unknown, 0);
            assert_int_equal(v->lag_known, 0);
        }
        pt_cstats_destroy(counts);
        done(&full);
    }
    /* Refused with the text signals, which need more than counts. */
    struct pt_names *names = NULL;
    struct pt_error err;
    struct pt_cstats *bad = NULL;
    struct pt_cstats_opts opt = {{PT_CKEY_COMPANY}, 1, 0, 0, 0, 1, 0, 0, 1};
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    assert_int_equal(pt_cstats_create(&bad, &opt, names, &err), PT_EINVAL);
    pt_names_destroy(names);
}

/* The CSV table: header names of CONTRACT.md plus ours, rates with 10
 * digits, missing values empty. Numbers are those checked above. */
static void test_csv_output_of_two_companies(void **state)
{
    (void)state;
    struct fixture fx;
    run(&fx, "company", company_rows, sizeof company_rows / sizeof company_rows[0]);
    FILE *f = tmpfile();
    assert_non_null(f);
    struct pt_error err;
    assert_int_equal(pt_cstats_write(fx.stats, f, PT_TABLE_CSV, &err), PT_OK);
    rewind(f);
    char buf[2048];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    static const char want[] =
        "company,complaints,share,timely_rate,timely_low,timely_high,timely_unknown,"
        "resp_monetary_relief,resp_non_monetary_relief,resp_explanation,resp_closed,"
        "resp_in_progress,resp_untimely,resp_other,resp_unknown,lag_known,"
        "days_to_sent_median,days_to_sent_p90,top_issue,top_issue_complaints\n"
        "\"ACME, INC.\",7,0.7000000000,0.8333333333,0.4364971778,0.9699466303,1,"
        "1,1,3,0,1,0,0,1,7,2.0,18.0,Fees,4\n"
        "BETA BANK,3,0.3000000000,0.5000000000,0.0945312057,0.9054687943,1,"
        "0,0,0,2,0,1,0,0,0,,,Fraud,3\n";
    assert_string_equal(buf, want);
    done(&fx);
}

/* Near-duplicate narratives: per neardup.h, digits all read as 0 and
 * punctuation runs as one space, so two texts that differ only in amounts
 * and dates have identical shingle sets (Jaccard 1 >= 0.7): the second is a
 * near-duplicate of the first, for certain. An unrelated text shares no
 * 5-character shingle with them (checked: Python set intersection of the
 * normalized 5-grams is empty), and a blank narrative is not a narrative. */
#ifdef PT_HAVE_NEARDUP
static void test_neardup_share_per_group(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "I borrowed $500 on 01/02/2023 and they charged me a $75 fee I never agreed to, "
        "then called my employer every day.",
        "I borrowed $900 on 11/12/2024 and they charged me a $35 fee I never agreed to, "
        "then called my employer every day!",
        "Mortgage escrow analysis was wrong twice.",
        "",
    };
    static const char *const company[] = {"A", "A", "B", "B"};
    struct pt_error err;
    struct pt_cstats_opts opt;
    memset(&opt, 0, sizeof opt);
    opt.keys[0] = PT_CKEY_COMPANY;
    opt.n_keys = 1;
    opt.neardup = 1;
    opt.neardup_sketches = 64;
    struct pt_names *names = NULL;
    struct pt_cstats *s = NULL;
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    assert_int_equal(pt_cstats_create(&s, &opt, names, &err), PT_OK);
    for (size_t i = 0; i < 4; i++) {
        struct mini m = {company[i], "I", NULL, "2024-01-01", NULL, Y, PT_RESP_CLOSED, 1};
        struct pt_complaint c = make(&m);
        c.narrative = texts[i];
        assert_int_equal(pt_cstats_add(s, &c, &err), PT_OK);
    }
    assert_int_equal(pt_cstats_finish(s, &err), PT_OK);
    const struct pt_cstats_row *a = pt_cstats_row(s, 0), *b = pt_cstats_row(s, 1);
    assert_string_equal(a->key_text[0], "A");
    assert_int_equal(a->narratives, 2);
    assert_int_equal(a->neardup, 1);
    pt_assert_close(a->neardup_share, 0.5, 0);
    assert_int_equal(b->narratives, 1);     /* the empty one is not counted */
    pt_assert_close(b->neardup_share, 0.0, 0);
    pt_cstats_destroy(s);
    pt_names_destroy(names);
}
#endif

/* Complaints per 10,000 loans on the overlap of the periods.
 * Loans: ACME 4 on 2023-06-10, 1 on 2023-07-20, 5 on 2023-09-01; Beta Bank
 * 2 on 2023-06-02 -> loan period 2023-06-02..2023-09-01.
 * Complaints (company_rows): 2023-06-01..2023-07-01.
 * hand: ACME complaints in the loan period: 06-03, 06-03, 06-28, 06-30,
 * 07-01 = 5; ACME loans in the complaint period: the 4 of 06-10 (07-20 is
 * after the last complaint) -> 5 / 4 x 10,000 = 12,500. Beta: 0 complaints
 * after 06-01 / 2 loans -> 0. The undated loan counts in neither. */
static void test_complaints_per_10k_loans_on_overlap(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_cstats_opts opt;
    memset(&opt, 0, sizeof opt);
    opt.keys[0] = PT_CKEY_COMPANY;
    opt.n_keys = 1;
    struct pt_names *names = NULL;
    struct pt_loan_counts *lc = NULL;
    struct pt_cstats *s = NULL;
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    assert_int_equal(pt_loan_counts_create(&lc, names, &err), PT_OK);
    static const struct { const char *platform, *day; int n; } loans[] = {
        {"Acme, Inc", "2023-06-10", 4}, {"ACME INC.", "2023-07-20", 1},
        {"acme inc", "2023-09-01", 5}, {"Beta Bank", "2023-06-02", 2},
    };
    for (size_t i = 0; i < 4; i++)
        for (int k = 0; k < loans[i].n; k++)
            assert_int_equal(pt_loan_counts_add(lc, loans[i].platform, day_of(loans[i].day),
                                                &err), PT_OK);
    assert_int_equal(pt_loan_counts_add(lc, "Beta Bank", PT_DAY_UNKNOWN, &err), PT_OK);
    int32_t first, last;
    uint64_t n_loans, n_undated;
    pt_loan_counts_range(lc, &first, &last, &n_loans, &n_undated);
    assert_int_equal(first, day_of("2023-06-02"));
    assert_int_equal(last, day_of("2023-09-01"));
    assert_int_equal(n_loans, 13);
    assert_int_equal(n_undated, 1);
    assert_int_equal(pt_cstats_create(&s, &opt, names, &err), PT_OK);
    pt_cstats_set_loans(s, lc, first, last);
    for (size_t i = 0; i < sizeof company_rows / sizeof company_rows[0]; i++) {
        struct pt_complaint c = make(&company_rows[i]);
        assert_int_equal(pt_cstats_add(s, &c, &err), PT_OK);
    }
    assert_int_equal(pt_cstats_finish(s, &err), PT_OK);
    const struct pt_cstats_row *a = pt_cstats_row(s, 0), *b = pt_cstats_row(s, 1);
    assert_int_equal(a->loans, 4);
    assert_int_equal(a->complaints_in_period, 5);
    pt_assert_close(a->per_10k_loans, 12500.0, 1e-9);
    assert_int_equal(b->loans, 2);
    assert_int_equal(b->complaints_in_period, 0);
    pt_assert_close(b->per_10k_loans, 0.0, 0);
    pt_cstats_destroy(s);
    pt_loan_counts_destroy(lc);
    pt_names_destroy(names);
}

/* Quarter and year keys through the CSV writer: June 30 and July 1 fall in
 * different quarters of one year (hand: months 4-6 = Q2, 7-9 = Q3). */
static void test_quarter_and_year_keys_in_csv(void **state)
{
    (void)state;
    static const struct mini rows[] = {
        {"A", NULL, NULL, "2023-06-30", NULL, Y, PT_RESP_CLOSED, 1},
        {"A", NULL, NULL, "2023-07-01", NULL, N, PT_RESP_CLOSED, 1},
        {"A", NULL, NULL, "2023-07-02", NULL, U, PT_RESP_CLOSED, 1},
    };
    struct fixture fx;
    run(&fx, "year,quarter", rows, 3);
    FILE *f = tmpfile();
    assert_non_null(f);
    struct pt_error err;
    assert_int_equal(pt_cstats_write(fx.stats, f, PT_TABLE_CSV, &err), PT_OK);
    rewind(f);
    char buf[2048];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, "\n2023,2023Q2,1,0.3333333333,1.0000000000,"));
    assert_non_null(strstr(buf, "\n2023,2023Q3,2,0.6666666667,0.0000000000,"));
    done(&fx);
}

static void test_parse_keys_rejects_bad_lists(void **state)
{
    (void)state;
    static const struct { const char *text; const char *msg; } bad[] = {
        {"company,bogus", "--by: expected company, product, issue, category, state, channel, "
                          "month, quarter or year, found \"bogus\""},
        {"month,month", "--by: key \"month\" given twice"},
        {"", "--by: expected company, product, issue, category, state, channel, month, "
             "quarter or year, found \"\""},
        {"company,product,issue,state,month", "--by: at most 4 keys, found more"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        enum pt_ckey keys[PT_CSTATS_MAX_KEYS];
        size_t n;
        struct pt_error err;
        assert_int_equal(pt_cstats_parse_keys(bad[i].text, keys, &n, &err), PT_EUSAGE);
        assert_string_equal(err.msg, bad[i].msg);
    }
}

/* Every allocation failure becomes PT_ENOMEM and leaks nothing (ASan):
 * counting the rows in two halves, merging them, finishing; counts_only
 * also goes through the windows' counts, the count-to-count merge and the
 * groups made at finish. */
static void allocation_failures_are_clean(const char *by, int counts_only)
{
    const size_t n_rows = sizeof company_rows / sizeof company_rows[0], cut = n_rows / 2;
    for (unsigned long nth = 1; nth < 10000; nth++) {
        struct pt_error err;
        struct pt_cstats_opts opt;
        memset(&opt, 0, sizeof opt);
        assert_int_equal(pt_cstats_parse_keys(by, opt.keys, &opt.n_keys, &err), PT_OK);
        opt.counts_only = counts_only;
        struct pt_names *names = NULL;
        struct pt_cstats *s = NULL, *half = NULL;
        pt_alloc_fail_at(nth);
        enum pt_code rc = pt_names_create(&names, &err);
        if (rc == PT_OK)
            rc = pt_cstats_create(&s, &opt, names, &err);
        if (rc == PT_OK)
            rc = pt_cstats_create(&half, &opt, names, &err);
        for (size_t i = 0; rc == PT_OK && i < n_rows; i++) {
            struct pt_complaint c = make(&company_rows[i]);
            rc = pt_cstats_add(i < cut ? s : half, &c, &err);
        }
        if (rc == PT_OK)
            rc = pt_cstats_merge(s, half, &err);
        if (rc == PT_OK)
            rc = pt_cstats_finish(s, &err);
        pt_alloc_fail_at(0);
        pt_cstats_destroy(half);
        pt_cstats_destroy(s);
        pt_names_destroy(names);
        if (rc == PT_OK)
            return;
        assert_int_equal(rc, PT_ENOMEM);
    }
    fail_msg("never succeeded");
}

/* Three keys go through the hash table alone, company x month through
 * the per-company windows too. */
static void test_allocation_failures_are_clean(void **state)
{
    (void)state;
    allocation_failures_are_clean("company,month,category", 0);
    allocation_failures_are_clean("company,month", 0);
    allocation_failures_are_clean("company,category", 0);
    allocation_failures_are_clean("category,company", 0);
    allocation_failures_are_clean("company,month", 1);
    allocation_failures_are_clean("company,category", 1);
    allocation_failures_are_clean("month", 1);
    allocation_failures_are_clean("company", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_company_counts_shares_timely_and_lags),
        cmocka_unit_test(test_wilson_matches_python),
        cmocka_unit_test(test_lags_outside_histogram_are_exact),
        cmocka_unit_test(test_categories_overlap_and_sum_past_one),
        cmocka_unit_test(test_month_change_and_spike),
        cmocka_unit_test(test_two_keys_order_companies_by_volume_months_ascending),
        cmocka_unit_test(test_two_keys_window_counts_equal_a_plain_count),
        cmocka_unit_test(test_no_lags_keeps_every_count),
        cmocka_unit_test(test_fold_equals_counting_directly),
        cmocka_unit_test(test_merge_refuses_unlike_options),
        cmocka_unit_test(test_csv_output_of_two_companies),
#ifdef PT_HAVE_NEARDUP
        cmocka_unit_test(test_neardup_share_per_group),
#endif
        cmocka_unit_test(test_complaints_per_10k_loans_on_overlap),
        cmocka_unit_test(test_quarter_and_year_keys_in_csv),
        cmocka_unit_test(test_parse_keys_rejects_bad_lists),
        cmocka_unit_test(test_allocation_failures_are_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

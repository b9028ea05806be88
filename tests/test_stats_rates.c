/* test_stats_rates.c: grouped APR statistics (stats_rates.h), checked
 * through the CSV they write. Hand-worked group "Alpha": APRs 0.12, 0.18,
 * 0.30, 0.42 on principals 1000, 2000, 3000, 4000. Expected values from
 * Python 3 statistics (independent):
 *   d = [0.12, 0.18, 0.30, 0.42]
 *   q = statistics.quantiles(d, n=20, method='inclusive')
 *   p10 q[1] = 0.138, p25 q[4] = 0.165, median q[9] = 0.24,
 *   p75 q[14] = 0.33, p90 q[17] = 0.384; statistics.mean(d) = 0.255
 *   weighted: float(sum(Fraction(a) * w) / 10000) = 0.306
 * and by hand: over 24% = 2/4 (0.30, 0.42), over 36% = 1/4, 4xLPR = 1 yes of
 * 3 known (one n/a), gaps APR - quoted = 0, 0.06, 0.06 -> median 0.06,
 * bins 6-12 (0.12, upper edge included), 12-18 (0.18), 24-36, 36-48. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"
#include "audit/load_common.h"
#include "audit/names.h"
#include "audit/stats_rates.h"
#include "tests/helpers.h"

struct loan_spec {
    const char *platform, *product, *currency;
    int y, m, d;              /* 0 = undated */
    int64_t principal_minor;
    double apr, quoted;
    enum pt_legal_flag lpr;
};

static const struct loan_spec alpha_beta[] = {
    {"Alpha", "cash", "CNY", 2024, 1, 5, 100000, 0.12, 0.12, PT_LEGAL_NO},
    {" ALPHA", "cash", "CNY", 2024, 2, 5, 200000, 0.18, 0.12, PT_LEGAL_NO},
    {"Alpha", "cash", "CNY", 2023, 12, 31, 300000, 0.30, 0.24, PT_LEGAL_YES},
    {"Alpha", "cash", "CNY", 0, 0, 0, 400000, 0.42, NAN, PT_LEGAL_NA},
    {"beta", "card", "USD", 2024, 3, 1, 50000, 0.50, NAN, PT_LEGAL_NA},
};

static void make_loan(const struct loan_spec *s, struct pt_loan *l)
{
    pt_loan_clear(l);
    l->platform = s->platform;
    l->product = s->product;
    l->currency = s->currency;
    l->day = s->y ? pt_date_from_ymd(s->y, s->m, s->d) : PT_DAY_UNKNOWN;
    l->principal_minor = l->amount_financed_minor = s->principal_minor;
    l->apr = s->apr;
    l->quoted_annual_rate = s->quoted;
    l->over_24 = s->apr > 0.24 ? PT_LEGAL_YES : PT_LEGAL_NO;
    l->over_36 = s->apr > 0.36 ? PT_LEGAL_YES : PT_LEGAL_NO;
    l->over_4lpr = s->lpr;
}

/* Runs the specs through stats grouped by `by`, writes CSV into buf. */
static void run_stats(const char *by, char *buf, size_t size)
{
    enum pt_rate_key keys[PT_RATE_MAX_KEYS];
    size_t n_keys;
    int by_loan;
    struct pt_error err;
    struct pt_names *names;
    struct pt_rate_stats *s;
    assert_int_equal(pt_rate_keys_parse(by, keys, &n_keys, &by_loan, &err), PT_OK);
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    assert_int_equal(pt_rate_stats_create(&s, keys, n_keys, names, &err), PT_OK);
    for (size_t i = 0; i < sizeof alpha_beta / sizeof alpha_beta[0]; i++) {
        struct pt_loan l;
        make_loan(&alpha_beta[i], &l);
        assert_int_equal(pt_rate_stats_add(s, &l, &err), PT_OK);
    }
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(pt_rate_stats_write(s, f, PT_TABLE_CSV, &err), PT_OK);
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
    pt_rate_stats_destroy(s);
    pt_names_destroy(names);
}

/* Field `col` (by header name) of data line `row` (0-based) of a CSV
 * without quoted commas, copied into out. */
static const char *cell(const char *csv, int row, const char *col, char *out, size_t size)
{
    char line[4096];
    const char *p = csv;
    int idx = -1;
    for (int r = -1; r <= row; r++) {
        size_t len = strcspn(p, "\n");
        assert_true(len < sizeof line && *p);
        memcpy(line, p, len);
        line[len] = '\0';
        p += len + 1;
        int k = 0;
        for (char *tok = line, *next; tok; tok = next, k++) {
            next = strchr(tok, ',');
            if (next)
                *next++ = '\0';
            if (r == -1 && strcmp(tok, col) == 0)
                idx = k;
            if (r == row && k == idx) {
                size_t n = strlen(tok) < size ? strlen(tok) : size - 1;
                memcpy(out, tok, n); /* snprintf here trips -Wformat-truncation at -O3 */
                out[n] = '\0';
                return out;
            }
        }
    }
    fail_msg("column %s not found", col);
    return NULL;
}

static double num(const char *csv, int row, const char *col)
{
    char b[128];
    return strtod(cell(csv, row, col, b, sizeof b), NULL);
}

struct col_case {
    const char *col;
    double want;
};

static void test_hand_worked_group_matches_python_statistics(void **state)
{
    (void)state;
    static char csv[16384];
    char b[128];
    run_stats("platform", csv, sizeof csv);
    static const struct col_case alpha[] = {
        {"loans", 4},          {"principal_volume", 10000.00}, {"apr_mean", 0.255},
        {"apr_weighted_mean", 0.306}, {"apr_min", 0.12},       {"apr_p10", 0.138},
        {"apr_p25", 0.165},    {"apr_median", 0.24},           {"apr_p75", 0.33},
        {"apr_p90", 0.384},    {"apr_max", 0.42},              {"share_over_24", 0.5},
        {"share_over_36", 0.25}, {"share_over_4lpr", 1.0 / 3}, {"gap_median", 0.06},
        {"apr_bin_6_12", 1},   {"apr_bin_12_18", 1},           {"apr_bin_18_24", 0},
        {"apr_bin_24_36", 1},  {"apr_bin_36_48", 1},           {"rate_checked", 0}};
    /* Row 0 is Alpha ("Alpha" < "beta" bytewise), its most frequent spelling. */
    assert_string_equal(cell(csv, 0, "platform", b, sizeof b), "Alpha");
    assert_string_equal(cell(csv, 0, "currency", b, sizeof b), "CNY");
    for (size_t i = 0; i < sizeof alpha / sizeof alpha[0]; i++) {
        print_message("Alpha %s\n", alpha[i].col);
        pt_assert_close(num(csv, 0, alpha[i].col), alpha[i].want, 1e-10);
    }
    /* 4 x LPR printed with 10 decimals: 1/3 -> 0.3333333333 */
    assert_string_equal(cell(csv, 0, "share_over_4lpr", b, sizeof b), "0.3333333333");
    assert_string_equal(cell(csv, 1, "platform", b, sizeof b), "beta");
    assert_string_equal(cell(csv, 1, "share_over_4lpr", b, sizeof b), "");
    assert_string_equal(cell(csv, 1, "gap_median", b, sizeof b), "");
    pt_assert_close(num(csv, 1, "apr_bin_48_100"), 1, 0);
}

static void test_periods_sort_in_time_with_undated_last(void **state)
{
    (void)state;
    static char csv[16384];
    char b[128];
    run_stats("year,platform", csv, sizeof csv);
    /* hand: Alpha 2023 (0.30), Alpha 2024 (0.12, 0.18), beta 2024, Alpha undated */
    static const char *const want[][2] = {
        {"2023", "Alpha"}, {"2024", "Alpha"}, {"2024", "beta"}, {"", "Alpha"}};
    for (int r = 0; r < 4; r++) {
        assert_string_equal(cell(csv, r, "year", b, sizeof b), want[r][0]);
        assert_string_equal(cell(csv, r, "platform", b, sizeof b), want[r][1]);
    }
    pt_assert_close(num(csv, 1, "apr_median"), 0.15, 1e-12);   /* (0.12 + 0.18) / 2 */
    run_stats("quarter", csv, sizeof csv);
    assert_string_equal(cell(csv, 0, "quarter", b, sizeof b), "2023Q4");
    assert_string_equal(cell(csv, 1, "quarter", b, sizeof b), "2024Q1");
    assert_string_equal(cell(csv, 1, "currency", b, sizeof b), "CNY");
    assert_string_equal(cell(csv, 2, "currency", b, sizeof b), "USD");
    assert_string_equal(cell(csv, 3, "quarter", b, sizeof b), "");
}

static void test_keys_parse_rejects_unknown_and_repeated(void **state)
{
    (void)state;
    enum pt_rate_key keys[PT_RATE_MAX_KEYS];
    size_t n;
    int by_loan;
    struct pt_error err;
    assert_int_equal(pt_rate_keys_parse("platform,quarter", keys, &n, &by_loan, &err), PT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(keys[1], PT_RKEY_QUARTER);
    assert_int_equal(pt_rate_keys_parse("loan", keys, &n, &by_loan, &err), PT_OK);
    assert_int_equal(by_loan, 1);
    assert_int_equal(pt_rate_keys_parse("platform,platform", keys, &n, &by_loan, &err),
                     PT_EUSAGE);
    assert_int_equal(pt_rate_keys_parse("company", keys, &n, &by_loan, &err), PT_EUSAGE);
    assert_string_equal(err.msg, "--by: expected comma-separated platform, product, month, "
                                 "quarter, year (each once) or loan, found \"company\"");
    assert_int_equal(pt_rate_keys_parse("platform,", keys, &n, &by_loan, &err), PT_EUSAGE);
}

static void test_volume_overflow_is_erange(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_names *names;
    struct pt_rate_stats *s;
    enum pt_rate_key k = PT_RKEY_PLATFORM;
    struct pt_loan l;
    make_loan(&alpha_beta[0], &l);
    l.principal_minor = INT64_MAX - 10;
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    assert_int_equal(pt_rate_stats_create(&s, &k, 1, names, &err), PT_OK);
    assert_int_equal(pt_rate_stats_add(s, &l, &err), PT_OK);
    assert_int_equal(pt_rate_stats_add(s, &l, &err), PT_ERANGE);
    pt_rate_stats_destroy(s);
    pt_names_destroy(names);
}

/* pt_rate_stats_add_platform hands back the names group the platform was
 * counted in: " ALPHA" is Alpha's firm (names.h keys), beta its own; 0
 * when platform is not a key (the registry is then not touched). */
static void test_add_platform_returns_the_names_group(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_names *names;
    struct pt_rate_stats *s, *by_product;
    enum pt_rate_key k = PT_RKEY_PLATFORM, kp = PT_RKEY_PRODUCT;
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    assert_int_equal(pt_rate_stats_create(&s, &k, 1, names, &err), PT_OK);
    assert_int_equal(pt_rate_stats_create(&by_product, &kp, 1, names, &err), PT_OK);
    static const uint32_t want[] = {0, 0, 0, 0, 1};
    for (size_t i = 0; i < sizeof alpha_beta / sizeof alpha_beta[0]; i++) {
        struct pt_loan l;
        uint32_t group = 99;
        make_loan(&alpha_beta[i], &l);
        assert_int_equal(pt_rate_stats_add_platform(s, &l, &group, &err), PT_OK);
        assert_int_equal(group, want[i]);
        group = 99;
        assert_int_equal(pt_rate_stats_add_platform(by_product, &l, &group, &err), PT_OK);
        assert_int_equal(group, 0);
    }
    assert_int_equal(pt_names_n_groups(names), 2);
    assert_int_equal(pt_names_group_count(names, 0), 4);   /* counted once per loan */
    assert_string_equal(pt_names_display(names, 0), "Alpha");
    pt_rate_stats_destroy(by_product);
    pt_rate_stats_destroy(s);
    pt_names_destroy(names);
}

/* Filters by hand: alpha_beta[0] is Alpha/cash on 2024-01-05,
 * alpha_beta[3] is undated. */
static void test_filters_dates_companies_products(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_names *names;
    struct pt_loan a, undated;
    static const char *const alpha[] = {"  alpha "};
    static const char *const other[] = {"Gamma", "Fenqile"};
    make_loan(&alpha_beta[0], &a);
    make_loan(&alpha_beta[3], &undated);
    assert_int_equal(pt_names_create(&names, &err), PT_OK);
    assert_int_equal(pt_names_add_alias(names, "分期乐", strlen("分期乐"), "Fenqile", 7, NULL, &err),
                     PT_OK);
    struct pt_loan_filter f = {PT_DAY_UNKNOWN, PT_DAY_UNKNOWN, NULL, 0, NULL, names};
    assert_true(pt_loan_filter_keep(&f, &a));
    assert_true(pt_loan_filter_keep(&f, &undated));
    f.since = pt_date_from_ymd(2024, 1, 5);          /* inclusive */
    assert_true(pt_loan_filter_keep(&f, &a));
    assert_false(pt_loan_filter_keep(&f, &undated)); /* undated fails a date bound */
    f.until = pt_date_from_ymd(2024, 1, 4);
    assert_false(pt_loan_filter_keep(&f, &a));
    f.since = f.until = PT_DAY_UNKNOWN;
    f.companies = alpha;
    f.n_companies = 1;
    assert_true(pt_loan_filter_keep(&f, &a));        /* case and spaces ignored */
    f.companies = other;
    f.n_companies = 2;
    assert_false(pt_loan_filter_keep(&f, &a));
    a.platform = "分期乐";                            /* alias -> Fenqile */
    assert_true(pt_loan_filter_keep(&f, &a));
    f.n_companies = 0;
    f.product = "CASH";
    assert_true(pt_loan_filter_keep(&f, &a));
    f.product = "card";
    assert_false(pt_loan_filter_keep(&f, &a));
    pt_names_destroy(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked_group_matches_python_statistics),
        cmocka_unit_test(test_periods_sort_in_time_with_undated_last),
        cmocka_unit_test(test_keys_parse_rejects_unknown_and_repeated),
        cmocka_unit_test(test_volume_overflow_is_erange),
        cmocka_unit_test(test_add_platform_returns_the_names_group),
        cmocka_unit_test(test_filters_dates_companies_products),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_apr_vectors.c: every vector of tests/data/apr_vectors.csv (a copy of
 * ../shared/vectors/apr.csv, provenance in tests/data/README.md) reproduced
 * by the library: offers through pt_offer_evaluate (exact schedule), flow
 * lists through pt_when_parse + pt_flows_from_whens + pt_apr_solve.
 * Expected values: 50-digit decimal bisection (oracle.py) cross-checked
 * with Gnumeric IRR/XIRR/RATE (vectors/README.md); published figures
 * (Reg Z App. J (c), PBOC 2021 No. 3 annex) are also checked at their 2 dp.
 * The CSV is read with libcsv directly: this test must not depend on the
 * code under test elsewhere. */
#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/apr.h"
#include "audit/schedule.h"
#include "tests/helpers.h"

enum { ID, SOURCE, METHOD, PRINCIPAL, TERM, PPY, RATE, UPFRONT, PFEE, PFEE_RATE, FINAL, FLOWS,
       EXP_I, EXP_APR, EXP_EAR, TOL, PUBLISHED, NOTE, N_COLS };

struct row_reader {
    char *field[N_COLS];
    size_t col;
    int rows, failures, header_done;
    double worst_rel;                /* worst |got - expected| / max(1, |expected|) on i */
};

static double num(const char *s)
{
    struct pt_decimal d;
    struct pt_error err;
    if (*s == '\0')
        return 0;
    if (pt_decimal_parse(s, strlen(s), 0, &d, &err) != PT_OK)
        fail_msg("bad number \"%s\" in vectors: %s", s, err.msg);
    return pt_decimal_to_double(d);
}

static int64_t money(const char *s)
{
    int64_t v = 0;
    struct pt_error err;
    if (*s && pt_money_parse(s, strlen(s), 2, 0, &v, NULL, &err) != PT_OK)
        fail_msg("bad amount \"%s\": %s", s, err.msg);
    return v;
}

static struct pt_decimal dec(const char *s)
{
    struct pt_decimal d = {0, 0};
    struct pt_error err;
    if (*s && pt_decimal_parse(s, strlen(s), 0, &d, &err) != PT_OK)
        fail_msg("bad decimal \"%s\": %s", s, err.msg);
    return d;
}

static int solve_offer(char **f, double ppy, struct pt_rate *out, struct pt_error *err)
{
    struct pt_offer o = {0};
    struct pt_offer_result res;
    if (pt_method_parse(f[METHOD], &o.method, err) != PT_OK)
        return 0;
    o.term = atoi(f[TERM]);
    o.periods_per_year = ppy;
    o.minor_digits = 2;
    o.principal_minor = money(f[PRINCIPAL]);
    o.rate = dec(f[RATE]);
    o.upfront_fee_minor = money(f[UPFRONT]);
    o.periodic_fee_minor = money(f[PFEE]);
    o.fee_rate = dec(f[PFEE_RATE]);
    o.final_fee_minor = money(f[FINAL]);
    if (pt_offer_evaluate(&o, 0, NULL, &res, err) != PT_OK)
        return 0;
    *out = res.rate;
    return 1;
}

static int solve_flows(const char *text, double ppy, struct pt_rate *out, struct pt_error *err)
{
    struct pt_when when[128];
    double amounts[128];
    struct pt_flow flows[128];
    size_t n = 0;
    const char *p = text;
    while (*p && n < 128) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *colon = p + len;
        while (colon > p && *colon != ':')
            colon--;
        if (pt_when_parse(p, (size_t)(colon - p), &when[n], err) != PT_OK)
            return 0;
        char buf[64];
        snprintf(buf, sizeof buf, "%.*s", (int)(len - (size_t)(colon - p) - 1), colon + 1);
        amounts[n++] = num(buf);
        p = end ? end + 1 : p + len;
    }
    return pt_flows_from_whens(when, amounts, n, ppy, flows, err) == PT_OK &&
           pt_apr_solve(flows, n, ppy, NULL, out, err) == PT_OK;
}

/* "apr=9.69% (2 dp)" and "ear=13.58%": the rounded figure must match. */
static void check_published(const char *id, const char *pub, const char *key, double got)
{
    const char *p = strstr(pub, key);
    if (p == NULL)
        return;
    double stated = strtod(p + strlen(key), NULL);
    if (fabs(round(got * 10000) / 100 - stated) > 1e-9)
        fail_msg("%s: %s%.4f%% does not round to the published %.2f%%", id, key, got * 100,
                 stated);
}

static void check_row(struct row_reader *r)
{
    char **f = r->field;
    struct pt_error err = {0};
    struct pt_rate got;
    double ppy;
    if (pt_ppy_parse(f[PPY], &ppy, &err) != PT_OK)
        fail_msg("%s: %s", f[ID], err.msg);
    int ok = strcmp(f[METHOD], "flows") == 0 ? solve_flows(f[FLOWS], ppy, &got, &err)
                                             : solve_offer(f, ppy, &got, &err);
    if (!ok)
        fail_msg("%s: %s", f[ID], err.msg);
    double tol = strtod(f[TOL], NULL); /* "1e-9": scientific, test metadata only */
    /* 18-decimal expected values: glibc strtod rounds correctly. */
    double exp3[3] = {strtod(f[EXP_I], NULL), strtod(f[EXP_APR], NULL), strtod(f[EXP_EAR], NULL)};
    double got3[3] = {got.rate_per_period, got.apr, got.ear};
    for (int k = 0; k < 3; k++)
        if (fabs(got3[k] - exp3[k]) > tol * fmax(1, fabs(exp3[k]))) {
            print_error("%s: value %d = %.17g, expected %.17g (%s)\n", f[ID], k, got3[k],
                        exp3[k], f[SOURCE]);
            r->failures++;
        }
    double rel = fabs(got.rate_per_period - exp3[0]) / fmax(1, fabs(exp3[0]));
    if (rel > r->worst_rel)
        r->worst_rel = rel;
    /* Our own guarantee (apr.h) is tighter than the vectors' 1e-9. */
    if (rel > PT_APR_TOL) {
        print_error("%s: periodic rate off by %.3g relative (> %g)\n", f[ID], rel, PT_APR_TOL);
        r->failures++;
    }
    check_published(f[ID], f[PUBLISHED], "apr=", got.apr);
    check_published(f[ID], f[PUBLISHED], "ear=", got.ear);
    r->rows++;
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct row_reader *r = ctx;
    if (r->col < N_COLS) {
        free(r->field[r->col]);
        r->field[r->col] = strndup(data, len);
    }
    r->col++;
}

static void on_row(int term, void *ctx)
{
    struct row_reader *r = ctx;
    (void)term;
    if (r->col != N_COLS)
        fail_msg("vectors row with %zu fields, expected %d", r->col, N_COLS);
    if (r->header_done)
        check_row(r);
    else if (strcmp(r->field[ID], "id") != 0 || strcmp(r->field[NOTE], "note") != 0)
        fail_msg("unexpected vectors header");
    r->header_done = 1;
    r->col = 0;
}

static void run_file(const char *relative, int expected_rows)
{
    FILE *in = fopen(pt_test_path(relative), "rb");
    assert_non_null(in);
    struct csv_parser p;
    struct row_reader r = {0};
    char buf[4096];
    size_t n;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_APPEND_NULL), 0);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_true(csv_parse(&p, buf, n, on_field, on_row, &r) == n);
    csv_fini(&p, on_field, on_row, &r);
    csv_free(&p);
    fclose(in);
    for (int k = 0; k < N_COLS; k++)
        free(r.field[k]);
    print_message("%s: %d vectors, worst relative error on the periodic rate %.3g\n", relative,
                  r.rows, r.worst_rel);
    assert_int_equal(r.rows, expected_rows);
    assert_int_equal(r.failures, 0);
}

static void test_every_shared_vector(void **state)
{
    (void)state;
    run_file("tests/data/apr_vectors.csv", 52); /* vectors/README.md: 52 vectors */
}

/* Our own extra cases, expected values filled by oracle.py (tests/data/README.md). */
static void test_extra_oracle_cases(void **state)
{
    (void)state;
    run_file("tests/data/apr_extra.csv", 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_shared_vector),
        cmocka_unit_test(test_extra_oracle_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_loans.c: the loan loaders (loan.h) on hand-built fixtures under
 * tests/data/loans/ and on the bundled real extracts.
 * Expected numbers are independent computations written out here:
 * Python 3 decimal at 50 digits, bisection on the present value (the
 * scripts are in the comments), and hand counts of the fixtures' rows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"
#include "audit/loan.h"
#include "tests/helpers.h"

#define MAX_GOT 64

struct got_loan {
    char id[160], platform[32];
    int64_t principal, financed, fee;
    double apr, ear, quoted, recomputed, fee_share;
    int disagrees;
    enum pt_legal_flag o24, o36, o4lpr;
    enum pt_fees_known fees;
    int32_t day;
    uint64_t line;
};

struct got {
    struct got_loan l[MAX_GOT];
    size_t n;
    uint64_t total;
};

static enum pt_code collect(void *ctx, const struct pt_loan *loan, enum pt_loan_verdict *v,
                            struct pt_error *err)
{
    struct got *g = ctx;
    (void)v;
    (void)err;
    g->total++;
    if (g->n == MAX_GOT)
        return PT_OK;
    struct got_loan *o = &g->l[g->n++];
    snprintf(o->id, sizeof o->id, "%s", loan->loan_id);
    snprintf(o->platform, sizeof o->platform, "%s", loan->platform);
    o->principal = loan->principal_minor;
    o->financed = loan->amount_financed_minor;
    o->fee = loan->implied_fee_minor;
    o->apr = loan->apr;
    o->ear = loan->ear;
    o->quoted = loan->quoted_annual_rate;
    o->recomputed = loan->recomputed_rate;
    o->fee_share = loan->implied_fee_share;
    o->disagrees = loan->rate_disagrees;
    o->o24 = loan->over_24;
    o->o36 = loan->over_36;
    o->o4lpr = loan->over_4lpr;
    o->fees = loan->fees_known;
    o->day = loan->day;
    o->line = loan->loc.line;
    return PT_OK;
}

struct run {
    struct got got;
    struct pt_accounting acc;
    struct pt_loan_stats st;
    struct pt_error err;
    char rejects[8192];
    enum pt_code rc;
};

static void load(const char *rel, enum pt_loan_format fmt, struct run *r)
{
    memset(r, 0, sizeof *r);
    const char *path = pt_test_path(rel);
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    FILE *sink = tmpfile();
    struct pt_quarantine q;
    pt_quarantine_init(&q, sink);
    struct pt_loan_options opt;
    memset(&opt, 0, sizeof opt);
    opt.format = fmt;
    r->rc = pt_loans_load(in, rel, &opt, &q, &r->acc, collect, &r->got, &r->st, &r->err);
    fclose(in);
    rewind(sink);
    size_t n = fread(r->rejects, 1, sizeof r->rejects - 1, sink);
    r->rejects[n] = '\0';
    fclose(sink);
}

static const struct got_loan *find(const struct run *r, const char *id)
{
    for (size_t i = 0; i < r->got.n; i++)
        if (strcmp(r->got.l[i].id, id) == 0)
            return &r->got.l[i];
    fail_msg("loan %s not emitted", id);
    return NULL;
}

/* The rejects sink holds a line "FILE,LINE,..." with reason and detail. */
static void assert_rejected(const struct run *r, const char *file, int line, const char *reason,
                            const char *detail)
{
    char prefix[300];
    snprintf(prefix, sizeof prefix, "\n%s,%d,", file, line);
    const char *p = strstr(r->rejects, prefix);
    if (p == NULL)
        fail_msg("no reject at %s:%d in:\n%s", file, line, r->rejects);
    const char *end = strstr(p + 1, "\n");
    while (end && end[1] != '\0' && strncmp(end + 1, file, strlen(file)) != 0)
        end = strstr(end + 1, "\n");
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char one[4096];
    snprintf(one, sizeof one, "%.*s", (int)len, p);
    if (strstr(one, reason) == NULL || strstr(one, detail) == NULL)
        fail_msg("reject at %s:%d lacks %s / %s: %s", file, line, reason, detail, one);
}

/* lc_loanstats.csv, built by hand from CONTRACT.md's description of the
 * LoanStats export (the four first rows are LoanStats3a's first loans).
 * Hand count: 9 records (lines 3-9, 12, 13); 4 non-record lines (the note
 * line before the header, the policy line, two totals); 2 blank lines;
 * rejected: line 6 duplicate of line 3, line 8 term 0, line 9 payment
 * 60 x 10.00 < 3000. Recomputed rates: python decimal, bisection of
 * M (1 - (1+i)^-n) / i = P, times 12. */
static void test_lendingclub_loanstats_fixture(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    load("tests/data/loans/lc_loanstats.csv", PT_LOAN_AUTO, r);
    assert_int_equal(r->rc, PT_OK);
    assert_int_equal(r->st.format, PT_LOAN_LENDINGCLUB);
    assert_int_equal(r->st.layout, PT_LC_LOANSTATS);
    assert_int_equal(r->acc.rows_read, 9);
    assert_int_equal(r->acc.rows_accepted, 6);
    assert_int_equal(r->acc.rows_rejected, 3);
    assert_int_equal(r->acc.lines_skipped, 4);
    assert_int_equal(r->st.rate_checked, 6);
    assert_int_equal(r->st.rate_disagreed, 0);
    static const struct { const char *id; double apr, published; } want[] = {
        {"1077501", 0.1065165448735601593084, 0.1065},
        {"1077430", 0.1527020648746809064348, 0.1527},
        {"1077175", 0.1596042926209602508214, 0.1596},
        {"1076863", 0.1349113566041215893565, 0.1349},
        {"72176", 0.0964334711658579051329, 0.0964},
        {"tests/data/loans/lc_loanstats.csv#9", 0.1100270896759982419248, 0.11},
    };
    for (size_t i = 0; i < 6; i++) {
        const struct got_loan *l = find(r, want[i].id);
        print_message("loan %s\n", want[i].id);
        pt_assert_close(l->apr, want[i].apr, 1e-12);
        pt_assert_close(l->quoted, want[i].published, 1e-15);
        assert_int_equal(l->fees, PT_FEES_NO);
        assert_int_equal(l->o4lpr, PT_LEGAL_NA); /* USD */
    }
    assert_int_equal(find(r, "1077501")->day, pt_date_from_ymd(2011, 12, 1));
    assert_int_equal(find(r, "1077501")->principal, 500000);
    const char *f = "tests/data/loans/lc_loanstats.csv";
    assert_rejected(r, f, 6, "duplicate_id", "duplicate loan_id, first at line 3");
    assert_rejected(r, f, 8, "bad_value", "term: expected a term of at least 1 period");
    assert_rejected(r, f, 9, "no_rate", "installment: expected a payment that repays");
    free(r);
}

/* The R-package export bundled in datasets/ (1498 loans, 2007-2008).
 * Independent check, tests/tools/loans_crosscheck.py (python3 csv +
 * statistics + decimal): 1498 accepted, 2 recomputed rates beyond 5 bp of
 * int_rate, median APR 0.1134... printed there with 10 decimals. */
static void test_lendingclub_r_export_matches_python(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    load("datasets/lendingclub_2007_2008_kuhnrl30.csv", PT_LOAN_AUTO, r);
    assert_int_equal(r->rc, PT_OK);
    assert_int_equal(r->st.layout, PT_LC_RPACKAGE);
    assert_int_equal(r->acc.rows_read, 1498);
    assert_int_equal(r->acc.rows_accepted, 1498);
    assert_int_equal(r->st.rate_checked, 1498);
    assert_int_equal(r->st.rate_disagreed, 2);
    /* first row: 20000 at 656.86 x 36 -> 0.1122000131248241705 (decimal) */
    pt_assert_close(find(r, "datasets/lendingclub_2007_2008_kuhnrl30.csv#1")->apr,
                    0.11220001312482417051, 1e-12);
    free(r);
}

/* offers_small.csv: APRs from python decimal IRR on the exact schedules:
 *   o1 annuity 1%/month            -> 0.12 exactly, EAR 1.01^12 - 1
 *   o2 flat 1% on 12000 (1120 x 12) -> 0.21457184302860888471
 *   o3 annuity, 600 kept at payout  -> 0.21855897521407037872
 *   o4 equal principal 1.5%/month   -> 0.18 (advertised 0.05%/day x 365 = 0.1825)
 *   o9 equal principal 2% + 10/period -> 0.27365355301182296391
 *   line 11, no id, bullet 3% one period -> 0.36
 * 4 x LPR on 2024-03-01: 4 x 3.45% = 13.8% (legal.h history): o1 no, o2 yes. */
static void test_offers_fixture(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    load("tests/data/loans/offers_small.csv", PT_LOAN_AUTO, r);
    assert_int_equal(r->rc, PT_OK);
    assert_int_equal(r->st.format, PT_LOAN_OFFERS);
    assert_int_equal(r->acc.rows_read, 10);
    assert_int_equal(r->acc.rows_accepted, 6);
    assert_int_equal(r->acc.rows_rejected, 4);
    static const struct { const char *id; double apr, quoted; } want[] = {
        {"o1", 0.12, 0.12},
        {"o2", 0.21457184302860888471, 0.12},
        {"o3", 0.21855897521407037872, 0.12},
        {"o4", 0.18, 0.1825},
        {"o9", 0.27365355301182296391, 0.24},
        {"tests/data/loans/offers_small.csv#10", 0.36, 0.36},
    };
    for (size_t i = 0; i < 6; i++) {
        const struct got_loan *l = find(r, want[i].id);
        print_message("offer %s\n", want[i].id);
        pt_assert_close(l->apr, want[i].apr, 1e-11);
        pt_assert_close(l->quoted, want[i].quoted, 1e-15);
        assert_int_equal(l->fees, PT_FEES_YES);
    }
    pt_assert_close(find(r, "o1")->ear, 0.126825030131969720661201, 1e-12);
    assert_int_equal(find(r, "o3")->financed, 1140000);
    assert_int_equal(find(r, "o1")->o4lpr, PT_LEGAL_NO);
    assert_int_equal(find(r, "o2")->o4lpr, PT_LEGAL_YES);
    assert_int_equal(find(r, "o4")->o4lpr, PT_LEGAL_NA);
    assert_int_equal(find(r, "o9")->o36, PT_LEGAL_NO);
    assert_int_equal(find(r, "o9")->o24, PT_LEGAL_YES);
    const char *f = "tests/data/loans/offers_small.csv";
    assert_rejected(r, f, 6, "bad_value", "term: expected a term of at least 1 period");
    assert_rejected(r, f, 7, "bad_value", "principal: expected an amount above 0");
    assert_rejected(r, f, 8, "bad_number", "rate: expected a rate such as 0.003 or 0.3%");
    assert_rejected(r, f, 9, "bad_value", "method: expected annuity, equal-principal");
    free(r);
}

/* flows_small.csv, not grouped. A: -1000 on 2024-01-01, +1100 on
 * 2024-07-01 (182 days): i = 1.1^(365 / (182 x 12)) - 1, APR = 12 i =
 * 0.19267449232904582719 (python decimal). C: -2000, +1050 after 31 days,
 * +1050 after 60 days: APR 0.39885328829494565871 (decimal bisection).
 * B has two advances and no repayment: both rows rejected; line 9 has no
 * loan_id, line 10 the date 2024-13-01. */
static void test_flows_fixture(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    load("tests/data/loans/flows_small.csv", PT_LOAN_AUTO, r);
    assert_int_equal(r->rc, PT_OK);
    assert_int_equal(r->st.format, PT_LOAN_FLOWS);
    assert_int_equal(r->acc.rows_read, 9);
    assert_int_equal(r->acc.rows_accepted, 5);
    assert_int_equal(r->acc.rows_rejected, 4);
    assert_int_equal(r->got.n, 2);
    assert_string_equal(r->got.l[0].id, "A"); /* order of first appearance */
    pt_assert_close(find(r, "A")->apr, 0.19267449232904582719, 1e-11);
    assert_int_equal(find(r, "A")->principal, 100000);
    pt_assert_close(find(r, "C")->apr, 0.39885328829494565871, 1e-11);
    assert_int_equal(find(r, "C")->line, 6);
    const char *f = "tests/data/loans/flows_small.csv";
    assert_rejected(r, f, 3, "no_rate", "loan_id B: expected flows of both signs");
    assert_rejected(r, f, 5, "no_rate", "loan_id B: expected flows of both signs");
    assert_rejected(r, f, 9, "missing_field", "loan_id: expected a loan id");
    assert_rejected(r, f, 10, "bad_date", "date: expected a date");
    free(r);
}

/* prosper_small.csv: 8 rows of the shared Prosper extract (CRLF, every
 * field quoted). Python decimal (see tests/tools/loans_crosscheck.py):
 *   payment = P i / (1 - (1+i)^-n), i = BorrowerRate / 12
 *   A = payment (1 - (1+a)^-n) / a, a = BorrowerAPR / 12; fee = P - A to the cent
 *   apr = 12 x rate solving pv(payment) = P - fee. */
static void test_prosper_fixture(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    load("tests/data/loans/prosper_small.csv", PT_LOAN_AUTO, r);
    assert_int_equal(r->rc, PT_OK);
    assert_int_equal(r->st.format, PT_LOAN_PROSPER);
    assert_int_equal(r->acc.rows_read, 8);
    assert_int_equal(r->acc.rows_accepted, 7);
    assert_int_equal(r->acc.rows_rejected, 1);
    static const struct { const char *id; int64_t fee; double share, apr, recomputed; } want[] = {
        {"1021339766868145413AB3B", 9420, 0.009994694960, 0.165159867839013, 0.158010418290591},
        {"10273602499503308B223C1", 40005, 0.040005, 0.120159758065712, 0.092002210227788},
        {"0EE9337825851032864889A", 3001, 0.01, 0.282689425328737, 0.274982140211132},
        {"0F5034867864161084F3789", 11998, 0.029995, 0.112960756102657, NAN},
        {"109D3366077649289619396", 10002, 0.010002, 0.152109777394651, NAN},
        {"0F823461624751165710F76", 29998, 0.029998, 0.155290234716493, 0.099292911876611},
        {"0F043596202561788EA13D5", 19507, 0.019507, 0.076200326230046, 0.062910784819920},
    };
    for (size_t i = 0; i < 7; i++) {
        const struct got_loan *l = find(r, want[i].id);
        print_message("prosper %s\n", want[i].id);
        assert_int_equal(l->fee, want[i].fee);
        pt_assert_close(l->fee_share, want[i].share, 1e-12);
        pt_assert_close(l->apr, want[i].apr, 1e-12);
        if (isnan(want[i].recomputed))
            assert_true(isnan(l->recomputed));
        else
            pt_assert_close(l->recomputed, want[i].recomputed, 1e-12);
        assert_int_equal(l->fees, PT_FEES_DERIVED);
    }
    /* checked: 5 payments that imply a rate + 1 that cannot repay (57.64 x 36
     * < 10000); disagreeing: that one and 0F82... (0.0993 vs 0.1338). */
    assert_int_equal(r->st.rate_checked, 6);
    assert_int_equal(r->st.rate_disagreed, 2);
    assert_rejected(r, "tests/data/loans/prosper_small.csv", 9, "duplicate_id",
                    "duplicate loan_id, first at line 8");
    free(r);
}

/* mapped_small.csv through mapped_small_map.csv: the offers record under
 * other column names. C-1 and the id-less row: annuity 1%/month -> 0.12;
 * C-2 is not mapped for method (the map names no method column), so it is
 * an annuity too; C-4 has no amount. Hand count: 4 read, 3 accepted. */
static void test_mapped_fixture(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    struct pt_colmap map;
    struct pt_error err;
    memset(&map, 0, sizeof map);
    FILE *mf = fopen(pt_test_path("tests/data/loans/mapped_small_map.csv"), "rb");
    assert_non_null(mf);
    assert_int_equal(pt_colmap_load(&map, mf, "mapped_small_map.csv", &err), PT_OK);
    fclose(mf);
    const char *path = pt_test_path("tests/data/loans/mapped_small.csv");
    FILE *in = fopen(path, "rb");
    FILE *sink = tmpfile();
    struct pt_quarantine q;
    struct pt_loan_options opt;
    memset(&opt, 0, sizeof opt);
    opt.map = &map;
    pt_quarantine_init(&q, sink);
    r->rc = pt_loans_load(in, "m.csv", &opt, &q, &r->acc, collect, &r->got, &r->st, &r->err);
    fclose(in);
    rewind(sink);
    r->rejects[fread(r->rejects, 1, sizeof r->rejects - 1, sink)] = '\0';
    fclose(sink);
    assert_int_equal(r->rc, PT_OK);
    assert_int_equal(r->st.format, PT_LOAN_MAPPED);
    assert_int_equal(r->acc.rows_read, 4);
    assert_int_equal(r->acc.rows_accepted, 3);
    pt_assert_close(find(r, "C-1")->apr, 0.12, 1e-12);
    pt_assert_close(find(r, "C-2")->apr, 0.12, 1e-12);
    pt_assert_close(find(r, "m.csv#3")->apr, 0.12, 1e-12);
    assert_string_equal(find(r, "C-1")->platform, "Lender A");
    assert_rejected(r, "m.csv", 5, "missing_field", "Amount (CNY): expected an amount");
    pt_colmap_free(&map);
    free(r);
}

static enum pt_code load_bytes(const char *bytes, enum pt_loan_format fmt, struct run *r)
{
    memset(r, 0, sizeof *r);
    FILE *in = pt_test_tmpfile(bytes, strlen(bytes));
    struct pt_quarantine q;
    struct pt_loan_options opt;
    assert_non_null(in);
    pt_quarantine_init(&q, NULL);
    memset(&opt, 0, sizeof opt);
    opt.format = fmt;
    r->rc = pt_loans_load(in, "x.csv", &opt, &q, &r->acc, collect, &r->got, &r->st, &r->err);
    fclose(in);
    return r->rc;
}

static void test_unknown_format_and_missing_column_are_edata(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    assert_int_equal(load_bytes("a,b\n1,2\n", PT_LOAN_AUTO, r), PT_EDATA);
    assert_int_equal(r->err.loc.line, 1);
    assert_non_null(strstr(r->err.msg, "unknown loan format"));
    assert_int_equal(load_bytes("loan_id,principal,term\nx,1,1\n", PT_LOAN_OFFERS, r), PT_EDATA);
    assert_string_equal(r->err.msg,
                        "offers input: required column \"rate\" missing (header has 3 columns)");
    assert_int_equal(load_bytes("id,term\n", PT_LOAN_PROSPER, r), PT_EDATA);
    assert_non_null(strstr(r->err.msg, "\"LoanOriginalAmount\""));
    free(r);
}

/* An empty installment cell falls back to the note rate (not checked); a
 * loansData row takes Amount.Requested as principal (hand: 7500.00). */
static void test_lendingclub_fallbacks(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    assert_int_equal(load_bytes("funded_amnt,term,int_rate,installment\n1000,36,0.1,\n",
                                PT_LOAN_AUTO, r),
                     PT_OK);
    assert_int_equal(r->acc.rows_accepted, 1);
    pt_assert_close(r->got.l[0].apr, 0.1, 0);
    assert_true(isnan(r->got.l[0].recomputed));
    assert_int_equal(r->st.rate_checked, 0);
    assert_int_equal(load_bytes("Amount.Requested,Amount.Funded.By.Investors,Interest.Rate,"
                                "Loan.Length\n7500,0,11.03%,36 months\n",
                                PT_LOAN_AUTO, r),
                     PT_OK);
    assert_int_equal(r->st.layout, PT_LC_LOANSDATA);
    assert_int_equal(r->got.l[0].principal, 750000);
    pt_assert_close(r->got.l[0].apr, 0.1103, 1e-15);
    assert_string_equal(r->got.l[0].id, "x.csv#1");
    free(r);
}

static void test_note_line_then_eof_is_edata(void **state)
{
    (void)state;
    struct run *r = calloc(1, sizeof *r);
    assert_int_equal(load_bytes("Notes offered by Prospectus (x)\n", PT_LOAN_AUTO, r), PT_EDATA);
    assert_non_null(strstr(r->err.msg, "expected a header after the LendingClub note line"));
    free(r);
}

/* Fails allocation N for every N up to the count of a clean run: each run
 * must end in PT_OK (a failure its owner can absorb) or a clean PT_ENOMEM,
 * never a crash or a leak (ASan reports leaks at exit). */
static void test_every_allocation_failure_is_enomem(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/data/loans/flows_small.csv",
                                        "tests/data/loans/offers_small.csv",
                                        "tests/data/loans/lc_loanstats.csv",
                                        "tests/data/loans/prosper_small.csv"};
    struct run *r = calloc(1, sizeof *r);
    for (size_t f = 0; f < 4; f++) {
        pt_alloc_fail_at(0);
        load(files[f], PT_LOAN_AUTO, r);
        assert_int_equal(r->rc, PT_OK);
        unsigned long total = pt_alloc_count(), n_enomem = 0;
        for (unsigned long n = 1; n <= total + 2; n++) {
            pt_alloc_fail_at(n);
            load(files[f], PT_LOAN_AUTO, r);
            pt_alloc_fail_at(0);
            if (r->rc != PT_OK)
                assert_int_equal(r->rc, PT_ENOMEM);
            n_enomem += r->rc == PT_ENOMEM;
        }
        print_message("%s: %lu allocations, %lu failures reported\n", files[f], total, n_enomem);
        assert_true(n_enomem > 0);
    }
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lendingclub_loanstats_fixture),
        cmocka_unit_test(test_lendingclub_r_export_matches_python),
        cmocka_unit_test(test_offers_fixture),
        cmocka_unit_test(test_flows_fixture),
        cmocka_unit_test(test_prosper_fixture),
        cmocka_unit_test(test_mapped_fixture),
        cmocka_unit_test(test_unknown_format_and_missing_column_are_edata),
        cmocka_unit_test(test_lendingclub_fallbacks),
        cmocka_unit_test(test_note_line_then_eof_is_edata),
        cmocka_unit_test(test_every_allocation_failure_is_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

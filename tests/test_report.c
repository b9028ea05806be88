/* test_report.c: pt_report_write end to end in a temporary folder: the
 * worked example's numbers against an independent solver, report.md the
 * same with and without gnuplot, hostile chart labels, and every
 * allocation failure leaving nothing behind. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/alloc.h"
#include "audit/gnuplot.h"
#include "audit/outdir.h"
#include "audit/report.h"
#include "audit/report_build.h"
#include "tests/helpers.h"

static char root[64];

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/pt_report_XXXXXX");
    return mkdtemp(root) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    return pt_outdir_remove_tree(root);
}

static char *slurp(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static enum pt_code run(const char *dir, const char *gnuplot, struct pt_report_outcome *out)
{
    struct pt_run_options opt;
    struct pt_error err;
    memset(&opt, 0, sizeof opt);
    opt.min_cell = 10;
    opt.as_of = (char *)(uintptr_t) "2025-01-15";
    struct pt_report_request req = {dir, &opt, NULL, 0, gnuplot, 20000};
    return pt_report_write(&req, out, &err);
}

/* Independent check (Python 3, 200 bisection steps on
 * -10000 + sum_{k=1..12} (10000/12 + 30) / (1+i)^k):
 * i = 0.005483490216214969, APR = 12 i = 0.06580188259457963,
 * EAR = (1+i)^12 - 1 = 0.06782313984544808. */
static void test_worked_example_matches_independent_solver(void **state)
{
    (void)state;
    struct pt_report_outcome out;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/ex", root);
    assert_int_equal(run(dir, NULL, &out), PT_OK);
    char *csv = slurp(dir, "tables/worked_example.csv");
    char *line = strchr(csv, '\n') + 1;
    /* method,principal,term,adv,quoted,financed,total,charge,apr,ear */
    char *fields[10];
    for (int i = 0; i < 10; i++)
        fields[i] = strsep(&line, ",\n");
    assert_string_equal(fields[0], "flat");
    assert_string_equal(fields[1], "10000.00");
    assert_string_equal(fields[6], "10360.00"); /* 12 x 30.00 interest by hand */
    pt_assert_close(strtod(fields[8], NULL), 0.06580188259457963, 1e-10);
    pt_assert_close(strtod(fields[9], NULL), 0.06782313984544808, 1e-10);
    free(csv);
    char *sched = slurp(dir, "tables/worked_example_schedule.csv");
    /* 11 payments of 863.33, the last absorbs 10360.00 - 11 x 863.33 = 863.37 */
    assert_non_null(strstr(sched, "\n12,863.37,833.37,30.00,0.00,0.00\n"));
    free(sched);
}

static void test_report_md_does_not_depend_on_gnuplot(void **state)
{
    (void)state;
    char gnuplot[4096], with[128], without[128];
    struct pt_report_outcome out;
    if (!pt_gnuplot_find("/usr/local/bin:/usr/bin:/bin", "gnuplot", gnuplot, sizeof gnuplot))
        skip();
    snprintf(with, sizeof with, "%s/with", root);
    snprintf(without, sizeof without, "%s/without", root);
    assert_int_equal(run(with, gnuplot, &out), PT_OK);
    assert_int_equal(out.n_rendered, out.n_charts);
    assert_true(out.n_charts >= 1);
    assert_int_equal(run(without, NULL, &out), PT_OK);
    assert_int_equal(out.n_rendered, 0);
    const char *names[] = {"report.md", "submission.json", "plots/worked_example.gp",
                           "plots/worked_example.dat"};
    for (size_t i = 0; i < 4; i++) {
        char *a = slurp(with, names[i]), *b = slurp(without, names[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    char svg[256];
    snprintf(svg, sizeof svg, "%s/plots/worked_example.svg", with);
    assert_int_equal(access(svg, R_OK), 0);
}

/* Labels with the hostile names of issue #6 go into a chart script and
 * gnuplot renders it without running anything. */
static void test_hostile_labels_render_harmlessly(void **state)
{
    (void)state;
    char gnuplot[4096], dir[128];
    struct pt_report_build b;
    struct pt_error err;
    if (!pt_gnuplot_find("/usr/local/bin:/usr/bin:/bin", "gnuplot", gnuplot, sizeof gnuplot))
        skip();
    memset(&b, 0, sizeof b);
    const char *labels[] = {"x`touch /tmp/pt_report_pwned`", "a'); system(\"id\") #",
                            "=HYPERLINK(\"http://x\")", "new\nline", "pi|pe @a"};
    const double rates[] = {0.1, 0.2, 0.3, 0.4, 0.5};
    unlink("/tmp/pt_report_pwned");
    assert_int_equal(pt_report_chart_bars(&b, "hostile", "t'itle`id`", "alt", "x", "y", labels, rates,
                                          5, &err),
                     PT_OK);
    snprintf(dir, sizeof dir, "%s/h", root);
    assert_int_equal(mkdir(dir, 0700), 0);
    const struct pt_chart *c = pt_report_find_chart(&b, "hostile");
    char path[256];
    snprintf(path, sizeof path, "%s/hostile.gp", dir);
    FILE *f = fopen(path, "w");
    fwrite(c->gp.data, 1, c->gp.len, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/hostile.dat", dir);
    f = fopen(path, "w");
    fwrite(c->dat.data, 1, c->dat.len, f);
    fclose(f);
    assert_non_null(strstr(c->gp.data, "'a''); system(\"id\") #'"));
    assert_non_null(strstr(c->gp.data, "'newline'"));
    struct pt_gnuplot_job job = {gnuplot, dir, "hostile.gp", 20000};
    assert_int_equal(pt_gnuplot_run(&job, &err), PT_OK);
    assert_int_equal(access("/tmp/pt_report_pwned", F_OK), -1);
    pt_report_build_free(&b);
}

static void test_every_allocation_failure_leaves_nothing(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/fault", root);
    for (unsigned long n = 1;; n++) {
        struct pt_report_outcome out;
        pt_alloc_fail_at(n);
        enum pt_code rc = run(dir, NULL, &out);
        pt_alloc_fail_at(0);
        if (rc == PT_OK)
            break;
        assert_int_equal(rc, PT_ENOMEM);
        assert_int_equal(access(dir, F_OK), -1);
        assert_true(n < 5000);
    }
    assert_int_equal(pt_outdir_remove_tree(dir), 0);
    /* Only ex/, with/, without/, h/ may remain from the other tests. */
    char cmd[200];
    snprintf(cmd, sizeof cmd, "ls -A %s | grep -q tmp-", root);
    assert_int_not_equal(system(cmd), 0);
}

static enum pt_code run_data(const char *dir, struct pt_error *err)
{
    struct pt_run_options opt;
    struct pt_report_outcome out;
    memset(&opt, 0, sizeof opt);
    opt.min_cell = 10;
    opt.period = (char *)(uintptr_t) "2024Q4";
    struct pt_report_input in[2] = {
        {"loans", "loans_hostile.csv", NULL,
         fopen(pt_test_path("tests/data/report/loans_hostile.csv"), "rb"), {NULL, NULL}},
        {"complaints", "complaints_hostile.csv", NULL,
         fopen(pt_test_path("tests/data/report/complaints_hostile.csv"), "rb"), {NULL, NULL}}};
    assert_non_null(in[0].stream);
    assert_non_null(in[1].stream);
    struct pt_report_request req = {dir, &opt, in, 2, NULL, 0};
    enum pt_code rc = pt_report_write(&req, &out, err);
    fclose(in[0].stream);
    fclose(in[1].stream);
    return rc;
}

/* The same with both fixture datasets and --period: allocation n of the
 * loaders, statistics, suppression and writers fails (n sampled over a
 * full run, see the loop). libcsv retries a failed realloc with a smaller block, so some
 * failures are absorbed and the run succeeds (then the report is whole);
 * every other one is a clean PT_ENOMEM with nothing beside DIR and no
 * leak (ASan). */
static void test_allocation_failures_with_data_leave_nothing(void **state)
{
    (void)state;
    char dir[128];
    struct pt_error err;
    snprintf(dir, sizeof dir, "%s/faultdata", root);
    pt_alloc_fail_at(0);
    assert_int_equal(run_data(dir, &err), PT_OK);
    unsigned long total = pt_alloc_count(), failed = 0;
    assert_int_equal(pt_outdir_remove_tree(dir), 0);
    assert_true(total > 200);
    /* Every allocation of the first 150, then a fixed stride: about 250
     * runs (a full sweep takes minutes under ASan on a shared machine). */
    unsigned long stride = total > 150 ? (total - 150) / 100 + 1 : 1;
    for (unsigned long n = 1; n <= total; n += n < 150 ? 1 : stride) {
        pt_alloc_fail_at(n);
        enum pt_code rc = run_data(dir, &err);
        pt_alloc_fail_at(0);
        if (rc == PT_OK) {
            assert_int_equal(pt_outdir_remove_tree(dir), 0);
            continue;
        }
        if (rc != PT_ENOMEM)
            fail_msg("allocation %lu: %s (%s)", n, pt_code_name(rc), err.msg);
        assert_int_equal(access(dir, F_OK), -1);
        failed++;
    }
    assert_true(failed > 100);
}

/* Loans and complaints are read at the same time (report_read.c);
 * rejected.csv must still list the rejects of the kind given first, then
 * the other's, whichever order the inputs come in. */
static void test_rejects_follow_input_order_across_kinds(void **state)
{
    (void)state;
    for (int loans_first = 0; loans_first < 2; loans_first++) {
        char dir[128];
        struct pt_run_options opt;
        struct pt_report_outcome out;
        struct pt_error err;
        memset(&opt, 0, sizeof opt);
        opt.min_cell = 10;
        snprintf(dir, sizeof dir, "%s/order%d", root, loans_first);
        struct pt_report_input loans = {
            "loans", "L.csv", NULL, fopen(pt_test_path("tests/bad/offers_bad_rate.csv"), "rb"),
            {NULL, NULL}};
        struct pt_report_input complaints = {
            "complaints", "C.csv", NULL, fopen(pt_test_path("tests/bad/bad_dates.csv"), "rb"),
            {NULL, NULL}};
        assert_non_null(loans.stream);
        assert_non_null(complaints.stream);
        struct pt_report_input in[2] = {loans_first ? loans : complaints,
                                        loans_first ? complaints : loans};
        struct pt_report_request req = {dir, &opt, in, 2, NULL, 0};
        assert_int_equal(pt_report_write(&req, &out, &err), PT_OK);
        fclose(loans.stream);
        fclose(complaints.stream);
        char *rej = slurp(dir, "rejected.csv");
        const char *first = loans_first ? "\nL.csv," : "\nC.csv,";
        const char *second = loans_first ? "\nC.csv," : "\nL.csv,";
        const char *a = strstr(rej, first), *b = strstr(rej, second);
        assert_non_null(a);
        assert_non_null(b);
        assert_true(a < b);
        assert_null(strstr(b + 1, first));   /* no row of the first kind after the second's */
        assert_non_null(strstr(rej, "file,line,column,field,reason,record,detail\n"));
        assert_null(strstr(rej + 1, "file,line,column"));   /* one header */
        size_t rows = 0;
        for (const char *p = rej; (p = strchr(p, '\n')) != NULL; p++)
            rows++;
        assert_int_equal(rows - 1, out.rows_rejected);
        free(rej);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example_matches_independent_solver),
        cmocka_unit_test(test_report_md_does_not_depend_on_gnuplot),
        cmocka_unit_test(test_hostile_labels_render_harmlessly),
        cmocka_unit_test(test_every_allocation_failure_leaves_nothing),
        cmocka_unit_test(test_allocation_failures_with_data_leave_nothing),
        cmocka_unit_test(test_rejects_follow_input_order_across_kinds),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

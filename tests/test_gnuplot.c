/* test_gnuplot.c: running gnuplot through posix_spawn with a working
 * folder and a timeout, and hostile text quoted by escape.h staying text. Tests that
 * need gnuplot are skipped when it is not installed (gnuplot-nox). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/escape.h"
#include "audit/gnuplot.h"
#include "audit/outdir.h"
#include "tests/helpers.h"

static char gnuplot[4096];
static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/pt_gnuplot_XXXXXX");
    return mkdtemp(dir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    return pt_outdir_remove_tree(dir);
}

static void write_in_dir(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int have_gnuplot(void)
{
    return pt_gnuplot_find("/nonexistent:relative:/usr/local/bin:/usr/bin:/bin", "gnuplot",
                           gnuplot, sizeof gnuplot);
}

static void test_find_skips_relative_and_missing(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(pt_gnuplot_find("/nonexistent:.", "sh", out, sizeof out), 0);
    assert_int_equal(pt_gnuplot_find(NULL, "sh", out, sizeof out), 0);
    assert_int_equal(pt_gnuplot_find("/nonexistent:/bin", "sh", out, sizeof out), 1);
    assert_string_equal(out, "/bin/sh");
}

/* The hostile names of issue #6 in a title and a key: the chart renders
 * and no command runs (the marker file is never created). */
static void test_hostile_titles_render_and_run_nothing(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    char script[1024], svg[256];
    struct pt_buf title = {0}, key = {0};
    struct pt_error e;
    const char *t = "x`touch /tmp/pt_gnuplot_pwned` @a a'); system(\"touch /tmp/pt_gnuplot_pwned\") #";
    const char *k = "=HYPERLINK(\"http://x\")\n|<script>";
    unlink("/tmp/pt_gnuplot_pwned");
    assert_int_equal(pt_escape_gnuplot(&title, t, strlen(t), &e), PT_OK);
    assert_int_equal(pt_escape_gnuplot(&key, k, strlen(k), &e), PT_OK);
    snprintf(script, sizeof script,
             "set terminal svg size 400,300\nset termoption noenhanced\n"
             "set output 'chart.svg'\nset title %s\nplot 'chart.dat' using 1:2 with lines title %s\n",
             title.data, key.data);
    pt_buf_free(&title);
    pt_buf_free(&key);
    write_in_dir("chart.gp", script);
    write_in_dir("chart.dat", "1 2\n2 3\n");
    struct pt_gnuplot_job job = {gnuplot, dir, "chart.gp", 20000};
    struct pt_error err;
    assert_int_equal(pt_gnuplot_run(&job, &err), PT_OK);
    snprintf(svg, sizeof svg, "%s/chart.svg", dir);
    struct stat st;
    assert_int_equal(stat(svg, &st), 0);
    assert_true(st.st_size > 100);
    assert_int_equal(access("/tmp/pt_gnuplot_pwned", F_OK), -1);
}

static void test_failure_reports_gnuplot_message(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    write_in_dir("bad.gp", "plot no_such_variable\n");
    struct pt_gnuplot_job job = {gnuplot, dir, "bad.gp", 20000};
    struct pt_error err;
    assert_int_equal(pt_gnuplot_run(&job, &err), PT_EIO);
    assert_non_null(strstr(err.msg, "gnuplot failed: "));
    assert_non_null(strstr(err.msg, "undefined variable"));
}

static void test_timeout_kills_the_child(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    write_in_dir("slow.gp", "pause 30\n");
    struct pt_gnuplot_job job = {gnuplot, dir, "slow.gp", 300};
    struct pt_error err;
    assert_int_equal(pt_gnuplot_run(&job, &err), PT_EIO);
    assert_non_null(strstr(err.msg, "timed out"));
}

static void test_missing_program_is_unavailable(void **state)
{
    (void)state;
    struct pt_gnuplot_job job = {"/nonexistent/gnuplot", dir, "x.gp", 1000};
    struct pt_error err;
    assert_int_equal(pt_gnuplot_run(&job, &err), PT_EUNAVAIL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_skips_relative_and_missing),
        cmocka_unit_test(test_hostile_titles_render_and_run_nothing),
        cmocka_unit_test(test_failure_reports_gnuplot_message),
        cmocka_unit_test(test_timeout_kills_the_child),
        cmocka_unit_test(test_missing_program_is_unavailable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

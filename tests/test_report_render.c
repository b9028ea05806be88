/* test_report_render.c: the report's chart queue (report_render.h) with a
 * stand-in for gnuplot, a shell script that fails for charts named bad_*
 * (saying so on stderr) and sleeps for charts named slow_*, so charts end
 * in another order than they were queued. Every queued chart is drawn,
 * including those queued while others are drawing; each outcome is read
 * back by name whatever the order of ending; nothing is drawn without a
 * program; a chart queued after the wait is refused; a cancel (the report
 * failed) drops the charts not yet taken. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/outdir.h"
#include "audit/report_render.h"
#include "tests/helpers.h"

static char root[64], program[128], done_list[128];

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/pt_render_XXXXXX");
    if (mkdtemp(root) == NULL)
        return -1;
    snprintf(program, sizeof program, "%s/fake-gnuplot", root);
    snprintf(done_list, sizeof done_list, "%s/done.txt", root);
    FILE *f = fopen(program, "w");
    if (f == NULL)
        return -1;
    /* argv: gnuplot NAME.gp, run in the plots folder (gnuplot.h) */
    fprintf(f, "#!/bin/sh\n"
               "case \"$1\" in slow_*) sleep 0.3 ;; esac\n"
               "echo \"$1\" >> %s\n"
               "case \"$1\" in bad_*) echo \"cannot draw $1\" >&2; exit 1 ;; esac\n"
               "exit 0\n",
            done_list);
    fclose(f);
    return chmod(program, 0755);
}

static int teardown(void **state)
{
    (void)state;
    return pt_outdir_remove_tree(root);
}

static size_t lines_in(const char *path)
{
    FILE *f = fopen(path, "r");
    size_t n = 0;
    int c;
    if (f == NULL)
        return 0;
    while ((c = getc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static void test_every_chart_drawn_outcomes_by_name(void **state)
{
    (void)state;
    struct pt_render *r = NULL;
    struct pt_error err;
    remove(done_list);
    assert_int_equal(pt_render_create(&r, program, root, 10000, &err), PT_OK);
    static const char *const first[] = {"slow_a", "bad_b", "c"};
    static const char *const later[] = {"bad_d", "slow_e", "f"};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(pt_render_add(r, first[i], &err), PT_OK);
    usleep(50000);   /* the first ones are drawing: the queue grows meanwhile */
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(pt_render_add(r, later[i], &err), PT_OK);
    pt_render_wait(r);
    assert_int_equal(lines_in(done_list), 6);
    static const char *const all[] = {"slow_a", "bad_b", "c", "bad_d", "slow_e", "f"};
    for (size_t i = 0; i < 6; i++) {
        char msg[320] = "";
        int bad = strncmp(all[i], "bad_", 4) == 0;
        int got = pt_render_result(r, all[i], msg, sizeof msg);
        if (got != !bad)
            fail_msg("%s: outcome %d", all[i], got);
        if (bad && strstr(msg, all[i]) == NULL)
            fail_msg("%s: message \"%s\" does not name it", all[i], msg);
    }
    char msg[320];
    assert_int_equal(pt_render_result(r, "never_queued", msg, sizeof msg), -1);
    assert_int_equal(pt_render_add(r, "late", &err), PT_EINVAL);
    pt_render_destroy(r);
}

static void test_no_program_draws_nothing(void **state)
{
    (void)state;
    struct pt_render *r = NULL;
    struct pt_error err;
    remove(done_list);
    assert_int_equal(pt_render_create(&r, NULL, root, 10000, &err), PT_OK);
    assert_int_equal(pt_render_add(r, "c", &err), PT_OK);
    pt_render_wait(r);
    char msg[320];
    assert_int_equal(pt_render_result(r, "c", msg, sizeof msg), -1);
    assert_int_equal(lines_in(done_list), 0);
    pt_render_destroy(r);
}

/* destroy waits for charts still drawing (the report relies on it before
 * removing a failed report's folder). */
static void test_destroy_waits(void **state)
{
    (void)state;
    struct pt_render *r = NULL;
    struct pt_error err;
    remove(done_list);
    assert_int_equal(pt_render_create(&r, program, root, 10000, &err), PT_OK);
    assert_int_equal(pt_render_add(r, "slow_x", &err), PT_OK);
    assert_int_equal(pt_render_add(r, "slow_y", &err), PT_OK);
    assert_int_equal(pt_render_add(r, "slow_z", &err), PT_OK);
    pt_render_destroy(r);
    assert_int_equal(lines_in(done_list), 3);
}

/* After a failure the charts not yet taken are not drawn: of five slow
 * charts, at most the two the threads took before the cancel are. */
static void test_cancel_drops_what_is_not_taken(void **state)
{
    (void)state;
    struct pt_render *r = NULL;
    struct pt_error err;
    remove(done_list);
    assert_int_equal(pt_render_create(&r, program, root, 10000, &err), PT_OK);
    static const char *const names[] = {"slow_1", "slow_2", "slow_3", "slow_4", "slow_5"};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(pt_render_add(r, names[i], &err), PT_OK);
    pt_render_cancel(r);
    pt_render_wait(r);
    size_t drawn = lines_in(done_list);
    if (drawn > 2)
        fail_msg("%zu charts drawn after the cancel, at most 2 expected", drawn);
    char msg[320];
    assert_int_equal(pt_render_result(r, "slow_5", msg, sizeof msg), 0);
    assert_non_null(strstr(msg, "not drawn"));
    pt_render_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_chart_drawn_outcomes_by_name),
        cmocka_unit_test(test_no_program_draws_nothing),
        cmocka_unit_test(test_destroy_waits),
        cmocka_unit_test(test_cancel_drops_what_is_not_taken),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

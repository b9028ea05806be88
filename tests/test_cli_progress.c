/* test_cli_progress.c: the progress line's numbers, worked by hand. */
#include <string.h>

#include "audit/cli_progress.h"
#include "tests/helpers.h"

struct progress_case {
    const char *name;
    uint64_t done, total;
    double elapsed;
    const char *want;
    const char *source;
};

static const struct progress_case cases[] = {
    {"half done", 345600000u, 691200000u, 2.0, "f  345.6/691.2 MB   50%  172.8 MB/s  ETA 0:00:02",
     "hand: 345.6 MB / 2 s = 172.8 MB/s; 345.6 MB left / 172.8 = 2 s"},
    {"hour-long eta", 1000000u, 3601000000u, 1.0, "f  1.0/3601.0 MB    0%  1.0 MB/s  ETA 1:00:00",
     "hand: 3600 MB left at 1 MB/s = 3600 s = 1:00:00"},
    {"unknown total (stdin)", 5000000u, 0u, 2.0, "f  5.0 MB  2.5 MB/s", "hand: 5 MB / 2 s"},
    {"nothing yet", 0u, 100u, 0.0, "f  0.0/0.0 MB    0%", "hand: no rate, no ETA"},
    {"done", 100000000u, 100000000u, 4.0, "f  100.0/100.0 MB  100%  25.0 MB/s  ETA 0:00:00",
     "hand: 100 MB / 4 s"},
};

static void test_format_matches_hand_arithmetic(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[160];
        const struct progress_case *c = &cases[i];
        pt_cli_progress_format(buf, sizeof buf, "f", c->done, c->total, c->elapsed);
        if (strcmp(buf, c->want) != 0) {
            print_error("%s: got \"%s\", want \"%s\" (%s)\n", c->name, buf, c->want, c->source);
            fail();
        }
    }
}

static void test_not_a_terminal_prints_nothing(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    struct pt_cli_progress p;
    pt_cli_progress_init(&p, f, "x", 0);
    struct pt_progress h = pt_cli_progress_hook(&p);
    h.fn(h.ctx, 10, 100);
    pt_cli_progress_finish(&p);
    assert_int_equal(ftell(f), 0);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_matches_hand_arithmetic),
        cmocka_unit_test(test_not_a_terminal_prints_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_cli_progress.c: the progress line's numbers, worked by hand; how it
 * fits the terminal; when it is drawn and erased.
 *
 * The formatter is pure (cli_progress.h). The display is driven through
 * pt_cli_progress_tick with made-up times (binary-exact, so no rounding of
 * the differences decides a case); a pseudo-terminal checks that a terminal
 * turns it on and --quiet off. */
#define _XOPEN_SOURCE 700   /* posix_openpt, grantpt, unlockpt, ptsname */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/cli_progress.h"
#include "audit/utf8.h"
#include "tests/helpers.h"

struct progress_case {
    const char *name;
    size_t width;
    const char *label;
    uint64_t done, total;
    double elapsed;
    const char *want;
    size_t want_cols;      /* 0 = strlen(want): ASCII */
    const char *source;
};

static const struct progress_case cases[] = {
    {"half done", 79, "f", 345600000u, 691200000u, 2.0,
     "f  345.6/691.2 MB   50%  172.8 MB/s  ETA 0:00:02", 0,
     "hand: 345.6 MB / 2 s = 172.8 MB/s; 345.6 MB left / 172.8 = 2 s"},
    {"hour-long eta", 79, "f", 1000000u, 3601000000u, 1.0,
     "f  1.0/3601.0 MB    0%  1.0 MB/s  ETA 1:00:00", 0,
     "hand: 3600 MB left at 1 MB/s = 3600 s = 1:00:00"},
    {"unknown total (stdin)", 79, "f", 5000000u, 0u, 2.0, "f  5.0 MB  2.5 MB/s", 0,
     "hand: 5 MB / 2 s; no total, so no percentage and no ETA"},
    {"zero elapsed, nothing read", 79, "f", 0u, 100u, 0.0, "f  0.0/0.0 MB    0%", 0,
     "hand: no time, so no rate and no ETA"},
    {"zero elapsed, half read", 79, "f", 5000000u, 10000000u, 0.0, "f  5.0/10.0 MB   50%", 0,
     "hand: a rate over 0 s would divide by zero: none"},
    {"done", 79, "f", 100000000u, 100000000u, 4.0,
     "f  100.0/100.0 MB  100%  25.0 MB/s  ETA 0:00:00", 0, "hand: 100 MB / 4 s"},
    {"no ETA before 0.5 s", 79, "f", 10000000u, 100000000u, 0.375,
     "f  10.0/100.0 MB   10%  26.7 MB/s", 0,
     "hand: 10 MB / 0.375 s = 26.67 MB/s; too early for an ETA"},
    {"ETA from 0.5 s, 4.5 s rounds up", 79, "f", 10000000u, 100000000u, 0.5,
     "f  10.0/100.0 MB   10%  20.0 MB/s  ETA 0:00:05", 0,
     "hand: 90 MB left at 20 MB/s = 4.5 s, up to the next second = 5"},
    {"ETA 2.4 s rounds up", 79, "f", 1000000u, 3400000u, 1.0,
     "f  1.0/3.4 MB   29%  1.0 MB/s  ETA 0:00:03", 0,
     "hand: 2.4 MB left at 1 MB/s = 2.4 s -> 3; 1/3.4 = 29.4% -> 29"},
    {"ETA of exactly 3 s stays 3", 79, "f", 1000000u, 4000000u, 1.0,
     "f  1.0/4.0 MB   25%  1.0 MB/s  ETA 0:00:03", 0,
     "hand: 3 MB left at 1 MB/s = 3 s, already whole"},
    {"ETA 2.5 s with 28.6% done", 79, "f", 1000000u, 3500000u, 1.0,
     "f  1.0/3.5 MB   28%  1.0 MB/s  ETA 0:00:03", 0,
     "hand: 2.5 MB left at 1 MB/s = 2.5 s -> 3; 1/3.5 = 28.6% -> 28 (floor)"},
    {"99.96% shows 99% and 1 s", 79, "f", 999600000u, 1000000000u, 1.0,
     "f  999.6/1000.0 MB   99%  999.6 MB/s  ETA 0:00:01", 0,
     "hand: 100% and 0:00:00 only when every byte is in; 0.4 MB left at 999.6 MB/s = "
     "0.0004 s, up to 1"},
    {"over 1 TB in GB", 79, "f", 1200000000000u, 2500000000000u, 1000.0,
     "f  1200.0/2500.0 GB   48%  1200.0 MB/s  ETA 0:18:04", 0,
     "hand: 2.5e12 B = 2,500,000 MB passes 99999.9 MB, so GB; 1.2e12 B / 1000 s = 1200 "
     "MB/s; 1.3e12 B left / 1.2e9 B/s = 1083.3 s, up to 1084 = 0:18:04"},
    {"100 TB unknown total in TB", 79, "f", 150000000000000u, 0u, 100000.0,
     "f  150.0 TB  1500.0 MB/s", 0,
     "hand: 1.5e14 B = 150,000 GB passes 99999.9 GB, so TB; 1.5e8 MB / 1e5 s"},
    {"ETA 99:59:59 is the last shown", 79, "f", 1000000u, 360000000000u, 1.0,
     "f  0.0/360.0 GB    0%  1.0 MB/s  ETA 99:59:59", 0,
     "hand: 359,999 MB left at 1 MB/s = 359,999 s = 99:59:59"},
    {"ETA past 99 h", 79, "f", 1000000u, 1000000000000u, 1.0,
     "f  0.0/1000.0 GB    0%  1.0 MB/s  ETA >99h", 0,
     "hand: 999,999 s left, more than 99:59:59"},
    /* The numbers of "half done" are 45 columns: the label gets width - 47. */
    {"label fits exactly", 71, "cfpb_1000000_narr_on.csv", 345600000u, 691200000u, 2.0,
     "cfpb_1000000_narr_on.csv  345.6/691.2 MB   50%  172.8 MB/s  ETA 0:00:02", 0,
     "hand: 24 + 2 + 45 = 71 columns"},
    {"label cut to fit", 60, "cfpb_1000000_narr_on.csv", 345600000u, 691200000u, 2.0,
     "cfpb_10000...  345.6/691.2 MB   50%  172.8 MB/s  ETA 0:00:02", 0,
     "hand: 60 - 47 = 13 columns: 10 characters and \"...\""},
    {"room for one character and ...", 51, "cfpb.csv", 345600000u, 691200000u, 2.0,
     "c...  345.6/691.2 MB   50%  172.8 MB/s  ETA 0:00:02", 0, "hand: 51 - 47 = 4"},
    {"no room for a cut label", 50, "cfpb.csv", 345600000u, 691200000u, 2.0,
     "345.6/691.2 MB   50%  172.8 MB/s  ETA 0:00:02", 0,
     "hand: 50 - 47 = 3 columns cannot hold \"x...\""},
    {"narrow terminal cuts the numbers", 20, "cfpb.csv", 345600000u, 691200000u, 2.0,
     "345.6/691.2 MB   50%", 0, "hand: the first 20 columns"},
    {"UTF-8 label cut between characters", 55, "\xe6\x8a\x95\xe8\xaf\x89\xe6\x95\xb0\xe6\x8d"
     "\xae_2024.csv", 345600000u, 691200000u, 2.0,
     "\xe6\x8a\x95\xe8\xaf\x89...  345.6/691.2 MB   50%  172.8 MB/s  ETA 0:00:02", 54,
     "hand: 投诉数据_2024.csv is 17 columns (4 wide characters); room 55 - 47 = 8, so 5 for "
     "the text: 投诉 (4 columns; a third would make 6), \"...\": 7 + 2 + 45 = 54"},
    {"two-byte characters cut whole", 53, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9.csv",
     345600000u, 691200000u, 2.0,
     "\xc3\xa9\xc3\xa9\xc3\xa9...  345.6/691.2 MB   50%  172.8 MB/s  ETA 0:00:02", 53,
     "hand: ééééé.csv is 9 columns; room 6, so 3 é (6 bytes, 3 columns) and \"...\""},
    {"controls and bad bytes show as ?", 79, "a\x1b[31mb\xff\xc2\x9b.csv", 5000000u, 0u, 2.0,
     "a?[31mb??.csv  5.0 MB  2.5 MB/s", 0,
     "hand: ESC, the byte 0xff and U+009B (CSI) each become one '?'"},
};

static void test_format_matches_hand_arithmetic(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[4 * 79 + 1];
        const struct progress_case *c = &cases[i];
        size_t cols = pt_cli_progress_format(buf, sizeof buf, c->width, c->label, c->done,
                                             c->total, c->elapsed);
        size_t want_cols = c->want_cols ? c->want_cols : strlen(c->want);
        if (strcmp(buf, c->want) != 0 || cols != want_cols) {
            print_error("%s: got \"%s\" (%zu columns), want \"%s\" (%zu) (%s)\n", c->name, buf,
                        cols, c->want, want_cols, c->source);
            fail();
        }
        if (cols > c->width)
            fail_msg("%s: %zu columns in a width of %zu", c->name, cols, c->width);
    }
}

/* Every width from 0 to 100, every case: the line fits, is valid UTF-8 and
 * ends at a character boundary; a small buffer cuts it but keeps it so. */
static void test_every_width_fits(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t w = 0; w <= 100; w++) {
            const struct progress_case *c = &cases[i];
            char buf[4 * 100 + 1];
            size_t cols =
                pt_cli_progress_format(buf, sizeof buf, w, c->label, c->done, c->total, c->elapsed);
            if (cols > w || pt_utf8_valid_prefix(buf, strlen(buf)) != strlen(buf))
                fail_msg("%s at width %zu: \"%s\" (%zu columns)", c->name, w, buf, cols);
            for (size_t size = 1; size < 12; size++) {
                char small[12];
                pt_cli_progress_format(small, size, w, c->label, c->done, c->total, c->elapsed);
                size_t n = strlen(small);
                if (n >= size || pt_utf8_valid_prefix(small, n) != n)
                    fail_msg("%s at width %zu, size %zu: \"%s\"", c->name, w, size, small);
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
    assert_null(h.fn);   /* the library does no progress work at all */
    pt_cli_progress_update(&p, 10, 100);
    pt_cli_progress_tick(&p, 10, 100, 0.0);
    pt_cli_progress_tick(&p, 20, 100, 5.0);
    pt_cli_progress_finish(&p);
    assert_int_equal(ftell(f), 0);
    assert_null(pt_cli_progress_hook(NULL).fn);
    fclose(f);
}

static char *read_all(FILE *f, size_t *len)
{
    fflush(f);
    long n = ftell(f);
    assert_true(n >= 0);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    rewind(f);
    *len = fread(s, 1, (size_t)n, f);
    s[*len] = '\0';
    return s;
}

/* Drawn 0.2 s after the first callback, then at most every 0.2 s, and
 * erased at the end; the label is the file name. The stream is a file
 * with the display switched on as init does on a terminal (its width is
 * then the default 79). */
static void test_draws_at_most_five_times_a_second_and_erases(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    struct pt_cli_progress p;
    pt_cli_progress_init(&p, f, "data/in.csv", 0);
    p.out = f;
    pt_cli_progress_tick(&p, 0, 100000000u, 0.0);             /* the start: nothing */
    pt_cli_progress_tick(&p, 12500000u, 100000000u, 0.125);   /* too soon */
    pt_cli_progress_tick(&p, 25000000u, 100000000u, 0.25);    /* drawn */
    pt_cli_progress_tick(&p, 37500000u, 100000000u, 0.375);   /* 0.125 s after it */
    pt_cli_progress_tick(&p, 50000000u, 100000000u, 0.5);     /* drawn */
    pt_cli_progress_finish(&p);
    pt_cli_progress_finish(&p);                                /* once */
    size_t len;
    char *got = read_all(f, &len);
    const char *want = "\rin.csv  25.0/100.0 MB   25%  100.0 MB/s\033[K"
                       "\rin.csv  50.0/100.0 MB   50%  100.0 MB/s  ETA 0:00:01\033[K"
                       "\r\033[K";
    if (strcmp(got, want) != 0)
        fail_msg("got \"%s\"", got);
    free(got);
    fclose(f);
}

/* Every byte of a known total in: erased there, not drawn again. */
static void test_erased_as_soon_as_the_input_is_read(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    struct pt_cli_progress p;
    pt_cli_progress_init(&p, f, "in.csv", 0);
    p.out = f;
    pt_cli_progress_tick(&p, 0, 8000000u, 0.0);
    pt_cli_progress_tick(&p, 2000000u, 8000000u, 0.25);   /* drawn */
    pt_cli_progress_tick(&p, 8000000u, 8000000u, 0.375);  /* all in: erased */
    pt_cli_progress_tick(&p, 8000000u, 8000000u, 1.0);    /* nothing */
    pt_cli_progress_finish(&p);                            /* nothing more */
    size_t len;
    char *got = read_all(f, &len);
    const char *want = "\rin.csv  2.0/8.0 MB   25%  8.0 MB/s\033[K\r\033[K";
    if (strcmp(got, want) != 0)
        fail_msg("got \"%s\"", got);
    free(got);
    fclose(f);
}

static void test_quick_run_draws_nothing(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    struct pt_cli_progress p;
    pt_cli_progress_init(&p, f, "-", 0);
    p.out = f;
    pt_cli_progress_tick(&p, 0, 0, 7.0);
    pt_cli_progress_tick(&p, 1000000u, 0, 7.125);
    pt_cli_progress_finish(&p);
    assert_int_equal(ftell(f), 0);
    fclose(f);
}

/* A pseudo-terminal: init turns the display on, --quiet keeps it off. */
static void test_terminal_enables_it_quiet_does_not(void **state)
{
    (void)state;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
        if (master >= 0)
            close(master);
        skip();
    }
    const char *name = ptsname(master);
    FILE *slave = name ? fopen(name, "w") : NULL;
    assert_non_null(slave);
    struct pt_cli_progress p;
    pt_cli_progress_init(&p, slave, "a.csv", 1);
    assert_null(pt_cli_progress_hook(&p).fn);
    pt_cli_progress_init(&p, slave, "a.csv", 0);
    struct pt_progress h = pt_cli_progress_hook(&p);
    assert_true(h.fn == pt_cli_progress_update && h.ctx == &p);
    pt_cli_progress_tick(&p, 0, 100, 1.0);
    pt_cli_progress_tick(&p, 50, 100, 2.0);
    pt_cli_progress_finish(&p);
    char buf[512];
    struct pollfd pfd = {master, POLLIN, 0};
    assert_int_equal(poll(&pfd, 1, 5000), 1);
    ssize_t n = read(master, buf, sizeof buf - 1);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_non_null(strstr(buf, "a.csv  0.0/0.0 MB   50%"));
    assert_true(n >= 4 && memcmp(buf + n - 4, "\r\033[K", 4) == 0);
    fclose(slave);
    close(master);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_matches_hand_arithmetic),
        cmocka_unit_test(test_every_width_fits),
        cmocka_unit_test(test_not_a_terminal_prints_nothing),
        cmocka_unit_test(test_draws_at_most_five_times_a_second_and_erases),
        cmocka_unit_test(test_erased_as_soon_as_the_input_is_read),
        cmocka_unit_test(test_quick_run_draws_nothing),
        cmocka_unit_test(test_terminal_enables_it_quiet_does_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

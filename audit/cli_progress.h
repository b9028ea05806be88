/* cli_progress.h: a one-line progress display on stderr for long runs.
 *
 * CONTRACT.md: progress goes to stderr only when stderr is a terminal, and
 * --quiet silences it. The line shows the input's file name, bytes done /
 * total, the percentage, MB/s and the ETA (issue #7):
 *     cfpb.csv  345.6/691.2 MB   50%  123.4 MB/s  ETA 0:00:03
 * It is fed by the library's struct pt_progress callback (progress.h),
 * first drawn 0.2 s after the input's first callback (a quick run shows
 * nothing), redrawn at most 5 times a second with '\r' and erase-to-end
 * ("\033[K"), fitted to the terminal's width, and erased as soon as every
 * byte of a known total is in (so `report` builds its tables without a
 * stale line) or else by pt_cli_progress_finish, which the command calls
 * before it prints anything else: the line never mixes with messages.
 * MB = 10^6 bytes.
 * The callback may be called from the library's reading threads, one at a
 * time (progress.h); this module reads the clock and the terminal, which
 * is why it is CLI-side. Nothing here allocates. */
#ifndef PTAUDIT_CLI_PROGRESS_H
#define PTAUDIT_CLI_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/progress.h"

struct pt_cli_progress {
    FILE *out;            /* borrowed; NULL = disabled */
    const char *label;    /* borrowed: the input's file name */
    double t0;            /* monotonic seconds at the first callback */
    double last;          /* when the line was last drawn */
    int started;          /* t0 is set */
    int drawn;            /* a line is on screen */
    int complete;         /* every byte of a known total is in: no more drawing */
};

/* Enables the display when out is a terminal and quiet is 0. path names the
 * input ("-" = stdin; borrowed, must outlive p): the label is its file name,
 * the part after the last '/'. */
void pt_cli_progress_init(struct pt_cli_progress *p, FILE *out, const char *path, int quiet);

/* What the library calls: pt_cli_progress_update on p, or {NULL, NULL} when
 * p is NULL or disabled (the library then does no progress work at all). */
struct pt_progress pt_cli_progress_hook(struct pt_cli_progress *p);

/* The callback (ctx is a struct pt_cli_progress *): reads the clock and
 * calls pt_cli_progress_tick. */
void pt_cli_progress_update(void *ctx, uint64_t bytes_done, uint64_t bytes_total);

/* The display's decisions at time now (monotonic seconds): the first call
 * starts the clock; the line is drawn when 0.2 s have passed since then and
 * since the last draw, and erased for good when bytes_done reaches a known
 * bytes_total. Separate from the clock so tests can drive it. */
void pt_cli_progress_tick(struct pt_cli_progress *p, uint64_t bytes_done, uint64_t bytes_total,
                          double now);

/* Erases the line if one was drawn ("\r\033[K"). */
void pt_cli_progress_finish(struct pt_cli_progress *p);

/* Formats the line into buf (always NUL-terminated; size >= 4 * width + 1
 * holds any line) in at most width display columns, and returns its width
 * in columns. total 0 = unknown: no total, percentage or ETA. elapsed in
 * seconds: the rate needs elapsed > 0, the ETA a known total and elapsed
 * >= 0.5 (the first blocks say little about the pace); the ETA is rounded
 * up to a whole second (0:00:00 only when every byte is in), shown as
 * H:MM:SS up to 99:59:59 and as ">99h" past that. Byte counts are in MB, or GB, TB, PB when they would pass
 * 99999.9 of the smaller unit; the rate is always MB/s. The label loses
 * its end to "..." when the line would not fit (at a character boundary:
 * East Asian wide characters count 2 columns), and goes when not even
 * "x..." fits; control characters and bytes that are not UTF-8 show as
 * '?'. */
size_t pt_cli_progress_format(char *buf, size_t size, size_t width, const char *label,
                              uint64_t done, uint64_t total, double elapsed);

#endif

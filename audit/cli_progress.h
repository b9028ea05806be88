/* cli_progress.h: a one-line progress display on stderr for long runs.
 *
 * CONTRACT.md: progress goes to stderr only when stderr is a terminal, and
 * --quiet silences it. The line shows bytes done, MB/s and the ETA, is
 * redrawn at most 5 times a second with '\r', and is erased at the end so
 * that it never mixes with messages. It is fed by the library's
 * struct pt_progress callback (progress.h). MB = 10^6 bytes. */
#ifndef PTAUDIT_CLI_PROGRESS_H
#define PTAUDIT_CLI_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/progress.h"

struct pt_cli_progress {
    FILE *out;            /* borrowed; NULL = disabled */
    double t0;            /* monotonic seconds at init */
    double last;          /* when the line was last drawn */
    int drawn;            /* a line is on screen */
    char label[48];
};

/* Enables the display when out is a terminal and quiet is 0; label names
 * the input (cut to fit). */
void pt_cli_progress_init(struct pt_cli_progress *p, FILE *out, const char *label, int quiet);

/* The library callback: ctx is a struct pt_cli_progress *. */
void pt_cli_progress_update(void *ctx, uint64_t bytes_done, uint64_t bytes_total);

/* A struct pt_progress that calls pt_cli_progress_update on p. */
struct pt_progress pt_cli_progress_hook(struct pt_cli_progress *p);

/* Erases the line (if one was drawn). */
void pt_cli_progress_finish(struct pt_cli_progress *p);

/* Formats the line, e.g. "cfpb.csv  345.6/691.2 MB  50%  123.4 MB/s  ETA 0:00:03";
 * total 0 = unknown (no percentage, no ETA); elapsed in seconds. Returns buf. */
const char *pt_cli_progress_format(char *buf, size_t size, const char *label, uint64_t done,
                                   uint64_t total, double elapsed);

#endif

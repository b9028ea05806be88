/* progress.h: how long-running library calls report progress.
 *
 * The library never prints (STYLE.md): a run that wants a progress bar
 * passes a callback, and the CLI's cli_progress.c draws it. The library
 * calls it from the thread that owns the run, at most every few MiB, with
 * the bytes of input consumed so far and the total (0 = unknown: stdin).
 * Nothing here allocates. */
#ifndef PTAUDIT_PROGRESS_H
#define PTAUDIT_PROGRESS_H

#include <stdint.h>

struct pt_progress {
    void (*fn)(void *ctx, uint64_t bytes_done, uint64_t bytes_total);   /* NULL = none */
    void *ctx;                                                           /* borrowed */
};

#endif

/* progress.h: how long-running library calls report progress.
 *
 * The library never prints (STYLE.md): a run that wants a progress bar
 * passes a callback, and the CLI's cli_progress.c draws it. A loader calls
 * it once with bytes_done = 0 when it starts an input, then about once per
 * 1 MiB read block, with the bytes of that input consumed so far and its
 * size (bytes_total 0 = unknown: stdin, a pipe). bytes_done never goes
 * down and never passes a known total. The calls may come from any thread
 * that reads the input (a complaint file is read by two), but never from
 * two at once, so the callback needs no lock of its own; it must be quick
 * (it runs between two blocks of the reading loop).
 *
 * struct pt_progress_meter is the loaders' side: every reader of one input
 * adds the bytes it consumed to the same meter (C11 atomics), and the
 * thread that adds calls the callback with the sum, unless another thread
 * is in the callback already: that one then calls again with the new sum
 * when it comes out, so the last bytes added are always reported. Nothing
 * here allocates. */
#ifndef PTAUDIT_PROGRESS_H
#define PTAUDIT_PROGRESS_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

struct pt_progress {
    void (*fn)(void *ctx, uint64_t bytes_done, uint64_t bytes_total);   /* NULL = none */
    void *ctx;                                                           /* borrowed */
};

struct pt_progress_meter {
    struct pt_progress to;      /* copied at init */
    uint64_t total;             /* bytes; 0 = unknown */
    _Atomic uint64_t done;      /* bytes consumed, all readers together */
    atomic_flag busy;           /* set while a thread is in to.fn */
};

/* Starts m for one input of total bytes (0 = unknown) and calls to->fn
 * with 0 done; to (copied) may be NULL or have no fn: then the meter only
 * counts. Not thread-safe: call before any reader adds. */
void pt_progress_meter_init(struct pt_progress_meter *m, const struct pt_progress *to,
                            uint64_t total);

/* Adds bytes consumed by one reader and reports the sum (capped at a known
 * total). Thread-safe; lock-free. */
void pt_progress_meter_add(struct pt_progress_meter *m, uint64_t bytes);

/* Bytes consumed so far, all readers (capped at a known total). */
uint64_t pt_progress_meter_done(struct pt_progress_meter *m);

/* What is left to read of in, for a meter's total: a regular file's size
 * minus the stream's position; 0 when unknown (stdin from a pipe or a
 * terminal, a fopencookie stream such as the report's hashing tee). */
uint64_t pt_progress_input_size(FILE *in);

#endif

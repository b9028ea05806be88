/* report_render.h: the report's charts drawn by gnuplot on background
 * threads as soon as each is ready, not all at the end.
 *
 * Why: the loan section's charts are built while the complaints are still
 * being read; drawn at the end, the largest of them (a scatter of ~12,000
 * cells) was the last thing the report waited for. A chart is queued once
 * its NAME.gp and NAME.dat are in the folder; RENDER_THREADS threads take
 * charts in queue order, each waiting on its own gnuplot process
 * (gnuplot.h: no shell, a timeout). Outcomes are kept per chart and read
 * back by name, so what the caller reports does not depend on which
 * gnuplot ends first. Internal to the report family. */
#ifndef PTAUDIT_REPORT_RENDER_H
#define PTAUDIT_REPORT_RENDER_H

#include <stddef.h>

#include "audit/error.h"

struct pt_render;

/* program: absolute path of gnuplot, or NULL to draw nothing (every add is
 * then a no-op); dir: the plots folder (copied); timeout_ms as in
 * gnuplot.h. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_render_create(struct pt_render **out, const char *program,
                                           const char *dir, unsigned timeout_ms,
                                           struct pt_error *err);

/* Queues chart name (its NAME.gp is written in dir). Threads start with
 * the first chart; where none can, pt_render_wait draws the queue on the
 * calling thread. PT_ENOMEM past PT_RENDER_MAX charts. Thread-safe. */
#define PT_RENDER_MAX 64
PT_NODISCARD enum pt_code pt_render_add(struct pt_render *r, const char *name,
                                        struct pt_error *err);

/* Draws what no thread took, then waits for every chart queued. */
void pt_render_wait(struct pt_render *r);

/* After pt_render_wait: 1 when chart name was drawn, 0 when gnuplot
 * failed (msg says why), -1 when it was never queued (or nothing is
 * drawn). */
int pt_render_result(const struct pt_render *r, const char *name, char *msg, size_t size);

/* The report failed: charts no thread has taken yet are not drawn (with a
 * gnuplot that hangs, each would cost its timeout before the error is
 * reported); those drawing are left to finish. Queue no more after it.
 * Accepts NULL. */
void pt_render_cancel(struct pt_render *r);

/* Waits (pt_render_wait) and frees. Accepts NULL. */
void pt_render_destroy(struct pt_render *r);

#endif

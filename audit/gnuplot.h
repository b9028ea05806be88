/* gnuplot.h: runs gnuplot on a chart script, safely, and quotes untrusted
 * text for its scripts.
 *
 * The report writes NAME.gp + NAME.dat into plots/; the script names its
 * data and output relative to plots/, so a user can edit it and re-run
 * `gnuplot NAME.gp` there. We run it the same way: posix_spawn of the
 * absolute gnuplot path, argv {"gnuplot", NAME.gp}, no shell, the working
 * folder set with posix_spawn_file_actions_addchdir_np (glibc 2.29+), a
 * fixed small environment (LC_ALL=C so numbers print with a point), and a
 * timeout after which the child is killed. Untrusted text reaches a script
 * only through data files or as a single-quoted string from escape.h's
 * pt_escape_gnuplot (quotes doubled, control characters removed; gnuplot
 * expands neither backquotes nor @macros inside single quotes, checked in
 * test_gnuplot.c), and scripts set `termoption noenhanced`.
 * Nothing here allocates. */
#ifndef PTAUDIT_GNUPLOT_H
#define PTAUDIT_GNUPLOT_H

#include <stddef.h>

#include "audit/error.h"

/* Looks for an executable file named name in the colon-separated folders
 * of path_list (the PATH the CLI passes in; NULL or empty = not found).
 * Returns 1 and the absolute path in out, or 0. */
int pt_gnuplot_find(const char *path_list, const char *name, char *out, size_t size);

struct pt_gnuplot_job {
    const char *program;     /* absolute path of gnuplot (pt_gnuplot_find) */
    const char *dir;         /* folder to run in (plots/) */
    const char *script;      /* file name inside dir: "NAME.gp" */
    unsigned timeout_ms;     /* killed after this; 0 = 30000 */
};

/* Runs the job and waits. PT_OK when gnuplot exits 0. PT_EUNAVAIL if it
 * cannot be started; PT_EIO if it fails, is killed by a signal or times
 * out: err->msg says which, with the first line gnuplot wrote on stderr. */
PT_NODISCARD enum pt_code pt_gnuplot_run(const struct pt_gnuplot_job *job, struct pt_error *err);

#endif

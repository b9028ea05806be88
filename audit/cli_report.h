/* cli_report.h: the option parsing and run of `ptaudit report`, shared
 * with `ptaudit verify`, which re-runs a report from its manifest.
 * CLI only. */
#ifndef PTAUDIT_CLI_REPORT_H
#define PTAUDIT_CLI_REPORT_H

#include <stdint.h>

#include "audit/manifest.h"
#include "audit/period.h"
#include "audit/report.h"

#define PT_CLI_REPORT_MAX_INPUTS 130

struct pt_cli_report_args {
    struct pt_run_options opt;     /* strings borrowed from argv (or a manifest) */
    const char *kinds[PT_CLI_REPORT_MAX_INPUTS];
    const char *paths[PT_CLI_REPORT_MAX_INPUTS];   /* as given */
    int n_inputs;
    const char *out;
    int64_t gnuplot_timeout_s;
    int quiet;
    int as_of_from_epoch;
    char as_of_buf[32];
};

/* Parses argv; -1 to go on, else the exit status (0 after --help). */
int pt_cli_report_parse(int argc, char **argv, struct pt_cli_report_args *a);
/* Opens every input (resolved_override[i], when given, instead of the path
 * as given: verify opens the recorded resolved paths). Returns 0 or 66. */
int pt_cli_report_open(const struct pt_cli_report_args *a, const char *const *resolved_override,
                       struct pt_report_input *inputs);
void pt_cli_report_close(struct pt_report_input *inputs, int n);
/* Opens, runs the report into out_dir, prints notes; returns the exit
 * status. render = 0 skips gnuplot (verify ignores images). */
int pt_cli_report_run(const struct pt_cli_report_args *a, const char *out_dir,
                      const char *const *resolved_override, int render, int quiet);

#endif

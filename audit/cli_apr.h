/* cli_apr.h: the pieces of `ptaudit apr` (CLI only, not the library):
 * cli_apr.c parses options and runs, cli_apr_flows.c reads --flows files,
 * cli_apr_out.c prints text, CSV and JSON. */
#ifndef PTAUDIT_CLI_APR_H
#define PTAUDIT_CLI_APR_H

#include <stddef.h>
#include <stdint.h>

#include "audit/apr.h"
#include "audit/legal.h"
#include "audit/schedule.h"

enum pt_cli_apr_format { PT_CLI_APR_TEXT, PT_CLI_APR_CSV, PT_CLI_APR_JSON };

struct pt_cli_apr_run {
    int flows_mode;                 /* --flows given */
    const char *flows_path;         /* borrowed from argv */
    struct pt_offer offer;          /* offer mode */
    const char *rate_text;          /* --rate as given, for the quoted line */
    enum pt_cli_apr_format format;
    int round, schedule;
    const char *currency;           /* --currency, default "XXX" */
    int32_t day;                    /* --date, PT_DAY_UNKNOWN if none */
    int step_months, step_days;     /* payment dates: one of them > 0 when known */
    struct pt_offer_result res;     /* both modes (quoted rate NaN in flows mode) */
    size_t n_flows;
    struct pt_legal legal;
};

/* Reads path ("-" = stdin), solves it into run->res. Returns an exit
 * status (0, 65 bad flows, 66 unreadable) after printing any error. */
int pt_cli_apr_flows(struct pt_cli_apr_run *run);

/* Prints the result in run->format; returns 0 or an exit status. */
int pt_cli_apr_print(const struct pt_cli_apr_run *run);

#endif

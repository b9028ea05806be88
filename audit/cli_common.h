/* cli_common.h: what the subcommands of the CLI share: the exit statuses,
 * message printing with the "ptaudit: " prefix, the dataset options of
 * loans/complaints/report, and opening inputs ("-" = stdin).
 * CLI only: the library never includes this. */
#ifndef PTAUDIT_CLI_COMMON_H
#define PTAUDIT_CLI_COMMON_H

#include <stdio.h>

#include "audit/ptaudit.h"

/* sysexits(3) statuses, the values CONTRACT.md fixes. */
enum pt_exit {
    PT_EXIT_OK = 0,
    PT_EXIT_USAGE = 64,
    PT_EXIT_DATAERR = 65,
    PT_EXIT_NOINPUT = 66,
    PT_EXIT_UNAVAILABLE = 69,
    PT_EXIT_SOFTWARE = 70,
    PT_EXIT_OSERR = 71,
    PT_EXIT_CANTCREAT = 73,
    PT_EXIT_IOERR = 74
};

#define PT_CLI_MAX_LIST 64
/* complaints: --by repeated gives one table per --by from one reading. */
#define PT_CLI_MAX_BY 8

/* Options shared by loans, complaints and report (CONTRACT.md). */
struct pt_cli_data_opts {
    const char *files[PT_CLI_MAX_LIST];     /* borrowed from argv */
    int n_files;
    const char *from;                       /* NULL = auto */
    const char *map;
    const char *by[PT_CLI_MAX_BY];          /* each --by in order */
    int n_by;
    const char *to;                         /* text|csv|json */
    const char *encoding;
    const char *since, *until;
    const char *companies[PT_CLI_MAX_LIST];
    int n_companies;
    const char *product;
    const char *aliases;
    const char *currency;
    const char *rejects;
    const char *loans_file;                 /* complaints --loans */
    int narratives;                         /* complaints --narratives on */
    int threads;                            /* complaints, loans --threads: 1 or 2 (0 = default) */
    int quiet;
};

/* Prints "ptaudit: " + message to stderr. */
void pt_cli_errorf(const char *fmt, ...) PT_PRINTF(1, 2);
/* Prints an error (with its location) and returns its exit status. */
int pt_cli_fail(const struct pt_error *err);
/* "ptaudit: CMD: MESSAGE\nTry 'ptaudit CMD --help'." and returns 64. */
int pt_cli_usage_error(const char *cmd, const char *fmt, ...) PT_PRINTF(2, 3);
/* --threads when not given: 2, or 1 on a machine with one online CPU
 * (a second thread there only adds the cost of splitting and merging). */
int pt_cli_default_threads(void);
/* Capability not built yet: says so and returns 69. */
int pt_cli_not_built(const char *cmd, const char *what);

/* Opens an input: "-" = stdin. On failure prints "ptaudit: FILE: reason"
 * and returns NULL with *status set to 66. Directories are refused. */
FILE *pt_cli_open_input(const char *path, int *status);
void pt_cli_close_input(FILE *f);

/* Checks that every file in the list can be opened (for commands that
 * validate before work). Returns 0 or the exit status. */
int pt_cli_check_inputs(const char *const *files, int n);

/* Flushes and checks stdout; a write error (full disk) becomes 74. */
int pt_cli_close_stdout(int status);

#endif

#ifndef PTAUDIT_CLI_COMMON_DATA_OPTS
#define PTAUDIT_CLI_COMMON_DATA_OPTS
/* Parses the options of `loans` / `complaints` into *o (positional
 * arguments become files). Returns -1 to go on, 0 after printing help (the
 * caller exits 0), or an exit status (64) after printing the usage error.
 * help is the command's --help text. */
int pt_cli_parse_data_opts(const char *cmd, const char *help, int argc, char **argv,
                           struct pt_cli_data_opts *o);
#endif

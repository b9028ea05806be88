/* main.c: argv -> subcommand table -> exit status (jq's main.c, zsv's cli.c).
 * Nothing here computes: each cli_*.c turns options into one library call. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "audit/cli.h"
#include "audit/cli_common.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"apr", pt_cli_apr, "true cost of one loan offer or cash-flow schedule (and its schedule)"},
    {"loans", pt_cli_loans, "effective-rate distribution of loan datasets"},
    {"complaints", pt_cli_complaints, "complaint statistics"},
    {"report", pt_cli_report, "the full report: Markdown, CSV/JSON tables, manifest, charts"},
    {"verify", pt_cli_verify, "re-derive a report and compare it byte for byte"},
};

static void print_help(FILE *out)
{
    fprintf(out,
            "Usage: ptaudit COMMAND [OPTIONS] [FILE...]\n"
            "       ptaudit --help | --version;  ptaudit COMMAND --help\n\n"
            "ptaudit turns public loan and complaint data into evidence of what borrowers\n"
            "really pay and what they complain about.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nExit status (sysexits): 0 success (quarantined rows are reported, not fatal);\n"
            "64 usage; 65 data (no usable row, unknown format, missing column);\n"
            "66 input missing or unreadable; 69 capability not built yet; 71 out of memory;\n"
            "73 cannot create output; 74 I/O error (including a full disk).\n\n"
            "Example:\n  ptaudit apr --principal 10000 --term 12 --rate 0.3%% --method flat\n");
}

int main(int argc, char **argv)
{
    /* Messages may use the user's locale; numbers never do (STYLE.md). */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    if (argc < 2) {
        print_help(stderr);
        return pt_cli_close_stdout(PT_EXIT_USAGE);
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        print_help(stdout);
        return pt_cli_close_stdout(PT_EXIT_OK);
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("ptaudit %s\n", PT_VERSION);
        return pt_cli_close_stdout(PT_EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return pt_cli_close_stdout(commands[i].run(argc - 1, argv + 1));
    if (cmd[0] == '-')
        return pt_cli_usage_error(NULL, "unknown option '%s'", cmd);
    return pt_cli_usage_error(NULL, "unknown command '%s'", cmd);
}

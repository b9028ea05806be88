/* cli.h: one entry point per subcommand (zsv's main_<cmd>). Each parses its
 * own options, calls the library, and returns the process exit status. */
#ifndef PTAUDIT_CLI_H
#define PTAUDIT_CLI_H

int pt_cli_apr(int argc, char **argv);
int pt_cli_loans(int argc, char **argv);
int pt_cli_complaints(int argc, char **argv);
int pt_cli_report(int argc, char **argv);
int pt_cli_verify(int argc, char **argv);

#endif

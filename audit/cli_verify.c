/* cli_verify.c: `ptaudit verify DIR` — re-derive a report and compare. */
#include <string.h>

#include "audit/cli.h"
#include "audit/cli_common.h"

static const char help[] =
    "Usage: ptaudit verify DIR\n\n"
    "Re-hashes every input named in DIR/manifest.json, re-runs the report with the\n"
    "recorded options in a temporary folder and compares every output byte for\n"
    "byte (rendered *.svg/*.png excepted).\n"
    "Exit 0 when identical; 66 when a recorded input is missing; 65 with the first\n"
    "difference otherwise.\n\n"
    "Options:\n  -h, --help   this help\n\n"
    "Example:\n  ptaudit verify out/report\n";

int pt_cli_verify(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(help, stdout);
        return PT_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-')
        return argc >= 2 && argv[1][0] == '-'
                   ? pt_cli_usage_error("verify", "unknown option '%s'", argv[1])
                   : pt_cli_usage_error("verify", "expected exactly one DIR");
    return pt_cli_not_built("verify", "report verification");
}

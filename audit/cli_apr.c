/* cli_apr.c: `ptaudit apr` — the true cost of one offer or flow schedule. */
#include <string.h>

#include "audit/cli.h"
#include "audit/cli_common.h"

static const char help[] =
    "Usage: ptaudit apr --principal P --term N --rate R [OPTIONS]\n"
    "       ptaudit apr --flows FILE [OPTIONS]\n\n"
    "Computes the true annual cost of one installment offer with every fee (the\n"
    "actuarial APR of Reg Z Appendix J / PBOC 2021 No. 3, and the EU effective\n"
    "annual rate) and prints it next to the quoted rate.\n\n"
    "Options:\n"
    "  --principal P          contract principal\n"
    "  --term N               number of repayment periods\n"
    "  --rate R               nominal rate per period: 0.003 or 0.3%\n"
    "  --method M             annuity (default), equal-principal, flat,\n"
    "                         interest-only, bullet\n"
    "  --frequency F          monthly (default), semimonthly, biweekly, weekly,\n"
    "                         daily, quarterly, yearly\n"
    "  --periods-per-year K   a number or a fraction (365/14)\n"
    "  --upfront-fee X        deducted at disbursement (the borrower receives P - X)\n"
    "  --periodic-fee Y       paid every period\n"
    "  --fee-rate Z           per-period fee as a share of the original principal\n"
    "  --final-fee W          added to the last payment\n"
    "  --round                solve on the schedule rounded to the minor unit\n"
    "  --schedule             print the repayment table\n"
    "  --flows FILE           CSV when,amount (period index, 1+19/30, or ISO date)\n"
    "  --to FORMAT            text (default), csv, json\n"
    "  -h, --help             this help\n\n"
    "Example:\n  ptaudit apr --principal 10000 --term 12 --rate 0.3% --method flat --to json\n";

int pt_cli_apr(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            return PT_EXIT_OK;
        }
    return pt_cli_not_built("apr", "the rate engine");
}

/* cli_report.c: `ptaudit report` — the full report into --out DIR. */
#include <getopt.h>
#include <string.h>

#include "audit/cli.h"
#include "audit/cli_common.h"

static const char help[] =
    "Usage: ptaudit report --loans FILE... --complaints FILE... --out DIR [OPTIONS]\n\n"
    "Writes the full transparency report into DIR: report.md, tables/*.csv,\n"
    "submission.json, manifest.json, rejected.csv and plots/ (gnuplot scripts and\n"
    "data, SVG when gnuplot is installed). Identical inputs and options give\n"
    "byte-identical outputs.\n\n"
    "Options:\n"
    "  --loans FILE            a loan dataset (repeat per file)\n"
    "  --complaints FILE       a complaint dataset (repeat per file)\n"
    "  --out DIR               output folder (replaced only if it holds a ptaudit report)\n"
    "  --loans-from F          format of the loan files (default auto)\n"
    "  --complaints-from F     format of the complaint files (default auto)\n"
    "  --loans-map FILE        column mapping for mapped loan files\n"
    "  --complaints-map FILE   column mapping for mapped complaint files\n"
    "  --period P              2024Q4, 2024-11 or 2024: restrict and compare with the\n"
    "                          previous period\n"
    "  --min-cell N            suppress complaint counts below N (default 10)\n"
    "  --as-of DATE            the report's date (else SOURCE_DATE_EPOCH, else none)\n"
    "  --aliases FILE          CSV alias,name merging company/platform names\n"
    "  --encoding ENC          auto (default), utf-8, gb18030\n"
    "  --since DATE, --until DATE, --company NAME, --product NAME   filters\n"
    "  --currency CODE         currency of inputs that carry none\n"
    "  --excel                 CSV tables with a UTF-8 BOM\n"
    "  --png                   PNG charts besides SVG\n"
    "  --title TEXT            the report's title\n"
    "  -q, --quiet             only errors on stderr\n"
    "  -h, --help              this help\n\n"
    "Example:\n"
    "  ptaudit report --loans datasets/cn_installment_offers.csv \\\n"
    "      --complaints datasets/cfpb_complaints_2023_a.csv --out out/report\n";

int pt_cli_report(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            return PT_EXIT_OK;
        }
    return pt_cli_not_built("report", "the reporter");
}

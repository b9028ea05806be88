/* cli_complaints.c: `ptaudit complaints` — complaint statistics. */
#include "audit/cli.h"
#include "audit/cli_common.h"

static const char help[] =
    "Usage: ptaudit complaints FILE... [OPTIONS]\n\n"
    "Reads complaint datasets (the CFPB export in every layout, Chinese complaint\n"
    "boards, or any CSV through --map) and prints complaint statistics by group:\n"
    "volumes, shares, categories, timely-response rate, company-response mix.\n\n"
    "Options:\n"
    "  --from FORMAT       auto (default), cfpb, board, mapped\n"
    "  --map FILE          CSV field,column naming the source column of each field\n"
    "  --by KEYS           company (default), product, issue, category, state,\n"
    "                      channel, month, quarter, year (comma-separated)\n"
    "  --loans FILE        loan data for complaints per 10,000 loans\n"
    "  --to FORMAT         text (default), csv, json\n"
    "  --encoding ENC      auto (default), utf-8, gb18030\n"
    "  --since DATE        keep complaints received on or after DATE\n"
    "  --until DATE        keep complaints received on or before DATE\n"
    "  --company NAME      keep this company (repeatable)\n"
    "  --product NAME      keep this product\n"
    "  --aliases FILE      CSV alias,name merging company names\n"
    "  --rejects FILE      write quarantined rows\n"
    "  -q, --quiet         only errors on stderr (the rejected count is still printed)\n"
    "  -h, --help          this help\n\n"
    "Example:\n  ptaudit complaints datasets/cfpb_complaints_2023_a.csv --by category\n";

int pt_cli_complaints(int argc, char **argv)
{
    struct pt_cli_data_opts o;
    int rc = pt_cli_parse_data_opts("complaints", help, argc, argv, &o);
    if (rc >= 0)
        return rc;
    if ((rc = pt_cli_check_inputs(o.files, o.n_files)) != 0)
        return rc;
    return pt_cli_not_built("complaints", "the complaint loaders");
}

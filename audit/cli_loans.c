/* cli_loans.c: `ptaudit loans` — effective-rate distribution of loan data. */
#include "audit/cli.h"
#include "audit/cli_common.h"

static const char help[] =
    "Usage: ptaudit loans FILE... [OPTIONS]\n\n"
    "Reads loan datasets (offers, dated flows, LendingClub, Prosper, or any CSV\n"
    "through --map), computes each loan's true APR with every fee, and prints its\n"
    "distribution by group next to the advertised rate.\n\n"
    "Options:\n"
    "  --from FORMAT       auto (default), offers, flows, lendingclub, prosper, mapped\n"
    "  --map FILE          CSV field,column naming the source column of each field\n"
    "  --by KEYS           platform (default), product, month, quarter, year, or loan\n"
    "  --to FORMAT         text (default), csv, json\n"
    "  --encoding ENC      auto (default), utf-8, gb18030\n"
    "  --since DATE        keep loans dated on or after DATE (YYYY-MM-DD)\n"
    "  --until DATE        keep loans dated on or before DATE\n"
    "  --company NAME      keep this platform (repeatable)\n"
    "  --product NAME      keep this product\n"
    "  --aliases FILE      CSV alias,name merging platform names\n"
    "  --currency CODE     currency of inputs that carry none (default XXX)\n"
    "  --rejects FILE      write quarantined rows (file,line,column,field,reason,record)\n"
    "  -q, --quiet         only errors on stderr (the rejected count is still printed)\n"
    "  -h, --help          this help\n\n"
    "Example:\n  ptaudit loans datasets/cn_installment_offers.csv --by platform\n";

int pt_cli_loans(int argc, char **argv)
{
    struct pt_cli_data_opts o;
    int rc = pt_cli_parse_data_opts("loans", help, argc, argv, &o);
    if (rc >= 0)
        return rc;
    if ((rc = pt_cli_check_inputs(o.files, o.n_files)) != 0)
        return rc;
    return pt_cli_not_built("loans", "the loan loaders");
}

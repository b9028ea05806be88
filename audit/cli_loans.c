/* cli_loans.c: `ptaudit loans` — effective-rate distribution of loan data.
 * Options -> one load per file (loan.h) -> grouped statistics
 * (stats_rates.h) or one row per loan (loan_table.h). Reports the detected
 * format, the accounting line and the rate cross-check per file on stderr. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/aliases.h"
#include "audit/cli.h"
#include "audit/cli_common.h"
#include "audit/cli_progress.h"
#include "audit/csv_reader.h"
#include "audit/date.h"
#include "audit/loan.h"
#include "audit/loan_table.h"
#include "audit/names.h"
#include "audit/stats_rates.h"

static const char help[] =
    "Usage: ptaudit loans FILE... [OPTIONS]\n\n"
    "Reads loan datasets (offers, dated flows, LendingClub, Prosper, or any CSV\n"
    "through --map), computes each loan's true APR with every fee, and prints its\n"
    "distribution by group next to the advertised rate.\n\n"
    "Options:\n"
    "  --from FORMAT       auto (default), offers, flows, lendingclub, prosper, mapped\n"
    "  --map FILE          CSV field,column naming the source column of each offers\n"
    "                      field (principal, term, rate required; implies --from mapped)\n"
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
    "  --threads N         2 (default): read on one thread, solve and tabulate on a\n"
    "                      second; 1: everything on one (same output either way)\n"
    "  -q, --quiet         only errors on stderr (the rejected count is still printed)\n"
    "  -h, --help          this help\n\n"
    "Loans without a date are filtered out by --since/--until. Rates print as\n"
    "fractions (0.3599); text output shows the main columns, csv/json all of them\n"
    "(docs/loans.md).\n\n"
    "Example:\n  ptaudit loans datasets/cn_installment_offers.csv --by platform\n";

/* Everything one run needs, passed to the loader callback. */
struct run {
    const struct pt_cli_data_opts *o;
    struct pt_loan_options lopt;
    enum pt_table_format to;
    int by_loan;
    enum pt_rate_key keys[PT_RATE_MAX_KEYS];
    size_t n_keys;
    struct pt_loan_filter filter;
    struct pt_names *names;            /* owned */
    struct pt_colmap map;              /* owned: --map */
    struct pt_loan_ids *ids;           /* owned: ids across all files */
    struct pt_rate_stats *stats;       /* owned */
    struct pt_loan_table *table;       /* owned */
    uint64_t accepted, filtered, rejected;
    int threads;                       /* --threads: 1, or 2 = reader + worker */
};

/* The filter, on the reading thread (pt_loan_sink.keep). */
static int keep_loan(void *ctx, const struct pt_loan *loan)
{
    struct run *R = ctx;
    return pt_loan_filter_keep(&R->filter, loan);
}

/* Statistics or the per-loan row: on the worker thread when piped
 * (pt_loan_sink.use). Touches only R->stats, R->table and R->names' groups;
 * keep_loan reads R->names' aliases only. */
static enum pt_code use_loan(void *ctx, const struct pt_loan *loan, struct pt_error *err)
{
    struct run *R = ctx;
    if (R->by_loan)
        return pt_loan_table_row(R->table, loan,
                                 pt_names_alias_target(R->names, loan->platform,
                                                       strlen(loan->platform)),
                                 err);
    return pt_rate_stats_add(R->stats, loan, err);
}

/* --threads 1: both on this thread. */
static enum pt_code on_loan(void *ctx, const struct pt_loan *loan, enum pt_loan_verdict *verdict,
                            struct pt_error *err)
{
    if (!keep_loan(ctx, loan)) {
        *verdict = PT_LOAN_FILTERED;
        return PT_OK;
    }
    return use_loan(ctx, loan, err);
}

/* --map FILE (colmap.h): fields are the offers columns. */
static int load_map(struct run *R, const char *path)
{
    int status = 0;
    struct pt_error err;
    FILE *f = pt_cli_open_input(path, &status);
    if (f == NULL)
        return status;
    enum pt_code rc = pt_colmap_load(&R->map, f, path, &err);
    pt_cli_close_input(f);
    if (rc != PT_OK)
        return pt_cli_fail(&err);
    R->lopt.map = &R->map;
    return 0;
}

/* --aliases FILE: CSV with header alias,name (aliases.h). */
static int load_aliases(struct run *R, const char *path)
{
    int status = 0;
    FILE *f = pt_cli_open_input(path, &status);
    if (f == NULL)
        return status;
    struct pt_error err;
    enum pt_code rc = pt_aliases_load(f, path, R->names, &err);
    pt_cli_close_input(f);
    return rc == PT_OK ? 0 : pt_cli_fail(&err);
}

static int parse_day(const char *opt, const char *text, int32_t *out)
{
    struct pt_error err;
    *out = PT_DAY_UNKNOWN;
    if (text == NULL)
        return -1;
    if (pt_date_parse(text, strlen(text), PT_DATE_ISO, out, &err) != PT_OK)
        return pt_cli_usage_error("loans", "%s: expected a date YYYY-MM-DD, found \"%s\"", opt,
                                  text);
    return -1;
}

/* The same file named twice would count its id-less loans twice (FILE#RECORD
 * ids are not checked for duplicates: CONTRACT.md): refused. */
static int check_distinct(const struct pt_cli_data_opts *o)
{
    struct stat a, b;
    for (int i = 0; i < o->n_files; i++)
        for (int j = i + 1; j < o->n_files; j++)
            if (strcmp(o->files[i], "-") != 0 && stat(o->files[i], &a) == 0 &&
                stat(o->files[j], &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
                return pt_cli_usage_error("loans", "%s and %s are the same file", o->files[i],
                                          o->files[j]);
    return -1;
}

/* Validates option values into R. -1 to go on, else an exit status. */
static int setup(struct run *R, const struct pt_cli_data_opts *o)
{
    struct pt_error err;
    int rc;
    memset(R, 0, sizeof *R);
    R->o = o;
    R->to = !o->to || strcmp(o->to, "text") == 0 ? PT_TABLE_TEXT
            : strcmp(o->to, "csv") == 0          ? PT_TABLE_CSV
                                                 : PT_TABLE_JSON;
    if (o->from && pt_loan_format_parse(o->from, &R->lopt.format, &err) != PT_OK)
        return pt_cli_usage_error("loans", "%s", err.msg);
    if (R->lopt.format == PT_LOAN_MAPPED && o->map == NULL)
        return pt_cli_usage_error("loans", "--from mapped needs --map FILE");
    if (pt_rate_keys_parse(o->n_by ? o->by[0] : "platform", R->keys, &R->n_keys, &R->by_loan, &err) !=
        PT_OK)
        return pt_cli_usage_error("loans", "%s", err.msg);
    if (o->encoding && pt_encoding_parse(o->encoding, &R->lopt.csv.encoding, &err) != PT_OK)
        return pt_cli_usage_error("loans", "%s", err.msg);
    if (o->currency && (strlen(o->currency) != 3 || strspn(o->currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
        return pt_cli_usage_error("loans", "--currency: expected an ISO 4217 code such as CNY, "
                                           "found \"%s\"", o->currency);
    R->lopt.currency = o->currency;
    R->threads = o->threads ? o->threads : pt_cli_default_threads();   /* 1 or 2, checked */
    if (o->map && (rc = load_map(R, o->map)) != 0)
        return rc;
    if ((rc = parse_day("--since", o->since, &R->filter.since)) >= 0 ||
        (rc = parse_day("--until", o->until, &R->filter.until)) >= 0)
        return rc;
    R->filter.companies = o->companies;
    R->filter.n_companies = (size_t)o->n_companies;
    R->filter.product = o->product;
    if (pt_names_create(&R->names, &err) != PT_OK ||
        pt_loan_ids_create(&R->ids, &err) != PT_OK)
        return pt_cli_fail(&err);
    R->lopt.ids = R->ids;
    R->filter.names = R->names;
    if (o->aliases && (rc = load_aliases(R, o->aliases)) != 0)
        return rc;
    return -1;
}

static void report_file(const struct run *R, const char *path, const struct pt_loan_stats *st,
                        const struct pt_accounting *acc)
{
    const char *quiet_hint = R->o->rejects ? "" : " (see them with --rejects FILE)";
    if (R->o->quiet) {
        if (acc->rows_rejected > 0)
            pt_cli_errorf("%s: %llu rows rejected%s", path,
                          (unsigned long long)acc->rows_rejected, quiet_hint);
        return;
    }
    if (R->lopt.format == PT_LOAN_AUTO)
        pt_cli_errorf("%s: detected format %s%s%s%s", path, pt_loan_format_name(st->format),
                      st->layout ? " (" : "", pt_lc_layout_name(st->layout),
                      st->layout ? ")" : "");
    char extra[160] = "";
    if (acc->rows_filtered > 0 || R->o->since || R->o->until || R->o->n_companies || R->o->product)
        snprintf(extra, sizeof extra, ", %llu filtered", (unsigned long long)acc->rows_filtered);
    pt_cli_errorf("%s: %llu read, %llu accepted, %llu rejected%s%s", path,
                  (unsigned long long)acc->rows_read, (unsigned long long)acc->rows_accepted,
                  (unsigned long long)acc->rows_rejected, extra,
                  acc->rows_rejected ? quiet_hint : "");
    if (acc->lines_skipped > 0)
        pt_cli_errorf("%s: %llu non-record lines skipped (notes, policy and total lines)", path,
                      (unsigned long long)acc->lines_skipped);
    if (st->rate_checked > 0)
        pt_cli_errorf("%s: recomputed rate differs from the published one by more than %.4f on "
                      "%llu of %llu loans",
                      path, PT_RATE_AGREE_TOL, (unsigned long long)st->rate_disagreed,
                      (unsigned long long)st->rate_checked);
    if (st->money_rounded > 0)
        pt_cli_errorf("%s: %llu amounts had digits beyond the cent and were rounded half-to-even",
                      path, (unsigned long long)st->money_rounded);
}

static int load_file(struct run *R, const char *path, struct pt_quarantine *q)
{
    int status = 0;
    FILE *f = pt_cli_open_input(path, &status);
    if (f == NULL)
        return status;
    struct pt_accounting acc;
    struct pt_loan_stats st;
    struct pt_error err;
    memset(&acc, 0, sizeof acc);
    /* Bytes read by the reading thread, on a terminal (cli_progress.h). */
    struct pt_cli_progress bar;
    pt_cli_progress_init(&bar, stderr, path, R->o->quiet);
    R->lopt.progress = pt_cli_progress_hook(&bar);
    struct pt_loan_sink sink = {keep_loan, use_loan, R, 0};
    enum pt_code rc = R->threads > 1
                          ? pt_loans_load_piped(f, path, &R->lopt, q, &acc, &sink, &st, &err)
                          : pt_loans_load(f, path, &R->lopt, q, &acc, on_loan, R, &st, &err);
    pt_cli_progress_finish(&bar);
    R->lopt.progress = pt_cli_progress_hook(NULL);
    pt_cli_close_input(f);
    if (rc != PT_OK)
        return pt_cli_fail(&err);
    report_file(R, path, &st, &acc);
    R->accepted += acc.rows_accepted;
    R->filtered += acc.rows_filtered;
    R->rejected += acc.rows_rejected;
    return 0;
}

static int run_all(struct run *R, struct pt_quarantine *q)
{
    struct pt_error err;
    int rc = 0;
    if (R->by_loan && pt_loan_table_begin(&R->table, stdout, R->to, &err) != PT_OK)
        return pt_cli_fail(&err);
    if (!R->by_loan && pt_rate_stats_create(&R->stats, R->keys, R->n_keys, R->names, &err) != PT_OK)
        return pt_cli_fail(&err);
    for (int i = 0; i < R->o->n_files && rc == 0; i++)
        rc = load_file(R, R->o->files[i], q);
    if (rc != 0)
        return rc;
    if (R->accepted + R->filtered == 0) {
        pt_cli_errorf("no usable loan in the input (%llu rows rejected)",
                      (unsigned long long)R->rejected);
        return PT_EXIT_DATAERR;
    }
    enum pt_code c;
    if (R->by_loan) {
        c = pt_loan_table_end(R->table, &err);
        R->table = NULL;
    } else {
        c = pt_rate_stats_write(R->stats, stdout, R->to, &err);
    }
    return c == PT_OK ? 0 : pt_cli_fail(&err);
}

int pt_cli_loans(int argc, char **argv)
{
    struct pt_cli_data_opts o;
    struct run R;
    struct pt_quarantine q;
    FILE *rejects = NULL;
    int rc = pt_cli_parse_data_opts("loans", help, argc, argv, &o);
    if (rc >= 0)
        return rc;
    if ((rc = setup(&R, &o)) >= 0)
        goto out;
    if ((rc = pt_cli_check_inputs(o.files, o.n_files)) != 0 || (rc = check_distinct(&o)) >= 0)
        goto out;
    if (o.rejects && (rejects = fopen(o.rejects, "w")) == NULL) {
        pt_cli_errorf("%s: cannot create: %s", o.rejects, strerror(errno));
        rc = PT_EXIT_CANTCREAT;
        goto out;
    }
    pt_quarantine_init(&q, rejects);
    rc = run_all(&R, &q);
out:
    if (rejects && (fclose(rejects) != 0) && rc == 0) {
        pt_cli_errorf("%s: write error", o.rejects);
        rc = PT_EXIT_IOERR;
    }
    pt_loan_table_abort(R.table);
    pt_rate_stats_destroy(R.stats);
    if (R.names)
        pt_names_destroy(R.names);
    pt_colmap_free(&R.map);
    pt_loan_ids_destroy(R.ids);
    return rc;
}

/* cli_complaints.c: `ptaudit complaints` — complaint statistics.
 *
 * Options -> one names registry (with --aliases), one taxonomy, one
 * statistics object per --by; each input is read once into all of them; the
 * tables go to stdout. Detection and accounting go to stderr (CONTRACT.md). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit/aliases.h"
#include "audit/cli.h"
#include "audit/cli_common.h"
#include "audit/cli_progress.h"
#include "audit/colmap.h"
#include "audit/complaint.h"
#include "audit/date.h"
#include "audit/names.h"
#ifdef PT_HAVE_NEARDUP
#include "audit/neardup.h"
#endif
#include "audit/stats_complaints.h"
#include "audit/taxonomy.h"
#include "audit/terms_list.h"
#include "audit/loan_counts.h"
#ifdef PT_HAVE_LOAN_LOADERS
#include "audit/loan.h"
#endif

static const char help[] =
    "Usage: ptaudit complaints FILE... [OPTIONS]\n\n"
    "Reads complaint datasets (the CFPB export in every layout, Chinese complaint\n"
    "boards, or any CSV through --map) and prints complaint statistics by group:\n"
    "volumes, shares, categories, timely-response rate, company-response mix,\n"
    "days to send, month-over-month change and spikes (docs/complaints.md).\n\n"
    "Options:\n"
    "  --from FORMAT       auto (default), cfpb, board, mapped\n"
    "  --map FILE          CSV field,column naming the source column of each field\n"
    "                      (fields: id, date_received, company, product, sub_product,\n"
    "                      issue, sub_issue, narrative, state, channel, date_sent,\n"
    "                      company_response, timely, demand, amount, status)\n"
    "  --by KEYS           company (default), product, issue, category, state,\n"
    "                      channel, month, quarter, year (comma-separated, up to 4);\n"
    "                      or terms: one row per loan quoted in complaint text.\n"
    "                      Repeat it for several tables from one reading\n"
    "                      (--by company --by product --by month; text or json)\n"
    "  --loans FILE        loan data (any `ptaudit loans` format): complaints per\n"
    "                      10,000 loans by company, on the overlap of the periods\n"
    "  --narratives on|off read every narrative for the text signals: near-duplicate\n"
    "                      share and loan terms quoted in the text (default off: the\n"
    "                      narrative is most of a CFPB export and costs most of the\n"
    "                      time; `report` and --by terms always read it)\n"
    "  --threads N         1 or 2 (default 2; 1 on a one-CPU machine): a UTF-8\n"
    "                      file of 32 MiB or more is read by two threads, each half\n"
    "                      counted apart and merged (the same output; not with\n"
    "                      --narratives on or --by terms)\n"
    "  --to FORMAT         text (default), csv, json\n"
    "  --encoding ENC      auto (default), utf-8, gb18030\n"
    "  --since DATE        keep complaints received on or after DATE (YYYY-MM-DD)\n"
    "  --until DATE        keep complaints received on or before DATE\n"
    "  --company NAME      keep this company (repeatable; display names after aliases)\n"
    "  --product NAME      keep this product (current or original CFPB name)\n"
    "  --aliases FILE      CSV alias,name merging company names\n"
    "  --currency CODE     currency of inputs that carry none (default XXX)\n"
    "  --rejects FILE      write quarantined rows\n"
    "  -q, --quiet         only errors on stderr (the rejected count is still printed)\n"
    "  -h, --help          this help\n\n"
    "Categories overlap (a complaint may have several), so with --by category the\n"
    "shares can sum past 1.\n\n"
    "Example:\n  ptaudit complaints datasets/cfpb_complaints_2023_a.csv --by category\n";

#ifdef PT_HAVE_COMPLAINT_LOADERS
struct run {
    struct pt_cli_data_opts o;
    struct pt_names *names;
    struct pt_taxonomy *tax;
    struct pt_cstats *stats[PT_CLI_MAX_BY];   /* one table per --by */
    struct pt_cstats_opts sopt[PT_CLI_MAX_BY];
    int n_tables;
    struct pt_complaint_filter filter;
    struct pt_complaint_load_opts lopt;
    struct pt_quarantine q;
    struct pt_loan_counts *loans;
    struct pt_colmap map;
    struct pt_terms_list *terms;       /* --by terms: the list instead of stats */
    int terms_mode;
    enum pt_table_format fmt;
    FILE *rejects;
    uint64_t read, accepted, rejected, filtered;
    int32_t loan_from, loan_to;        /* --loans: the period complaints are counted in */
    int threads;                       /* 2: split big files between two threads */
};

static enum pt_code on_complaint(void *ctx, const struct pt_complaint *c, struct pt_error *err)
{
    struct run *x = ctx;
    if (x->terms_mode)
        return pt_terms_list_add(x->terms, c, err);
    return pt_cstats_add_many(x->stats, (size_t)x->n_tables, c, err);
}

static int parse_day(const char *opt, const char *text, int32_t *day)
{
    struct pt_error err;
    if (pt_date_parse(text, strlen(text), PT_DATE_ISO, day, &err) != PT_OK)
        return pt_cli_usage_error("complaints", "%s: %s", opt, err.msg);
    return -1;
}

/* Everything that only depends on the options; -1 to go on, else a status. */
static int setup_options(struct run *x)
{
    struct pt_error err;
    x->fmt = PT_TABLE_TEXT;
    if (x->o.to && strcmp(x->o.to, "csv") == 0)
        x->fmt = PT_TABLE_CSV;
    else if (x->o.to && strcmp(x->o.to, "json") == 0)
        x->fmt = PT_TABLE_JSON;
    x->n_tables = x->o.n_by ? x->o.n_by : 1;
    int categories = 0;   /* a table reads them: else the loaders skip classifying (complaint.h) */
    for (int i = 0; i < x->n_tables; i++) {
        const char *by = x->o.n_by ? x->o.by[i] : "company";
        if (strcmp(by, "terms") == 0) {
            if (x->n_tables > 1)
                return pt_cli_usage_error("complaints", "--by terms is a table of its own: "
                                          "it does not go with another --by");
            x->terms_mode = 1;
            continue;
        }
        if (pt_cstats_parse_keys(by, x->sopt[i].keys, &x->sopt[i].n_keys, &err) != PT_OK)
            return pt_cli_usage_error("complaints", "%s", err.msg);
        x->sopt[i].neardup = x->o.narratives;
        x->sopt[i].terms = x->o.narratives;
        for (size_t k = 0; k < x->sopt[i].n_keys; k++)
            categories |= x->sopt[i].keys[k] == PT_CKEY_CATEGORY;
    }
    x->lopt.no_categories = !categories && !x->terms_mode;
    if (x->terms_mode && x->o.loans_file)
        return pt_cli_usage_error("complaints", "--loans does not go with --by terms");
    if (x->n_tables > 1 && x->fmt == PT_TABLE_CSV)
        return pt_cli_usage_error("complaints", "--to csv holds one table: give one --by "
                                  "(or --to json for several)");
    x->threads = x->o.threads ? x->o.threads : pt_cli_default_threads();
    x->lopt.narratives = x->o.narratives || x->terms_mode;
    if (x->o.from && pt_complaint_format_parse(x->o.from, &x->lopt.format, &err) != PT_OK)
        return pt_cli_usage_error("complaints", "%s", err.msg);
    if (x->o.encoding) {
        const char *e = strcmp(x->o.encoding, "utf8") == 0 ? "utf-8" : x->o.encoding;
        if (pt_encoding_parse(e, &x->lopt.csv.encoding, &err) != PT_OK)
            return pt_cli_usage_error("complaints", "%s", err.msg);
    }
    pt_complaint_filter_init(&x->filter, NULL);
    int rc;
    if (x->o.since && (rc = parse_day("--since", x->o.since, &x->filter.since)) >= 0)
        return rc;
    if (x->o.until && (rc = parse_day("--until", x->o.until, &x->filter.until)) >= 0)
        return rc;
#ifndef PT_HAVE_LOAN_LOADERS
    if (x->o.loans_file)
        return pt_cli_not_built("complaints", "--loans (complaints per 10,000 loans)");
#endif
    if (x->lopt.format == PT_COMPLAINT_MAPPED && x->o.map == NULL)
        return pt_cli_usage_error("complaints", "--from mapped needs --map FILE");
    if (x->o.map && x->lopt.format != PT_COMPLAINT_AUTO && x->lopt.format != PT_COMPLAINT_MAPPED)
        return pt_cli_usage_error("complaints", "--map goes with --from mapped (or auto), "
                                  "found --from %s", x->o.from);
    return -1;
}

static int load_aliases(struct run *x)
{
    if (x->o.aliases == NULL)
        return -1;
    int status = 0;
    FILE *f = pt_cli_open_input(x->o.aliases, &status);
    if (f == NULL)
        return status;
    struct pt_error err;
    enum pt_code rc = pt_aliases_load(f, x->o.aliases, x->names, &err);
    pt_cli_close_input(f);
    return rc == PT_OK ? -1 : pt_cli_fail(&err);
}

static int load_map(struct run *x)
{
    if (x->o.map == NULL)
        return -1;
    int status = 0;
    FILE *f = pt_cli_open_input(x->o.map, &status);
    if (f == NULL)
        return status;
    struct pt_error err;
    enum pt_code rc = pt_colmap_load(&x->map, f, x->o.map, &err);
    pt_cli_close_input(f);
    if (rc != PT_OK)
        return pt_cli_fail(&err);
    x->lopt.map = &x->map;
    return -1;
}

static int setup_objects(struct run *x)
{
    struct pt_error err;
    if (pt_names_create(&x->names, &err) != PT_OK || pt_taxonomy_create(&x->tax, &err) != PT_OK)
        return pt_cli_fail(&err);
    int rc = load_aliases(x);
    if (rc >= 0 || (rc = load_map(x)) >= 0)
        return rc;
    x->filter.names = x->names;
    x->filter.product = x->o.product;
    for (int i = 0; i < x->o.n_companies; i++)
        if (pt_complaint_filter_add_company(&x->filter, x->o.companies[i], &err) != PT_OK)
            return pt_cli_fail(&err);
    int filtering = x->o.since || x->o.until || x->o.product || x->o.n_companies;
    x->lopt.filter = filtering ? pt_complaint_filter_match : NULL;
    x->lopt.filter_ctx = &x->filter;
    x->lopt.taxonomy = x->tax;
    x->lopt.currency = x->o.currency;
    if (x->terms_mode) {
        if (pt_terms_list_begin(&x->terms, stdout, x->fmt, &err) != PT_OK)
            return pt_cli_fail(&err);
    } else {
        for (int i = 0; i < x->n_tables; i++)
            if (pt_cstats_create(&x->stats[i], &x->sopt[i], x->names, &err) != PT_OK)
                return pt_cli_fail(&err);
    }
    if (x->o.rejects) {
        x->rejects = fopen(x->o.rejects, "wb");
        if (x->rejects == NULL) {
            pt_cli_errorf("%s: cannot create the rejects file: %s", x->o.rejects,
                          strerror(errno));
            return PT_EXIT_CANTCREAT;
        }
    }
    pt_quarantine_init(&x->q, x->rejects);
    return -1;
}

#ifdef PT_HAVE_LOAN_LOADERS
static enum pt_code count_loan(void *ctx, const struct pt_loan *loan,
                               enum pt_loan_verdict *verdict, struct pt_error *err)
{
    *verdict = PT_LOAN_KEEP;
    return pt_loan_counts_add(ctx, loan->platform, loan->day, err);
}

/* Reads --loans before the complaints, so the complaints know the loans'
 * period (stats_complaints.h, pt_cstats_set_loans). */
static int load_loans(struct run *x)
{
    struct pt_error err;
    if (pt_loan_counts_create(&x->loans, x->names, &err) != PT_OK)
        return pt_cli_fail(&err);
    int status = 0;
    FILE *f = pt_cli_open_input(x->o.loans_file, &status);
    if (f == NULL)
        return status;
    struct pt_loan_options lopt;
    memset(&lopt, 0, sizeof lopt);
    lopt.currency = x->o.currency;
    lopt.csv.encoding = x->lopt.csv.encoding;
    struct pt_accounting acc;
    memset(&acc, 0, sizeof acc);
    struct pt_loan_stats ls;
    struct pt_cli_progress bar;   /* bytes read, on a terminal (cli_progress.h) */
    pt_cli_progress_init(&bar, stderr, x->o.loans_file, x->o.quiet);
    lopt.progress = pt_cli_progress_hook(&bar);
    enum pt_code rc = pt_loans_load(f, x->o.loans_file, &lopt, &x->q, &acc, count_loan,
                                    x->loans, &ls, &err);
    pt_cli_progress_finish(&bar);
    pt_cli_close_input(f);
    if (rc != PT_OK)
        return pt_cli_fail(&err);
    int32_t first, last;
    uint64_t n, undated;
    pt_loan_counts_range(x->loans, &first, &last, &n, &undated);
    char a[16], b[16];
    if (!x->o.quiet)
        pt_cli_errorf("%s: %s loans: %" PRIu64 " rows read, %" PRIu64 " accepted, %" PRIu64
                      " rejected; dated %s..%s, %" PRIu64 " undated", x->o.loans_file,
                      pt_loan_format_name(ls.format), acc.rows_read, acc.rows_accepted,
                      acc.rows_rejected, first == PT_DAY_UNKNOWN ? "-" : pt_date_format(first, a, sizeof a),
                      last == PT_DAY_UNKNOWN ? "-" : pt_date_format(last, b, sizeof b), undated);
    x->rejected += acc.rows_rejected;
    x->loan_from = first == PT_DAY_UNKNOWN ? INT32_MIN : first;
    x->loan_to = first == PT_DAY_UNKNOWN ? INT32_MAX : last;
    for (int i = 0; i < x->n_tables; i++)
        pt_cstats_set_loans(x->stats[i], x->loans, x->loan_from, x->loan_to);
    return -1;
}
#endif

/* States both periods of the per-10,000-loans comparison (CONTRACT.md). */
static void say_periods(const struct run *x)
{
    if (x->loans == NULL || x->o.quiet)
        return;
    int32_t lf, ll, cf, cl;
    uint64_t n, undated;
    pt_loan_counts_range(x->loans, &lf, &ll, &n, &undated);
    pt_cstats_period(x->stats[0], &cf, &cl);   /* the same in every table */
    char a[16], b[16], c[16], d[16];
    if (lf == PT_DAY_UNKNOWN || cf == PT_DAY_UNKNOWN) {
        pt_cli_errorf("complaints: no loan has a date: complaints per 10,000 loans compare "
                      "all %" PRIu64 " loans with all complaints", n);
        return;
    }
    pt_cli_errorf("complaints: per 10,000 loans on the overlap of complaints %s..%s and "
                  "loans %s..%s%s", pt_date_format(cf, a, sizeof a),
                  pt_date_format(cl, b, sizeof b), pt_date_format(lf, c, sizeof c),
                  pt_date_format(ll, d, sizeof d),
                  cl < lf || ll < cf ? " (no overlap: every ratio is 0 or empty)" : "");
}

/* The second thread's own names registry, filter and statistics
 * (pt_complaints_load_split); merged into the run's after both threads. */
struct part_state {
    struct pt_names *names;
    struct pt_complaint_filter filter;
    struct pt_cstats *stats[PT_CLI_MAX_BY];
    int n_tables;
};

static void part_drop(void *ctx, struct pt_complaint_part *part);

static enum pt_code part_add(void *ctx, const struct pt_complaint *c, struct pt_error *err)
{
    struct part_state *ps = ctx;
    return pt_cstats_add_many(ps->stats, (size_t)ps->n_tables, c, err);
}

static enum pt_code part_make(void *ctx, struct pt_complaint_part *part, struct pt_error *err)
{
    struct run *x = ctx;
    struct part_state *ps = calloc(1, sizeof *ps);
    if (ps == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    part->ctx = ps;
    enum pt_code rc = pt_names_create(&ps->names, err);
    if (rc == PT_OK && x->o.aliases != NULL) {
        FILE *f = fopen(x->o.aliases, "rb");
        rc = f ? pt_aliases_load(f, x->o.aliases, ps->names, err)
               : pt_error_set(err, PT_ENOINPUT, NULL, "%s: %s", x->o.aliases, strerror(errno));
        if (f)
            fclose(f);
    }
    pt_complaint_filter_init(&ps->filter, ps->names);
    ps->filter.since = x->filter.since;
    ps->filter.until = x->filter.until;
    ps->filter.product = x->filter.product;
    for (int i = 0; rc == PT_OK && i < x->o.n_companies; i++)
        rc = pt_complaint_filter_add_company(&ps->filter, x->o.companies[i], err);
    for (int i = 0; rc == PT_OK && i < x->n_tables; i++) {
        rc = pt_cstats_create(&ps->stats[i], &x->sopt[i], ps->names, err);
        if (rc == PT_OK) {
            ps->n_tables = i + 1;
            if (x->loans != NULL)
                pt_cstats_set_loans(ps->stats[i], x->loans, x->loan_from, x->loan_to);
        }
    }
    part->opt.filter_ctx = &ps->filter;
    part->fn = part_add;
    if (rc != PT_OK)
        part_drop(ctx, part);
    return rc;
}

static enum pt_code part_merge(void *ctx, struct pt_complaint_part *part, struct pt_error *err)
{
    struct run *x = ctx;
    struct part_state *ps = part->ctx;
    /* The part's registry is merged once for all its tables: merging it per
     * table would count the part's spellings once per table and could
     * change which spelling a firm is displayed under. */
    uint32_t *map = calloc((size_t)pt_names_n_groups(ps->names) + 1, sizeof *map);
    if (map == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    enum pt_code rc = pt_names_merge(x->names, ps->names, map, err);
    for (int i = 0; rc == PT_OK && i < x->n_tables; i++)
        rc = pt_cstats_merge_mapped(x->stats[i], ps->stats[i], map, err);
    free(map);
    return rc;
}

static void part_drop(void *ctx, struct pt_complaint_part *part)
{
    (void)ctx;
    struct part_state *ps = part->ctx;
    if (ps == NULL)
        return;
    for (int i = 0; i < ps->n_tables; i++)
        pt_cstats_destroy(ps->stats[i]);
    pt_complaint_filter_free(&ps->filter);
    pt_names_destroy(ps->names);
    free(ps);
    part->ctx = NULL;
}

static int load_one(struct run *x, const char *path)
{
    int status = 0;
    FILE *f = pt_cli_open_input(path, &status);
    if (f == NULL)
        return status;
    struct pt_accounting acc;
    memset(&acc, 0, sizeof acc);
    struct pt_complaint_load_info info;
    struct pt_error err;
    /* Both threads' bytes, on a terminal (cli_progress.h). */
    struct pt_cli_progress bar;
    pt_cli_progress_init(&bar, stderr, path, x->o.quiet);
    x->lopt.progress = pt_cli_progress_hook(&bar);
    /* Two threads when the statistics can be merged (no near-duplicates,
     * which compare each narrative with every earlier one). */
    struct pt_complaint_split split = {0, x, part_make, part_merge, part_drop, 0, 0};
    int two = x->threads > 1 && !x->terms_mode && !x->o.narratives;
    enum pt_code rc = pt_complaints_load_split(f, path, &x->lopt, &x->q, &acc, on_complaint, x,
                                               &info, two ? &split : NULL, &err);
    pt_cli_progress_finish(&bar);
    x->lopt.progress = pt_cli_progress_hook(NULL);
    pt_cli_close_input(f);
    if (rc != PT_OK)
        return pt_cli_fail(&err);
    if (!x->o.quiet) {
        pt_cli_errorf("%s: %s, %s, encoding %s", path, pt_complaint_format_name(info.format),
                      pt_complaint_layout_name(info.layout), pt_encoding_name(info.encoding));
        pt_cli_errorf("%s: %" PRIu64 " rows read, %" PRIu64 " accepted, %" PRIu64
                      " rejected, %" PRIu64 " filtered out; %" PRIu64 " blank lines, %" PRIu64
                      " products renamed", path, acc.rows_read, acc.rows_accepted,
                      acc.rows_rejected, acc.rows_filtered, acc.lines_blank,
                      info.renamed_products);
    }
    x->read += acc.rows_read;
    x->accepted += acc.rows_accepted;
    x->rejected += acc.rows_rejected;
    x->filtered += acc.rows_filtered;
    return -1;
}

/* One finished table to stdout, with its notes. -1, or an exit status. */
static int write_table(const struct run *x, const struct pt_cstats *stats)
{
    struct pt_error err;
    enum pt_table_format fmt = x->fmt;
    if (pt_cstats_write(stats, stdout, fmt, &err) != PT_OK)
        return pt_cli_fail(&err);
#ifdef PT_HAVE_NEARDUP
    struct pt_neardup_stats nd;
    pt_cstats_neardup_stats(stats, &nd);
    if (nd.n_unstored > 0 && !x->o.quiet)
        pt_cli_errorf("complaints: near-duplicate store full: %" PRIu64 " narratives were not "
                      "kept for comparison, so neardup_share is a lower bound", nd.n_unstored);
#endif
    if (pt_cstats_overlapping(stats)) {
        const char *note = "note: categories overlap (a complaint may have several), so "
                           "category shares can sum past 1";
        if (fmt == PT_TABLE_TEXT)
            printf("\n%s\n", note);
        else if (!x->o.quiet)
            pt_cli_errorf("%s", note);
    }
    return -1;
}

static int output(struct run *x)
{
    struct pt_error err;
    if (x->terms_mode) {
        uint64_t seen, rows;
        pt_terms_list_counts(x->terms, &seen, &rows);
        enum pt_code rc = pt_terms_list_end(x->terms, &err);
        x->terms = NULL;
        if (rc != PT_OK)
            return pt_cli_fail(&err);
        if (!x->o.quiet)
            pt_cli_errorf("complaints: %" PRIu64 " loans quoted in %" PRIu64 " complaints read "
                          "(terms.h patterns; precision over recall)", rows, seen);
        return -1;
    }
    for (int i = 0; i < x->n_tables; i++)
        if (pt_cstats_finish(x->stats[i], &err) != PT_OK)
            return pt_cli_fail(&err);
    if (x->n_tables == 1)
        return write_table(x, x->stats[0]);
    /* Several tables: text ones one after another under a title; in JSON an
     * object holding each table's own object unchanged, keyed by its --by. */
    if (x->fmt == PT_TABLE_JSON)
        fputs("{\"schema\": \"ptaudit.complaints.tables/1\", \"tables\": [\n", stdout);
    for (int i = 0; i < x->n_tables; i++) {
        char by[128] = "";
        for (size_t k = 0; k < x->sopt[i].n_keys; k++) {
            size_t at = strlen(by);
            snprintf(by + at, sizeof by - at, "%s%s", k ? "," : "", pt_ckey_name(x->sopt[i].keys[k]));
        }
        if (x->fmt == PT_TABLE_JSON)
            printf("%s{\"by\": \"%s\", \"table\": ", i ? ", " : "", by);
        else
            printf("%scomplaints by %s\n\n", i ? "\n" : "", by);
        int rc = write_table(x, x->stats[i]);
        if (rc >= 0)
            return rc;
        if (x->fmt == PT_TABLE_JSON)
            fputs("}", stdout);
    }
    if (x->fmt == PT_TABLE_JSON)
        fputs("]}\n", stdout);
    return -1;
}

static int run_all(struct run *x)
{
    int rc;
    if ((rc = setup_options(x)) >= 0 || (rc = setup_objects(x)) >= 0)
        return rc;
#ifdef PT_HAVE_LOAN_LOADERS
    if (x->o.loans_file && (rc = load_loans(x)) >= 0)
        return rc;
#endif
    for (int i = 0; i < x->o.n_files; i++)
        if ((rc = load_one(x, x->o.files[i])) >= 0)
            return rc;
    say_periods(x);
    struct pt_error err;
    if (x->rejects == NULL)
        pt_cli_errorf("complaints: %" PRIu64 " rows rejected (write them with --rejects FILE)",
                      x->rejected);
    else if (pt_quarantine_write_header(&x->q, &err) != PT_OK)
        return pt_cli_fail(&err);
    if (x->accepted + x->filtered == 0) {
        pt_cli_errorf("complaints: no usable row in %" PRIu64 " rows read", x->read);
        return PT_EXIT_DATAERR;
    }
    return output(x);
}

int pt_cli_complaints(int argc, char **argv)
{
    struct run x;
    memset(&x, 0, sizeof x);
    int rc = pt_cli_parse_data_opts("complaints", help, argc, argv, &x.o);
    if (rc >= 0)
        return rc;
    if ((rc = pt_cli_check_inputs(x.o.files, x.o.n_files)) != 0)
        return rc;
    rc = run_all(&x);
    if (rc < 0)
        rc = PT_EXIT_OK;
    if (x.rejects != NULL && fclose(x.rejects) != 0 && rc == PT_EXIT_OK) {
        pt_cli_errorf("%s: write error", x.o.rejects);
        rc = PT_EXIT_IOERR;
    }
    for (int i = 0; i < x.n_tables; i++)
        pt_cstats_destroy(x.stats[i]);
    pt_terms_list_abort(x.terms);
    pt_loan_counts_destroy(x.loans);
    pt_colmap_free(&x.map);
    pt_complaint_filter_free(&x.filter);
    pt_taxonomy_destroy(x.tax);
    pt_names_destroy(x.names);
    return rc;
}
#else
/* Built before the CSV reader landed: options are checked, then exit 69. */
int pt_cli_complaints(int argc, char **argv)
{
    struct pt_cli_data_opts o;
    int rc = pt_cli_parse_data_opts("complaints", help, argc, argv, &o);
    if (rc >= 0)
        return rc;
    if ((rc = pt_cli_check_inputs(o.files, o.n_files)) != 0)
        return rc;
    return pt_cli_not_built("complaints", "the complaint loaders (need csv_reader.c)");
}
#endif

/* cli_report.c: `ptaudit report` — the full report into --out DIR. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/cli.h"
#include "audit/cli_common.h"
#include "audit/cli_progress.h"
#include "audit/cli_report.h"
#include "audit/gnuplot.h"
#include "audit/report.h"

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
    "  --narratives on|off     text signals from complaint narratives: templated\n"
    "                          (near-duplicate) complaints and quoted loan terms\n"
    "                          (default off: on a CFPB export they cost most of the run)\n"
    "  --title TEXT            the report's title\n"
    "  --gnuplot-timeout S     stop a chart's gnuplot after S seconds (default 30)\n"
    "  -q, --quiet             only errors on stderr\n"
    "  -h, --help              this help\n\n"
    "Example:\n"
    "  ptaudit report --loans datasets/cn_installment_offers.csv \\\n"
    "      --complaints datasets/cfpb_complaints_2023_a.csv --out out/report\n";

enum {
    OPT_LOANS = 256, OPT_COMPLAINTS, OPT_OUT, OPT_LOANS_FROM, OPT_COMPLAINTS_FROM, OPT_LOANS_MAP,
    OPT_COMPLAINTS_MAP, OPT_PERIOD, OPT_MIN_CELL, OPT_AS_OF, OPT_ALIASES, OPT_ENCODING,
    OPT_SINCE, OPT_UNTIL, OPT_COMPANY, OPT_PRODUCT, OPT_CURRENCY, OPT_EXCEL, OPT_PNG, OPT_NARRATIVES, OPT_TITLE,
    OPT_GP_TIMEOUT
};

static int add_input(struct pt_cli_report_args *a, const char *kind, const char *path)
{
    if (a->n_inputs >= PT_CLI_REPORT_MAX_INPUTS)
        return pt_cli_usage_error("report", "too many input files (at most %d)",
                                  PT_CLI_REPORT_MAX_INPUTS);
    a->kinds[a->n_inputs] = kind;
    a->paths[a->n_inputs++] = path;
    return -1;
}

/* YYYY-MM-DD with a valid month and day. */
static int is_iso_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return 0;
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] &&
           !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static int parse_count(const char *opt, const char *text, int64_t *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || errno != 0 || v < 0)
        return pt_cli_usage_error("report", "%s: expected a whole number >= 0, found \"%s\"", opt,
                                  text);
    *out = (int64_t)v;
    return -1;
}

/* Sorts kinds so the manifest lists loans, then complaints, then the
 * mapping files, each in command-line order (a stable pass per kind). */
static void order_inputs(struct pt_cli_report_args *a)
{
    static const char *const order[] = {"loans", "complaints", "aliases", "loans_map",
                                        "complaints_map"};
    const char *kinds[PT_CLI_REPORT_MAX_INPUTS], *paths[PT_CLI_REPORT_MAX_INPUTS];
    int n = 0;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (int i = 0; i < a->n_inputs; i++)
            if (strcmp(a->kinds[i], order[k]) == 0) {
                kinds[n] = a->kinds[i];
                paths[n++] = a->paths[i];
            }
    memcpy(a->kinds, kinds, sizeof kinds[0] * (size_t)n);
    memcpy(a->paths, paths, sizeof paths[0] * (size_t)n);
}

static int check_values(struct pt_cli_report_args *a)
{
    struct pt_run_options *o = &a->opt;
    if (a->out == NULL)
        return pt_cli_usage_error("report", "--out DIR is required");
    int n_data = 0, n_stdin = 0;
    for (int i = 0; i < a->n_inputs; i++) {
        n_data += strcmp(a->kinds[i], "loans") == 0 || strcmp(a->kinds[i], "complaints") == 0;
        n_stdin += strcmp(a->paths[i], "-") == 0;
    }
    if (n_data == 0)
        return pt_cli_usage_error("report", "no input: give --loans FILE and/or --complaints FILE");
    if (n_stdin > 1)
        return pt_cli_usage_error("report", "standard input (-) can be read only once");
    if (o->period != NULL) {
        struct pt_period p;
        struct pt_error err;
        if (pt_period_parse(o->period, &p, &err) != PT_OK)
            return pt_cli_usage_error("report", "%s", err.msg);
    }
    const char *dates[] = {o->as_of, o->since, o->until};
    const char *names[] = {"--as-of", "--since", "--until"};
    for (int i = 0; i < 3; i++)
        if (dates[i] != NULL && !(i == 0 && a->as_of_from_epoch) && !is_iso_date(dates[i]))
            return pt_cli_usage_error("report", "%s: expected YYYY-MM-DD, found \"%s\"", names[i],
                                      dates[i]);
    if (o->encoding && strcmp(o->encoding, "auto") && strcmp(o->encoding, "utf-8") &&
        strcmp(o->encoding, "utf8") && strcmp(o->encoding, "gb18030"))
        return pt_cli_usage_error("report", "--encoding: expected auto, utf-8 or gb18030, found "
                                            "\"%s\"", o->encoding);
    order_inputs(a);
    return -1;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): seconds since 1970 UTC,
 * used only when --as-of is not given; written as an ISO UTC time. */
static int as_of_from_env(struct pt_cli_report_args *a)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (a->opt.as_of != NULL || env == NULL || env[0] == '\0')
        return -1;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(env, &end, 10);
    struct tm tm;
    time_t t = (time_t)v;
    if (*end != '\0' || errno != 0 || v < 0 || gmtime_r(&t, &tm) == NULL)
        return pt_cli_usage_error("report", "SOURCE_DATE_EPOCH: expected seconds since 1970, "
                                            "found \"%s\"", env);
    strftime(a->as_of_buf, sizeof a->as_of_buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    a->opt.as_of = a->as_of_buf;
    a->as_of_from_epoch = 1;
    return -1;
}

static int parse_one(struct pt_cli_report_args *a, int c, const char *arg)
{
    struct pt_run_options *o = &a->opt;
    char **s = NULL;
    switch (c) {
    case OPT_LOANS: return add_input(a, "loans", arg);
    case OPT_COMPLAINTS: return add_input(a, "complaints", arg);
    case OPT_ALIASES: return add_input(a, "aliases", arg);
    case OPT_LOANS_MAP: return add_input(a, "loans_map", arg);
    case OPT_COMPLAINTS_MAP: return add_input(a, "complaints_map", arg);
    case OPT_OUT: a->out = arg; return -1;
    case OPT_MIN_CELL: return parse_count("--min-cell", arg, &o->min_cell);
    case OPT_GP_TIMEOUT: return parse_count("--gnuplot-timeout", arg, &a->gnuplot_timeout_s);
    case OPT_EXCEL: o->excel = 1; return -1;
    case OPT_PNG: o->png = 1; return -1;
    case OPT_NARRATIVES:
        if (strcmp(optarg, "on") != 0 && strcmp(optarg, "off") != 0)
            return pt_cli_usage_error("report", "--narratives: expected on or off, found \"%s\"",
                                      optarg);
        o->narratives = strcmp(optarg, "on") == 0;
        return -1;
    case 'q': a->quiet = 1; return -1;
    case OPT_COMPANY:
        if (o->n_companies >= PT_RUN_MAX_LIST)
            return pt_cli_usage_error("report", "too many --company (at most %d)", PT_RUN_MAX_LIST);
        o->companies[o->n_companies++] = (char *)(uintptr_t)arg;
        return -1;
    case OPT_LOANS_FROM: s = &o->loans_from; break;
    case OPT_COMPLAINTS_FROM: s = &o->complaints_from; break;
    case OPT_PERIOD: s = &o->period; break;
    case OPT_AS_OF: s = &o->as_of; break;
    case OPT_ENCODING: s = &o->encoding; break;
    case OPT_SINCE: s = &o->since; break;
    case OPT_UNTIL: s = &o->until; break;
    case OPT_PRODUCT: s = &o->product; break;
    case OPT_CURRENCY: s = &o->currency; break;
    case OPT_TITLE: s = &o->title; break;
    default: return PT_EXIT_USAGE;
    }
    *s = (char *)(uintptr_t)arg; /* borrowed from argv; never freed */
    return -1;
}

int pt_cli_report_parse(int argc, char **argv, struct pt_cli_report_args *a)
{
    static const struct option longopts[] = {
        {"loans", required_argument, NULL, OPT_LOANS},
        {"complaints", required_argument, NULL, OPT_COMPLAINTS},
        {"out", required_argument, NULL, OPT_OUT},
        {"loans-from", required_argument, NULL, OPT_LOANS_FROM},
        {"complaints-from", required_argument, NULL, OPT_COMPLAINTS_FROM},
        {"loans-map", required_argument, NULL, OPT_LOANS_MAP},
        {"complaints-map", required_argument, NULL, OPT_COMPLAINTS_MAP},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"min-cell", required_argument, NULL, OPT_MIN_CELL},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"aliases", required_argument, NULL, OPT_ALIASES},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"since", required_argument, NULL, OPT_SINCE},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"company", required_argument, NULL, OPT_COMPANY},
        {"product", required_argument, NULL, OPT_PRODUCT},
        {"currency", required_argument, NULL, OPT_CURRENCY},
        {"excel", no_argument, NULL, OPT_EXCEL},
        {"png", no_argument, NULL, OPT_PNG},
        {"narratives", required_argument, NULL, OPT_NARRATIVES},
        {"title", required_argument, NULL, OPT_TITLE},
        {"gnuplot-timeout", required_argument, NULL, OPT_GP_TIMEOUT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    a->opt.min_cell = 10;
    a->gnuplot_timeout_s = 30;
    opterr = 0;
    optind = 1;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(help, stdout);
            return 0;
        }
        if (c == ':')
            return pt_cli_usage_error("report", "option '%s' needs a value", argv[optind - 1]);
        if (c == '?')
            return pt_cli_usage_error("report", "unknown option '%s'", argv[optind - 1]);
        if ((rc = parse_one(a, c, optarg)) >= 0)
            return rc;
    }
    if (optind < argc)
        return pt_cli_usage_error("report", "unexpected argument '%s' (inputs go after --loans or "
                                            "--complaints)", argv[optind]);
    if ((rc = as_of_from_env(a)) >= 0)
        return rc;
    return check_values(a);
}

void pt_cli_report_close(struct pt_report_input *inputs, int n)
{
    for (int i = 0; i < n; i++) {
        pt_cli_close_input(inputs[i].stream);
        free((void *)(uintptr_t)inputs[i].resolved);
    }
}

int pt_cli_report_open(const struct pt_cli_report_args *a, const char *const *resolved_override,
                       struct pt_report_input *inputs)
{
    for (int i = 0; i < a->n_inputs; i++) {
        int status = 0;
        const char *open_path = resolved_override ? resolved_override[i] : a->paths[i];
        memset(&inputs[i], 0, sizeof inputs[i]);
        inputs[i].kind = a->kinds[i];
        inputs[i].path = a->paths[i];
        inputs[i].stream = pt_cli_open_input(open_path, &status);
        if (inputs[i].stream == NULL) {
            pt_cli_report_close(inputs, i);
            return status;
        }
        if (strcmp(open_path, "-") != 0) {
            inputs[i].resolved = realpath(open_path, NULL);
            if (inputs[i].resolved == NULL) {
                pt_cli_errorf("%s: %s", open_path, strerror(errno));
                pt_cli_report_close(inputs, i + 1);
                return PT_EXIT_NOINPUT;
            }
        }
    }
    return 0;
}

/* The report reads its loan and complaint files at the same time
 * (report_read.c), so one line shows them together: the bytes read of
 * every data file over their sizes (unknown when one is a pipe),
 * labelled with the file name when there is one data file, else "N files".
 * The files' readers call in from their own threads; the lock keeps one
 * drawing at a time. */
struct report_progress {
    struct pt_cli_progress bar;
    pthread_mutex_t lock;
    uint64_t done[PT_CLI_REPORT_MAX_INPUTS];
    uint64_t total;            /* 0 = unknown */
    char label[32];
};

struct report_slot {
    struct report_progress *rp;
    int i;
};

static void report_bytes(void *ctx, uint64_t done, uint64_t total)
{
    const struct report_slot *s = ctx;
    struct report_progress *rp = s->rp;
    (void)total;   /* the sum is over the sizes taken at the start */
    pthread_mutex_lock(&rp->lock);
    rp->done[s->i] = done;
    uint64_t sum = 0;
    for (int i = 0; i < PT_CLI_REPORT_MAX_INPUTS; i++)
        sum += rp->done[i];
    pt_cli_progress_update(&rp->bar, rp->total && sum > rp->total ? rp->total : sum, rp->total);
    pthread_mutex_unlock(&rp->lock);
}

static void report_progress_init(struct report_progress *rp, struct report_slot *slots,
                                 const struct pt_cli_report_args *a,
                                 struct pt_report_input *inputs, int quiet)
{
    int n_data = 0, unknown = 0, last = 0;
    memset(rp, 0, sizeof *rp);
    pthread_mutex_init(&rp->lock, NULL);
    for (int i = 0; i < a->n_inputs; i++) {
        if (strcmp(a->kinds[i], "loans") != 0 && strcmp(a->kinds[i], "complaints") != 0)
            continue;
        n_data++;
        last = i;
        uint64_t size = pt_progress_input_size(inputs[i].stream);   /* the loaders' own total */
        rp->total += size;
        unknown |= size == 0;
    }
    if (unknown)
        rp->total = 0;
    snprintf(rp->label, sizeof rp->label, "%d files", n_data);
    pt_cli_progress_init(&rp->bar, stderr, n_data == 1 ? a->paths[last] : rp->label,
                         quiet || n_data == 0);
    for (int i = 0; i < a->n_inputs; i++) {
        int data = strcmp(a->kinds[i], "loans") == 0 || strcmp(a->kinds[i], "complaints") == 0;
        slots[i] = (struct report_slot){rp, i};
        inputs[i].progress = (struct pt_progress){NULL, NULL};
        if (data && pt_cli_progress_hook(&rp->bar).fn != NULL)
            inputs[i].progress = (struct pt_progress){report_bytes, &slots[i]};
    }
}

int pt_cli_report_run(const struct pt_cli_report_args *a, const char *out_dir,
                      const char *const *resolved_override, int render, int quiet)
{
    struct pt_report_input inputs[PT_CLI_REPORT_MAX_INPUTS];
    struct pt_report_outcome outcome;
    struct pt_error err;
    char gnuplot[4096];
    int status = pt_cli_report_open(a, resolved_override, inputs);
    if (status != 0)
        return status;
    /* One line for all datasets on a terminal (cli_progress.h), erased
     * before anything else is printed. */
    struct report_progress progress;
    struct report_slot slots[PT_CLI_REPORT_MAX_INPUTS];
    report_progress_init(&progress, slots, a, inputs, quiet);
    int have_gnuplot = render && pt_gnuplot_find(getenv("PATH"), "gnuplot", gnuplot, sizeof gnuplot);
    struct pt_report_request req = {
        out_dir, &a->opt, inputs, (size_t)a->n_inputs, have_gnuplot ? gnuplot : NULL,
        (unsigned)(a->gnuplot_timeout_s > 3600 ? 3600000 : a->gnuplot_timeout_s * 1000)};
    enum pt_code rc = pt_report_write(&req, &outcome, &err);
    pt_cli_progress_finish(&progress.bar);
    pthread_mutex_destroy(&progress.lock);
    pt_cli_report_close(inputs, a->n_inputs);
    if (rc != PT_OK)
        return pt_cli_fail(&err);
    if (render && !have_gnuplot && outcome.n_charts > 0)
        pt_cli_errorf("report: gnuplot not found on PATH: %zu chart scripts written to %s/plots "
                      "but not rendered (install gnuplot-nox, then run gnuplot NAME.gp there)",
                      outcome.n_charts, out_dir);
    for (size_t i = 0; !quiet && i < outcome.n_notes; i++)
        pt_cli_errorf("report: %s", outcome.notes[i]);
    if (outcome.rows_rejected > 0)
        pt_cli_errorf("report: %" PRIu64 " rows rejected (listed in %s/rejected.csv)",
                      outcome.rows_rejected, out_dir);
    return PT_EXIT_OK;
}

int pt_cli_report(int argc, char **argv)
{
    struct pt_cli_report_args a;
    int rc = pt_cli_report_parse(argc, argv, &a);
    if (rc >= 0)
        return rc;
    return pt_cli_report_run(&a, a.out, NULL, 1, a.quiet);
}

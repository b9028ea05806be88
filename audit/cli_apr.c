/* cli_apr.c: `ptaudit apr` — the true cost of one offer or flow schedule.
 * Options -> struct pt_cli_apr_run -> one library call (pt_offer_evaluate, or the
 * flows reader) -> cli_apr_out.c. Bad option values exit 64 (CONTRACT.md:
 * a zero principal or term is a usage error here, not a data error). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/cli.h"
#include "audit/cli_apr.h"
#include "audit/cli_common.h"
#include "audit/date.h"

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
    "  --schedule             print the repayment table (rounded, as collected)\n"
    "  --flows FILE           CSV when,amount (period index, 1+19/30, or ISO date;\n"
    "                         the first flow is the advance); - = standard input\n"
    "  --currency CODE        currency of the amounts (default XXX, unknown)\n"
    "  --date YYYY-MM-DD      loan date: payment dates and the 4 x LPR line\n"
    "  --to FORMAT            text (default), csv (one row; with --schedule the\n"
    "                         table), json (one object; \"schedule\" with --schedule)\n"
    "  -h, --help             this help\n\n"
    "Rates are solved on the exact schedule of the formulas (docs/apr.md);\n"
    "APR = periodic rate x periods per year, EAR = (1 + periodic)^periods - 1.\n"
    "Exit status: 0 done, 64 bad option or value, 65 bad flows or no unique rate,\n"
    "66 flows file unreadable, 74 write error.\n\n"
    "Example:\n  ptaudit apr --principal 10000 --term 12 --rate 0.3% --method flat --to json\n";

enum {
    OPT_PRINCIPAL = 256, OPT_TERM, OPT_RATE, OPT_METHOD, OPT_FREQUENCY, OPT_PPY, OPT_UPFRONT,
    OPT_PERIODIC, OPT_FEE_RATE, OPT_FINAL, OPT_ROUND, OPT_SCHEDULE, OPT_FLOWS, OPT_TO,
    OPT_CURRENCY, OPT_DATE
};

/* Option values kept as text until the currency (minor digits) is known. */
struct apr_args {
    const char *principal, *term, *rate, *method, *frequency, *ppy;
    const char *fee[3];             /* upfront, periodic, final */
    const char *fee_rate, *date, *to;
};

static int bad_value(const char *opt, const struct pt_error *err)
{
    return pt_cli_usage_error("apr", "%s: %s", opt, err->msg);
}

static int parse_money(const char *opt, const char *text, int md, int64_t *out)
{
    struct pt_error err = {0};
    int rounded = 0;
    if (text == NULL)
        return -1;
    if (pt_money_parse(text, strlen(text), md, PT_NUM_THOUSANDS_OK, out, &rounded, &err) != PT_OK)
        return bad_value(opt, &err);
    if (rounded)
        return pt_cli_usage_error("apr", "%s: expected at most %d decimals, found \"%s\"", opt,
                                  md, text);
    return -1;
}

static int parse_rate(const char *opt, const char *text, struct pt_decimal *out)
{
    struct pt_error err = {0};
    if (text == NULL)
        return -1;
    if (pt_decimal_parse(text, strlen(text), PT_NUM_PERCENT_OK, out, &err) != PT_OK)
        return bad_value(opt, &err);
    return -1;
}

static int parse_term(const char *text, int *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < 0 || v > 100000 || text[0] == ' ')
        return pt_cli_usage_error("apr", "--term: expected a whole number of periods, found "
                                  "\"%s\"", text);
    *out = (int)v;
    return -1;
}

/* Payment dates are printed only for calendar frequencies. */
static void date_step(double ppy, int *months, int *days)
{
    double m = 12 / ppy, d = 365 / ppy;
    *months = *days = 0;
    if (ppy == 52 || ppy == 26)
        *days = ppy == 52 ? 7 : 14;
    else if (fabs(m - round(m)) < 1e-9 && m >= 1)
        *months = (int)round(m);
    else if (fabs(d - round(d)) < 1e-9 && d >= 1)
        *days = (int)round(d);
}

static int check_combination(const struct apr_args *a, const struct pt_cli_apr_run *run)
{
    int offer_opts = a->principal || a->term || a->rate || a->method || a->fee[0] || a->fee[1] ||
                     a->fee[2] || a->fee_rate;
    if (run->flows_mode && offer_opts)
        return pt_cli_usage_error("apr", "--flows cannot be combined with offer options "
                                  "(--principal, --term, --rate, --method, fees)");
    if (run->flows_mode && (run->round || run->schedule))
        return pt_cli_usage_error("apr", "--round and --schedule apply to offers, not to --flows");
    if (a->frequency && a->ppy)
        return pt_cli_usage_error("apr", "give --frequency or --periods-per-year, not both");
    if (!run->flows_mode && (!a->principal || !a->term || !a->rate))
        return pt_cli_usage_error("apr", "missing %s (or give --flows FILE)",
                                  !a->principal ? "--principal" : !a->term ? "--term" : "--rate");
    return -1;
}

static int finish_options(const struct apr_args *a, struct pt_cli_apr_run *run)
{
    struct pt_error err = {0};
    struct pt_offer *o = &run->offer;
    int rc = check_combination(a, run);
    if (rc >= 0)
        return rc;
    if (a->to && strcmp(a->to, "text") && strcmp(a->to, "csv") && strcmp(a->to, "json"))
        return pt_cli_usage_error("apr", "--to: expected text, csv or json, found \"%s\"", a->to);
    run->format = !a->to || !strcmp(a->to, "text") ? PT_CLI_APR_TEXT
                  : !strcmp(a->to, "csv")         ? PT_CLI_APR_CSV
                                                  : PT_CLI_APR_JSON;
    if (strlen(run->currency) != 3 || strspn(run->currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
        return pt_cli_usage_error("apr", "--currency: expected a 3-letter ISO 4217 code, found "
                                  "\"%s\"", run->currency);
    o->minor_digits = pt_currency_minor_digits(run->currency);
    if (a->method && pt_method_parse(a->method, &o->method, &err) != PT_OK)
        return bad_value("--method", &err);
    if (a->frequency && pt_frequency_parse(a->frequency, &o->periods_per_year, &err) != PT_OK)
        return bad_value("--frequency", &err);
    if (a->ppy && pt_ppy_parse(a->ppy, &o->periods_per_year, &err) != PT_OK)
        return bad_value("--periods-per-year", &err);
    if (a->date && pt_date_parse(a->date, strlen(a->date), PT_DATE_ISO, &run->day, &err) != PT_OK)
        return bad_value("--date", &err);
    if (a->date && !(a->frequency && strcmp(a->frequency, "semimonthly") == 0))
        date_step(o->periods_per_year, &run->step_months, &run->step_days);
    int md = o->minor_digits;
    if ((rc = parse_money("--principal", a->principal, md, &o->principal_minor)) >= 0 ||
        (rc = parse_money("--upfront-fee", a->fee[0], md, &o->upfront_fee_minor)) >= 0 ||
        (rc = parse_money("--periodic-fee", a->fee[1], md, &o->periodic_fee_minor)) >= 0 ||
        (rc = parse_money("--final-fee", a->fee[2], md, &o->final_fee_minor)) >= 0 ||
        (rc = parse_rate("--rate", a->rate, &o->rate)) >= 0 ||
        (rc = parse_rate("--fee-rate", a->fee_rate, &o->fee_rate)) >= 0)
        return rc;
    if (a->term && (rc = parse_term(a->term, &o->term)) >= 0)
        return rc;
    run->rate_text = a->rate;
    return -1;
}

static int parse_args(int argc, char **argv, struct apr_args *a, struct pt_cli_apr_run *run)
{
    static const struct option longopts[] = {
        {"principal", required_argument, NULL, OPT_PRINCIPAL},
        {"term", required_argument, NULL, OPT_TERM},
        {"rate", required_argument, NULL, OPT_RATE},
        {"method", required_argument, NULL, OPT_METHOD},
        {"frequency", required_argument, NULL, OPT_FREQUENCY},
        {"periods-per-year", required_argument, NULL, OPT_PPY},
        {"upfront-fee", required_argument, NULL, OPT_UPFRONT},
        {"periodic-fee", required_argument, NULL, OPT_PERIODIC},
        {"fee-rate", required_argument, NULL, OPT_FEE_RATE},
        {"final-fee", required_argument, NULL, OPT_FINAL},
        {"round", no_argument, NULL, OPT_ROUND},
        {"schedule", no_argument, NULL, OPT_SCHEDULE},
        {"flows", required_argument, NULL, OPT_FLOWS},
        {"to", required_argument, NULL, OPT_TO},
        {"currency", required_argument, NULL, OPT_CURRENCY},
        {"date", required_argument, NULL, OPT_DATE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); return PT_EXIT_OK;
        case OPT_PRINCIPAL: a->principal = optarg; break;
        case OPT_TERM: a->term = optarg; break;
        case OPT_RATE: a->rate = optarg; break;
        case OPT_METHOD: a->method = optarg; break;
        case OPT_FREQUENCY: a->frequency = optarg; break;
        case OPT_PPY: a->ppy = optarg; break;
        case OPT_UPFRONT: a->fee[0] = optarg; break;
        case OPT_PERIODIC: a->fee[1] = optarg; break;
        case OPT_FINAL: a->fee[2] = optarg; break;
        case OPT_FEE_RATE: a->fee_rate = optarg; break;
        case OPT_ROUND: run->round = 1; break;
        case OPT_SCHEDULE: run->schedule = 1; break;
        case OPT_FLOWS: run->flows_mode = 1, run->flows_path = optarg; break;
        case OPT_TO: a->to = optarg; break;
        case OPT_CURRENCY: run->currency = optarg; break;
        case OPT_DATE: a->date = optarg; break;
        case ':': return pt_cli_usage_error("apr", "option '%s' needs a value", argv[optind - 1]);
        default: return pt_cli_usage_error("apr", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return pt_cli_usage_error("apr", "unexpected argument '%s'", argv[optind]);
    return -1;
}

int pt_cli_apr(int argc, char **argv)
{
    struct pt_cli_apr_run run;
    struct apr_args a;
    struct pt_error err = {0};
    struct pt_lpr_table lpr;
    memset(&run, 0, sizeof run);
    memset(&a, 0, sizeof a);
    run.currency = "XXX";
    run.day = PT_DAY_UNKNOWN;
    run.offer.method = PT_METHOD_ANNUITY;
    run.offer.periods_per_year = 12;
    int status = parse_args(argc, argv, &a, &run);
    if (status >= 0)
        return status;
    if ((status = finish_options(&a, &run)) >= 0)
        return status;
    if (run.flows_mode) {
        if ((status = pt_cli_apr_flows(&run)) != 0)
            return status;
    } else {
        enum pt_code rc = pt_offer_evaluate(&run.offer, run.round, NULL, &run.res, &err);
        if (rc == PT_EINVAL)
            return pt_cli_usage_error("apr", "%s", err.msg);
        if (rc != PT_OK)
            return pt_cli_fail(&err);
    }
    if (pt_lpr_table_builtin(&lpr, &err) != PT_OK)
        return pt_cli_fail(&err);
    pt_legal_check(&lpr, run.res.rate.apr, run.currency, run.day, &run.legal);
    return pt_cli_apr_print(&run);
}

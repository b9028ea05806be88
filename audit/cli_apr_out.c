/* cli_apr_out.c: what `ptaudit apr` prints (CONTRACT.md `ptaudit apr`).
 * text: one line a journalist can quote, with the quoted annual rate and
 * the true APR side by side, then the figures behind it. json: one object
 * built with cJSON, rates as raw %.10f numbers so the digits are ours, not
 * cJSON's %.17g. csv: the same fields as one row, or with --schedule the
 * repayment table (through the shared table writer). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "audit/cli_apr.h"
#include "audit/cli_common.h"
#include "audit/date.h"
#include "audit/table.h"

static const char *period_word(double ppy)
{
    static const struct {
        double ppy;
        const char *word;
    } words[] = {{12, "a month"}, {52, "a week"}, {26, "every two weeks"}, {24, "a half-month"},
                 {365, "a day"},  {4, "a quarter"}, {1, "a year"}};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (words[k].ppy == ppy)
            return words[k].word;
    return "a period";
}

/* The exact decimal as a percent with at least 2 decimals ("0.30"). */
static const char *decimal_percent(struct pt_decimal d, char *buf, size_t size)
{
    uint64_t mag = d.units < 0 ? (uint64_t)0 - (uint64_t)d.units : (uint64_t)d.units;
    int scale = d.scale - 2; /* percent = units / 10^scale */
    uint64_t pow = 1;
    for (; scale < 2; scale++)
        if (__builtin_mul_overflow(mag, 10u, &mag)) {
            snprintf(buf, size, "%.2f", pt_decimal_to_double(d) * 100);
            return buf;
        }
    char frac[40];
    for (int k = 0; k < scale; k++)
        pow *= 10;
    /* scale <= 20 (pt_decimal scale <= 18), masked so the compiler sees it fits */
    snprintf(frac, sizeof frac, "%0*llu", scale & 31, (unsigned long long)(mag % pow));
    snprintf(buf, size, "%s%llu.%.20s", d.units < 0 ? "-" : "", (unsigned long long)(mag / pow),
             frac);
    return buf;
}

static const char *money(const struct pt_cli_apr_run *run, int64_t minor, char *buf, size_t size)
{
    return pt_money_format(minor, run->offer.minor_digits, buf, size);
}

static void print_headline(const struct pt_cli_apr_run *run)
{
    const struct pt_rate *r = &run->res.rate;
    double ppy = run->offer.periods_per_year;
    char per[64], ear[64];
    if (isfinite(r->ear))
        snprintf(ear, sizeof ear, "%.2f%%", r->ear * 100);
    else
        snprintf(ear, sizeof ear, "beyond 10^308%%");
    if (run->flows_mode) {
        printf("True APR %.2f%%, EAR %s (%zu flows, %.10g periods a year)\n", r->apr * 100, ear,
               run->n_flows, ppy);
        return;
    }
    printf("Quoted %.2f%% a year (%s%% %s); true APR %.2f%%, EAR %s\n",
           run->res.quoted_annual_rate * 100, decimal_percent(run->offer.rate, per, sizeof per),
           period_word(ppy), r->apr * 100, ear);
}

static void print_text(const struct pt_cli_apr_run *run)
{
    char a[40], b[40], c[40];
    const struct pt_offer *o = &run->offer;
    print_headline(run);
    if (!run->flows_mode)
        printf("  %s, %d payments, %.10g periods a year; solved on the %s schedule\n",
               pt_method_name(o->method), o->term, o->periods_per_year,
               run->round ? "rounded" : "exact");
    printf("  amount financed  %14s %s\n", money(run, run->res.amount_financed_minor, a, sizeof a),
           run->currency);
    printf("  total paid       %14s %s\n", money(run, run->res.total_paid_minor, b, sizeof b),
           run->currency);
    printf("  finance charge   %14s %s\n", money(run, run->res.finance_charge_minor, c, sizeof c),
           run->currency);
    printf("  periodic rate    %.6f%% %s\n", run->res.rate.rate_per_period * 100,
           period_word(run->offer.periods_per_year));
    printf("  over 24%%: %s, over 36%%: %s, over 4 x LPR: %s",
           pt_legal_flag_name(run->legal.over_24), pt_legal_flag_name(run->legal.over_36),
           pt_legal_flag_name(run->legal.over_4lpr));
    if (run->legal.over_4lpr == PT_LEGAL_YES || run->legal.over_4lpr == PT_LEGAL_NO)
        printf(" (line %.2f%%)", run->legal.line_4lpr * 100);
    printf("\n");
}

/* ---- JSON ------------------------------------------------------------------------ */

static int add_raw(cJSON *obj, const char *key, const char *fmt, double v)
{
    char buf[64];
    if (!isfinite(v)) /* no rate (flows mode) or an EAR past 1e308: JSON has no inf */
        return cJSON_AddNullToObject(obj, key) != NULL;
    snprintf(buf, sizeof buf, fmt, v);
    return cJSON_AddRawToObject(obj, key, buf) != NULL;
}

static int add_money(cJSON *obj, const struct pt_cli_apr_run *run, const char *key, int64_t minor)
{
    char buf[40];
    return cJSON_AddRawToObject(obj, key, money(run, minor, buf, sizeof buf)) != NULL;
}

static int32_t payment_day(const struct pt_cli_apr_run *run, int k)
{
    if (run->day == PT_DAY_UNKNOWN)
        return PT_DAY_UNKNOWN;
    if (run->step_months > 0)
        return pt_date_add_months(run->day, k * run->step_months);
    if (run->step_days > 0)
        return run->day + k * run->step_days;
    return PT_DAY_UNKNOWN;
}

static int add_schedule(cJSON *obj, const struct pt_cli_apr_run *run)
{
    struct pt_schedule_iter it;
    struct pt_schedule_row row;
    cJSON *arr = cJSON_AddArrayToObject(obj, "schedule");
    int ok = arr != NULL;
    pt_schedule_begin(&it, &run->offer);
    while (ok && pt_schedule_next(&it, &row)) {
        cJSON *r = cJSON_CreateObject();
        char d[16];
        int32_t day = payment_day(run, row.period);
        ok = r != NULL && cJSON_AddItemToArray(arr, r);
        ok = ok && cJSON_AddNumberToObject(r, "period", row.period) != NULL;
        if (day == PT_DAY_UNKNOWN)
            ok = ok && cJSON_AddNullToObject(r, "date") != NULL;
        else
            ok = ok && cJSON_AddStringToObject(r, "date", pt_date_format(day, d, sizeof d));
        ok = ok && add_money(r, run, "payment", row.payment_minor) &&
             add_money(r, run, "principal", row.principal_minor) &&
             add_money(r, run, "interest", row.interest_minor) &&
             add_money(r, run, "fees", row.fee_minor) &&
             add_money(r, run, "balance", row.balance_minor);
    }
    return ok;
}

static int add_scalars(cJSON *o, const struct pt_cli_apr_run *run)
{
    const struct pt_offer *of = &run->offer;
    const struct pt_offer_result *res = &run->res;
    int ok = cJSON_AddStringToObject(o, "schema", "ptaudit.apr/1") != NULL &&
             cJSON_AddStringToObject(o, "mode", run->flows_mode ? "flows" : "offer") != NULL &&
             cJSON_AddStringToObject(o, "currency", run->currency) != NULL;
    if (ok && !run->flows_mode)
        ok = cJSON_AddStringToObject(o, "method", pt_method_name(of->method)) != NULL &&
             cJSON_AddNumberToObject(o, "term", of->term) != NULL &&
             add_money(o, run, "principal", of->principal_minor) &&
             add_raw(o, "rate_per_period", "%.10f", pt_decimal_to_double(of->rate)) &&
             cJSON_AddBoolToObject(o, "rounded", run->round) != NULL;
    if (ok && run->flows_mode)
        ok = cJSON_AddNumberToObject(o, "flows", (double)run->n_flows) != NULL;
    return ok && add_raw(o, "periods_per_year", "%.10g", of->periods_per_year) &&
           add_raw(o, "quoted_annual_rate", "%.10f", res->quoted_annual_rate) &&
           add_raw(o, "periodic_rate", "%.10f", res->rate.rate_per_period) &&
           add_raw(o, "apr", "%.10f", res->rate.apr) && add_raw(o, "ear", "%.10f", res->rate.ear) &&
           add_money(o, run, "amount_financed", res->amount_financed_minor) &&
           add_money(o, run, "total_paid", res->total_paid_minor) &&
           add_money(o, run, "finance_charge", res->finance_charge_minor) &&
           cJSON_AddStringToObject(o, "over_24", pt_legal_flag_name(run->legal.over_24)) &&
           cJSON_AddStringToObject(o, "over_36", pt_legal_flag_name(run->legal.over_36)) &&
           cJSON_AddStringToObject(o, "over_4lpr", pt_legal_flag_name(run->legal.over_4lpr));
}

static int print_json(const struct pt_cli_apr_run *run)
{
    cJSON *o = cJSON_CreateObject();
    int ok = o != NULL && add_scalars(o, run) && (!run->schedule || add_schedule(o, run));
    char *text = ok ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (text == NULL) {
        pt_cli_errorf("apr: out of memory");
        return PT_EXIT_OSERR;
    }
    puts(text);
    cJSON_free(text);
    return PT_EXIT_OK;
}

/* ---- tables (CSV summary, text/CSV schedule) ------------------------------------------ */

static int print_schedule(const struct pt_cli_apr_run *run, enum pt_table_format fmt)
{
    int md = run->offer.minor_digits;
    const struct pt_column cols[] = {
        {"period", PT_COL_INT, 0},        {"date", PT_COL_TEXT, 0},
        {"payment", PT_COL_MONEY, md},    {"principal", PT_COL_MONEY, md},
        {"interest", PT_COL_MONEY, md},   {"fees", PT_COL_MONEY, md},
        {"balance", PT_COL_MONEY, md}};
    struct pt_table_writer *w = NULL;
    struct pt_error err = {0};
    struct pt_schedule_iter it;
    struct pt_schedule_row row;
    enum pt_code rc = pt_table_begin(&w, stdout, fmt, NULL, cols, 7, 0, &err);
    pt_schedule_begin(&it, &run->offer);
    while (rc == PT_OK && pt_schedule_next(&it, &row)) {
        char d[16];
        int32_t day = payment_day(run, row.period);
        struct pt_cell cells[7] = {
            pt_cell_int(row.period),
            day == PT_DAY_UNKNOWN ? pt_cell_missing()
                                  : pt_cell_text(pt_date_format(day, d, sizeof d), 10),
            pt_cell_int(row.payment_minor),   pt_cell_int(row.principal_minor),
            pt_cell_int(row.interest_minor),  pt_cell_int(row.fee_minor),
            pt_cell_int(row.balance_minor)};
        rc = pt_table_row(w, cells, &err);
    }
    if (rc == PT_OK)
        rc = pt_table_end(w, &err);
    else
        pt_table_abort(w);
    return rc == PT_OK ? PT_EXIT_OK : pt_cli_fail(&err);
}

static int print_csv(const struct pt_cli_apr_run *run)
{
    int md = run->offer.minor_digits;
    const struct pt_column cols[] = {
        {"mode", PT_COL_TEXT, 0},          {"currency", PT_COL_TEXT, 0},
        {"method", PT_COL_TEXT, 0},        {"term", PT_COL_INT, 0},
        {"periods_per_year", PT_COL_NUMBER, 10}, {"quoted_annual_rate", PT_COL_RATE, 0},
        {"periodic_rate", PT_COL_RATE, 0}, {"apr", PT_COL_RATE, 0},
        {"ear", PT_COL_RATE, 0},           {"amount_financed", PT_COL_MONEY, md},
        {"total_paid", PT_COL_MONEY, md},  {"finance_charge", PT_COL_MONEY, md},
        {"over_24", PT_COL_TEXT, 0},       {"over_36", PT_COL_TEXT, 0},
        {"over_4lpr", PT_COL_TEXT, 0}};
    const struct pt_offer_result *res = &run->res;
    const char *mode = run->flows_mode ? "flows" : "offer";
    const char *method = run->flows_mode ? "" : pt_method_name(run->offer.method);
    const char *f24 = pt_legal_flag_name(run->legal.over_24);
    const char *f36 = pt_legal_flag_name(run->legal.over_36);
    const char *f4 = pt_legal_flag_name(run->legal.over_4lpr);
    struct pt_cell cells[15] = {
        pt_cell_text(mode, strlen(mode)), pt_cell_text(run->currency, strlen(run->currency)),
        run->flows_mode ? pt_cell_missing() : pt_cell_text(method, strlen(method)),
        run->flows_mode ? pt_cell_missing() : pt_cell_int(run->offer.term),
        pt_cell_double(run->offer.periods_per_year),
        run->flows_mode ? pt_cell_missing() : pt_cell_double(res->quoted_annual_rate),
        pt_cell_double(res->rate.rate_per_period), pt_cell_double(res->rate.apr),
        pt_cell_double(res->rate.ear), pt_cell_int(res->amount_financed_minor),
        pt_cell_int(res->total_paid_minor), pt_cell_int(res->finance_charge_minor),
        pt_cell_text(f24, strlen(f24)), pt_cell_text(f36, strlen(f36)),
        pt_cell_text(f4, strlen(f4))};
    struct pt_table_writer *w = NULL;
    struct pt_error err = {0};
    enum pt_code rc = pt_table_begin(&w, stdout, PT_TABLE_CSV, NULL, cols, 15, 0, &err);
    if (rc == PT_OK)
        rc = pt_table_row(w, cells, &err);
    if (rc == PT_OK)
        rc = pt_table_end(w, &err);
    else
        pt_table_abort(w);
    return rc == PT_OK ? PT_EXIT_OK : pt_cli_fail(&err);
}

int pt_cli_apr_print(const struct pt_cli_apr_run *run)
{
    switch (run->format) {
    case PT_CLI_APR_JSON: return print_json(run);
    case PT_CLI_APR_CSV: return run->schedule ? print_schedule(run, PT_TABLE_CSV) : print_csv(run);
    case PT_CLI_APR_TEXT: break;
    }
    print_text(run);
    if (!run->schedule)
        return PT_EXIT_OK;
    printf("\n");
    return print_schedule(run, PT_TABLE_TEXT);
}

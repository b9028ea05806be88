/* report_example.c: the report's worked example: how an advertised
 * "0.3% a month" becomes the true rate. The offer is the textbook flat
 * loan (等本等息): 10,000.00 over 12 monthly payments with 0.3% of the
 * original principal charged as interest every month, no fees. The rate
 * engine (schedule.h) solves its exact schedule; the schedule table is the
 * rounded one a lender collects. Hand check (also in test_report.c): the
 * payment is 10000/12 + 30 = 863.33, and 10000 = 863.33 x a(12, i) gives
 * i = 0.5483% a month, APR 6.58%, EAR 6.78%, against 3.60% advertised. */
#include <string.h>

#include "audit/report_build.h"
#include "audit/schedule.h"

static const struct pt_column summary_cols[] = {
    {"method", PT_COL_TEXT, 0},
    {"principal", PT_COL_MONEY, 2},
    {"term_months", PT_COL_INT, 0},
    {"advertised_rate_per_month", PT_COL_RATE, 0},
    {"quoted_annual_rate", PT_COL_RATE, 0},
    {"amount_financed", PT_COL_MONEY, 2},
    {"total_paid", PT_COL_MONEY, 2},
    {"finance_charge", PT_COL_MONEY, 2},
    {"apr", PT_COL_RATE, 0},
    {"ear", PT_COL_RATE, 0},
};

static const struct pt_column schedule_cols[] = {
    {"period", PT_COL_INT, 0},       {"payment", PT_COL_MONEY, 2},
    {"principal", PT_COL_MONEY, 2},  {"interest", PT_COL_MONEY, 2},
    {"fees", PT_COL_MONEY, 2},       {"balance", PT_COL_MONEY, 2},
};

static void example_offer(struct pt_offer *o)
{
    memset(o, 0, sizeof *o);
    o->method = PT_METHOD_FLAT;
    o->term = 12;
    o->periods_per_year = 12;
    o->minor_digits = 2;
    o->principal_minor = 1000000;            /* 10,000.00 */
    o->rate.units = 3;                       /* 0.003 = 0.3% a month */
    o->rate.scale = 3;
}

static enum pt_code add_schedule(struct pt_report_build *b, const struct pt_offer *o,
                                 struct pt_error *err)
{
    struct pt_rtable *t = NULL;
    struct pt_schedule_iter it;
    struct pt_schedule_row row;
    enum pt_code rc = pt_report_build_table(b, "worked_example_schedule",
                                            "Worked example: the schedule as collected (rounded "
                                            "to the cent, the last payment absorbs the rest)",
                                            schedule_cols, 6, &t, err);
    pt_schedule_begin(&it, o);
    while (rc == PT_OK && pt_schedule_next(&it, &row)) {
        struct pt_cell c[6] = {pt_cell_int(row.period),         pt_cell_int(row.payment_minor),
                               pt_cell_int(row.principal_minor), pt_cell_int(row.interest_minor),
                               pt_cell_int(row.fee_minor),       pt_cell_int(row.balance_minor)};
        rc = pt_rtable_add(t, c, err);
    }
    return rc;
}

enum pt_code pt_report_build_example(struct pt_report_build *b, struct pt_error *err)
{
    struct pt_offer o;
    struct pt_offer_result res;
    struct pt_rtable *t = NULL;
    example_offer(&o);
    enum pt_code rc = pt_offer_evaluate(&o, 0, NULL, &res, err);
    if (rc == PT_OK)
        rc = pt_report_build_table(b, "worked_example",
                                   "Worked example: a flat offer advertised at 0.3% a month",
                                   summary_cols, 10, &t, err);
    if (rc == PT_OK) {
        const char *method = pt_method_name(o.method);
        struct pt_cell c[10] = {
            pt_cell_text(method, strlen(method)),
            pt_cell_int(o.principal_minor),
            pt_cell_int(o.term),
            pt_cell_double(pt_decimal_to_double(o.rate)),
            pt_cell_double(res.quoted_annual_rate),
            pt_cell_int(res.amount_financed_minor),
            pt_cell_int(res.total_paid_minor),
            pt_cell_int(res.finance_charge_minor),
            pt_cell_double(res.rate.apr),
            pt_cell_double(res.rate.ear),
        };
        rc = pt_rtable_add(t, c, err);
    }
    if (rc == PT_OK)
        rc = add_schedule(b, &o, err);
    if (rc == PT_OK) {
        static const char *const labels[] = {"advertised (monthly rate x 12)", "true APR",
                                             "true EAR"};
        const double rates[] = {res.quoted_annual_rate, res.rate.apr, res.rate.ear};
        rc = pt_report_chart_bars(b, "worked_example", "Worked example: advertised vs true "
                                  "annual cost of a flat offer at 0.3% a month",
                                  "Advertised vs true annual cost of the worked example",
                                  "worked_example", "percent a year", labels, rates, 3, err);
    }
    return rc;
}

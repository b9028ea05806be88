/* load_prosper.c: Prosper's public loan-data export (the 81-column
 * prosperLoanData layout: ListingKey, Term, BorrowerRate, BorrowerAPR,
 * LoanOriginalAmount, MonthlyLoanPayment, LoanOriginationDate ...).
 *
 * Prosper does not publish the origination fee, but BorrowerAPR discloses
 * it: the borrower pays the level payment of LoanOriginalAmount at
 * BorrowerRate, and BorrowerAPR is the rate at which those payments repay
 * what was actually received. So the amount financed is
 *   A = pv(payment(P, BorrowerRate/12, Term), BorrowerAPR/12, Term)
 * and the implied fee P - A (rounded to the cent) is reported as an amount
 * and as a share of P; apr is then solved from A and the payment, which
 * gives back BorrowerAPR up to the cent rounding (fees_known = derived).
 * MonthlyLoanPayment is only a cross-check: the rate it implies is compared
 * with BorrowerRate (PT_RATE_AGREE_TOL); ".000000" (published for a few
 * loans) means not published, and a payment that cannot repay the principal
 * is counted as a disagreement: neither changes apr, so neither rejects a
 * loan whose cost BorrowerAPR states. */
#include <math.h>
#include <string.h>

#include "audit/apr.h"
#include "audit/date.h"
#include "audit/load_common.h"

enum { C_AMOUNT, C_TERM, C_RATE, C_APR, C_KEY, C_PAYMENT, C_DATE, C_N };

static const char *const names[] = {"LoanOriginalAmount", "Term",
                                    "BorrowerRate",       "BorrowerAPR",
                                    "ListingKey",         "MonthlyLoanPayment",
                                    "LoanOriginationDate", NULL};

enum pt_code pt_prosper_bind(const struct pt_header *h, const struct pt_loc *loc,
                             struct pt_cols *cols, struct pt_error *err)
{
    cols->layout = PT_LC_NONE;
    return pt_cols_bind(h, "prosper", names, 4, loc, cols, err);
}

/* The published payment's implied rate against BorrowerRate. */
static int prosper_check(const struct pt_cols *cols, struct pt_row *row, struct pt_loan *loan,
                         struct pt_row_problem *p)
{
    if (cols->c[C_PAYMENT] < 0 || pt_row_empty(row, cols->c[C_PAYMENT]))
        return 1;
    if (!pt_row_money(row, cols->c[C_PAYMENT], 2, &loan->payment_minor, p))
        return 0;
    if (loan->payment_minor == 0)
        return 1;
    double i;
    if (!pt_level_rate((double)loan->principal_minor, (double)loan->payment_minor, loan->term,
                       &i)) {
        loan->rate_disagrees = 1;   /* recomputed_rate stays NAN: no rate exists */
        return 1;
    }
    loan->recomputed_rate = 12.0 * i;
    loan->rate_disagrees = fabs(loan->recomputed_rate - loan->published_rate) > PT_RATE_AGREE_TOL;
    return 1;
}

/* Implied fee and apr from BorrowerRate and BorrowerAPR (see the top). */
static int prosper_fee(const struct pt_cols *cols, struct pt_row *row, struct pt_loan *loan,
                       struct pt_row_problem *p)
{
    double principal = (double)loan->principal_minor;
    int n = (int)loan->term;   /* <= 100000 (pt_row_term) */
    double payment = principal / pt_apr_annuity_factor(loan->published_rate / 12.0, n);
    double financed = payment * pt_apr_annuity_factor(loan->published_apr / 12.0, n);
    if (!(financed > 0.0) || !isfinite(financed))
        return pt_problem(p, cols->c[C_APR], PT_REASON_BAD_VALUE,
                          "%s: expected an APR at which the payments repay a positive amount",
                          pt_row_colname(row, cols->c[C_APR]));
    loan->implied_fee_minor = (int64_t)llround(principal - financed);
    loan->implied_fee_share = (double)loan->implied_fee_minor / principal;
    loan->amount_financed_minor = loan->principal_minor - loan->implied_fee_minor;
    double i;
    if (loan->amount_financed_minor <= 0 ||
        !pt_level_rate((double)loan->amount_financed_minor, payment, loan->term, &i))
        return pt_problem(p, cols->c[C_APR], PT_REASON_NO_RATE,
                          "%s: expected an APR not below BorrowerRate's payments, found %.6f",
                          pt_row_colname(row, cols->c[C_APR]), loan->published_apr);
    loan->apr = 12.0 * i;
    loan->finance_charge_minor =
        (int64_t)llround(payment * (double)loan->term) - loan->amount_financed_minor;
    return 1;
}

enum pt_row_result pt_prosper_row(const struct pt_cols *cols, struct pt_row *row,
                                  struct pt_loan *loan, struct pt_row_problem *p)
{
    pt_loan_clear(loan);
    loan->format = PT_LOAN_PROSPER;
    loan->platform = "Prosper";
    loan->currency = "USD";
    loan->method = "annuity";
    loan->fees_known = PT_FEES_DERIVED;
    pt_row_id(row, cols->c[C_KEY], loan);
    if (!pt_row_money(row, cols->c[C_AMOUNT], 2, &loan->principal_minor, p) ||
        !pt_row_term(row, cols->c[C_TERM], &loan->term, p) ||
        !pt_row_rate(row, cols->c[C_RATE], &loan->published_rate, p) ||
        !pt_row_rate(row, cols->c[C_APR], &loan->published_apr, p) ||
        !pt_row_date(row, cols->c[C_DATE], PT_DATE_ISO, 0, &loan->day, p))
        return PT_ROW_BAD;
    if (loan->principal_minor <= 0)
        return pt_row_bad(row, cols->c[C_AMOUNT], PT_REASON_BAD_VALUE, "an amount above 0", p);
    loan->quoted_annual_rate = loan->published_rate;
    if (!prosper_check(cols, row, loan, p) || !prosper_fee(cols, row, loan, p))
        return PT_ROW_BAD;
    return PT_ROW_LOAN;
}

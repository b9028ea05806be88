/* load_lendingclub.c: LendingClub's public loan exports, three layouts
 * (CONTRACT.md "Loan inputs"):
 *  - LoanStats, LendingClub's own download: a "Notes offered by Prospectus"
 *    line before the header, `id`, term " 36 months", int_rate "13.56%",
 *    issue_d "Dec-2011", a "Loans that do not meet the credit policy" line
 *    before a second block and "Total amount funded in policy code N: ..."
 *    trailer lines (counted as skipped lines, not records);
 *  - the R-package export (term "36", int_rate 0.1324, ISO issue_d, no id);
 *  - loansData (Amount.Funded.By.Investors, Interest.Rate, Loan.Length; no
 *    installment, no date, no id): principal = Amount.Requested, the loan
 *    amount; Amount.Funded.By.Investors is only the investors' share (0 on
 *    loans LendingClub funded itself) and is used only without it.
 * Values are parsed in every spelling whatever the layout, so a mixed or
 * re-saved file still loads. apr = 12 x the monthly rate that installment
 * implies over term on funded_amnt (LendingClub's origination fee, deducted
 * from the disbursement, is not in the data: fees_known = no); without
 * installment (no column, or an empty cell), apr = int_rate. Disagreements between the recomputed rate
 * and int_rate beyond PT_RATE_AGREE_TOL are counted, not rejected. */
#include <math.h>
#include <string.h>

#include "audit/date.h"
#include "audit/load_common.h"

enum { C_FUNDED, C_TERM, C_RATE, C_INSTALLMENT, C_ISSUE, C_ID, C_PURPOSE, C_N };

static const char *const lc_names[] = {"funded_amnt", "term", "int_rate", "installment",
                                       "issue_d", "id", "purpose", NULL};
static const char *const ld_names[] = {"Amount.Requested", "Loan.Length",
                                       "Interest.Rate", "installment", "issue_d", "id",
                                       "Loan.Purpose", NULL};

enum pt_code pt_lc_bind(const struct pt_header *h, int preamble, const struct pt_loc *loc,
                        struct pt_cols *cols, struct pt_error *err)
{
    if (pt_header_find(h, "Interest.Rate") >= 0 && pt_header_find(h, "int_rate") < 0) {
        cols->layout = PT_LC_LOANSDATA;
        enum pt_code rc = pt_cols_bind(h, "lendingclub (loansData)", ld_names, 0, loc, cols, err);
        /* The loan amount is Amount.Requested (loan_amnt); investors'
         * share (funded_amnt_inv's analogue, 0 on loans LendingClub funded
         * itself) only when that column is missing. */
        if (cols->c[C_FUNDED] < 0)
            cols->c[C_FUNDED] = pt_header_find(h, "Amount.Funded.By.Investors");
        if (rc == PT_OK && (cols->c[C_TERM] < 0 || cols->c[C_FUNDED] < 0))
            rc = pt_error_set(err, PT_EDATA, loc,
                              "lendingclub (loansData) input: required column \"%s\" missing",
                              cols->c[C_TERM] < 0 ? "Loan.Length" : "Amount.Requested");
        return rc;
    }
    cols->layout = preamble || pt_header_find(h, "id") >= 0 ? PT_LC_LOANSTATS : PT_LC_RPACKAGE;
    return pt_cols_bind(h, "lendingclub", lc_names, 3, loc, cols, err);
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

int pt_lc_note_line(const struct pt_record *rec)
{
    for (size_t i = 1; i < rec->n_fields; i++)
        if (rec->lens[i] != 0)
            return 0;
    if (rec->n_fields == 0)
        return 0;
    const char *s = rec->fields[0];
    size_t len = rec->lens[0];
    return starts_with(s, len, "Notes offered by Prospectus") ||
           starts_with(s, len, "Loans that do not meet the credit policy") ||
           starts_with(s, len, "Total amount funded in policy code");
}

/* The monthly rate installment implies, and apr from it. */
static int lc_rates(const struct pt_cols *cols, struct pt_row *row, struct pt_loan *loan,
                    struct pt_row_problem *p)
{
    loan->apr = loan->published_rate;
    if (cols->c[C_INSTALLMENT] < 0 || pt_row_empty(row, cols->c[C_INSTALLMENT]))
        return 1;   /* no payment published: the note rate, not checked */
    if (!pt_row_money(row, cols->c[C_INSTALLMENT], 2, &loan->payment_minor, p))
        return 0;
    double i;
    if (!pt_level_rate((double)loan->principal_minor, (double)loan->payment_minor, loan->term, &i))
        return pt_problem(p, cols->c[C_INSTALLMENT], PT_REASON_NO_RATE,
                          "%s: expected a payment that repays %s over %u months, found %lld.%02lld",
                          pt_row_colname(row, cols->c[C_INSTALLMENT]),
                          pt_row_colname(row, cols->c[C_FUNDED]), loan->term,
                          (long long)(loan->payment_minor / 100),
                          (long long)(loan->payment_minor % 100));
    loan->recomputed_rate = 12.0 * i;
    loan->apr = loan->recomputed_rate;
    loan->rate_disagrees = fabs(loan->recomputed_rate - loan->published_rate) > PT_RATE_AGREE_TOL;
    loan->finance_charge_minor = (int64_t)loan->term * loan->payment_minor - loan->principal_minor;
    return 1;
}

enum pt_row_result pt_lc_row(const struct pt_cols *cols, struct pt_row *row, struct pt_loan *loan,
                             struct pt_row_problem *p)
{
    pt_loan_clear(loan);
    loan->format = PT_LOAN_LENDINGCLUB;
    loan->layout = cols->layout;
    loan->platform = "LendingClub";
    loan->currency = "USD";
    loan->method = "annuity";
    loan->fees_known = PT_FEES_NO;
    pt_row_id(row, cols->c[C_ID], loan);
    if (cols->c[C_PURPOSE] >= 0)
        loan->product = pt_row_field(row, cols->c[C_PURPOSE], NULL);
    if (!pt_row_money(row, cols->c[C_FUNDED], 2, &loan->principal_minor, p) ||
        !pt_row_term(row, cols->c[C_TERM], &loan->term, p) ||
        !pt_row_rate(row, cols->c[C_RATE], &loan->published_rate, p) ||
        !pt_row_date(row, cols->c[C_ISSUE], PT_DATE_ISO | PT_DATE_MON_YYYY, 0, &loan->day, p))
        return PT_ROW_BAD;
    if (loan->principal_minor <= 0)
        return pt_row_bad(row, cols->c[C_FUNDED], PT_REASON_BAD_VALUE, "an amount above 0", p);
    loan->amount_financed_minor = loan->principal_minor;
    loan->quoted_annual_rate = loan->published_rate;
    if (!lc_rates(cols, row, loan, p))
        return PT_ROW_BAD;
    return PT_ROW_LOAN;
}

/* schedule.h: installment offer terms -> repayment schedule -> true cost.
 *
 * Five repayment methods (CONTRACT.md `ptaudit apr`, vectors/README.md):
 * annuity (等额本息), equal principal (等额本金), flat (等本等息: interest on
 * the original principal every period), interest-only (先息后本) and bullet
 * (simple interest P(1 + r n) at the end); fees: upfront (deducted from the
 * payout: 砍头息), periodic fixed, periodic as a share of the original
 * principal, final. Two schedules exist for one offer:
 *   - the exact schedule of the formulas (real numbers, what the shared
 *     vectors encode): pt_offer_evaluate solves on it by default;
 *   - the rounded schedule a lender collects, in minor units: interest and
 *     fee rates multiply money exactly (integer x decimal, rounded half-up
 *     once per amount), each level payment is rounded half-up and the last
 *     payment absorbs the remainder of the balance. --schedule prints it and
 *     --round solves on it; total_paid and finance_charge always come from it
 *     (what the borrower pays, to the cent).
 * Nothing here allocates: the rounded schedule is produced row by row by an
 * iterator, and the solver evaluates closed forms (loaders call this per
 * loan, millions of times). */
#ifndef PTAUDIT_SCHEDULE_H
#define PTAUDIT_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "audit/apr.h"
#include "audit/error.h"
#include "audit/money.h"

enum pt_method {
    PT_METHOD_ANNUITY = 1,
    PT_METHOD_EQUAL_PRINCIPAL,
    PT_METHOD_FLAT,
    PT_METHOD_INTEREST_ONLY,
    PT_METHOD_BULLET
};

/* "annuity", "equal-principal", "flat", "interest-only", "bullet"; '_' and
 * '-' alike, ASCII case ignored. PT_EINVAL "expected annuity, ..., found". */
PT_NODISCARD enum pt_code pt_method_parse(const char *text, enum pt_method *out,
                                          struct pt_error *err);
/* The canonical name ("equal-principal"). Static, do not free. */
const char *pt_method_name(enum pt_method m);

/* monthly 12, semimonthly 24, biweekly 26, weekly 52, daily 365,
 * quarterly 4, yearly 1 (also "annual"). PT_EINVAL otherwise. */
PT_NODISCARD enum pt_code pt_frequency_parse(const char *text, double *periods_per_year,
                                             struct pt_error *err);
/* A positive number ("12", "26.5") or a fraction ("365/14"). PT_EINVAL. */
PT_NODISCARD enum pt_code pt_ppy_parse(const char *text, double *periods_per_year,
                                       struct pt_error *err);

struct pt_offer {
    enum pt_method method;
    int term;                    /* n repayment periods, >= 1 */
    double periods_per_year;     /* > 0 (365/14 allowed) */
    int minor_digits;            /* of the currency: 2 for CNY, USD, XXX */
    int64_t principal_minor;     /* P, the contract principal, > 0 */
    struct pt_decimal rate;      /* r per period, >= 0 (flat: fee rate on P) */
    int64_t upfront_fee_minor;   /* kept back at payout, 0 <= fee < P */
    int64_t periodic_fee_minor;  /* added to every payment, >= 0 */
    struct pt_decimal fee_rate;  /* fee_rate x P added to every payment, >= 0 */
    int64_t final_fee_minor;     /* added to the last payment, >= 0 */
};

/* Checks the ranges above (and that no amount of the schedule can overflow
 * int64). PT_EINVAL with "NAME: expected ..., found ..." naming the field as
 * the CLI option does (principal, term, rate, ...). */
PT_NODISCARD enum pt_code pt_offer_validate(const struct pt_offer *o, struct pt_error *err);

/* One row of the rounded schedule, minor units. */
struct pt_schedule_row {
    int period;                  /* 1-based */
    int64_t payment_minor;       /* principal + interest + fee */
    int64_t principal_minor;
    int64_t interest_minor;      /* flat: the fee on the original principal */
    int64_t fee_minor;           /* periodic + fee_rate x P (+ final fee) */
    int64_t balance_minor;       /* principal still owed after this payment */
};

/* Row-by-row producer of the rounded schedule (caller-owned, no free). */
struct pt_schedule_iter {
    const struct pt_offer *offer;   /* borrowed */
    int next;                       /* period of the next row */
    int64_t balance;
    int64_t level;                  /* rounded level payment / principal part */
    int64_t fee;                    /* periodic fee per period, rounded */
};
/* The offer must have passed pt_offer_validate. */
void pt_schedule_begin(struct pt_schedule_iter *it, const struct pt_offer *o);
/* Fills row and returns 1, or returns 0 after the last period. */
int pt_schedule_next(struct pt_schedule_iter *it, struct pt_schedule_row *row);

struct pt_offer_result {
    int64_t amount_financed_minor;  /* P - upfront fee: what the borrower gets */
    int64_t total_paid_minor;       /* sum of the rounded payments */
    int64_t finance_charge_minor;   /* total_paid - amount_financed */
    double quoted_annual_rate;      /* r x periods_per_year (the advertised line) */
    struct pt_rate rate;            /* solved: periodic, APR, EAR */
};

/* Validates, then solves the exact schedule (rounded = 0) or the rounded
 * one (rounded = 1). Allocation-free. PT_EINVAL from validation (err->loc
 * copied from loc); PT_ENOCONV if no rate (cannot happen for valid offers:
 * advance first, payments after, so the root is unique). */
PT_NODISCARD enum pt_code pt_offer_evaluate(const struct pt_offer *o, int rounded,
                                            const struct pt_loc *loc,
                                            struct pt_offer_result *out, struct pt_error *err);

/* 1 when pt_offer_evaluate(o, 0, ...) of a validated offer is sure to find
 * the rate, so a loader may accept the loan before solving it (loan_pipe.h);
 * 0 when it cannot tell (the caller then solves first). Sufficient, cheap
 * conditions on the exact schedule (schedule.c explains why they suffice):
 * at most 120 periods, payments >= 0, and total repaid between 1.000001 and
 * 100 times the amount financed. Allocation-free, no error. */
int pt_offer_solvable(const struct pt_offer *o);

/* Upfront fee implied by a disclosed rate (Prosper: BorrowerAPR discloses
 * the origination fee): the fee F with
 *   principal - F = payment * (1 - (1+i)^-n) / i,  i = rate_per_period.
 * Same units as principal and payment (minor units as doubles). May be
 * negative when the disclosed rate is below the note rate. */
double pt_level_implied_fee(double principal, double payment, int n, double rate_per_period);

#endif

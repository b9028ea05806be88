/* annuity.h: the level-payment loan (等额本息) in closed form, and the
 * periodic rate a payment implies.
 *
 * The loan formats that publish a payment (LendingClub installment, Prosper
 * MonthlyLoanPayment) are checked by solving P = M (1 - (1 + i)^-n) / i for
 * i: one unknown, one monotone equation, so a bracketed Newton iteration
 * converges without the general cash-flow solver (apr.h). Rates are per
 * period, fractions; money is double here (values come from int64 minor units,
 * exact below 2^53). Nothing here allocates. */
#ifndef PTAUDIT_ANNUITY_H
#define PTAUDIT_ANNUITY_H

#include <stdint.h>

#include "audit/error.h"

/* Level payment that repays principal over n periods at rate i per period
 * (i = 0: principal / n). n >= 1, i > -1. */
double pt_annuity_payment(double principal, double rate_per_period, uint32_t n);

/* Present value at rate i of n payments of payment (i = 0: payment * n). */
double pt_annuity_pv(double payment, double rate_per_period, uint32_t n);

/* Solves pv(payment, i, n) = principal for i >= 0, to
 * |i - true| <= 1e-13 * max(1, i). PT_EINVAL when n == 0, principal <= 0 or
 * payment * n < principal (the payment cannot repay the principal: the rate
 * would be negative; err says so with the three values). */
PT_NODISCARD enum pt_code pt_annuity_rate(double principal, double payment, uint32_t n,
                                          double *rate_per_period, struct pt_error *err);

#endif

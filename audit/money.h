/* money.h: exact decimal text -> integer minor units, and exact decimal
 * rates (an integer over a power of ten).
 *
 * Money is int64 minor units (cents, fen) plus a currency code, never a
 * double (STYLE.md): "1234.56" as a double is not 1234.56, and totals must
 * reconcile to the cent in any summation order. Trailing zeros beyond the
 * minor unit are exact ("330.430000"); non-zero digits beyond it are rounded
 * half-to-even once and reported through *rounded.
 * Parsers never read the locale. Nothing here allocates. Errors come back as
 * PT_EINVAL / PT_ERANGE with a message "expected ..., found \"...\"" and no
 * location: the caller (a loader) knows the position. */
#ifndef PTAUDIT_MONEY_H
#define PTAUDIT_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

/* An exact decimal: value = units / 10^scale, 0 <= scale <= 18. */
struct pt_decimal {
    int64_t units;
    int scale;
};

/* Options for pt_decimal_parse. */
enum {
    PT_NUM_PERCENT_OK = 1,   /* accept a trailing '%' (value divided by 100) */
    PT_NUM_THOUSANDS_OK = 2, /* accept ',' thousands separators ("1,234.56") */
    PT_NUM_CURRENCY_OK = 4   /* accept a leading "$", "¥", "￥" */
};

/* Parses [sign] digits [. digits] [%] with surrounding spaces; a leading
 * '.' (".165160") is accepted. Rejects NaN, infinities, exponents, empty
 * text, full-width digits. PT_EINVAL / PT_ERANGE. */
PT_NODISCARD enum pt_code pt_decimal_parse(const char *text, size_t len, unsigned flags,
                                           struct pt_decimal *out, struct pt_error *err);
double pt_decimal_to_double(struct pt_decimal d);

/* Money: parses text into minor units with minor_digits digits (2 for CNY,
 * USD, XXX). *rounded (may be NULL) is set to 1 when non-zero digits beyond
 * the minor unit were rounded half-to-even. */
PT_NODISCARD enum pt_code pt_money_parse(const char *text, size_t len, int minor_digits,
                                         unsigned flags, int64_t *out_minor, int *rounded,
                                         struct pt_error *err);

/* Minor-unit digits of an ISO 4217 code (JPY 0, KWD 3, unknown/XXX 2). */
int pt_currency_minor_digits(const char *code);

/* Formats minor units as "-1234.56" (no thousands separators) into buf. */
const char *pt_money_format(int64_t minor, int minor_digits, char *buf, size_t size);

/* Checked addition: PT_ERANGE on overflow, *acc unchanged. */
PT_NODISCARD enum pt_code pt_money_add(int64_t *acc, int64_t v, struct pt_error *err);

#endif

/* date.h: civil dates as day numbers, the formats datasets write them in,
 * and the period keys reports group by.
 *
 * A day is an int32 count of days since 1970-01-01 in the proleptic
 * Gregorian calendar (negative before). PT_DAY_UNKNOWN marks a missing date.
 * Parsing validates the calendar (2024-02-30 and 0000-00-00 are errors).
 * Nothing here allocates or reads the clock or the locale. */
#ifndef PTAUDIT_DATE_H
#define PTAUDIT_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

#define PT_DAY_UNKNOWN INT32_MIN

/* Accepted formats, a bitmask for pt_date_parse. */
enum {
    PT_DATE_ISO = 1,        /* YYYY-MM-DD, optionally followed by a time: " HH:MM[:SS[.f]]" or "T..." */
    PT_DATE_MDY = 2,        /* M/D/YYYY and MM/DD/YYYY (US) */
    PT_DATE_CN = 4,         /* YYYY年M月D日 */
    PT_DATE_MON_YYYY = 8,   /* Dec-2011, Dec-11 (LendingClub issue_d): the 1st of the month */
    PT_DATE_ANY = 15
};

/* Parses text (surrounding spaces ignored) in one of the formats allowed by
 * formats. PT_EINVAL with "expected YYYY-MM-DD ..., found \"...\"". */
PT_NODISCARD enum pt_code pt_date_parse(const char *text, size_t len, unsigned formats,
                                        int32_t *out_day, struct pt_error *err);

/* 1 when y-m-d is a real calendar date with 1 <= y <= 9999. */
int pt_date_valid(int y, int m, int d);
int32_t pt_date_from_ymd(int y, int m, int d);
void pt_date_to_ymd(int32_t day, int *y, int *m, int *d);

/* day + months, the day of month clamped to the target month's length
 * (2024-01-31 + 1 month = 2024-02-29): how lenders date monthly payments. */
int32_t pt_date_add_months(int32_t day, int months);

/* "YYYY-MM-DD" into buf (at least 11 bytes). */
const char *pt_date_format(int32_t day, char *buf, size_t size);

/* Period keys: month = y*12 + (m-1); quarter = y*4 + (q-1); year = y. */
int32_t pt_date_month_key(int32_t day);
int32_t pt_date_quarter_key(int32_t day);
int32_t pt_date_year(int32_t day);
/* "YYYY-MM", "YYYYQn" into buf. */
const char *pt_month_key_format(int32_t key, char *buf, size_t size);
const char *pt_quarter_key_format(int32_t key, char *buf, size_t size);

#endif

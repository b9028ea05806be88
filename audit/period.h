/* period.h: the --period of a report (a year "2024", a quarter "2024Q4" or
 * a month "2024-11") as inclusive ISO date bounds, and the period before
 * it, so a report can restrict to one period and state the change from the
 * previous one (CONTRACT.md "ptaudit report"). Gregorian calendar, years
 * 1900-9999. Nothing allocates. */
#ifndef PTAUDIT_PERIOD_H
#define PTAUDIT_PERIOD_H

#include "audit/error.h"

enum pt_period_kind { PT_PERIOD_YEAR, PT_PERIOD_QUARTER, PT_PERIOD_MONTH };

struct pt_period {
    enum pt_period_kind kind;
    int year;
    int index;            /* quarter 1-4 or month 1-12; 0 for a year */
    char label[40];       /* "2024", "2024Q4", "2024-11" (sized for any int: -O2 checks) */
    char first[40];       /* "2024-10-01" inclusive */
    char last[40];        /* "2024-12-31" inclusive */
};

/* Parses text. PT_EUSAGE with "--period: expected 2024Q4, 2024-11 or 2024,
 * found ..." otherwise. */
PT_NODISCARD enum pt_code pt_period_parse(const char *text, struct pt_period *out,
                                          struct pt_error *err);
/* The period of the same kind just before p (2024Q1 -> 2023Q4). */
void pt_period_previous(const struct pt_period *p, struct pt_period *out);
/* 1 when the ISO date (YYYY-MM-DD...) falls inside p. */
int pt_period_contains(const struct pt_period *p, const char *iso_date);

#endif

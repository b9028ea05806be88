/* period.c: see period.h. Bounds are ISO strings, so containment is a
 * byte comparison of the first ten characters. */
#include "audit/period.h"

#include <stdio.h>
#include <string.h>

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static void fill(struct pt_period *p)
{
    int m1 = 1, m2 = 12;
    if (p->kind == PT_PERIOD_QUARTER) {
        m1 = 3 * p->index - 2;
        m2 = 3 * p->index;
        snprintf(p->label, sizeof p->label, "%04dQ%d", p->year, p->index);
    } else if (p->kind == PT_PERIOD_MONTH) {
        m1 = m2 = p->index;
        snprintf(p->label, sizeof p->label, "%04d-%02d", p->year, p->index);
    } else {
        snprintf(p->label, sizeof p->label, "%04d", p->year);
    }
    snprintf(p->first, sizeof p->first, "%04d-%02d-01", p->year, m1);
    snprintf(p->last, sizeof p->last, "%04d-%02d-%02d", p->year, m2, days_in_month(p->year, m2));
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

enum pt_code pt_period_parse(const char *text, struct pt_period *out, struct pt_error *err)
{
    size_t n = strlen(text);
    memset(out, 0, sizeof *out);
    int ok = n >= 4 && digits(text, 4, &out->year) && out->year >= 1900;
    if (ok && n == 4) {
        out->kind = PT_PERIOD_YEAR;
    } else if (ok && n == 6 && (text[4] == 'Q' || text[4] == 'q')) {
        out->kind = PT_PERIOD_QUARTER;
        ok = digits(text + 5, 1, &out->index) && out->index >= 1 && out->index <= 4;
    } else if (ok && n == 7 && text[4] == '-') {
        out->kind = PT_PERIOD_MONTH;
        ok = digits(text + 5, 2, &out->index) && out->index >= 1 && out->index <= 12;
    } else {
        ok = 0;
    }
    if (!ok)
        return pt_error_set(err, PT_EUSAGE, NULL,
                            "--period: expected 2024Q4, 2024-11 or 2024, found \"%.40s\"", text);
    fill(out);
    return PT_OK;
}

void pt_period_previous(const struct pt_period *p, struct pt_period *out)
{
    *out = *p;
    int count = p->kind == PT_PERIOD_QUARTER ? 4 : p->kind == PT_PERIOD_MONTH ? 12 : 0;
    if (count == 0 || p->index == 1) {
        out->year = p->year - 1;
        out->index = count;
    } else {
        out->index = p->index - 1;
    }
    fill(out);
}

int pt_period_contains(const struct pt_period *p, const char *iso_date)
{
    if (strlen(iso_date) < 10)
        return 0;
    return strncmp(iso_date, p->first, 10) >= 0 && strncmp(iso_date, p->last, 10) <= 0;
}

/* date.c: civil dates <-> day numbers and the date formats of the datasets
 * (see date.h).
 *
 * Day numbers use Howard Hinnant's days_from_civil / civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms", 2013): exact for every
 * proleptic Gregorian date, no tables, no loops, no time zone. The time part
 * of a timestamp ("2007-08-26 19:09:29.263000000") is validated and then
 * dropped: every ptaudit statistic is per day. */
#include "audit/date.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

int pt_date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

int32_t pt_date_from_ymd(int y, int m, int d)
{
    /* Hinnant days_from_civil: years start in March so the leap day is last. */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;                                      /* [0, 399] */
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;     /* [0, 365] */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void pt_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
    /* Hinnant civil_from_days. */
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
    *d = dd;
}

int32_t pt_date_add_months(int32_t day, int months)
{
    int y, m, d;
    pt_date_to_ymd(day, &y, &m, &d);
    int idx = y * 12 + (m - 1) + months;
    y = idx / 12;
    m = idx % 12 + 1;
    while (d > 28 && !pt_date_valid(y, m, d))
        d--;
    return pt_date_from_ymd(y, m, d);
}

const char *pt_date_format(int32_t day, char *buf, size_t size)
{
    int y, m, d;
    if (day == PT_DAY_UNKNOWN) {
        snprintf(buf, size, "%s", "");
        return buf;
    }
    pt_date_to_ymd(day, &y, &m, &d);
    if (size >= 11 && y >= 0 && y <= 9999) {
        /* "%04d-%02d-%02d" by hand: once per loan in --by loan tables. */
        int v[3] = {y, m, d}, w[3] = {4, 2, 2};
        size_t k = 0;
        for (int f = 0; f < 3; f++) {
            if (f > 0)
                buf[k++] = '-';
            for (int i = w[f] - 1; i >= 0; i--) {
                buf[k + (size_t)i] = (char)('0' + v[f] % 10);
                v[f] /= 10;
            }
            k += (size_t)w[f];
        }
        buf[k] = '\0';
        return buf;
    }
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    return buf;
}

/* Reads 1..max digits at *i into *v; false if none. */
static bool num(const char *s, size_t n, size_t *i, int min, int max, int *v)
{
    int k = 0, x = 0;
    while (*i < n && is_digit(s[*i]) && k < max) {
        x = x * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (k < min || (*i < n && is_digit(s[*i])))
        return false;
    *v = x;
    return true;
}

static bool lit(const char *s, size_t n, size_t *i, const char *l)
{
    size_t k = strlen(l);
    if (n - *i < k || memcmp(s + *i, l, k) != 0)
        return false;
    *i += k;
    return true;
}

/* " HH:MM[:SS[.f...]]" or "THH:MM..." with an optional "Z" or "+HH:MM";
 * validated, then ignored. */
static bool time_part(const char *s, size_t n, size_t *i)
{
    int h, mi, sec = 0;
    if (*i == n)
        return true;
    if (s[*i] != ' ' && s[*i] != 'T')
        return false;
    (*i)++;
    if (!num(s, n, i, 1, 2, &h) || !lit(s, n, i, ":") || !num(s, n, i, 2, 2, &mi))
        return false;
    if (lit(s, n, i, ":")) {
        if (!num(s, n, i, 2, 2, &sec))
            return false;
        if (lit(s, n, i, ".") && !(*i < n && is_digit(s[*i])))
            return false;
        while (*i < n && is_digit(s[*i]))
            (*i)++;
    }
    if (*i < n && s[*i] == 'Z')
        (*i)++;
    else if (*i < n && (s[*i] == '+' || s[*i] == '-')) {
        int oh, om;
        (*i)++;
        if (!num(s, n, i, 2, 2, &oh) || !lit(s, n, i, ":") || !num(s, n, i, 2, 2, &om))
            return false;
    }
    return h <= 23 && mi <= 59 && sec <= 60;
}

static bool parse_iso(const char *s, size_t n, int *y, int *m, int *d)
{
    size_t i = 0;
    return num(s, n, &i, 4, 4, y) && lit(s, n, &i, "-") && num(s, n, &i, 1, 2, m) &&
           lit(s, n, &i, "-") && num(s, n, &i, 1, 2, d) && time_part(s, n, &i) && i == n;
}

static bool parse_mdy(const char *s, size_t n, int *y, int *m, int *d)
{
    size_t i = 0;
    return num(s, n, &i, 1, 2, m) && lit(s, n, &i, "/") && num(s, n, &i, 1, 2, d) &&
           lit(s, n, &i, "/") && num(s, n, &i, 4, 4, y) && time_part(s, n, &i) && i == n;
}

static bool parse_cn(const char *s, size_t n, int *y, int *m, int *d)
{
    size_t i = 0;
    return num(s, n, &i, 4, 4, y) && lit(s, n, &i, "\xE5\xB9\xB4") /* 年 */ &&
           num(s, n, &i, 1, 2, m) && lit(s, n, &i, "\xE6\x9C\x88") /* 月 */ &&
           num(s, n, &i, 1, 2, d) && lit(s, n, &i, "\xE6\x97\xA5") /* 日 */ &&
           time_part(s, n, &i) && i == n;
}

/* "Dec-2011" or "Dec-11" (two-digit years are 20YY: LendingClub's issue_d
 * starts in 2007). The day is the 1st of the month. */
static bool parse_mon(const char *s, size_t n, int *y, int *m, int *d)
{
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (n != 6 && n != 8)
        return false;
    *m = 0;
    for (int k = 0; k < 12; k++)
        if (strncasecmp(s, months[k], 3) == 0)
            *m = k + 1;
    size_t i = 3;
    if (*m == 0 || !lit(s, n, &i, "-") || !num(s, n, &i, 2, 4, y) || i != n)
        return false;
    if (n == 6)
        *y += 2000;
    *d = 1;
    return true;
}

static void expected_text(unsigned formats, char *buf, size_t size)
{
    /* YYYY年M月D日 spelled in bytes: the source stays ASCII */
    static const char *const names[] = {"YYYY-MM-DD", "M/D/YYYY",
                                        ("YYYY\xE5\xB9\xB4M\xE6\x9C\x88" "D\xE6\x97\xA5"),
                                        "Mon-YYYY"};
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned k = 0; k < 4; k++)
        if (formats & (1u << k)) {
            int w = snprintf(buf + used, size - used, "%s%s", used ? " or " : "", names[k]);
            if (w < 0 || (size_t)w >= size - used)
                return;
            used += (size_t)w;
        }
}

/* The two shapes of nearly every date in the complaint exports, 10 bytes
 * without blanks or a time: YYYY-MM-DD and MM/DD/YYYY. The general parser
 * reads exactly these digits for them (a 4-digit year, 2-digit month and
 * day), so this is a shortcut, not a second grammar: any other text, or a
 * date that is not a real one, goes to the general parser and its
 * messages. Per row twice on a CFPB file. */
static inline unsigned digit_at(const char *s, int i) { return (unsigned char)s[i] - (unsigned)'0'; }

static bool fixed_shape(const char *s, size_t n, unsigned formats, int *y, int *m, int *d)
{
    int yi, mi, di;   /* where the year, month and day start */
    if (n != 10)
        return false;
    if ((formats & PT_DATE_ISO) && s[4] == '-' && s[7] == '-')
        yi = 0, mi = 5, di = 8;
    else if ((formats & PT_DATE_MDY) && s[2] == '/' && s[5] == '/')
        yi = 6, mi = 0, di = 3;
    else
        return false;
    unsigned y0 = digit_at(s, yi), y1 = digit_at(s, yi + 1), y2 = digit_at(s, yi + 2),
             y3 = digit_at(s, yi + 3), m0 = digit_at(s, mi), m1 = digit_at(s, mi + 1),
             d0 = digit_at(s, di), d1 = digit_at(s, di + 1);
    /* each is 0..9 for a digit, else 10..255 or wrapped huge */
    if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9))
        return false;
    *y = (int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
    *m = (int)(m0 * 10 + m1);
    *d = (int)(d0 * 10 + d1);
    return true;
}

/* Every format, with blanks around, and the error messages: out of line,
 * so the shortcut's caller does not pay for this frame's buffers. */
static __attribute__((noinline)) enum pt_code parse_general(const char *text, size_t len,
                                                             unsigned formats, int32_t *out_day,
                                                             struct pt_error *err);

enum pt_code pt_date_parse(const char *text, size_t len, unsigned formats, int32_t *out_day,
                           struct pt_error *err)
{
    int y, m, d;
    if (fixed_shape(text, len, formats, &y, &m, &d) && pt_date_valid(y, m, d)) {
        *out_day = pt_date_from_ymd(y, m, d);
        return PT_OK;
    }
    return parse_general(text, len, formats, out_day, err);
}

static enum pt_code parse_general(const char *text, size_t len, unsigned formats,
                                  int32_t *out_day, struct pt_error *err)
{
    size_t b = 0, e = len;
    while (b < e && (text[b] == ' ' || text[b] == '\t'))
        b++;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t'))
        e--;
    const char *s = text + b;
    size_t n = e - b;
    int y = 0, m = 0, d = 0;
    bool shape = ((formats & PT_DATE_ISO) && parse_iso(s, n, &y, &m, &d)) ||
                 ((formats & PT_DATE_MDY) && parse_mdy(s, n, &y, &m, &d)) ||
                 ((formats & PT_DATE_CN) && parse_cn(s, n, &y, &m, &d)) ||
                 ((formats & PT_DATE_MON_YYYY) && parse_mon(s, n, &y, &m, &d));
    char q[96], what[96];
    if (shape && pt_date_valid(y, m, d)) {
        *out_day = pt_date_from_ymd(y, m, d);
        return PT_OK;
    }
    pt_error_quote(text, len, 64, q, sizeof q);
    if (shape)
        return pt_error_set(err, PT_EINVAL, NULL,
                            "expected a real calendar date, found \"%s\"", q);
    expected_text(formats, what, sizeof what);
    return pt_error_set(err, PT_EINVAL, NULL, "expected a date %s, found \"%s\"", what, q);
}

int32_t pt_date_month_key(int32_t day)
{
    int y, m, d;
    pt_date_to_ymd(day, &y, &m, &d);
    return y * 12 + (m - 1);
}

int32_t pt_date_quarter_key(int32_t day)
{
    int y, m, d;
    pt_date_to_ymd(day, &y, &m, &d);
    return y * 4 + (m - 1) / 3;
}

int32_t pt_date_year(int32_t day)
{
    int y, m, d;
    pt_date_to_ymd(day, &y, &m, &d);
    return y;
}

const char *pt_month_key_format(int32_t key, char *buf, size_t size)
{
    /* The report formats one per company and month (186,000 on the full
     * CFPB export): years 0-9999 by hand, the same bytes as the printf. */
    if (key >= 0 && key / 12 <= 9999 && size >= 8) {
        int y = key / 12, m = key % 12 + 1;
        buf[0] = (char)('0' + y / 1000);
        buf[1] = (char)('0' + y / 100 % 10);
        buf[2] = (char)('0' + y / 10 % 10);
        buf[3] = (char)('0' + y % 10);
        buf[4] = '-';
        buf[5] = (char)('0' + m / 10);
        buf[6] = (char)('0' + m % 10);
        buf[7] = '\0';
        return buf;
    }
    snprintf(buf, size, "%04d-%02d", (int)(key / 12), (int)(key % 12 + 1));
    return buf;
}

const char *pt_quarter_key_format(int32_t key, char *buf, size_t size)
{
    snprintf(buf, size, "%04dQ%d", (int)(key / 4), (int)(key % 4 + 1));
    return buf;
}

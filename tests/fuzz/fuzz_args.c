/* fuzz_args.c: the parsers of option values (`ptaudit apr` and the data
 * commands): --flows `when` cells, --periods-per-year, --frequency,
 * --method, --period, --by, --encoding.
 *
 * The first input byte picks the parser; the rest is the value (cut at the
 * first NUL, as argv would be). Properties: a failure is PT_EINVAL or
 * PT_EUSAGE with an "expected" message; a success is in the documented
 * domain and round-trips through the canonical name where there is one:
 *  - when: a period has a finite whole >= 0 and an odd part in [0, 1); a
 *    date is a real calendar date;
 *  - periods per year: finite and > 0;
 *  - method, encoding: the canonical name parses back to the same value;
 *  - period: its label parses back to the same period, first <= last, and
 *    both ends are inside it; the previous period ends the day before;
 *  - --by: at most PT_RATE_MAX_KEYS keys, no key twice, each named key
 *    parses alone to itself. */
#include <math.h>
#include <string.h>

#include "audit/apr.h"
#include "audit/csv_reader.h"
#include "audit/date.h"
#include "audit/period.h"
#include "audit/schedule.h"
#include "audit/stats_rates.h"
#include "tests/fuzz/fuzz.h"

static void check_failure(enum pt_code rc, const struct pt_error *err)
{
    PT_FUZZ_CHECK(rc == PT_EINVAL || rc == PT_EUSAGE, "code %d: %s", (int)rc, err->msg);
    PT_FUZZ_CHECK(strstr(err->msg, "expected") != NULL, "message without expected: %s",
                  err->msg);
}

static void when(const char *s, size_t n)
{
    struct pt_when w;
    struct pt_error err;
    enum pt_code rc = pt_when_parse(s, n, &w, &err);
    if (rc != PT_OK) {
        check_failure(rc, &err);
        return;
    }
    if (w.kind == PT_WHEN_PERIOD) {
        PT_FUZZ_CHECK(isfinite(w.whole) && w.whole >= 0, "whole %.17g", w.whole);
        PT_FUZZ_CHECK(isfinite(w.odd) && w.odd >= 0 && w.odd < 1, "odd %.17g", w.odd);
    } else {
        int y, m, d;
        PT_FUZZ_CHECK(w.kind == PT_WHEN_DATE, "kind %d", (int)w.kind);
        pt_date_to_ymd(w.day, &y, &m, &d);
        PT_FUZZ_CHECK(pt_date_valid(y, m, d), "day %ld", (long)w.day);
    }
}

static void ppy(const char *s, int frequency)
{
    double v = 0;
    struct pt_error err;
    enum pt_code rc = frequency ? pt_frequency_parse(s, &v, &err) : pt_ppy_parse(s, &v, &err);
    if (rc != PT_OK) {
        check_failure(rc, &err);
        return;
    }
    PT_FUZZ_CHECK(isfinite(v) && v > 0, "periods per year %.17g from \"%s\"", v, s);
}

static void method(const char *s)
{
    enum pt_method m, back;
    struct pt_error err;
    enum pt_code rc = pt_method_parse(s, &m, &err);
    if (rc != PT_OK) {
        check_failure(rc, &err);
        return;
    }
    const char *name = pt_method_name(m);
    PT_FUZZ_CHECK(name && pt_method_parse(name, &back, &err) == PT_OK && back == m, "method %d",
                  (int)m);
}

static void encoding(const char *s)
{
    enum pt_encoding e, back;
    struct pt_error err;
    enum pt_code rc = pt_encoding_parse(s, &e, &err);
    if (rc != PT_OK) {
        check_failure(rc, &err);
        return;
    }
    const char *name = pt_encoding_name(e);
    PT_FUZZ_CHECK(name && pt_encoding_parse(name, &back, &err) == PT_OK && back == e,
                  "encoding %d", (int)e);
}

static void period(const char *s)
{
    struct pt_period p, again, prev;
    struct pt_error err;
    enum pt_code rc = pt_period_parse(s, &p, &err);
    if (rc != PT_OK) {
        check_failure(rc, &err);
        return;
    }
    PT_FUZZ_CHECK(pt_period_parse(p.label, &again, &err) == PT_OK, "label \"%s\": %s", p.label,
                  err.msg);
    PT_FUZZ_CHECK(again.kind == p.kind && again.year == p.year && again.index == p.index &&
                      strcmp(again.first, p.first) == 0 && strcmp(again.last, p.last) == 0,
                  "\"%s\" -> \"%s\" does not round-trip", s, p.label);
    PT_FUZZ_CHECK(strcmp(p.first, p.last) <= 0, "first %s after last %s", p.first, p.last);
    PT_FUZZ_CHECK(pt_period_contains(&p, p.first) && pt_period_contains(&p, p.last),
                  "%s does not contain its ends", p.label);
    int32_t first = 0, prev_last = 0;
    if (pt_date_parse(p.first, strlen(p.first), PT_DATE_ISO, &first, &err) != PT_OK)
        return; /* a period before year 1 has no calendar date */
    pt_period_previous(&p, &prev);
    if (pt_date_parse(prev.last, strlen(prev.last), PT_DATE_ISO, &prev_last, &err) == PT_OK)
        PT_FUZZ_CHECK(prev_last + 1 == first, "%s does not end the day before %s", prev.label,
                      p.label);
}

static void keys(const char *s)
{
    enum pt_rate_key k[PT_RATE_MAX_KEYS], one[PT_RATE_MAX_KEYS];
    size_t n = 0, n1 = 0;
    int by_loan = 0, by_loan1 = 0;
    struct pt_error err;
    enum pt_code rc = pt_rate_keys_parse(s, k, &n, &by_loan, &err);
    if (rc != PT_OK) {
        check_failure(rc, &err);
        return;
    }
    PT_FUZZ_CHECK(n <= PT_RATE_MAX_KEYS && (!by_loan || n == 0), "%zu keys, by_loan %d", n,
                  by_loan);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++)
            PT_FUZZ_CHECK(k[i] != k[j], "key %d twice in \"%s\"", (int)k[i], s);
        const char *name = pt_rate_key_name(k[i]);
        PT_FUZZ_CHECK(name && pt_rate_keys_parse(name, one, &n1, &by_loan1, &err) == PT_OK &&
                          n1 == 1 && one[0] == k[i],
                      "key %d", (int)k[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *s = malloc(size);
    PT_FUZZ_CHECK(s != NULL, "malloc");
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    size_t n = strlen(s);
    switch (data[0] % 7) {
    case 0: when(s, n); break;
    case 1: ppy(s, 0); break;
    case 2: ppy(s, 1); break;
    case 3: method(s); break;
    case 4: period(s); break;
    case 5: keys(s); break;
    default: encoding(s); break;
    }
    free(s);
    return 0;
}

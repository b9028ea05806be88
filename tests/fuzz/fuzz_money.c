/* fuzz_money.c: the exact decimal and money parsers (money.h).
 *
 * Properties, beyond "no crash, no UB":
 *  - a parsed decimal has 0 <= scale <= 18;
 *  - differential: with no flags, an accepted text is a plain decimal, and
 *    strtod (C locale: the library never sets one) must agree with
 *    pt_decimal_to_double within a few ulps;
 *  - money round trip: an amount parsed without rounding, formatted with
 *    pt_money_format and parsed again, gives the same minor units;
 *  - money agrees with decimal: units / 10^scale scaled to the minor unit.
 * The first input byte picks the flags and the minor-unit digits. */
#include <math.h>
#include <string.h>

#include "audit/money.h"
#include "tests/fuzz/fuzz.h"

static void check_decimal(const char *s, size_t n, unsigned flags)
{
    struct pt_decimal d = {0, 0};
    struct pt_error err;
    if (pt_decimal_parse(s, n, flags, &d, &err) != PT_OK)
        return;
    PT_FUZZ_CHECK(d.scale >= 0 && d.scale <= 18, "scale %d", d.scale);
    if (flags != 0 || memchr(s, '\0', n) != NULL)
        return;
    char *end = NULL;
    double want = strtod(s, &end);
    double got = pt_decimal_to_double(d);
    double tol = 4 * 2.220446049250313e-16 * fabs(want);
    PT_FUZZ_CHECK(fabs(got - want) <= tol, "decimal %.17g, strtod %.17g for \"%s\"", got,
                  want, s);
}

static void check_money(const char *s, size_t n, int md, unsigned flags)
{
    int64_t minor = 0, again = 0;
    int rounded = -1;
    struct pt_error err;
    if (pt_money_parse(s, n, md, flags, &minor, &rounded, &err) != PT_OK)
        return;
    PT_FUZZ_CHECK(rounded == 0 || rounded == 1, "rounded %d", rounded);
    char buf[64];
    pt_money_format(minor, md, buf, sizeof buf);
    PT_FUZZ_CHECK(pt_money_parse(buf, strlen(buf), md, 0, &again, NULL, &err) == PT_OK,
                  "formatted \"%s\" does not parse: %s", buf, err.msg);
    PT_FUZZ_CHECK(again == minor, "round trip %lld -> \"%s\" -> %lld", (long long)minor, buf,
                  (long long)again);
    struct pt_decimal d;
    if (rounded || pt_decimal_parse(s, n, flags, &d, &err) != PT_OK || d.scale > md)
        return;
    int64_t scaled = d.units;
    for (int k = d.scale; k < md; k++)
        if (__builtin_mul_overflow(scaled, 10, &scaled))
            return;
    PT_FUZZ_CHECK(scaled == minor, "money %lld, decimal %lld/10^%d for \"%s\"", (long long)minor,
                  (long long)d.units, d.scale, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0] & 7u;
    int md = (data[0] >> 3) % 4;
    /* A NUL-terminated copy so strtod cannot read past the input. */
    char *s = malloc(size);
    if (s == NULL)
        return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    check_decimal(s, size - 1, flags);
    check_money(s, size - 1, md, flags);
    free(s);
    return 0;
}

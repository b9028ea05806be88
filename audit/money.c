/* money.c: exact decimal parsing into integers (see money.h).
 *
 * One scanner splits the text into sign, integer digits and fraction digits
 * (thousands separators, currency sign and '%' handled by flags); the two
 * public parsers then build their integers from those digit runs, so a
 * money value with a 30-digit fraction still rounds exactly: the digits past
 * the minor unit are only looked at for the half-to-even decision. */
#include "audit/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct scan {
    bool negative;
    bool percent;
    const char *int_digits;   /* may contain ',' when thousands are allowed */
    size_t int_len;
    const char *frac_digits;
    size_t frac_len;
};

static const int64_t pow10_table[19] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL, 100000000LL,
    1000000000LL, 10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL,
    100000000000000LL, 1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
    1000000000000000000LL};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static enum pt_code fail(struct pt_error *err, enum pt_code code, const char *what,
                         const char *text, size_t len)
{
    char q[96];
    pt_error_quote(text, len, 64, q, sizeof q);
    return pt_error_set(err, code, NULL, "expected %s, found \"%s\"", what, q);
}

/* A more precise message for the typical wrong inputs, or NULL. */
static const char *diagnose(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        const unsigned char *u = (const unsigned char *)s + i;
        /* U+FF10..U+FF19 FULLWIDTH DIGIT ZERO..NINE: EF BC 90..99 */
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
            return "a number in ASCII digits (full-width digits such as \xEF\xBC\x91 are not "
                   "accepted)";
    }
    static const char *const words[] = {"nan", "-nan", "+nan", "inf", "-inf", "+inf",
                                        "infinity", "-infinity", "+infinity"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strlen(words[k]) == n && strncasecmp(s, words[k], n) == 0)
            return "a finite decimal number (NaN and infinity are not amounts)";
    for (size_t i = 1; i < n; i++)
        if ((s[i] == 'e' || s[i] == 'E') && is_digit(s[i - 1]))
            return "a plain decimal number without an exponent (write 1000, not 1e3)";
    if (n > 1 && s[n - 1] == '%' && s[n - 2] == '%')
        return "a decimal number with at most one '%'";
    return NULL;
}

static bool skip_currency(const char *s, size_t n, size_t *i)
{
    static const char *const signs[] = {"$", "\xC2\xA5", "\xEF\xBF\xA5"}; /* $ ¥ ￥ */
    if (*i >= n || (s[*i] != '$' && s[*i] != '\xC2' && s[*i] != '\xEF'))
        return false; /* the usual case, a digit: no sign starts with it */
    for (size_t k = 0; k < sizeof signs / sizeof signs[0]; k++) {
        size_t l = strlen(signs[k]);
        if (n - *i >= l && memcmp(s + *i, signs[k], l) == 0) {
            *i += l;
            return true;
        }
    }
    return false;
}

/* Thousands separators, when allowed, must group the integer part by 3. */
static bool thousands_ok(const char *d, size_t n)
{
    if (memchr(d, ',', n) == NULL)
        return true;
    size_t group = 0, groups = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == ',') {
            if ((groups == 0 && (group == 0 || group > 3)) || (groups > 0 && group != 3))
                return false;
            groups++;
            group = 0;
        } else {
            group++;
        }
    }
    return group == 3;
}

static size_t scan_digits(const char *s, size_t n, size_t i, bool commas)
{
    while (i < n && (is_digit(s[i]) || (commas && s[i] == ',')))
        i++;
    return i;
}

static enum pt_code scan(const char *text, size_t len, unsigned flags, struct scan *sc,
                         struct pt_error *err)
{
    const char *what = (flags & PT_NUM_PERCENT_OK) ? "a decimal number or percentage"
                                                   : "a decimal number";
    size_t b = 0, e = len;
    while (b < e && (text[b] == ' ' || text[b] == '\t'))
        b++;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t'))
        e--;
    const char *s = text + b;
    size_t n = e - b, i = 0;
    memset(sc, 0, sizeof *sc);
    bool cur = (flags & PT_NUM_CURRENCY_OK) && skip_currency(s, n, &i);
    if (i < n && (s[i] == '-' || s[i] == '+'))
        sc->negative = s[i++] == '-';
    if (!cur && (flags & PT_NUM_CURRENCY_OK))
        skip_currency(s, n, &i);
    bool commas = (flags & PT_NUM_THOUSANDS_OK) != 0;
    size_t j = scan_digits(s, n, i, commas);
    sc->int_digits = s + i;
    sc->int_len = j - i;
    i = j;
    if (i < n && s[i] == '.') {
        j = scan_digits(s, n, ++i, false);
        sc->frac_digits = s + i;
        sc->frac_len = j - i;
        i = j;
    }
    if (i < n && s[i] == '%' && (flags & PT_NUM_PERCENT_OK)) {
        sc->percent = true;
        i++;
    }
    bool digits = sc->int_len + sc->frac_len > 0;
    if (i != n || !digits || !thousands_ok(sc->int_digits, sc->int_len)) {
        const char *why = diagnose(s, n);
        return fail(err, PT_EINVAL, why ? why : what, text, len);
    }
    return PT_OK;
}

/* Appends digit runs to *acc (acc = acc*10 + d), skipping ','; false on
 * overflow. */
static bool accumulate(int64_t *acc, const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (d[i] == ',')
            continue;
        if (__builtin_mul_overflow(*acc, 10, acc) || __builtin_add_overflow(*acc, d[i] - '0', acc))
            return false;
    }
    return true;
}

enum pt_code pt_decimal_parse(const char *text, size_t len, unsigned flags,
                              struct pt_decimal *out, struct pt_error *err)
{
    struct scan sc;
    enum pt_code rc = scan(text, len, flags, &sc, err);
    if (rc != PT_OK)
        return rc;
    size_t frac = sc.frac_len;
    while (frac > 0 && sc.frac_digits[frac - 1] == '0')
        frac--; /* "0.300000" is exactly 0.3 */
    size_t scale = frac + (sc.percent ? 2u : 0u);
    int64_t units = 0;
    if (scale > 18 || !accumulate(&units, sc.int_digits, sc.int_len) ||
        !accumulate(&units, sc.frac_digits, frac))
        return fail(err, PT_ERANGE, "a number with at most 18 significant digits", text, len);
    out->units = sc.negative ? -units : units;
    out->scale = (int)scale;
    return PT_OK;
}

double pt_decimal_to_double(struct pt_decimal d)
{
    /* Both operands are exact doubles while |units| < 2^53, so the quotient
     * is the correctly rounded value of the decimal. */
    return (double)d.units / (double)pow10_table[d.scale < 0 ? 0 : d.scale > 18 ? 18 : d.scale];
}

/* Half-to-even on the digits past the minor unit: returns 1 to round up. */
static int round_up(int64_t kept, const char *rest, size_t n)
{
    if (n == 0 || rest[0] < '5')
        return 0;
    if (rest[0] > '5')
        return 1;
    for (size_t i = 1; i < n; i++)
        if (rest[i] != '0')
            return 1;
    return (int)(kept & 1); /* exactly half: to even */
}

enum pt_code pt_money_parse(const char *text, size_t len, int minor_digits, unsigned flags,
                            int64_t *out_minor, int *rounded, struct pt_error *err)
{
    struct scan sc;
    enum pt_code rc = scan(text, len, flags & ~(unsigned)PT_NUM_PERCENT_OK, &sc, err);
    if (rc != PT_OK)
        return rc;
    size_t md = minor_digits < 0 ? 0u : (size_t)minor_digits;
    size_t kept = sc.frac_len < md ? sc.frac_len : md;
    int64_t v = 0;
    bool ok = accumulate(&v, sc.int_digits, sc.int_len) && accumulate(&v, sc.frac_digits, kept);
    for (size_t k = kept; ok && k < md; k++)
        ok = !__builtin_mul_overflow(v, 10, &v);
    const char *rest = sc.frac_digits != NULL ? sc.frac_digits + kept : ""; /* NULL + 0 is UB */
    size_t n_rest = sc.frac_len - kept;
    int up = round_up(v, rest, n_rest);
    ok = ok && !__builtin_add_overflow(v, up, &v);
    if (!ok)
        return fail(err, PT_ERANGE, "an amount within +/-92233720368547758.07", text, len);
    int inexact = 0;
    for (size_t i = 0; i < n_rest; i++)
        inexact |= rest[i] != '0';
    if (rounded != NULL)
        *rounded = inexact;
    *out_minor = sc.negative ? -v : v;
    return PT_OK;
}

int pt_currency_minor_digits(const char *code)
{
    /* ISO 4217 exponents of the currencies that differ from 2. */
    static const struct {
        char code[4];
        int digits;
    } table[] = {{"JPY", 0}, {"KRW", 0}, {"VND", 0}, {"CLP", 0}, {"ISK", 0}, {"PYG", 0},
                 {"UGX", 0}, {"XOF", 0}, {"XAF", 0}, {"KWD", 3}, {"BHD", 3}, {"JOD", 3},
                 {"OMR", 3}, {"TND", 3}, {"LYD", 3}, {"IQD", 3}};
    if (code == NULL)
        return 2;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(code, table[i].code) == 0)
            return table[i].digits;
    return 2;
}

const char *pt_money_format(int64_t minor, int minor_digits, char *buf, size_t size)
{
    uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    int md = minor_digits < 0 ? 0 : minor_digits > 18 ? 18 : minor_digits;
    uint64_t p = (uint64_t)pow10_table[md];
    if (size == 0)
        return buf;
    if (md == 0)
        snprintf(buf, size, "%s%llu", minor < 0 ? "-" : "", (unsigned long long)mag);
    else
        snprintf(buf, size, "%s%llu.%0*llu", minor < 0 ? "-" : "", (unsigned long long)(mag / p),
                 md, (unsigned long long)(mag % p));
    return buf;
}

enum pt_code pt_money_add(int64_t *acc, int64_t v, struct pt_error *err)
{
    int64_t r;
    if (__builtin_add_overflow(*acc, v, &r))
        return pt_error_set(err, PT_ERANGE, NULL,
                            "expected a total within +/-92233720368547758.07, found an overflow "
                            "adding %lld to %lld",
                            (long long)v, (long long)*acc);
    *acc = r;
    return PT_OK;
}

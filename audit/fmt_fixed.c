/* fmt_fixed.c: see fmt_fixed.h.
 *
 * v = m x 2^e with m < 2^53. For |v| < 2^53, e <= 0: with s = -e,
 * |v| x 10^d = m 10^d / 2^s, and m 10^d < 2^53 x 10^17 < 2^110 fits in an
 * unsigned __int128, so the quotient and the remainder of the shift give
 * the correctly rounded result (remainder above half: up; exactly half:
 * to even), which is what glibc's printf_fp computes with its multi-
 * precision arithmetic. */
#include "audit/fmt_fixed.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

__extension__ typedef unsigned __int128 pt_u128;

static const uint64_t pow10_u64[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL, 10000000000000000000ULL};

/* "00".."99": two digits per division (the per-loan table formats ~10
 * numbers a row, a million rows). */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The n low digits of v (zeros in front), most significant first. */
static void put_digits(uint64_t v, char *buf, size_t n)
{
    while (n >= 2) {
        memcpy(buf + n - 2, digit_pairs + 2 * (v % 100), 2);
        v /= 100;
        n -= 2;
    }
    if (n == 1)
        buf[0] = (char)('0' + v % 10);
}

/* Digits of v, most significant first, into buf; returns the count. */
static size_t put_u64(uint64_t v, char *buf)
{
    size_t n = 1;
    while (n < 20 && v >= pow10_u64[n])
        n++;
    put_digits(v, buf, n);
    return n;
}

size_t pt_fmt_i64(int64_t v, char *buf)
{
    size_t k = 0;
    uint64_t mag = (uint64_t)v;
    if (v < 0) {
        buf[k++] = '-';
        mag = (uint64_t)0 - mag;
    }
    k += put_u64(mag, buf + k);
    buf[k] = '\0';
    return k;
}

/* round_half_even(|v| x 10^d) when it is below 10^19; 0 otherwise. */
static int scaled(double v, int d, uint64_t *out)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int biased = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
    if (biased == 0x7ff)
        return 0;                       /* inf, NaN */
    if (biased == 0)
        biased = 1;                     /* subnormal (or zero) */
    else
        m |= UINT64_C(1) << 52;
    int s = 1075 - biased;              /* v = m / 2^s */
    if (s < 0)
        return 0;                       /* |v| >= 2^53 */
    pt_u128 n = (pt_u128)m * pow10_u64[d];
    pt_u128 q;
    if (s == 0) {
        q = n;
    } else if (s >= 120) {
        q = 0;                          /* n < 2^110 <= half: rounds to 0 */
    } else {
        q = n >> s;
        pt_u128 rem = n - (q << s), half = (pt_u128)1 << (s - 1);
        if (rem > half || (rem == half && (q & 1)))
            q++;
    }
    if (q >= pow10_u64[19])
        return 0;
    *out = (uint64_t)q;
    return 1;
}

int pt_fmt_fixed_fast(double v, int digits, char *buf)
{
    int d = digits < 0 ? 0 : digits > 17 ? 17 : digits;
    uint64_t q;
    if (!scaled(v, d, &q))
        return -1;
    size_t k = 0;
    if (signbit(v))
        buf[k++] = '-';
    k += put_u64(q / pow10_u64[d], buf + k);
    if (d > 0) {
        buf[k++] = '.';
        put_digits(q % pow10_u64[d], buf + k, (size_t)d);
        k += (size_t)d;
    }
    buf[k] = '\0';
    return (int)k;
}

size_t pt_fmt_fixed(double v, int digits, char *buf, size_t size)
{
    char fast[PT_FMT_FIXED_SIZE];
    int d = digits < 0 ? 0 : digits > 17 ? 17 : digits;
    int n = pt_fmt_fixed_fast(v, d, fast);
    if (n < 0)
        n = snprintf(buf, size, "%.*f", d, v);
    else if (size > 0)
        snprintf(buf, size, "%s", fast);
    size_t len = n < 0 ? 0 : (size_t)n;
    return size == 0 ? 0 : len < size ? len : size - 1;
}

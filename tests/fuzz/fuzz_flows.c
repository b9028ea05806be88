/* fuzz_flows.c: `ptaudit apr --flows` past the CSV layer: `when` cells
 * (pt_when_parse), amounts (pt_money_parse), pt_flows_from_whens and the
 * rate solver pt_apr_solve (apr.h).
 *
 * Input: the first byte picks periods per year (12, 365, 26, 52, 4, 1,
 * 365/14, 24); the rest is lines "when,amount" (at most 48 flows).
 * Properties: a refusal is PT_EINVAL or PT_ENOCONV with a message, never a
 * guess; a solved rate lies in the economic range, apr = rate * ppy and
 * ear = (1 + rate)^ppy - 1; and, checked here with our own present value
 * (App. J discounting written out again), the present value changes sign
 * or vanishes within 1e-9 * max(1, |rate|) of the rate: it is a root. */
#include <math.h>
#include <string.h>

#include "audit/apr.h"
#include "audit/money.h"
#include "tests/fuzz/fuzz.h"

#define MAX_FLOWS 48

/* Present value at rate i, and the scale of its terms (sum of |terms|). */
static double npv(const struct pt_flow *f, size_t n, double i, double *scale)
{
    double sum = 0;
    *scale = 0;
    for (size_t k = 0; k < n; k++) {
        double t = f[k].amount / ((1 + f[k].odd * i) * pow(1 + i, f[k].whole));
        sum += t;
        *scale += fabs(t);
    }
    return sum;
}

static void check_root(const struct pt_flow *f, size_t n, const struct pt_rate *r, double ppy)
{
    double i = r->rate_per_period, s0, s1, s2;
    PT_FUZZ_CHECK(isfinite(i) && i >= PT_APR_RATE_MIN && i <= PT_APR_RATE_MAX, "rate %.17g", i);
    PT_FUZZ_CHECK(fabs(r->apr - i * ppy) <= 1e-12 * fmax(1, fabs(r->apr)), "apr %.17g", r->apr);
    double ear = pow(1 + i, ppy) - 1;
    if (isfinite(ear) && fabs(ear) < 1e12)
        PT_FUZZ_CHECK(fabs(r->ear - ear) <= 1e-9 * fmax(1, fabs(ear)), "ear %.17g, want %.17g",
                      r->ear, ear);
    double d = 1e-9 * fmax(1, fabs(i));
    double v0 = npv(f, n, i, &s0), lo = npv(f, n, i - d, &s1), hi = npv(f, n, i + d, &s2);
    if (!isfinite(v0) || !isfinite(lo) || !isfinite(hi) || s0 > 1e300)
        return; /* (1+i)^whole overflowed: no independent check possible */
    PT_FUZZ_CHECK(fabs(v0) <= 1e-9 * s0 || (lo <= 0) != (hi <= 0),
                  "rate %.17g is not a root: npv %.6g (scale %.6g), %.6g .. %.6g", i, v0, s0, lo,
                  hi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const double ppys[8] = {12, 365, 26, 52, 4, 1, 365.0 / 14, 24};
    if (size < 1)
        return 0;
    double ppy = ppys[data[0] & 7u];
    const char *s = (const char *)data + 1, *end = (const char *)data + size;
    struct pt_when when[MAX_FLOWS];
    double amount[MAX_FLOWS];
    size_t n = 0;
    struct pt_error err;
    while (s < end && n < MAX_FLOWS) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
        const char *comma = memchr(s, ',', len);
        int64_t minor = 0;
        if (comma != NULL && pt_when_parse(s, (size_t)(comma - s), &when[n], &err) == PT_OK &&
            pt_money_parse(comma + 1, len - (size_t)(comma - s) - 1, 2, 0, &minor, NULL,
                           &err) == PT_OK)
            amount[n++] = (double)minor / 100;
        s += len + 1;
    }
    struct pt_flow flows[MAX_FLOWS];
    enum pt_code rc = pt_flows_from_whens(when, amount, n, ppy, flows, &err);
    if (rc != PT_OK) {
        PT_FUZZ_CHECK(rc == PT_EINVAL && err.msg[0], "from_whens %d: %s", (int)rc, err.msg);
        return 0;
    }
    struct pt_rate r;
    rc = pt_apr_solve(flows, n, ppy, NULL, &r, &err);
    if (rc != PT_OK) {
        PT_FUZZ_CHECK((rc == PT_EINVAL || rc == PT_ENOCONV) && err.msg[0], "solve %d: %s",
                      (int)rc, err.msg);
        return 0;
    }
    check_root(flows, n, &r, ppy);
    return 0;
}

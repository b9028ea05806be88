/* bench_apr.c: how fast the rate engine solves loans (issue #3 target:
 * >= 1,000,000 loans/s on one core, Release build).
 *
 * Generates N offers (default 1,000,000) of 3-36 periods with a fixed
 * xorshift64* seed — every method, fees on about half — and times
 * pt_offer_evaluate (validation + rounded totals + exact-schedule solve),
 * then pt_apr_solve on the same loans as flow lists, then
 * pt_apr_level_rate (the LendingClub/Prosper recompute). Prints loans/s and
 * ns/loan per stage and a checksum so the work cannot be optimized away.
 * Usage: bench_apr [N]. Not a ctest: timings vary by machine. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "audit/apr.h"
#include "audit/schedule.h"

static uint64_t next_u64(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static int64_t uniform(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(next_u64(s) % (uint64_t)(hi - lo + 1));
}

/* CPU time of this process: on a shared machine the wall clock also
 * counts other people's work; one thread, so CPU time = one core's time. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double wall_start;

static void report(const char *what, size_t n, double secs, double checksum)
{
    printf("%-34s %9zu loans  %6.3f s CPU  %10.0f loans/s  %7.1f ns/loan  (wall %.3f s; "
           "checksum %.6f)\n",
           what, n, secs, (double)n / secs, secs * 1e9 / (double)n, wall() - wall_start, checksum);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    struct pt_offer *offers = malloc(n * sizeof *offers);
    if (offers == NULL || n == 0)
        return 1;
    uint64_t s = 0xbe7c4a11ULL;
    for (size_t k = 0; k < n; k++) {
        struct pt_offer o = {0};
        o.method = (enum pt_method)uniform(&s, 1, 5);
        o.term = (int)uniform(&s, 3, 36);
        o.periods_per_year = 12;
        o.minor_digits = 2;
        o.principal_minor = uniform(&s, 50000, 5000000);
        o.rate = (struct pt_decimal){uniform(&s, 0, 3000), 5};
        if (uniform(&s, 0, 1))
            o.upfront_fee_minor = uniform(&s, 0, o.principal_minor / 10);
        if (uniform(&s, 0, 1))
            o.periodic_fee_minor = uniform(&s, 0, 5000);
        offers[k] = o;
    }
    struct pt_error err;
    struct pt_offer_result res;
    double sum = 0, t0 = now();
    wall_start = wall();
    for (size_t k = 0; k < n; k++) {
        if (pt_offer_evaluate(&offers[k], 0, NULL, &res, &err) != PT_OK) {
            fprintf(stderr, "loan %zu: %s\n", k, err.msg);
            return 1;
        }
        sum += res.rate.apr;
    }
    report("pt_offer_evaluate (exact schedule)", n, now() - t0, sum / (double)n);

    /* Flow lists: the same loans' exact annuity-like flows, built untimed. */
    size_t nf = n < 200000 ? n : 200000;
    struct pt_flow *flows = malloc(nf * 37 * sizeof *flows);
    if (flows == NULL)
        return 1;
    for (size_t k = 0; k < nf; k++) {
        const struct pt_offer *o = &offers[k];
        double p = (double)o->principal_minor, pay = p / pt_apr_annuity_factor(
                                                          pt_decimal_to_double(o->rate), o->term);
        flows[k * 37] = (struct pt_flow){0, 0, -(p - (double)o->upfront_fee_minor)};
        for (int j = 1; j <= 36; j++)
            flows[k * 37 + (size_t)j] =
                (struct pt_flow){j, 0, j <= o->term ? pay + (double)o->periodic_fee_minor : 0};
    }
    struct pt_rate r;
    sum = 0, t0 = now(), wall_start = wall();
    for (size_t k = 0; k < nf; k++) {
        if (pt_apr_solve(&flows[k * 37], (size_t)offers[k].term + 1, 12, NULL, &r, &err) != PT_OK) {
            fprintf(stderr, "flows %zu: %s\n", k, err.msg);
            return 1;
        }
        sum += r.apr;
    }
    report("pt_apr_solve (flow list)", nf, now() - t0, sum / (double)nf);

    sum = 0, t0 = now(), wall_start = wall();
    for (size_t k = 0; k < n; k++) {
        const struct pt_offer *o = &offers[k];
        double p = (double)o->principal_minor, i;
        double pay = p / pt_apr_annuity_factor(pt_decimal_to_double(o->rate) + 0.001, o->term);
        if (pt_apr_level_rate(p, pay, o->term, &i, &err) != PT_OK) {
            fprintf(stderr, "level %zu: %s\n", k, err.msg);
            return 1;
        }
        sum += i;
    }
    report("pt_apr_level_rate (installment)", n, now() - t0, sum / (double)n);
    free(flows);
    free(offers);
    return 0;
}

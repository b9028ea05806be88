/* cli_progress.c: see cli_progress.h. CLI side: it may read the clock and
 * ask whether stderr is a terminal. */
#include "audit/cli_progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_SECONDS 0.2

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void pt_cli_progress_init(struct pt_cli_progress *p, FILE *out, const char *label, int quiet)
{
    memset(p, 0, sizeof *p);
    if (!quiet && out != NULL && isatty(fileno(out)))
        p->out = out;
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    p->t0 = now_seconds();
}

const char *pt_cli_progress_format(char *buf, size_t size, const char *label, uint64_t done,
                                   uint64_t total, double elapsed)
{
    double mb = (double)done / 1e6;
    double rate = elapsed > 0 ? mb / elapsed : 0.0;
    if (total == 0) {
        snprintf(buf, size, "%s  %.1f MB  %.1f MB/s", label, mb, rate);
        return buf;
    }
    double frac = done >= total ? 1.0 : (double)done / (double)total;
    if (rate <= 0 || done == 0) {
        snprintf(buf, size, "%s  %.1f/%.1f MB  %3.0f%%", label, mb, (double)total / 1e6,
                 frac * 100);
        return buf;
    }
    double left = done >= total ? 0.0 : ((double)(total - done) / 1e6) / rate;
    unsigned long s = (unsigned long)(left + 0.5);
    snprintf(buf, size, "%s  %.1f/%.1f MB  %3.0f%%  %.1f MB/s  ETA %lu:%02lu:%02lu", label, mb,
             (double)total / 1e6, frac * 100, rate, s / 3600, s / 60 % 60, s % 60);
    return buf;
}

void pt_cli_progress_update(void *ctx, uint64_t bytes_done, uint64_t bytes_total)
{
    struct pt_cli_progress *p = ctx;
    if (p == NULL || p->out == NULL)
        return;
    double t = now_seconds();
    if (p->drawn && t - p->last < REDRAW_SECONDS)
        return;
    char line[160];
    pt_cli_progress_format(line, sizeof line, p->label, bytes_done, bytes_total, t - p->t0);
    fprintf(p->out, "\r%-79s", line);
    fflush(p->out);
    p->last = t;
    p->drawn = 1;
}

struct pt_progress pt_cli_progress_hook(struct pt_cli_progress *p)
{
    struct pt_progress h = {pt_cli_progress_update, p};
    return h;
}

void pt_cli_progress_finish(struct pt_cli_progress *p)
{
    if (p->out != NULL && p->drawn) {
        fprintf(p->out, "\r%79s\r", "");
        fflush(p->out);
    }
    p->drawn = 0;
}

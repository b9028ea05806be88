/* histogram.c: see histogram.h. */
#include "audit/histogram.h"

#include <math.h>
#include <string.h>

/* Upper edges of bins 1..7 (bin 0 is < 0, bin 8 is > 1.00). */
static const double upper_edges[PT_HIST_BINS - 2] = {0.06, 0.12, 0.18, 0.24, 0.36, 0.48, 1.00};

static const char *const labels[PT_HIST_BINS] = {
    "<0%", "0-6%", "6-12%", "12-18%", "18-24%", "24-36%", "36-48%", "48-100%", ">100%"};

static const char *const columns[PT_HIST_BINS] = {
    "apr_bin_neg",   "apr_bin_0_6",   "apr_bin_6_12",   "apr_bin_12_18",   "apr_bin_18_24",
    "apr_bin_24_36", "apr_bin_36_48", "apr_bin_48_100", "apr_bin_over_100"};

void pt_histogram_init(struct pt_histogram *h)
{
    memset(h, 0, sizeof *h);
}

int pt_histogram_bin(double apr)
{
    if (isnan(apr))
        return -1;
    if (apr < 0.0)
        return 0;
    for (int i = 0; i < PT_HIST_BINS - 2; i++)
        if (apr <= upper_edges[i])
            return i + 1;
    return PT_HIST_BINS - 1;
}

void pt_histogram_add(struct pt_histogram *h, double apr)
{
    int i = pt_histogram_bin(apr);
    if (i >= 0)
        h->counts[i]++;
}

const char *pt_histogram_label(int i)
{
    return i >= 0 && i < PT_HIST_BINS ? labels[i] : NULL;
}

const char *pt_histogram_column(int i)
{
    return i >= 0 && i < PT_HIST_BINS ? columns[i] : NULL;
}

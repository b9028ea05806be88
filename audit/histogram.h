/* histogram.h: counts of APRs in fixed, documented bins.
 *
 * The bins are fixed so that tables from different runs, datasets and
 * periods can be compared column by column. Edges (fractions):
 * 0, 0.06, 0.12, 0.18, 0.24, 0.36, 0.48, 1.00. Each bin holds
 * lo < apr <= hi (upper edge included), so a bin's upper edge agrees with
 * the legal lines, which compare with `>` (CONTRACT.md): the loans over 24%
 * are exactly those in the bins after "18-24%". The first bin "0-6%" also
 * holds 0 itself; "<0%" holds negative rates (a borrower repaying less than
 * received) and ">100%" everything above 1.00. docs/loans.md lists them.
 * Nothing here allocates. */
#ifndef PTAUDIT_HISTOGRAM_H
#define PTAUDIT_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

#define PT_HIST_BINS 9

struct pt_histogram {
    uint64_t counts[PT_HIST_BINS];
};

void pt_histogram_init(struct pt_histogram *h);
/* Index of the bin apr falls in; NaN goes nowhere (returns -1, not counted). */
int pt_histogram_bin(double apr);
void pt_histogram_add(struct pt_histogram *h, double apr);
/* Label of bin i ("0-6%", ">100%"): static, do not free; NULL out of range. */
const char *pt_histogram_label(int i);
/* Column name of bin i for CSV/JSON ("apr_bin_0_6", "apr_bin_over_100"). Static. */
const char *pt_histogram_column(int i);

#endif

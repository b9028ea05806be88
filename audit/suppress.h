/* suppress.h: small-cell suppression for --min-cell N with complementary
 * suppression (CONTRACT.md "ptaudit report").
 *
 * Primary: every count below N is hidden. Complementary: a published total
 * minus the visible cells of its group gives the sum of the hidden ones, so
 * a group with exactly one hidden cell would reveal it; we then also hide
 * the smallest visible cell of that group (ties: lowest index), and repeat
 * over all groups until nothing changes (cells shared by several groups,
 * as in a company x month table with row and column totals, can cascade).
 * A group of one cell hides its total instead. This is the classic
 * heuristic of statistical offices (Hundepool et al., Statistical
 * Disclosure Control, 2012, 4.3); it guarantees no hidden cell equals a
 * total minus visible cells, not an optimal pattern. Accounting and loan
 * counts are never passed here. Nothing allocates. */
#ifndef PTAUDIT_SUPPRESS_H
#define PTAUDIT_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>

/* A group of cells whose total is published: cells[0..n) index into the
 * counts; total_hidden is set to 1 when the total itself must go. */
struct pt_suppress_group {
    const size_t *cells;   /* borrowed */
    size_t n;
    int total_hidden;      /* out */
};

/* hidden[i] (out, n_counts entries) = 1 for every count to hide. Returns
 * the number of hidden cells. */
size_t pt_suppress(const int64_t *counts, size_t n_counts, int64_t min_cell,
                   struct pt_suppress_group *groups, size_t n_groups, unsigned char *hidden);

#endif

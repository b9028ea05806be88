/* suppress.c: see suppress.h. The loop terminates because each pass that
 * changes something hides at least one more cell, and there are n_counts. */
#include "audit/suppress.h"

/* One pass over a group: returns 1 when it hid another cell. */
static int protect_group(const int64_t *counts, struct pt_suppress_group *g,
                         unsigned char *hidden)
{
    size_t n_hidden = 0, best = 0;
    int have_best = 0;
    for (size_t k = 0; k < g->n; k++) {
        size_t i = g->cells[k];
        if (hidden[i]) {
            n_hidden++;
        } else if (!have_best || counts[i] < counts[best]) {
            best = i;
            have_best = 1;
        }
    }
    if (n_hidden != 1)
        return 0;
    if (!have_best) {
        g->total_hidden = 1; /* the total is the hidden cell */
        return 0;
    }
    hidden[best] = 1;
    return 1;
}

size_t pt_suppress(const int64_t *counts, size_t n_counts, int64_t min_cell,
                   struct pt_suppress_group *groups, size_t n_groups, unsigned char *hidden)
{
    size_t n = 0;
    for (size_t i = 0; i < n_counts; i++)
        hidden[i] = counts[i] < min_cell;
    for (size_t g = 0; g < n_groups; g++)
        groups[g].total_hidden = 0;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t g = 0; g < n_groups; g++)
            changed |= protect_group(counts, &groups[g], hidden);
    }
    for (size_t i = 0; i < n_counts; i++)
        n += hidden[i];
    return n;
}

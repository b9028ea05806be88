/* counts32.h: counts by 32-bit id in one flat array.
 *
 * Each complaint group counts its issues (the top issue column): a few
 * dozen ids per group, thousands of groups, one update per row. uthash
 * keeps every entry in its own allocation, so an update costs a bucket
 * load plus a miss per chained entry; here the entries are 16-byte slots
 * of one array (open addressing, linear probing, load <= 3/4, 8-byte
 * slots: a group's table is at most a few cache lines), so an update is
 * usually one cache line and memory follows the distinct ids seen. No Debian-packaged C library offers a
 * flat integer map (glib's GHashTable is pointer-based too), hence these
 * few lines. Iteration order is slot order: callers must not depend on it. */
#ifndef PTAUDIT_COUNTS32_H
#define PTAUDIT_COUNTS32_H

#include <stddef.h>
#include <stdint.h>

struct pt_counts32_slot {
    uint32_t key_plus1;   /* 0 = empty */
    uint32_t n;
};

struct pt_counts32 {
    struct pt_counts32_slot *slots;   /* owned, cap entries (a power of two) or NULL */
    uint32_t cap, used;
};

/* Adds n to key's count (UINT32_MAX is not a valid key). 0; -1 out of
 * memory; -2 when the count would pass UINT32_MAX (the table is then
 * unchanged). */
int pt_counts32_add(struct pt_counts32 *t, uint32_t key, uint64_t n);
void pt_counts32_free(struct pt_counts32 *t);

/* Counts by an id that is mostly small: interned texts get ids in order
 * of first appearance, so the common ones are the low ids. Ids below
 * PT_COUNTS32X_DENSE are counted in a plain array grown to the largest id
 * seen (16 at a time), the others in a pt_counts32. A group's memory then
 * stops growing once it has seen the common ids, however many rows follow
 * (a map's grows with each distinct id it meets), and an update is one
 * array store. */
#define PT_COUNTS32X_DENSE 256

struct pt_counts32x {
    uint32_t *low;              /* owned, n_low counts (ids 0..n_low-1) or NULL */
    uint32_t n_low;
    struct pt_counts32 high;    /* ids >= PT_COUNTS32X_DENSE */
};

/* As pt_counts32_add: 0; -1 out of memory or key UINT32_MAX; -2 when the
 * count would pass UINT32_MAX (nothing changed). */
int pt_counts32x_add(struct pt_counts32x *t, uint32_t key, uint64_t n);
/* Each id with a count above 0: *pos starts at 0; returns 1 and sets *key
 * and *n, or 0 after the last. Order: dense ids ascending, then map slots. */
int pt_counts32x_next(const struct pt_counts32x *t, uint64_t *pos, uint32_t *key, uint32_t *n);
void pt_counts32x_free(struct pt_counts32x *t);

#endif

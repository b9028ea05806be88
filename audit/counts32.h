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

#endif

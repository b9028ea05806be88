/* memo.h: a small cache of lookups keyed by two short strings.
 *
 * A complaint loader looks the same few hundred (product, sub-product)
 * and (issue, sub-issue) pairs up in the taxonomy once per row; each
 * lookup normalizes both strings and hashes the result. This cache keys
 * on the raw bytes instead (exact compare, so a hit returns exactly what
 * the lookup returned), direct-mapped with PT_MEMO_SLOTS slots: a miss
 * only costs the lookup it would have cost anyway, and memory is fixed
 * (about 220 KB) whatever the input. Keys longer than PT_MEMO_KEY bytes
 * together are not cached. Not thread-safe: one per loader. */
#ifndef PTAUDIT_MEMO_H
#define PTAUDIT_MEMO_H

#include <stddef.h>
#include <stdint.h>

#define PT_MEMO_SLOTS 1024u
#define PT_MEMO_KEY 190u

struct pt_memo_slot {
    uint64_t hash;
    uint16_t a_len, b_len;       /* a_len + b_len <= PT_MEMO_KEY */
    uint8_t used;
    char key[PT_MEMO_KEY];       /* a then b */
    const void *ptr;             /* the cached result */
    uint32_t num;
    int32_t flag;
};

struct pt_memo {
    struct pt_memo_slot *slots;  /* owned, PT_MEMO_SLOTS */
};

/* 0, or -1 when out of memory (then every get misses and put does nothing). */
int pt_memo_init(struct pt_memo *m);
void pt_memo_free(struct pt_memo *m);

/* 1 and the cached values when (a, b) is cached; else 0. *hash is set
 * either way, for the put that follows a miss. */
int pt_memo_get(const struct pt_memo *m, const char *a, size_t a_len, const char *b,
                size_t b_len, uint64_t *hash, const void **ptr, uint32_t *num, int32_t *flag);
void pt_memo_put(struct pt_memo *m, uint64_t hash, const char *a, size_t a_len, const char *b,
                 size_t b_len, const void *ptr, uint32_t num, int32_t flag);

#endif

/* counts32.c: see counts32.h. */
#include "audit/counts32.h"

#include <string.h>

#include "audit/alloc.h"

static uint32_t slot_of(uint32_t key, uint32_t cap)
{
    return (uint32_t)((key * UINT32_C(0x9E3779B1)) & (cap - 1));   /* Fibonacci hashing */
}

static struct pt_counts32_slot *probe(struct pt_counts32_slot *slots, uint32_t cap, uint32_t key)
{
    uint32_t i = slot_of(key, cap);
    while (slots[i].key_plus1 != 0 && slots[i].key_plus1 != key + 1)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int grow(struct pt_counts32 *t)
{
    uint32_t cap = t->cap ? t->cap * 2 : 8;
    if (cap == 0)
        return -1;
    struct pt_counts32_slot *s = pt_calloc(cap, sizeof *s);
    if (s == NULL)
        return -1;
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->slots[i].key_plus1 != 0)
            *probe(s, cap, t->slots[i].key_plus1 - 1) = t->slots[i];
    pt_free(t->slots);
    t->slots = s;
    t->cap = cap;
    return 0;
}

int pt_counts32_add(struct pt_counts32 *t, uint32_t key, uint64_t n)
{
    if (key == UINT32_MAX)
        return -1;
    if (4 * ((uint64_t)t->used + 1) > 3 * (uint64_t)t->cap && grow(t) != 0)
        return -1;
    struct pt_counts32_slot *e = probe(t->slots, t->cap, key);
    if (n > UINT32_MAX - e->n)
        return -2;
    if (e->key_plus1 == 0) {
        e->key_plus1 = key + 1;
        t->used++;
    }
    e->n += (uint32_t)n;
    return 0;
}

void pt_counts32_free(struct pt_counts32 *t)
{
    pt_free(t->slots);
    t->slots = NULL;
    t->cap = t->used = 0;
}

int pt_counts32x_add(struct pt_counts32x *t, uint32_t key, uint64_t n)
{
    if (key >= PT_COUNTS32X_DENSE)
        return pt_counts32_add(&t->high, key, n);
    if (key >= t->n_low) {
        uint32_t len = (key / 16 + 1) * 16;
        uint32_t *low = pt_realloc(t->low, len * sizeof *low);
        if (low == NULL)
            return -1;
        memset(low + t->n_low, 0, (len - t->n_low) * sizeof *low);
        t->low = low;
        t->n_low = len;
    }
    if (n > UINT32_MAX - t->low[key])
        return -2;
    t->low[key] += (uint32_t)n;
    return 0;
}

int pt_counts32x_next(const struct pt_counts32x *t, uint64_t *pos, uint32_t *key, uint32_t *n)
{
    for (; *pos < t->n_low; ++*pos)
        if (t->low[*pos] != 0) {
            *key = (uint32_t)*pos;
            *n = t->low[(*pos)++];
            return 1;
        }
    for (; *pos < (uint64_t)t->n_low + t->high.cap; ++*pos) {
        const struct pt_counts32_slot *e = &t->high.slots[*pos - t->n_low];
        if (e->key_plus1 != 0) {
            *key = e->key_plus1 - 1;
            *n = e->n;
            ++*pos;
            return 1;
        }
    }
    return 0;
}

void pt_counts32x_free(struct pt_counts32x *t)
{
    pt_free(t->low);
    t->low = NULL;
    t->n_low = 0;
    pt_counts32_free(&t->high);
}

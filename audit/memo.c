/* memo.c: see memo.h. */
#include "audit/memo.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "audit/alloc.h"

int pt_memo_init(struct pt_memo *m)
{
    m->slots = pt_calloc(PT_MEMO_SLOTS, sizeof *m->slots);
    return m->slots ? 0 : -1;
}

void pt_memo_free(struct pt_memo *m)
{
    pt_free(m->slots);
    m->slots = NULL;
}

static uint64_t pair_hash(const char *a, size_t a_len, const char *b, size_t b_len)
{
    /* The lengths are mixed in so ("ab", "c") and ("a", "bc") differ. */
    uint64_t h = XXH3_64bits_withSeed(a, a_len, (uint64_t)a_len);
    return XXH3_64bits_withSeed(b, b_len, h ^ (uint64_t)b_len);
}

int pt_memo_get(const struct pt_memo *m, const char *a, size_t a_len, const char *b,
                size_t b_len, uint64_t *hash, const void **ptr, uint32_t *num, int32_t *flag)
{
    *hash = pair_hash(a, a_len, b, b_len);
    if (m->slots == NULL || a_len + b_len > PT_MEMO_KEY)
        return 0;
    const struct pt_memo_slot *s = &m->slots[*hash % PT_MEMO_SLOTS];
    if (!s->used || s->hash != *hash || s->a_len != a_len || s->b_len != b_len ||
        memcmp(s->key, a, a_len) != 0 || memcmp(s->key + a_len, b, b_len) != 0)
        return 0;
    *ptr = s->ptr;
    *num = s->num;
    *flag = s->flag;
    return 1;
}

void pt_memo_put(struct pt_memo *m, uint64_t hash, const char *a, size_t a_len, const char *b,
                 size_t b_len, const void *ptr, uint32_t num, int32_t flag)
{
    if (m->slots == NULL || a_len + b_len > PT_MEMO_KEY)
        return;
    struct pt_memo_slot *s = &m->slots[hash % PT_MEMO_SLOTS];
    s->used = 1;
    s->hash = hash;
    s->a_len = (uint16_t)a_len;
    s->b_len = (uint16_t)b_len;
    memcpy(s->key, a, a_len);
    memcpy(s->key + a_len, b, b_len);
    s->ptr = ptr;
    s->num = num;
    s->flag = flag;
}

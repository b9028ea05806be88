/* idset.c: see idset.h. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE (Linux) */
#include "audit/idset.h"

#include <nettle/sha2.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "audit/alloc.h"

#define LINE_MASK ((UINT64_C(1) << 48) - 1)

void pt_idset_init(struct pt_idset *s)
{
    memset(s, 0, sizeof *s);
}

void pt_idset_free(struct pt_idset *s)
{
    if (s == NULL)
        return;
    pt_free(s->slots);
    pt_free(s->paths);
    memset(s, 0, sizeof *s);
}

static int slot_empty(const struct pt_idset_entry *e)
{
    static const uint8_t zero[16];
    return memcmp(e->fp, zero, sizeof zero) == 0;
}

/* The slot holding fp, or the empty slot where it belongs. */
static struct pt_idset_entry *probe(struct pt_idset_entry *slots, size_t cap, const uint8_t *fp)
{
    uint64_t h;
    memcpy(&h, fp, sizeof h);
    for (size_t i = (size_t)h & (cap - 1);; i = (i + 1) & (cap - 1))
        if (slot_empty(&slots[i]) || memcmp(slots[i].fp, fp, 16) == 0)
            return &slots[i];
}

/* Every lookup lands on a random slot of a table far larger than the
 * caches: with 4 KiB pages each one also misses the TLB, which costs as
 * much as the cache miss. Transparent huge pages (where the kernel offers
 * them on request) cut the page walks; a hint only, nothing depends on it. */
static void advise_huge(void *p, size_t bytes)
{
#if defined(MADV_HUGEPAGE) && defined(_SC_PAGESIZE)
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || bytes < ((size_t)4 << 20))
        return;
    uintptr_t a = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    uintptr_t end = ((uintptr_t)p + bytes) & ~((uintptr_t)page - 1);
    if (end > a)
        (void)madvise((void *)a, end - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

static enum pt_code grow_to(struct pt_idset *s, size_t cap, struct pt_error *err);

static enum pt_code grow(struct pt_idset *s, struct pt_error *err)
{
    return grow_to(s, s->cap ? s->cap * 2 : 1024, err);
}

void pt_idset_reserve(struct pt_idset *s, size_t n)
{
    size_t cap = s->cap ? s->cap : 1024;
    while (cap < SIZE_MAX / 20 && n * 10 > cap * 7)
        cap *= 2;
    struct pt_error ignored;
    if (cap > s->cap)
        (void)grow_to(s, cap, &ignored);   /* a hint: without the memory, grow as needed */
}

static enum pt_code grow_to(struct pt_idset *s, size_t cap, struct pt_error *err)
{
    struct pt_idset_entry *slots = cap > SIZE_MAX / sizeof *slots ? NULL
                                                                 : pt_calloc(cap, sizeof *slots);
    if (slots == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory keeping %zu loan ids", s->n);
    advise_huge(slots, cap * sizeof *slots);
    for (size_t i = 0; i < s->cap; i++)
        if (!slot_empty(&s->slots[i]))
            *probe(slots, cap, s->slots[i].fp) = s->slots[i];
    pt_free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return PT_OK;
}

/* Index of path in s->paths (compared by pointer: one per input). */
static enum pt_code path_index(struct pt_idset *s, const char *path, uint64_t *out,
                               struct pt_error *err)
{
    size_t i;
    for (i = s->n_paths; i > 0; i--)
        if (s->paths[i - 1] == path) {
            *out = i - 1;
            return PT_OK;
        }
    void *buf = s->paths;
    if (s->n_paths >= 0xffff || pt_grow(&buf, &s->cap_paths, s->n_paths + 1, sizeof *s->paths))
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory keeping loan ids");
    s->paths = buf;
    s->paths[s->n_paths] = path;
    *out = s->n_paths++;
    return PT_OK;
}

void pt_idset_fingerprint(const char *id, size_t len, uint8_t fp[16])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)id);
    sha256_digest(&ctx, sizeof digest, digest);
    digest[15] |= 1; /* never all zero: that marks an empty slot */
    memcpy(fp, digest, 16);
}

void pt_idset_prefetch(const struct pt_idset *s, const uint8_t fp[16])
{
    uint64_t h;
    if (s->cap == 0)
        return;
    memcpy(&h, fp, sizeof h);
    __builtin_prefetch(&s->slots[(size_t)h & (s->cap - 1)], 1);
}

enum pt_code pt_idset_add(struct pt_idset *s, const char *id, size_t len, const char *path,
                          uint64_t line, const char **first_path, uint64_t *first_line,
                          struct pt_error *err)
{
    uint8_t fp[16];
    pt_idset_fingerprint(id, len, fp);
    return pt_idset_add_fp(s, fp, path, line, first_path, first_line, err);
}

enum pt_code pt_idset_add_fp(struct pt_idset *s, const uint8_t fp[16], const char *path,
                             uint64_t line, const char **first_path, uint64_t *first_line,
                             struct pt_error *err)
{
    enum pt_code rc;
    *first_path = NULL;
    if ((s->n + 1) * 10 > s->cap * 7 && (rc = grow(s, err)) != PT_OK)
        return rc;
    struct pt_idset_entry *e = probe(s->slots, s->cap, fp);
    if (!slot_empty(e)) {
        *first_path = s->paths[e->where >> 48];
        *first_line = e->where & LINE_MASK;
        return PT_OK;
    }
    uint64_t idx = 0;
    if ((rc = path_index(s, path, &idx, err)) != PT_OK)
        return rc;
    memcpy(e->fp, fp, 16);
    e->where = (line & LINE_MASK) | idx << 48;
    s->n++;
    return PT_OK;
}

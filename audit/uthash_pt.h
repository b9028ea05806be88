/* uthash_pt.h: uthash configured the one way the library uses it.
 *
 * Allocation goes through pt_malloc/pt_free (fault injection reaches every
 * table), and an allocation failure inside HASH_ADD does not exit(): it
 * leaves the table unchanged and sets the local flag `ut_oom`, which every
 * function that adds to a table declares (`int ut_oom = 0;`) and checks
 * after the add. Include this instead of <uthash.h>.
 * The hash is XXH3 (libxxhash) instead of uthash's default Jenkins hash: a
 * complaint row does several lookups (names, groups, interned text), and
 * XXH3 hashes a 40-byte key in a few nanoseconds. Iteration order is
 * insertion order whatever the hash, so no output depends on it. */
#ifndef PTAUDIT_UTHASH_PT_H
#define PTAUDIT_UTHASH_PT_H

#include "audit/alloc.h"

#define HASH_NONFATAL_OOM 1
#define uthash_malloc(sz) pt_malloc(sz)
#define uthash_free(ptr, sz) pt_free(ptr)
#define uthash_nonfatal_oom(obj) ((void)(obj), ut_oom = 1)
#ifndef XXH_INLINE_ALL
#define XXH_INLINE_ALL
#endif
#include <xxhash.h>
/* Expand the bucket array when a chain reaches 3 entries instead of 10:
 * a lookup walks its chain through separately allocated elements, one
 * cache miss each; buckets cost 16 bytes. */
#define HASH_BKT_CAPACITY_THRESH 3U
#define HASH_FUNCTION(keyptr, keylen, hashv) \
    ((hashv) = (unsigned)XXH3_64bits((keyptr), (size_t)(keylen)))
#include <uthash.h>

#endif

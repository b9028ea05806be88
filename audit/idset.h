/* idset.h: the set of source loan ids seen so far, for the duplicate check,
 * in about 24-70 bytes per id whatever the id's length.
 *
 * Each id is kept as a 128-bit fingerprint (the first 16 bytes of its
 * SHA-256) plus where it first occurred, in an open-addressing table (linear
 * probing, capacity a power of two, load kept at most 0.7). The table holds
 * fingerprints, not ids, because ids are long (Prosper's 23-character keys)
 * and a per-id allocation costs ~100 bytes: 10 million loans would need a
 * gigabyte. SHA-256 rather than a fast hash because the ids are untrusted:
 * a dataset must not be able to craft ids that collide and so hide loans as
 * "duplicates"; an accidental 128-bit collision has probability ~n^2/2^129
 * (3e-25 for 10 million ids).
 * Paths are borrowed and must outlive the set. pt_idset_free releases it. */
#ifndef PTAUDIT_IDSET_H
#define PTAUDIT_IDSET_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

struct pt_idset_entry {
    uint8_t fp[16];          /* fingerprint; all zero = empty slot */
    uint64_t where;          /* line (low 48 bits) | path index << 48 */
};

struct pt_idset {
    struct pt_idset_entry *slots;   /* owned, cap slots */
    size_t cap, n;
    const char **paths;             /* owned array of borrowed paths */
    size_t n_paths, cap_paths;
};

void pt_idset_init(struct pt_idset *s);
void pt_idset_free(struct pt_idset *s);

/* The fingerprint pt_idset_add keys on: the first 16 bytes of the id's
 * SHA-256, never all zero. */
void pt_idset_fingerprint(const char *id, size_t len, uint8_t fp[16]);

/* Starts loading fp's home slot into the cache, so that a pt_idset_add_fp
 * issued a few hundred nanoseconds later (after parsing the rest of the
 * record) does not wait for memory: the table is too large for any cache
 * at a million ids. Changes nothing; any fp is fine. */
void pt_idset_prefetch(const struct pt_idset *s, const uint8_t fp[16]);

/* Makes room for n ids in all (when the table would otherwise double its
 * way there: each doubling re-inserts every id, one cache miss each, which
 * at 10 million ids is over a second). A hint: PT_OK when the memory is not
 * there (the table then grows as before). */
void pt_idset_reserve(struct pt_idset *s, size_t n);

/* Looks id[0..len) up; when absent, records it at path:line and sets
 * *first_path = NULL; when present, sets *first_path / *first_line to its
 * first occurrence (nothing recorded). PT_ENOMEM (set unchanged). */
PT_NODISCARD enum pt_code pt_idset_add(struct pt_idset *s, const char *id, size_t len,
                                       const char *path, uint64_t line,
                                       const char **first_path, uint64_t *first_line,
                                       struct pt_error *err);
/* The same with the id's fingerprint (pt_idset_fingerprint) instead. */
PT_NODISCARD enum pt_code pt_idset_add_fp(struct pt_idset *s, const uint8_t fp[16],
                                          const char *path, uint64_t line,
                                          const char **first_path, uint64_t *first_line,
                                          struct pt_error *err);

#endif

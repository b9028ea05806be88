/* hash.h: SHA-256 (FIPS 180-4) of input files, through nettle, for the
 * manifest and `ptaudit verify`.
 *
 * Two ways in: pt_hash_stream reads a FILE to its end and hashes it; a
 * tee wraps an input FILE so that the bytes a loader reads are hashed as
 * they pass (one pass, and it works for stdin, which cannot be re-read).
 * Digests are lowercase hex, as sha256sum prints them.
 * Ownership: the FILEs are borrowed; a tee is owned by its creator. */
#ifndef PTAUDIT_HASH_H
#define PTAUDIT_HASH_H

#include <stdint.h>
#include <stdio.h>

#include "audit/error.h"

#define PT_SHA256_HEX_LEN 64

/* Reads f (borrowed) from its position to EOF: hex gets the digest
 * (64 chars + NUL), *size the byte count. path names f in messages.
 * PT_EIO on a read error. Allocates nothing. */
PT_NODISCARD enum pt_code pt_hash_stream(FILE *f, const char *path,
                                         char hex[PT_SHA256_HEX_LEN + 1], uint64_t *size,
                                         struct pt_error *err);

struct pt_hash_tee;   /* opaque */

/* Wraps in (borrowed): *stream (owned by the tee) yields in's bytes and
 * hashes them. PT_ENOMEM; PT_EIO if the stream cannot be made. */
PT_NODISCARD enum pt_code pt_hash_tee_create(struct pt_hash_tee **out, FILE *in,
                                             const char *path, FILE **stream,
                                             struct pt_error *err);
/* Reads what the consumer left unread, so the digest covers the whole
 * input, and gives digest and size. PT_EIO on a read error. */
PT_NODISCARD enum pt_code pt_hash_tee_finish(struct pt_hash_tee *t,
                                             char hex[PT_SHA256_HEX_LEN + 1], uint64_t *size,
                                             struct pt_error *err);
/* Closes the stream (not in) and frees. Accepts NULL. */
void pt_hash_tee_destroy(struct pt_hash_tee *t);

#endif

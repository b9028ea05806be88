/* neardup.h: share of complaint narratives that are near-duplicates
 * (templates) of an earlier one, in one streaming pass with bounded memory.
 *
 * Method (Broder 1997 MinHash; Leskovec, Rajaraman, Ullman, "Mining of
 * Massive Datasets" ch. 3 banding): each text is normalized (ASCII lower
 * case, every digit read as 0 so amounts and dates do not hide a template,
 * runs of spaces and ASCII punctuation one space), cut into shingles of
 * PT_NEARDUP_SHINGLE consecutive code points (works for Chinese, which has
 * no spaces), each shingle hashed once with XXH3-64, and summarized by a
 * PT_NEARDUP_HASHES-value one-permutation MinHash signature with rotation
 * densification (Li, Owen, Zhang 2012; Shrivastava, Li 2014). LSH banding (16 bands of 4
 * values) finds earlier candidates; a candidate counts when the signatures
 * agree on at least PT_NEARDUP_MIN_AGREE of 64 values: estimated Jaccard
 * similarity of the shingle sets >= 0.7 (the threshold).
 * Memory: a fixed number of stored sketches (max_sketches, one per
 * narrative that was not itself a near-duplicate) and fixed band tables,
 * allocated at create; plus one scratch buffer as long as the longest
 * text. Past the bound, later texts are still compared with the stored
 * sketches but are not stored themselves: a template that first appears
 * after the store is full is missed; n_unstored counts those texts so the
 * report can say the result is a lower bound. Deterministic: fixed seeds,
 * the result depends only on the texts and their order. */
#ifndef PTAUDIT_NEARDUP_H
#define PTAUDIT_NEARDUP_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

#define PT_NEARDUP_SHINGLE 5        /* code points per shingle */
#define PT_NEARDUP_HASHES 64        /* MinHash values per signature */
#define PT_NEARDUP_BANDS 16         /* x 4 values per band */
#define PT_NEARDUP_MIN_AGREE 45     /* of 64: estimated Jaccard >= 0.7 (44.8 rounded up) */
#define PT_NEARDUP_DEFAULT_SKETCHES 32768u   /* 8 MiB of sketches + 8 MiB of bands */

struct pt_neardup_options {
    uint32_t max_sketches;   /* 0 = PT_NEARDUP_DEFAULT_SKETCHES */
};

struct pt_neardup_stats {
    uint64_t n_texts;        /* non-blank texts added */
    uint64_t n_near_dup;     /* of those, near-duplicates of an earlier text */
    uint64_t n_blank;        /* empty or only spaces/punctuation: not counted in n_texts */
    uint64_t n_unstored;     /* distinct texts not stored because the store was full */
    uint32_t n_sketches;     /* sketches stored */
};

struct pt_neardup;   /* opaque: see neardup.c */

/* opt may be NULL. Allocates the whole sketch store up front. PT_ENOMEM;
 * PT_EINVAL if max_sketches exceeds 2^24. *out owned by the caller. */
PT_NODISCARD enum pt_code pt_neardup_create(struct pt_neardup **out,
                                            const struct pt_neardup_options *opt,
                                            struct pt_error *err);
void pt_neardup_destroy(struct pt_neardup *d);

/* Adds one text (UTF-8, borrowed for the call). *is_dup (may be NULL) is
 * set to 1 when it is a near-duplicate of an earlier text, else 0; a blank
 * text is counted in n_blank and gets 0. PT_ENOMEM if the scratch buffer
 * cannot grow (the detector is unchanged). */
PT_NODISCARD enum pt_code pt_neardup_add(struct pt_neardup *d, const char *text, size_t len,
                                         int *is_dup, struct pt_error *err);

void pt_neardup_get_stats(const struct pt_neardup *d, struct pt_neardup_stats *out);
/* n_near_dup / n_texts; 0 when no text was added. */
double pt_neardup_share(const struct pt_neardup *d);

/* Estimated Jaccard similarity (agreeing signature values / 64) of two
 * texts, with the same normalization and hashing; for tests and for
 * explaining a result. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_neardup_similarity(const char *a, size_t a_len, const char *b,
                                                size_t b_len, double *out,
                                                struct pt_error *err);

#endif

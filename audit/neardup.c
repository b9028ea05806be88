/* neardup.c: MinHash + LSH near-duplicate detection (neardup.h).
 *
 * The signature is a one-permutation MinHash (Li, Owen, Zhang 2012): each
 * shingle is hashed once with XXH3-64 (fixed seed); the top 6 bits pick
 * one of 64 bins and the low 32 bits are the value; each bin keeps its
 * minimum. Bins no shingle fell in are filled by rotation densification
 * (Shrivastava and Li 2014): an empty bin takes the value of the next
 * non-empty bin to its right, mixed with the distance, so two texts agree
 * on it exactly when they agree on the bin it borrowed from. Agreement on
 * a bin estimates the Jaccard similarity as well as 64 independent hashes
 * would, for one hash per shingle instead of 64 (measured 5.6 -> ~35 MB/s).
 * Band tables are open-addressing arrays sized at create (twice
 * max_sketches slots per band, so the load never passes 1/2); a band key
 * seen before keeps its first sketch. A candidate is only a candidate: the
 * full signatures decide. */
#include "audit/neardup.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "audit/alloc.h"

#define ROWS (PT_NEARDUP_HASHES / PT_NEARDUP_BANDS)
#define MAX_SKETCHES (1u << 24)

#define SEED UINT64_C(20180904)   /* any fixed seed: results depend on it */
#define EMPTY UINT32_MAX

struct pt_neardup {
    uint32_t max, mask;         /* band table slots - 1 */
    uint32_t *sigs;             /* max x 64 */
    uint32_t *band_keys;        /* BANDS x slots */
    uint32_t *band_vals;        /* BANDS x slots: sketch index + 1, 0 = empty */
    char *buf;                  /* normalized text */
    size_t cap;
    struct pt_neardup_stats st;
};

/* ASCII letters lower-cased, digits read as '0', runs of other ASCII
 * bytes one space, trimmed; other bytes copied. out holds len + 1. */
static size_t normalize(const char *s, size_t len, char *out)
{
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= 'a' && c <= 'z')) {
        } else if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + ('a' - 'A'));
        } else if (c >= '0' && c <= '9') {
            c = '0';
        } else {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = 0;
        out[k++] = (char)c;
    }
    out[k] = '\0';
    return k;
}

static void put(uint64_t h, uint32_t *sig)
{
    unsigned bin = (unsigned)(h >> 58);
    uint32_t v = (uint32_t)h;
    if (v == EMPTY)
        v--;   /* EMPTY marks a bin no shingle reached */
    if (v < sig[bin])
        sig[bin] = v;
}

/* Rotation densification: empty bin j takes bin (j + t) mod 64, the first
 * non-empty one to its right, mixed with t. At least one bin is full. */
static void densify(uint32_t *sig)
{
    uint32_t out[PT_NEARDUP_HASHES];
    for (int j = 0; j < PT_NEARDUP_HASHES; j++) {
        int t = 0;
        while (sig[(j + t) % PT_NEARDUP_HASHES] == EMPTY)
            t++;
        out[j] = sig[(j + t) % PT_NEARDUP_HASHES] ^ ((uint32_t)t * UINT32_C(0x9E3779B9));
    }
    memcpy(sig, out, sizeof out);
}

/* Signature of the normalized text t[0..n), n > 0: shingles of
 * PT_NEARDUP_SHINGLE code points (the whole text when it is shorter). */
static void signature(const char *t, size_t n, uint32_t *sig)
{
    size_t ring[PT_NEARDUP_SHINGLE];   /* starts of the last code points */
    size_t n_cp = 0;
    for (int j = 0; j < PT_NEARDUP_HASHES; j++)
        sig[j] = EMPTY;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && ((unsigned char)t[i] & 0xC0) == 0x80)
            continue;   /* inside a UTF-8 sequence */
        if (n_cp >= PT_NEARDUP_SHINGLE) {
            size_t from = ring[n_cp % PT_NEARDUP_SHINGLE];
            put(XXH3_64bits_withSeed(t + from, i - from, SEED), sig);
        }
        if (i < n)
            ring[n_cp++ % PT_NEARDUP_SHINGLE] = i;
    }
    if (n_cp < PT_NEARDUP_SHINGLE)
        put(XXH3_64bits_withSeed(t, n, SEED), sig);
    densify(sig);
}

static int agree(const uint32_t *a, const uint32_t *b)
{
    int n = 0;
    for (int j = 0; j < PT_NEARDUP_HASHES; j++)
        n += a[j] == b[j];
    return n;
}

static uint32_t band_key(const uint32_t *sig, int band)
{
    return (uint32_t)XXH3_64bits(sig + band * ROWS, ROWS * sizeof *sig);
}

enum pt_code pt_neardup_create(struct pt_neardup **out, const struct pt_neardup_options *opt,
                               struct pt_error *err)
{
    uint32_t max = opt && opt->max_sketches ? opt->max_sketches : PT_NEARDUP_DEFAULT_SKETCHES;
    if (max > MAX_SKETCHES)
        return pt_error_set(err, PT_EINVAL, NULL,
                            "near-duplicate store: expected at most %u sketches, found %u",
                            MAX_SKETCHES, max);
    uint32_t slots = 2;
    while (slots < 2 * max)
        slots *= 2;
    struct pt_neardup *d = pt_calloc(1, sizeof *d);
    if (d == NULL)
        goto nomem;
    d->max = max;
    d->mask = slots - 1;
    d->sigs = pt_malloc((size_t)max * PT_NEARDUP_HASHES * sizeof *d->sigs);
    d->band_keys = pt_malloc((size_t)slots * PT_NEARDUP_BANDS * sizeof *d->band_keys);
    d->band_vals = pt_calloc((size_t)slots * PT_NEARDUP_BANDS, sizeof *d->band_vals);
    if (d->sigs == NULL || d->band_keys == NULL || d->band_vals == NULL)
        goto nomem;
    *out = d;
    return PT_OK;
nomem:
    pt_neardup_destroy(d);
    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for the near-duplicate store");
}

void pt_neardup_destroy(struct pt_neardup *d)
{
    if (d == NULL)
        return;
    pt_free(d->sigs);
    pt_free(d->band_keys);
    pt_free(d->band_vals);
    pt_free(d->buf);
    pt_free(d);
}

/* Slot of key in band's table: where it is, or the empty slot ending its
 * probe sequence. */
static size_t probe(const struct pt_neardup *d, int band, uint32_t key)
{
    size_t base = (size_t)band * (d->mask + 1u);
    size_t i = key & d->mask;
    while (d->band_vals[base + i] != 0 && d->band_keys[base + i] != key)
        i = (i + 1) & d->mask;
    return base + i;
}

/* 1 when an earlier stored sketch agrees with sig on enough values. */
static int has_near(const struct pt_neardup *d, const uint32_t *sig, const uint32_t *keys)
{
    uint32_t tried[PT_NEARDUP_BANDS];
    int n_tried = 0;
    for (int b = 0; b < PT_NEARDUP_BANDS; b++) {
        uint32_t v = d->band_vals[probe(d, b, keys[b])];
        if (v == 0)
            continue;
        int seen = 0;
        for (int t = 0; t < n_tried; t++)
            seen |= tried[t] == v;
        if (seen)
            continue;
        tried[n_tried++] = v;
        if (agree(sig, d->sigs + (size_t)(v - 1) * PT_NEARDUP_HASHES) >= PT_NEARDUP_MIN_AGREE)
            return 1;
    }
    return 0;
}

static void store(struct pt_neardup *d, const uint32_t *sig, const uint32_t *keys)
{
    uint32_t idx = d->st.n_sketches++;
    memcpy(d->sigs + (size_t)idx * PT_NEARDUP_HASHES, sig, PT_NEARDUP_HASHES * sizeof *sig);
    for (int b = 0; b < PT_NEARDUP_BANDS; b++) {
        size_t slot = probe(d, b, keys[b]);
        if (d->band_vals[slot] == 0) {
            d->band_keys[slot] = keys[b];
            d->band_vals[slot] = idx + 1;
        }
    }
}

enum pt_code pt_neardup_add(struct pt_neardup *d, const char *text, size_t len, int *is_dup,
                            struct pt_error *err)
{
    if (is_dup)
        *is_dup = 0;
    if (len == SIZE_MAX || pt_grow((void **)&d->buf, &d->cap, len + 1, 1) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for a %zu-byte narrative", len);
    size_t n = normalize(text, len, d->buf);
    if (n == 0) {
        d->st.n_blank++;
        return PT_OK;
    }
    uint32_t sig[PT_NEARDUP_HASHES], keys[PT_NEARDUP_BANDS];
    signature(d->buf, n, sig);
    for (int b = 0; b < PT_NEARDUP_BANDS; b++)
        keys[b] = band_key(sig, b);
    d->st.n_texts++;
    if (has_near(d, sig, keys)) {
        d->st.n_near_dup++;
        if (is_dup)
            *is_dup = 1;
    } else if (d->st.n_sketches < d->max) {
        store(d, sig, keys);
    } else {
        d->st.n_unstored++;
    }
    return PT_OK;
}

void pt_neardup_get_stats(const struct pt_neardup *d, struct pt_neardup_stats *out)
{
    *out = d->st;
}

double pt_neardup_share(const struct pt_neardup *d)
{
    return d->st.n_texts ? (double)d->st.n_near_dup / (double)d->st.n_texts : 0.0;
}

enum pt_code pt_neardup_similarity(const char *a, size_t a_len, const char *b, size_t b_len,
                                   double *out, struct pt_error *err)
{
    uint32_t sa[PT_NEARDUP_HASHES], sb[PT_NEARDUP_HASHES];
    size_t max = a_len > b_len ? a_len : b_len;
    char *buf = max < SIZE_MAX ? pt_malloc(max + 1) : NULL;
    if (buf == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory comparing narratives");
    size_t n = normalize(a, a_len, buf);
    if (n > 0)
        signature(buf, n, sa);
    size_t m = normalize(b, b_len, buf);
    if (m > 0)
        signature(buf, m, sb);
    pt_free(buf);
    if (n == 0 || m == 0)
        *out = n == m ? 1.0 : 0.0;
    else
        *out = agree(sa, sb) / (double)PT_NEARDUP_HASHES;
    return PT_OK;
}

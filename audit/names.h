/* names.h: company and platform names -> one display name per firm.
 *
 * CONTRACT.md "Group keys are display names": two spellings belong to one
 * firm when their matching keys are equal. The key (pt_name_key) ignores
 * case (ASCII and full-width Latin), spacing, punctuation (ASCII, CJK and
 * full-width) and trailing legal suffixes (docs/taxonomy.md lists them).
 * The display name of a firm is the --aliases target when an alias matches,
 * else its most frequent tidied spelling (trimmed, inner spaces collapsed),
 * ties broken by byte order, so the result does not depend on input order.
 * It deliberately does no fuzzy matching: 乐信 and 分期乐 only merge through
 * an alias, because a wrong merge silently moves complaints between firms.
 * Ownership: the registry owns every string it hands out; they live until
 * pt_names_destroy. Memory grows with the number of distinct raw spellings,
 * never with the number of rows. */
#ifndef PTAUDIT_NAMES_H
#define PTAUDIT_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

/* Writes the matching key of s[0..len) to out, which must hold len + 1
 * bytes (the key is never longer than the input), NUL-terminated; returns
 * the key's length. A name made only of punctuation has the empty key.
 * '*' is kept: it marks a masked character (信*飞) and must not merge the
 * masked form with an unmasked name. Invalid UTF-8 bytes are kept as they
 * are. Allocates nothing, cannot fail. */
size_t pt_name_key(const char *s, size_t len, char *out);

/* Writes the tidied spelling of s[0..len) to out (len + 1 bytes): leading
 * and trailing whitespace removed, each inner run of whitespace (ASCII,
 * U+00A0, U+3000) replaced by one ASCII space. Returns its length. */
size_t pt_name_tidy(const char *s, size_t len, char *out);

struct pt_names;   /* opaque registry: see names.c */

/* *out is owned by the caller, released with pt_names_destroy. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_names_create(struct pt_names **out, struct pt_error *err);
void pt_names_destroy(struct pt_names *r);

/* Declares that alias (any spelling) names the firm displayed as name.
 * name is also an alias of itself. All aliases must be added before the
 * first pt_names_add (PT_EINVAL otherwise). PT_EDATA when the alias or the
 * name is empty after normalization, or when the alias key already maps to
 * a different display name (message names both); loc (may be NULL) is
 * copied into the error. Adding the same pair twice is fine. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_names_add_alias(struct pt_names *r, const char *alias,
                                             size_t alias_len, const char *name,
                                             size_t name_len, const struct pt_loc *loc,
                                             struct pt_error *err);

/* Counts one occurrence of the raw spelling s[0..len) and sets *group to
 * its firm's id (0-based, in order of first appearance). Names whose key
 * is empty (blank, or only punctuation) still get a group, one shared by
 * all of them, displayed as their most frequent tidied spelling (often
 * ""), so the caller sees them rather than losing the rows.
 * PT_ENOMEM (the registry is unchanged). */
PT_NODISCARD enum pt_code pt_names_add(struct pt_names *r, const char *s, size_t len,
                                       uint32_t *group, struct pt_error *err);

/* Gives dst (no name added yet) exactly src's aliases, for a second
 * thread's registry. PT_EINVAL after a pt_names_add on dst, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_names_copy_aliases(struct pt_names *dst, const struct pt_names *src,
                                                struct pt_error *err);

/* Adds everything src counted to dst, as if dst had then been given
 * src's names in src's order: two threads each fill a registry (with the
 * same aliases) from one half of a file, and the merge gives the registry
 * one reading of the whole file gives (same firms, ids, counts, display
 * names). map (pt_names_n_groups(src) entries) receives each src firm's
 * id in dst. PT_ENOMEM (dst may then hold part of src). */
PT_NODISCARD enum pt_code pt_names_merge(struct pt_names *dst, const struct pt_names *src,
                                         uint32_t *map, struct pt_error *err);

/* Like pt_names_add without counting or creating: 1 and *group set when a
 * firm with s's key has been added, else 0. For --company filters. */
int pt_names_find(const struct pt_names *r, const char *s, size_t len, uint32_t *group);

/* The display name a filter value or a name resolves to, without a
 * registry lookup of counts: the alias target if s's key is aliased, else
 * NULL. Borrowed from the registry. */
const char *pt_names_alias_target(const struct pt_names *r, const char *s, size_t len);

/* The canonical key of s[0..len): the key of its alias target when s's
 * key is an alias, else its own key. Two names belong to one firm exactly
 * when their canonical keys are equal, so a --company filter can be
 * applied while streaming, before the firm has been seen. buf holds
 * len + 1 bytes; returns buf or a string borrowed from the registry. */
const char *pt_names_canonical_key(const struct pt_names *r, const char *s, size_t len,
                                   char *buf);

uint32_t pt_names_n_groups(const struct pt_names *r);
/* Display name of a group (borrowed; final once all names are added). */
const char *pt_names_display(const struct pt_names *r, uint32_t group);
/* Occurrences counted for a group (sum over its spellings). */
uint64_t pt_names_group_count(const struct pt_names *r, uint32_t group);

/* One row of the raw -> display mapping (the report's names.csv). */
struct pt_name_row {
    const char *raw;       /* the spelling exactly as read (borrowed) */
    const char *display;   /* its firm's display name (borrowed) */
    const char *key;       /* the matching key (borrowed) */
    uint64_t count;        /* occurrences of this raw spelling */
    uint32_t group;
    int aliased;           /* 1 when the display comes from --aliases */
};

/* Fills *rows (owned by the caller, pt_free) with one row per distinct raw
 * spelling, sorted by display, then raw, bytewise: deterministic for the
 * same multiset of names. *n_rows may be 0 (then *rows is NULL). PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_names_rows(const struct pt_names *r, struct pt_name_row **rows,
                                        size_t *n_rows, struct pt_error *err);

#endif

/* taxonomy_data.h: the embedded data tables and the keyword matcher, for
 * taxonomy.c only (not part of the public API).
 *
 * Data files are CSV (RFC 4180, parsed with libcsv), one record per line,
 * a header whose first columns are fixed. The matcher is an Aho-Corasick
 * automaton over bytes, completed into a DFA (see taxonomy.c). */
#ifndef PTAUDIT_TAXONOMY_DATA_H
#define PTAUDIT_TAXONOMY_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

enum pt_data_id {
    PT_DATA_CFPB_ISSUES,
    PT_DATA_PBOC_REASONS,
    PT_DATA_PRODUCT_RENAMES,
    PT_DATA_KEYWORDS
};

struct pt_data_file {
    const char *name;            /* "data/cfpb_issue_crosswalk.csv" */
    const unsigned char *bytes;  /* embedded, static */
    size_t len;
};

struct pt_data_file pt_data_file(enum pt_data_id id);

#define PT_DATA_MAX_FIELDS 8

struct pt_data_row {
    const char *fields[PT_DATA_MAX_FIELDS];   /* NUL-terminated, borrowed for the call */
    size_t lens[PT_DATA_MAX_FIELDS];
    size_t n_fields;
    struct pt_loc loc;                        /* file and line */
};

typedef enum pt_code (*pt_data_row_fn)(void *ctx, const struct pt_data_row *row,
                                       struct pt_error *err);

/* Checks that the header starts with cols[0..n_cols) and calls fn for each
 * data row (every row has the header's field count). The first non-OK
 * code from fn stops the parse and is returned. PT_EDATA for a malformed
 * file, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_data_parse(struct pt_data_file f, const char *const *cols,
                                        size_t n_cols, pt_data_row_fn fn, void *ctx,
                                        struct pt_error *err);

struct pt_matcher;

/* Compiles a keyword file (keyword,category,language,match,...; match is
 * sub, prefix or word). PT_EDATA, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_matcher_create(struct pt_matcher **out, struct pt_data_file f,
                                            struct pt_error *err);
void pt_matcher_destroy(struct pt_matcher *m);
/* Mask of the categories whose keywords occur in text; 0 when none. */
uint32_t pt_matcher_run(const struct pt_matcher *m, const char *text, size_t len);

#endif

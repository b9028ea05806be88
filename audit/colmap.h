/* colmap.h: --map files, which name the source column of each canonical
 * field for inputs of no known layout (CONTRACT.md: `--map FILE` is a CSV
 * with header `field,column`, one row per canonical field).
 *
 * Two steps, because the map is read once and may be applied to several
 * inputs: pt_colmap_load parses the file (through csv_reader, so BOM,
 * GB18030 and quoting behave as for data), then pt_colmap_resolve checks it
 * against one reader's header and the caller's list of canonical fields
 * and yields a column index per field. A map is configuration: every
 * problem is PT_EDATA with the map's file:line:column, never a quarantine.
 * Names are compared after trimming spaces and tabs, exact bytes otherwise.
 * Ownership: struct pt_colmap owns its strings (pt_colmap_free). */
#ifndef PTAUDIT_COLMAP_H
#define PTAUDIT_COLMAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/csv_reader.h"
#include "audit/error.h"

struct pt_colmap_entry {
    char *field;          /* owned: canonical field name, trimmed */
    char *column;         /* owned: source column name, trimmed */
    uint64_t line;        /* physical line of the row in the map file */
};

struct pt_colmap {
    struct pt_colmap_entry *entries;   /* owned, n_entries in file order */
    size_t n_entries;
    char path[256];                    /* the map file as named (messages) */
    uint32_t field_at, column_at;      /* 1-based positions of those columns */
};

/* What a caller accepts: its canonical field names and which are required. */
struct pt_colmap_field {
    const char *name;     /* borrowed, e.g. "date_received" */
    int required;
};

/* Reads a map from in (borrowed), named path in messages. Extra columns
 * besides field and column are ignored (e.g. a note). PT_EDATA: no header /
 * no `field` or `column` column, a malformed or undecodable row, an empty
 * field or column cell, a field mapped twice ("first at line N"). PT_EIO,
 * PT_ENOMEM. On failure *map is left empty (safe to free). */
PT_NODISCARD enum pt_code pt_colmap_load(struct pt_colmap *map, FILE *in, const char *path,
                                         struct pt_error *err);

/* Fills out[i] (n_fields longs) with the 0-based column index in r's header
 * of fields[i], or -1 if the map does not name it. PT_EDATA: a map row names
 * a field not in fields (the message lists the allowed ones), a column not
 * in r's header, or a required field is not mapped. Nothing allocates. */
PT_NODISCARD enum pt_code pt_colmap_resolve(const struct pt_colmap *map,
                                            const struct pt_colmap_field *fields,
                                            size_t n_fields, const struct pt_csv_reader *r,
                                            long *out, struct pt_error *err);

/* Releases what map owns and zeroes it; accepts a zeroed or freed map. */
void pt_colmap_free(struct pt_colmap *map);

#endif

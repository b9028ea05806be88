/* manifest.h: manifest.json, what a report was made from and how
 * (CONTRACT.md "ptaudit report": tool version, options, each input's path
 * as given and resolved, size, SHA-256, detected format and encoding, rows
 * read / accepted / rejected / filtered), so `ptaudit verify` can re-derive
 * the report and a reader can check the inputs.
 *
 * Written with cJSON, keys in a fixed order, no clock: the only time is the
 * as_of option the CLI passes in (--as-of or SOURCE_DATE_EPOCH). The
 * resolved paths are the only bytes that depend on where a report was run.
 * Ownership: a manifest owns every string in it (pt_malloc'ed copies);
 * pt_manifest_free releases them. */
#ifndef PTAUDIT_MANIFEST_H
#define PTAUDIT_MANIFEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/error.h"
#include "audit/hash.h"
#include "audit/quarantine.h"

#define PT_MANIFEST_SCHEMA "ptaudit.manifest/1"
#define PT_RUN_MAX_LIST 64

/* The options of `ptaudit report` that change its output (owned strings,
 * NULL = not given). Input files are not here: they are the inputs. */
struct pt_run_options {
    char *title;
    char *period;            /* 2024Q4 | 2024-11 | 2024 */
    char *as_of;             /* YYYY-MM-DD or an ISO UTC time from SOURCE_DATE_EPOCH */
    int64_t min_cell;        /* --min-cell, default 10 */
    int excel;               /* 1 = CSV tables with a BOM */
    int png;                 /* 1 = PNG charts too */
    int narratives;          /* 1 = text signals from narratives (--narratives on) */
    char *loans_from, *complaints_from;
    char *encoding;
    char *since, *until;     /* YYYY-MM-DD */
    char *product;
    char *currency;
    char *companies[PT_RUN_MAX_LIST];
    size_t n_companies;
};

/* One input file. kind: "loans", "complaints", "aliases", "loans_map",
 * "complaints_map". */
struct pt_manifest_input {
    char *kind;
    char *path;              /* as given ("-" = stdin) */
    char *resolved;          /* realpath at run time; NULL for stdin */
    uint64_t size;           /* bytes */
    char sha256[PT_SHA256_HEX_LEN + 1];
    char *format;            /* detected format; NULL = not a dataset or not read */
    char *encoding;          /* "utf-8", "gb18030"; NULL = not read */
    int counted;             /* 1 = acc holds the loader's accounting */
    struct pt_accounting acc;
};

struct pt_manifest {
    char *version;           /* ptaudit version that wrote it */
    struct pt_run_options opt;
    struct pt_manifest_input *inputs;   /* owned array */
    size_t n_inputs, cap_inputs;
};

/* Zeroes m and sets opt.min_cell to 10. Nothing allocates. */
void pt_manifest_init(struct pt_manifest *m);
void pt_manifest_free(struct pt_manifest *m);

/* Replaces *field with a copy of value (NULL clears). PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_manifest_set(char **field, const char *value, struct pt_error *err);

/* Deep-copies src into dst (dst zeroed or freed before; on PT_ENOMEM dst
 * holds a partial copy the caller frees with the manifest). */
PT_NODISCARD enum pt_code pt_run_options_copy(struct pt_run_options *dst,
                                              const struct pt_run_options *src,
                                              struct pt_error *err);

/* Appends an input (strings copied; resolved may be NULL); *out points
 * into m->inputs and is valid until the next add. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_manifest_add_input(struct pt_manifest *m, const char *kind,
                                                const char *path, const char *resolved,
                                                struct pt_manifest_input **out,
                                                struct pt_error *err);

/* Writes the manifest as JSON (tab-indented, fixed key order, final
 * newline). PT_EIO on a write error, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_manifest_write(const struct pt_manifest *m, FILE *f,
                                            struct pt_error *err);

/* The manifest as a cJSON tree (owned by the caller: cJSON_Delete), the
 * same one pt_manifest_write prints; submission.json embeds it. NULL when
 * allocation fails. */
struct cJSON;
struct cJSON *pt_manifest_json(const struct pt_manifest *m);

/* Reads a manifest written by pt_manifest_write into m (initialized by the
 * caller). path names f in messages. PT_EDATA when it is not a ptaudit
 * manifest (bad JSON, other schema, a field of the wrong type); PT_EIO. */
PT_NODISCARD enum pt_code pt_manifest_read(struct pt_manifest *m, FILE *f, const char *path,
                                           struct pt_error *err);

#endif

/* report.h: `ptaudit report --out DIR`, the full report (CONTRACT.md).
 *
 * Reads the inputs the CLI opened, hashes them as it reads, builds every
 * table of the report in memory (struct pt_rtable), and writes DIR through
 * outdir.h: report.md (report_md.c), tables/NAME.csv, submission.json
 * (report_json.c, schema docs/submission-schema.md), manifest.json,
 * rejected.csv, plots/NAME.gp + NAME.dat (+ SVG/PNG when gnuplot is given).
 * Every figure in report.md is a cell of a table in tables/; a section whose
 * engine is not built yet says so instead of showing a number.
 * Byte-identical for identical inputs and options: no clock, tables sorted
 * with total orders, rates printed at a fixed precision.
 * Ownership: the request and its streams are borrowed; tables own their
 * cell text. */
#ifndef PTAUDIT_REPORT_H
#define PTAUDIT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/error.h"
#include "audit/manifest.h"
#include "audit/progress.h"
#include "audit/table.h"

struct pt_report_input {
    const char *kind;        /* "loans", "complaints", "aliases", "loans_map", "complaints_map" */
    const char *path;        /* as given ("-" = stdin) */
    const char *resolved;    /* realpath, NULL for stdin */
    FILE *stream;            /* borrowed, opened by the caller, read to its end */
    struct pt_progress progress;   /* datasets: bytes read (progress.h); fn NULL = none */
};

struct pt_report_request {
    const char *out_dir;
    const struct pt_run_options *opt;       /* borrowed */
    const struct pt_report_input *inputs;   /* borrowed */
    size_t n_inputs;
    const char *gnuplot;     /* absolute path; NULL = do not render charts */
    unsigned gnuplot_timeout_ms;
};

#define PT_REPORT_MAX_NOTES 16
/* What the CLI tells the user on stderr (the library prints nothing). */
struct pt_report_outcome {
    char notes[PT_REPORT_MAX_NOTES][320];
    size_t n_notes;
    uint64_t rows_rejected;  /* over all inputs */
    size_t n_charts;         /* scripts written */
    size_t n_rendered;       /* of which gnuplot rendered */
};

/* Writes the report. PT_ECANTCREAT (DIR not replaceable, sibling not
 * creatable), PT_EIO (read/write error, full disk), PT_EUSAGE (bad
 * option values in opt), PT_EDATA (input unusable), PT_ENOMEM. On error DIR
 * is untouched and nothing is left beside it. */
PT_NODISCARD enum pt_code pt_report_write(const struct pt_report_request *req,
                                          struct pt_report_outcome *out, struct pt_error *err);

/* --- the in-memory tables (report_table.c) ---------------------------- */

/* A table some other module writes itself (stats_rates, stats_complaints
 * write through table.h in any format): the report calls it once per
 * output format. */
typedef enum pt_code (*pt_rtable_write_fn)(void *ctx, FILE *f, enum pt_table_format format,
                                           unsigned flags, struct pt_error *err);

/* One table of the report: tables/NAME.csv, "NAME" in submission.json, a
 * Markdown table in report.md. Either cells held here, or write_fn. */
struct pt_rtable_block;   /* report_table.c */

struct pt_rtable {
    char name[48];                  /* file stem, [a-z0-9_] */
    char title[160];                /* heading in report.md */
    const struct pt_column *cols;   /* borrowed (static arrays) */
    size_t n_cols;
    struct pt_cell *cells;          /* owned: n_rows * n_cols; text in text_blocks */
    size_t n_rows, cap_rows;
    struct pt_rtable_block *text_blocks;   /* owned: the cells' text (report_table.c) */
    pt_rtable_write_fn write_fn;    /* NULL = write the cells above */
    void *write_ctx;                /* borrowed; must outlive the report's writing */
};

PT_NODISCARD enum pt_code pt_rtable_init(struct pt_rtable *t, const char *name,
                                         const char *title, const struct pt_column *cols,
                                         size_t n_cols, struct pt_error *err);
/* Makes room for n_rows rows in all (a table whose size is known, so it
 * is not grown and copied as rows come). PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_rtable_reserve(struct pt_rtable *t, size_t n_rows,
                                            struct pt_error *err);
/* Appends a row of n_cols cells; text is copied. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_rtable_add(struct pt_rtable *t, const struct pt_cell *cells,
                                        struct pt_error *err);
void pt_rtable_free(struct pt_rtable *t);
/* Writes t through a table writer in fmt (flags: PT_TABLE_BOM). min_cell
 * labels suppressed cells in text/Markdown. */
PT_NODISCARD enum pt_code pt_rtable_write(const struct pt_rtable *t, FILE *f,
                                          enum pt_table_format fmt, unsigned flags,
                                          int64_t min_cell, struct pt_error *err);

/* --- the writers ------------------------------------------------------- */

struct pt_chart;

/* What report_md.c needs besides the tables. */
struct pt_report_doc {
    const struct pt_run_options *opt;
    const struct pt_manifest *manifest;
    const struct pt_rtable *tables;
    size_t n_tables;
    const struct pt_chart *charts;   /* report_build.h */
    size_t n_charts;
    int loans_built;          /* 1 = loan inputs were read (else the section says none) */
    int complaints_built;
    uint64_t loans;           /* loans in scope (the period's) */
    uint64_t complaints;      /* complaints in scope */
};

PT_NODISCARD enum pt_code pt_report_md_write(const struct pt_report_doc *doc, FILE *f,
                                             struct pt_error *err);
/* submission.json: {"schema": "ptaudit.submission/1", "manifest": ..., "tables": {...}}. */
PT_NODISCARD enum pt_code pt_report_json_write(const struct pt_report_doc *doc, FILE *f,
                                               struct pt_error *err);

#endif

/* report_data.h: reading the report's datasets through the loaders and
 * turning them into report tables and charts (report_loans.c,
 * report_complaints.c). Internal to the report family.
 *
 * The scope (filters and --period) is applied here, in the loaders'
 * callbacks: a row outside it is counted as filtered, never dropped
 * silently; rows of the previous period are accepted (they feed the
 * change columns) but kept apart from the period's own statistics.
 * Ownership: each context owns its registry, statistics and copies of the
 * names it keeps; the scope and options are borrowed. */
#ifndef PTAUDIT_REPORT_DATA_H
#define PTAUDIT_REPORT_DATA_H

#include <stdint.h>
#include <stdio.h>

#include "audit/colmap.h"
#include "audit/manifest.h"
#include "audit/progress.h"
#include "audit/quarantine.h"
#include "audit/report_build.h"

struct pt_report_scope {
    int32_t since, until;           /* inclusive days; PT_DAY_UNKNOWN = open */
    int has_period;
    int32_t cur_first, cur_last;    /* --period, inclusive days */
    int32_t prev_first, prev_last;  /* the period before */
    char cur_label[40], prev_label[40];
    const char *const *companies;   /* borrowed --company values */
    size_t n_companies;
    const char *product;            /* borrowed; NULL = any */
};

/* Fills the scope from the run options. PT_EUSAGE for a bad date. */
PT_NODISCARD enum pt_code pt_report_scope_init(struct pt_report_scope *s,
                                               const struct pt_run_options *o,
                                               struct pt_error *err);
/* 0 = outside, 1 = in the period (or no period), 2 = in the previous one. */
int pt_report_scope_day(const struct pt_report_scope *s, int32_t day);

struct pt_report_loans;    /* opaque: report_loans.c */

PT_NODISCARD enum pt_code pt_report_loans_create(struct pt_report_loans **out,
                                                 const struct pt_report_scope *scope,
                                                 const struct pt_run_options *opt,
                                                 struct pt_error *err);
void pt_report_loans_destroy(struct pt_report_loans *l);
/* Reads aliases into the loans' name registry. */
/* Loan files read from now on go through map (borrowed; format mapped). */
void pt_report_loans_set_map(struct pt_report_loans *l, const struct pt_colmap *map);
PT_NODISCARD enum pt_code pt_report_loans_aliases(struct pt_report_loans *l, FILE *in,
                                                  const char *path, struct pt_error *err);
/* Loads one loans input; per_loan (borrowed, may be NULL) receives the CSV
 * per-loan rows of the loans in scope. Fills in's format and accounting.
 * progress (copied; NULL = none) gets the bytes read (progress.h). */
PT_NODISCARD enum pt_code pt_report_loans_load(struct pt_report_loans *l, FILE *in,
                                               const char *path, FILE *per_loan,
                                               struct pt_quarantine *q,
                                               const struct pt_progress *progress,
                                               struct pt_manifest_input *mi,
                                               struct pt_error *err);
/* Finishes the per-loan CSV. */
PT_NODISCARD enum pt_code pt_report_loans_end_csv(struct pt_report_loans *l,
                                                  struct pt_error *err);
/* Number of loans in scope. */
uint64_t pt_report_loans_count(const struct pt_report_loans *l);
/* Adds loans_by_platform (+ loans_change with --period, names_platforms)
 * and the charts apr_by_platform and quoted_vs_true. l must outlive b's
 * writing (loans_by_platform is written by stats_rates). */
PT_NODISCARD enum pt_code pt_report_loans_build(struct pt_report_loans *l,
                                                struct pt_report_build *b,
                                                struct pt_error *err);

/* A names.csv-style table (raw, display, aliased) of a registry. */
struct pt_names;
PT_NODISCARD enum pt_code pt_report_names_table(struct pt_report_build *b, const char *name,
                                                const char *title, const struct pt_names *names,
                                                struct pt_error *err);

struct pt_report_complaints;   /* opaque: report_complaints.c */

PT_NODISCARD enum pt_code pt_report_complaints_create(struct pt_report_complaints **out,
                                                      const struct pt_report_scope *scope,
                                                      const struct pt_run_options *opt,
                                                      struct pt_error *err);
void pt_report_complaints_destroy(struct pt_report_complaints *c);
/* Complaint files read from now on go through map (borrowed; format mapped). */
void pt_report_complaints_set_map(struct pt_report_complaints *c,
                                  const struct pt_colmap *map);
PT_NODISCARD enum pt_code pt_report_complaints_aliases(struct pt_report_complaints *c, FILE *in,
                                                       const char *path, struct pt_error *err);
/* Loads one complaints input (progress as for loans). */
PT_NODISCARD enum pt_code pt_report_complaints_load(struct pt_report_complaints *c, FILE *in,
                                                    const char *path, struct pt_quarantine *q,
                                                    const struct pt_progress *progress,
                                                    struct pt_manifest_input *mi,
                                                    struct pt_error *err);
uint64_t pt_report_complaints_count(const struct pt_report_complaints *c);
/* Finishes the statistics once every complaint input is in: called by the
 * thread that read the complaints as soon as it is done, so the work
 * overlaps the loans still being read; build calls it too (a no-op the
 * second time). The company x month table is finished on a thread of its
 * own, left running: build_months joins it when it needs that table
 * (destroy does when that was never reached). */
PT_NODISCARD enum pt_code pt_report_complaints_finish(struct pt_report_complaints *c,
                                                      struct pt_error *err);
/* Adds complaints_by_company, complaints_by_month, complaints_by_category
 * (suppressed with --min-cell), names_companies, and their charts, in two
 * calls: build makes every table and chart in its place but fills those
 * of company x month (complaints_by_month, complaint_spikes, the
 * per-month chart, left pending), which build_months fills once it has
 * joined the thread finishing that table. Nothing else may be added to b
 * between the two. */
PT_NODISCARD enum pt_code pt_report_complaints_build(struct pt_report_complaints *c,
                                                     struct pt_report_build *b,
                                                     struct pt_error *err);
PT_NODISCARD enum pt_code pt_report_complaints_build_months(struct pt_report_complaints *c,
                                                            struct pt_report_build *b,
                                                            struct pt_error *err);


/* complaints_per_10k_loans (report_joint.c), after both sections were
 * built: firms in both, where the date ranges overlap. */
PT_NODISCARD enum pt_code pt_report_joint_build(const struct pt_report_loans *l,
                                                const struct pt_report_complaints *c,
                                                struct pt_report_build *b,
                                                struct pt_error *err);

/* --- reading every input (report_read.c) ------------------------------- */

struct pt_outdir;

struct pt_report_data {
    struct pt_report_loans *loans;             /* owned; NULL without loan inputs */
    struct pt_report_complaints *complaints;   /* owned; NULL without complaint inputs */
    struct pt_report_build *loans_built;       /* owned: the loan section's tables and
                                                * charts, built by the loans' thread */
    struct pt_colmap loans_map;                /* owned: --loans-map (empty if none) */
    struct pt_colmap complaints_map;           /* owned: --complaints-map (empty if none) */
    uint64_t rows_rejected;
};

/* Adds every input to man (in request order), then reads the aliases
 * (into both name registries), the loan and the complaint files through
 * their loaders, hashing each as it is read (hash.h tee), quarantining bad
 * rows into DIR/rejected.csv and writing DIR/tables/loans.csv. Mapping
 * files (--loans-map, --complaints-map) are hashed and loaded before the
 * datasets, which then read through them (format `mapped`). */
PT_NODISCARD enum pt_code pt_report_read(struct pt_report_data *d,
                                         const struct pt_report_request *req,
                                         const struct pt_report_scope *scope,
                                         const struct pt_outdir *od, struct pt_render *render,
                                         struct pt_manifest *man, struct pt_error *err);
void pt_report_data_free(struct pt_report_data *d);

#endif

/* report_build.h: the tables of a report under construction, and the
 * builders of each section (one file per section: report_example.c, ...).
 * Internal to the report family. Tables keep the order they were made in,
 * which is their order in report.md, tables/ listing and submission.json. */
#ifndef PTAUDIT_REPORT_BUILD_H
#define PTAUDIT_REPORT_BUILD_H

#include "audit/report.h"

#define PT_REPORT_MAX_TABLES 32

struct pt_report_build {
    struct pt_rtable tables[PT_REPORT_MAX_TABLES];   /* owned */
    size_t n_tables;
};

/* Adds an empty table; *out points into b and stays valid. PT_ENOMEM past
 * PT_REPORT_MAX_TABLES. */
PT_NODISCARD enum pt_code pt_report_build_table(struct pt_report_build *b, const char *name,
                                                const char *title,
                                                const struct pt_column *cols, size_t n_cols,
                                                struct pt_rtable **out, struct pt_error *err);
void pt_report_build_free(struct pt_report_build *b);

/* worked_example + worked_example_schedule (report_example.c). */
PT_NODISCARD enum pt_code pt_report_build_example(struct pt_report_build *b,
                                                  struct pt_error *err);

#endif

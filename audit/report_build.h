/* report_build.h: the tables of a report under construction, and the
 * builders of each section (one file per section: report_example.c, ...).
 * Internal to the report family. Tables keep the order they were made in,
 * which is their order in report.md, tables/ listing and submission.json. */
#ifndef PTAUDIT_REPORT_BUILD_H
#define PTAUDIT_REPORT_BUILD_H

#include "audit/report.h"

#include "audit/escape.h"

#define PT_REPORT_MAX_TABLES 32
#define PT_REPORT_MAX_CHARTS 16

/* A chart: plots/NAME.gp and plots/NAME.dat, self-contained (the script
 * names its data and outputs relative to plots/). */
struct pt_chart {
    char name[48];
    char alt[160];           /* the image's alt text in report.md */
    struct pt_buf gp;        /* owned: the script */
    struct pt_buf dat;       /* owned: the data */
    int published;           /* files written and queued for drawing */
    int pending;             /* its place is kept, its content not there yet */
};

struct pt_report_build {
    struct pt_rtable tables[PT_REPORT_MAX_TABLES];   /* owned */
    size_t n_tables;
    struct pt_chart charts[PT_REPORT_MAX_CHARTS];    /* owned */
    size_t n_charts;
    int png;                 /* scripts also write NAME.png */
};

/* Adds an empty table; *out points into b and stays valid. PT_ENOMEM past
 * PT_REPORT_MAX_TABLES. */
PT_NODISCARD enum pt_code pt_report_build_table(struct pt_report_build *b, const char *name,
                                                const char *title,
                                                const struct pt_column *cols, size_t n_cols,
                                                struct pt_rtable **out, struct pt_error *err);
void pt_report_build_free(struct pt_report_build *b);
/* Writes plots/NAME.gp and NAME.dat of every chart of b not yet published
 * nor pending and queues it for drawing (report_render.h). */
struct pt_outdir;
struct pt_render;
PT_NODISCARD enum pt_code pt_report_publish_charts(const struct pt_outdir *od,
                                                   struct pt_render *render,
                                                   struct pt_report_build *b,
                                                   struct pt_error *err);
/* Removes chart c (a pending one that is not drawn after all) from b; the
 * charts after it move up one place. */
void pt_report_build_drop_chart(struct pt_report_build *b, struct pt_chart *c);
/* Appends src's tables and charts to dst, in order, and leaves src empty
 * (a section built apart, on its own thread). PT_ENOMEM past either limit,
 * src then unchanged. */
PT_NODISCARD enum pt_code pt_report_build_move(struct pt_report_build *dst,
                                               struct pt_report_build *src,
                                               struct pt_error *err);

/* A bar chart of values (rates as fractions, drawn as percents, the axis
 * titled ylabel) with one
 * label per bar (untrusted text: quoted by pt_escape_gnuplot). source names
 * the table the numbers come from, written into both files. */
PT_NODISCARD enum pt_code pt_report_chart_bars(struct pt_report_build *b, const char *name,
                                               const char *title, const char *alt,
                                               const char *source, const char *ylabel,
                                               const char *const *labels,
                                               const double *rates, size_t n,
                                               struct pt_error *err);
/* Building blocks for other chart shapes (report_loans.c, ...): a new
 * chart; the shared header (terminal, output NAME.svg, noenhanced, tab
 * data, quoted title, source comment); appending text; appending untrusted
 * text as a gnuplot string; the PNG tail (after the plot command). */
PT_NODISCARD enum pt_code pt_chart_new(struct pt_report_build *b, const char *name,
                                       const char *alt, struct pt_chart **out,
                                       struct pt_error *err);
PT_NODISCARD enum pt_code pt_chart_head(struct pt_chart *c, const char *title,
                                        const char *source, struct pt_error *err);
PT_NODISCARD enum pt_code pt_chart_add(struct pt_buf *b, const char *s, struct pt_error *err);
PT_NODISCARD enum pt_code pt_chart_quote(struct pt_buf *b, const char *s, struct pt_error *err);
PT_NODISCARD enum pt_code pt_chart_png(struct pt_chart *c, int png, struct pt_error *err);
const struct pt_chart *pt_report_find_chart(const struct pt_report_build *b, const char *name);

/* worked_example + worked_example_schedule (report_example.c). */
PT_NODISCARD enum pt_code pt_report_build_example(struct pt_report_build *b,
                                                  struct pt_error *err);

#endif

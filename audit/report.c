/* report.c: pt_report_write, the order of work: open the output sibling,
 * read and hash every input, build the tables, write every file, rename
 * the folder into place. Any failure aborts the sibling, so DIR is either
 * the old report or the complete new one. */
#include "audit/report.h"

#include <inttypes.h>
#include <pthread.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/hash.h"
#include "audit/outdir.h"
#include "audit/period.h"
#include "audit/report_build.h"
#include "audit/report_data.h"
#include "audit/report_render.h"

struct run {
    const struct pt_report_request *req;
    struct pt_report_outcome *out;
    struct pt_manifest man;
    struct pt_outdir od;
    struct pt_report_build b;
    struct pt_period period, previous;
    int has_period;
    struct pt_report_scope scope;
    struct pt_report_data data;
    struct pt_render *render;   /* owned: joined before the folder is committed or removed */
};

static void note(struct pt_report_outcome *out, const char *text)
{
    if (out->n_notes < PT_REPORT_MAX_NOTES)
        snprintf(out->notes[out->n_notes++], sizeof out->notes[0], "%s", text);
}

enum pt_code pt_report_build_table(struct pt_report_build *b, const char *name,
                                   const char *title, const struct pt_column *cols,
                                   size_t n_cols, struct pt_rtable **out, struct pt_error *err)
{
    if (b->n_tables >= PT_REPORT_MAX_TABLES)
        return pt_error_set(err, PT_ENOMEM, NULL, "too many report tables");
    *out = &b->tables[b->n_tables++];
    return pt_rtable_init(*out, name, title, cols, n_cols, err);
}

void pt_report_build_free(struct pt_report_build *b)
{
    for (size_t i = 0; i < b->n_tables; i++)
        pt_rtable_free(&b->tables[i]);
    for (size_t i = 0; i < b->n_charts; i++) {
        pt_buf_free(&b->charts[i].gp);
        pt_buf_free(&b->charts[i].dat);
    }
    b->n_tables = 0;
    b->n_charts = 0;
}

void pt_report_build_drop_chart(struct pt_report_build *b, struct pt_chart *c)
{
    size_t i = (size_t)(c - b->charts);
    pt_buf_free(&c->gp);
    pt_buf_free(&c->dat);
    memmove(b->charts + i, b->charts + i + 1, (b->n_charts - i - 1) * sizeof *b->charts);
    b->n_charts--;
}

enum pt_code pt_report_build_move(struct pt_report_build *dst, struct pt_report_build *src,
                                  struct pt_error *err)
{
    if (dst->n_tables + src->n_tables > PT_REPORT_MAX_TABLES)
        return pt_error_set(err, PT_ENOMEM, NULL, "too many report tables");
    if (dst->n_charts + src->n_charts > PT_REPORT_MAX_CHARTS)
        return pt_error_set(err, PT_ENOMEM, NULL, "too many report charts");
    memcpy(dst->tables + dst->n_tables, src->tables, src->n_tables * sizeof *src->tables);
    dst->n_tables += src->n_tables;
    src->n_tables = 0;
    memcpy(dst->charts + dst->n_charts, src->charts, src->n_charts * sizeof *src->charts);
    dst->n_charts += src->n_charts;
    src->n_charts = 0;
    return PT_OK;
}

static enum pt_code new_table(struct run *r, const char *name, const char *title,
                              const struct pt_column *cols, size_t n_cols,
                              struct pt_rtable **out, struct pt_error *err)
{
    return pt_report_build_table(&r->b, name, title, cols, n_cols, out, err);
}

static const struct pt_column scope_cols[] = {
    {"item", PT_COL_TEXT, 0},
    {"value", PT_COL_TEXT, 0},
};

static enum pt_code scope_row(struct pt_rtable *t, const char *item, const char *value,
                              struct pt_error *err)
{
    struct pt_cell c[2] = {pt_cell_text(item, strlen(item)),
                           value != NULL ? pt_cell_text(value, strlen(value))
                                         : pt_cell_missing()};
    return pt_rtable_add(t, c, err);
}

static enum pt_code build_scope(struct run *r, struct pt_error *err)
{
    const struct pt_run_options *o = r->req->opt;
    struct pt_rtable *t = NULL;
    char buf[160];
    enum pt_code rc = new_table(r, "scope", "Scope of this report", scope_cols, 2, &t, err);
    if (rc == PT_OK && r->has_period) {
        snprintf(buf, sizeof buf, "%s (%s to %s)", r->period.label, r->period.first,
                 r->period.last);
        rc = scope_row(t, "period", buf, err);
        snprintf(buf, sizeof buf, "%s (%s to %s)", r->previous.label, r->previous.first,
                 r->previous.last);
        if (rc == PT_OK)
            rc = scope_row(t, "compared with", buf, err);
    } else if (rc == PT_OK) {
        rc = scope_row(t, "period", "all dates in the inputs", err);
    }
    const char *items[] = {"since", "until", "product", "currency", "as of"};
    const char *values[] = {o->since, o->until, o->product, o->currency, o->as_of};
    for (size_t i = 0; rc == PT_OK && i < 5; i++)
        if (values[i] != NULL)
            rc = scope_row(t, items[i], values[i], err);
    for (size_t i = 0; rc == PT_OK && i < o->n_companies; i++)
        rc = scope_row(t, "company", o->companies[i], err);
    snprintf(buf, sizeof buf, "%" PRId64, o->min_cell);
    if (rc == PT_OK)
        rc = scope_row(t, "min cell", buf, err);
    return rc;
}

static const struct pt_column input_cols[] = {
    {"kind", PT_COL_TEXT, 0},          {"path", PT_COL_TEXT, 0},
    {"format", PT_COL_TEXT, 0},        {"encoding", PT_COL_TEXT, 0},
    {"bytes", PT_COL_INT, 0},          {"sha256", PT_COL_TEXT, 0},
    {"rows_read", PT_COL_INT, 0},      {"rows_accepted", PT_COL_INT, 0},
    {"rows_rejected", PT_COL_INT, 0},  {"rows_filtered", PT_COL_INT, 0},
};

static struct pt_cell opt_text(const char *s)
{
    return s != NULL ? pt_cell_text(s, strlen(s)) : pt_cell_missing();
}

static struct pt_cell opt_count(int counted, uint64_t v)
{
    return counted ? pt_cell_int((int64_t)v) : pt_cell_missing();
}

static enum pt_code build_inputs(struct run *r, struct pt_error *err)
{
    struct pt_rtable *t = NULL;
    enum pt_code rc = new_table(r, "inputs", "Inputs", input_cols, 10, &t, err);
    for (size_t i = 0; rc == PT_OK && i < r->man.n_inputs; i++) {
        const struct pt_manifest_input *in = &r->man.inputs[i];
        struct pt_cell c[10] = {
            opt_text(in->kind),
            opt_text(in->path),
            opt_text(in->format),
            opt_text(in->encoding),
            pt_cell_int((int64_t)in->size),
            opt_text(in->sha256),
            opt_count(in->counted, in->acc.rows_read),
            opt_count(in->counted, in->acc.rows_accepted),
            opt_count(in->counted, in->acc.rows_rejected),
            opt_count(in->counted, in->acc.rows_filtered),
        };
        rc = pt_rtable_add(t, c, err);
    }
    return rc;
}

typedef enum pt_code (*file_writer)(const struct run *r, FILE *f, struct pt_error *err);

static enum pt_code write_file(const struct run *r, const char *name, file_writer fn,
                               struct pt_error *err)
{
    FILE *f = NULL;
    enum pt_code rc = pt_outdir_fopen(&r->od, name, &f, err);
    if (rc != PT_OK)
        return rc;
    rc = fn(r, f, err);
    enum pt_code rc2 = pt_outdir_fclose(&r->od, f, name, err);
    return rc != PT_OK ? rc : rc2;
}

static void fill_doc(const struct run *r, struct pt_report_doc *d)
{
    memset(d, 0, sizeof *d);
    d->opt = r->req->opt;
    d->manifest = &r->man;
    d->tables = r->b.tables;
    d->n_tables = r->b.n_tables;
    d->charts = r->b.charts;
    d->n_charts = r->b.n_charts;
    d->loans_built = r->data.loans != NULL;
    d->complaints_built = r->data.complaints != NULL;
    d->loans = r->data.loans != NULL ? pt_report_loans_count(r->data.loans) : 0;
    d->complaints = r->data.complaints != NULL ? pt_report_complaints_count(r->data.complaints)
                                               : 0;
}

static enum pt_code write_md(const struct run *r, FILE *f, struct pt_error *err)
{
    struct pt_report_doc d;
    fill_doc(r, &d);
    return pt_report_md_write(&d, f, err);
}

static enum pt_code write_json(const struct run *r, FILE *f, struct pt_error *err)
{
    struct pt_report_doc d;
    fill_doc(r, &d);
    return pt_report_json_write(&d, f, err);
}

static enum pt_code write_manifest(const struct run *r, FILE *f, struct pt_error *err)
{
    return pt_manifest_write(&r->man, f, err);
}

static enum pt_code write_tables(const struct run *r, struct pt_error *err)
{
    unsigned flags = r->req->opt->excel ? PT_TABLE_BOM : 0;
    enum pt_code rc = PT_OK;
    for (size_t i = 0; rc == PT_OK && i < r->b.n_tables; i++) {
        char name[80];
        FILE *f = NULL;
        snprintf(name, sizeof name, "tables/%s.csv", r->b.tables[i].name);
        rc = pt_outdir_fopen(&r->od, name, &f, err);
        if (rc != PT_OK)
            break;
        rc = pt_rtable_write(&r->b.tables[i], f, PT_TABLE_CSV, flags, r->req->opt->min_cell, err);
        enum pt_code rc2 = pt_outdir_fclose(&r->od, f, name, err);
        if (rc == PT_OK)
            rc = rc2;
    }
    return rc;
}

static enum pt_code write_bytes_file(const struct pt_outdir *od, const char *name,
                                     const struct pt_buf *b, struct pt_error *err)
{
    FILE *f = NULL;
    enum pt_code rc = pt_outdir_fopen(od, name, &f, err);
    if (rc != PT_OK)
        return rc;
    if (b->len > 0 && fwrite(b->data, 1, b->len, f) != b->len)
        rc = pt_error_set(err, PT_EIO, NULL, "cannot write %s: write error", name);
    enum pt_code rc2 = pt_outdir_fclose(od, f, name, err);
    return rc != PT_OK ? rc : rc2;
}

/* See report_build.h. */
enum pt_code pt_report_publish_charts(const struct pt_outdir *od, struct pt_render *render,
                                      struct pt_report_build *b, struct pt_error *err)
{
    enum pt_code rc = PT_OK;
    for (size_t i = 0; rc == PT_OK && i < b->n_charts; i++) {
        struct pt_chart *c = &b->charts[i];
        if (c->published || c->pending)
            continue;
        char name[80];
        snprintf(name, sizeof name, "plots/%s.gp", c->name);
        rc = write_bytes_file(od, name, &c->gp, err);
        snprintf(name, sizeof name, "plots/%s.dat", c->name);
        if (rc == PT_OK)
            rc = write_bytes_file(od, name, &c->dat, err);
        if (rc == PT_OK)
            rc = pt_render_add(render, c->name, err);
        c->published = rc == PT_OK;
    }
    return rc;
}

/* The outcome of each chart, in chart order (so stderr does not depend on
 * which gnuplot ended first). A chart gnuplot cannot draw is a note, not a
 * failure: the scripts and data are the deliverable and report.md does not
 * change. */
static void render_notes(struct run *r)
{
    r->out->n_charts = r->b.n_charts;
    for (size_t i = 0; i < r->b.n_charts; i++) {
        char msg[320];
        int drawn = pt_render_result(r->render, r->b.charts[i].name, msg, sizeof msg);
        if (drawn == 1)
            r->out->n_rendered++;
        else if (drawn == 0)
            note(r->out, msg);
    }
}

/* submission.json (every table again, 25 MB on the full CFPB export) on a
 * thread of its own while this one writes the tables and report.md: the
 * writers only read the tables, the manifest and the sections. */
struct json_job {
    const struct run *r;
    enum pt_code rc;
    struct pt_error err;
};

static void *json_side(void *arg)
{
    struct json_job *j = arg;
    j->rc = write_file(j->r, "submission.json", write_json, &j->err);
    return NULL;
}

/* The charts not drawn yet first, so gnuplot draws them while the rest is
 * written; the loan section's were queued as soon as they were built.
 * Errors are those of writing in the order tables, report.md,
 * submission.json, manifest.json. */
static enum pt_code write_outputs(struct run *r, struct pt_error *err)
{
    enum pt_code rc = pt_report_publish_charts(&r->od, r->render, &r->b, err);
    struct json_job j = {r, PT_OK, {0}};
    pthread_t t;
    int side = rc == PT_OK && pthread_create(&t, NULL, json_side, &j) == 0;
    if (rc == PT_OK)
        rc = write_tables(r, err);
    if (rc == PT_OK)
        rc = write_file(r, "report.md", write_md, err);
    if (side)
        pthread_join(t, NULL);
    else if (rc == PT_OK)
        json_side(&j);
    if (rc == PT_OK && j.rc != PT_OK) {
        *err = j.err;
        rc = j.rc;
    }
    if (rc == PT_OK)
        rc = write_file(r, "manifest.json", write_manifest, err);
    pt_render_wait(r->render);
    if (rc == PT_OK)
        render_notes(r);
    return rc;
}

/* plots/ and the charts' drawing threads (started with the first chart). */
static enum pt_code start_render(struct run *r, struct pt_error *err)
{
    enum pt_code rc = pt_outdir_mkdir(&r->od, "plots", err);
    if (rc != PT_OK)
        return rc;
    size_t n = strlen(r->od.tmp_path) + sizeof "/plots";
    char *dir = pt_malloc(n);
    if (dir == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    snprintf(dir, n, "%s/plots", r->od.tmp_path);
    rc = pt_render_create(&r->render, r->req->gnuplot, dir, r->req->gnuplot_timeout_ms, err);
    pt_free(dir);
    return rc;
}

static enum pt_code prepare(struct run *r, struct pt_error *err)
{
    const struct pt_run_options *o = r->req->opt;
    pt_manifest_init(&r->man);
    enum pt_code rc = pt_manifest_set(&r->man.version, PT_VERSION, err);
    if (rc == PT_OK)
        rc = pt_run_options_copy(&r->man.opt, o, err);
    if (rc == PT_OK && o->period != NULL) {
        rc = pt_period_parse(o->period, &r->period, err);
        pt_period_previous(&r->period, &r->previous);
        r->has_period = rc == PT_OK;
    }
    if (rc == PT_OK)
        rc = pt_report_scope_init(&r->scope, o, err);
    if (rc == PT_OK && o->min_cell < 0)
        rc = pt_error_set(err, PT_EUSAGE, NULL, "--min-cell: expected a count >= 0");
    return rc;
}

enum pt_code pt_report_write(const struct pt_report_request *req, struct pt_report_outcome *out,
                             struct pt_error *err)
{
    struct run *r = pt_calloc(1, sizeof *r);
    if (r == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    memset(out, 0, sizeof *out);
    r->req = req;
    r->out = out;
    r->b.png = req->opt->png;
    enum pt_code rc = prepare(r, err);
    if (rc == PT_OK)
        rc = pt_outdir_begin(&r->od, req->out_dir, err);
    if (rc == PT_OK)
        rc = start_render(r, err);
    if (rc == PT_OK)
        rc = pt_report_read(&r->data, req, &r->scope, &r->od, r->render, &r->man, err);
    if (rc == PT_OK)
        rc = build_scope(r, err);
    if (rc == PT_OK)
        rc = build_inputs(r, err);
    if (rc == PT_OK)
        rc = pt_report_build_example(&r->b, err);
    if (rc == PT_OK && r->data.loans_built != NULL)   /* built by the loans' thread */
        rc = pt_report_build_move(&r->b, r->data.loans_built, err);
    /* The complaint tables in two steps: the charts built by the first are
     * drawn while the second waits for company x month. */
    if (rc == PT_OK && r->data.complaints != NULL)
        rc = pt_report_complaints_build(r->data.complaints, &r->b, err);
    if (rc == PT_OK)
        rc = pt_report_publish_charts(&r->od, r->render, &r->b, err);
    if (rc == PT_OK && r->data.complaints != NULL)
        rc = pt_report_complaints_build_months(r->data.complaints, &r->b, err);
    if (rc == PT_OK && r->data.loans != NULL && r->data.complaints != NULL)
        rc = pt_report_joint_build(r->data.loans, r->data.complaints, &r->b, err);
    if (rc == PT_OK)
        rc = write_outputs(r, err);
    if (rc != PT_OK)
        pt_render_cancel(r->render);
    pt_render_destroy(r->render);   /* no gnuplot still writing into the folder */
    r->render = NULL;
    if (rc == PT_OK)
        rc = pt_outdir_commit(&r->od, err);
    out->rows_rejected = r->data.rows_rejected;
    if (rc != PT_OK)
        pt_outdir_abort(&r->od);
    pt_report_build_free(&r->b);
    pt_report_data_free(&r->data);
    pt_manifest_free(&r->man);
    pt_free(r);
    return rc;
}

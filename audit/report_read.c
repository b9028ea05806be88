/* report_read.c: every input of a report, read once. Aliases come first
 * because display names and --company filters depend on them; they are
 * small, so their bytes are kept in memory and read once per name
 * registry. A dataset that is a regular file is hashed on a second thread
 * from its own stream while the loader reads it (checked unchanged before
 * and after: device, inode, size, mtime); any other input (stdin, a pipe)
 * streams through a hashing tee into its loader. Either way the SHA-256 in
 * the manifest is of exactly the bytes that were parsed. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/alloc.h"
#include "audit/hash.h"
#include "audit/outdir.h"
#include "audit/report_data.h"

struct reading {
    struct pt_report_data *d;
    const struct pt_report_request *req;
    const struct pt_outdir *od;
    struct pt_render *render;   /* the loan section's charts are drawn once built */
    struct pt_manifest *man;
    struct pt_quarantine q;
    FILE *rejected, *per_loan;
};

static int is_kind(const struct pt_report_input *in, const char *kind)
{
    return strcmp(in->kind, kind) == 0;
}

static enum pt_code read_all(FILE *f, const char *path, char **buf, size_t *len,
                             struct pt_error *err)
{
    size_t cap = 0, n;
    *buf = NULL;
    *len = 0;
    do {
        if (pt_grow((void **)buf, &cap, *len + 65536, 1) != 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory reading %s", path);
        n = fread(*buf + *len, 1, 65536, f);
        *len += n;
    } while (n > 0);
    if (ferror(f)) {
        struct pt_loc loc;
        pt_loc_set(&loc, path, 0, 0);
        return pt_error_set(err, PT_EIO, &loc, "read error");
    }
    return PT_OK;
}

/* An aliases file: hashed, then loaded into each registry in use. */
static enum pt_code read_aliases(struct reading *g, const struct pt_report_input *in,
                                 struct pt_manifest_input *mi, struct pt_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    enum pt_code rc = read_all(in->stream, in->path, &buf, &len, err);
    for (int pass = 0; rc == PT_OK && pass < 3; pass++) {
        FILE *f = fmemopen(len ? buf : (char *)(uintptr_t) "", len, "rb");
        if (f == NULL) {
            rc = pt_error_set(err, PT_ENOMEM, NULL, "out of memory reading %s", in->path);
            break;
        }
        if (pass == 0)
            rc = pt_hash_stream(f, in->path, mi->sha256, &mi->size, err);
        else if (pass == 1 && g->d->loans != NULL)
            rc = pt_report_loans_aliases(g->d->loans, f, in->path, err);
        else if (pass == 2 && g->d->complaints != NULL)
            rc = pt_report_complaints_aliases(g->d->complaints, f, in->path, err);
        fclose(f);
    }
    pt_free(buf);
    return rc;
}

/* A mapping file: hashed, then loaded for the datasets of its kind. Both
 * passes read the same bytes, kept in memory (maps are small). */
static enum pt_code read_map(struct reading *g, const struct pt_report_input *in,
                             struct pt_manifest_input *mi, struct pt_error *err)
{
    struct pt_colmap *map = is_kind(in, "loans_map") ? &g->d->loans_map : &g->d->complaints_map;
    if (map->entries != NULL) {
        struct pt_loc loc;
        pt_loc_set(&loc, in->path, 0, 0);
        return pt_error_set(err, PT_EUSAGE, &loc, "only one --%s-map may be given",
                            is_kind(in, "loans_map") ? "loans" : "complaints");
    }
    char *buf = NULL;
    size_t len = 0;
    enum pt_code rc = read_all(in->stream, in->path, &buf, &len, err);
    for (int pass = 0; rc == PT_OK && pass < 2; pass++) {
        FILE *f = fmemopen(len ? buf : (char *)(uintptr_t) "", len, "rb");
        if (f == NULL) {
            rc = pt_error_set(err, PT_ENOMEM, NULL, "out of memory reading %s", in->path);
            break;
        }
        rc = pass == 0 ? pt_hash_stream(f, in->path, mi->sha256, &mi->size, err)
                       : pt_colmap_load(map, f, in->path, err);
        fclose(f);
    }
    pt_free(buf);
    if (rc == PT_OK && g->d->loans != NULL && is_kind(in, "loans_map"))
        pt_report_loans_set_map(g->d->loans, map);
    if (rc == PT_OK && g->d->complaints != NULL && is_kind(in, "complaints_map"))
        pt_report_complaints_set_map(g->d->complaints, map);
    return rc;
}

/* SHA-256 of a regular file on its own stream, on a second thread while
 * the loader reads the file: the loader then gets the real file (which it
 * can split between two threads, complaint.h) instead of a hashing tee. */
struct side_hash {
    FILE *f;
    const char *path;
    char hex[PT_SHA256_HEX_LEN + 1];
    uint64_t size;
    enum pt_code rc;
    struct pt_error err;
};

static void *hash_side(void *arg)
{
    struct side_hash *h = arg;
    h->rc = pt_hash_stream(h->f, h->path, h->hex, &h->size, &h->err);
    return NULL;
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static enum pt_code load_dataset(struct reading *g, const struct pt_report_input *in,
                                 FILE *stream, struct pt_manifest_input *mi,
                                 struct pt_error *err)
{
    if (is_kind(in, "loans"))
        return pt_report_loans_load(g->d->loans, stream, in->path, g->per_loan, &g->q,
                                    &in->progress, mi, err);
    return pt_report_complaints_load(g->d->complaints, stream, in->path, &g->q, &in->progress,
                                     mi, err);
}

/* 1 when the dataset was read this way (rc set), 0 to use the tee. The
 * file must be the same (device, inode, size, mtime) before, during and
 * after, so the digest is of the bytes parsed. */
static int read_regular(struct reading *g, const struct pt_report_input *in,
                        struct pt_manifest_input *mi, enum pt_code *rc, struct pt_error *err)
{
    struct stat before, other, after;
    if (strcmp(in->path, "-") == 0 || fstat(fileno(in->stream), &before) != 0 ||
        !S_ISREG(before.st_mode) || ftello(in->stream) != 0)
        return 0;
    struct side_hash h = {.path = in->path};
    h.f = fopen(in->path, "rb");
    if (h.f == NULL)
        return 0;
    pthread_t t;
    if (fstat(fileno(h.f), &other) != 0 || !same_file(&before, &other) ||
        pthread_create(&t, NULL, hash_side, &h) != 0) {
        fclose(h.f);
        return 0;
    }
    *rc = load_dataset(g, in, in->stream, mi, err);
    pthread_join(t, NULL);
    fclose(h.f);
    if (*rc == PT_OK && h.rc != PT_OK) {
        *err = h.err;
        *rc = h.rc;
    }
    if (*rc == PT_OK && (fstat(fileno(in->stream), &after) != 0 || !same_file(&before, &after))) {
        struct pt_loc loc;
        pt_loc_set(&loc, in->path, 0, 0);
        *rc = pt_error_set(err, PT_EIO, &loc, "the file changed while it was read");
    }
    if (*rc == PT_OK) {
        memcpy(mi->sha256, h.hex, sizeof h.hex);
        mi->size = h.size;
    }
    return 1;
}

static enum pt_code read_dataset(struct reading *g, const struct pt_report_input *in,
                                 struct pt_manifest_input *mi, struct pt_error *err)
{
    enum pt_code rrc = PT_OK;
    if (read_regular(g, in, mi, &rrc, err))
        return rrc;
    struct pt_hash_tee *tee = NULL;
    FILE *stream = NULL;
    enum pt_code rc = pt_hash_tee_create(&tee, in->stream, in->path, &stream, err);
    if (rc == PT_OK)
        rc = load_dataset(g, in, stream, mi, err);
    if (rc == PT_OK)
        rc = pt_hash_tee_finish(tee, mi->sha256, &mi->size, err);
    pt_hash_tee_destroy(tee);
    return rc;
}

static enum pt_code open_outputs(struct reading *g, struct pt_error *err)
{
    enum pt_code rc = pt_outdir_fopen(g->od, "rejected.csv", &g->rejected, err);
    if (rc == PT_OK && g->d->loans != NULL) {
        rc = pt_outdir_fopen(g->od, "tables/loans.csv", &g->per_loan, err);
        if (rc == PT_OK && g->req->opt->excel && fputs("\xEF\xBB\xBF", g->per_loan) == EOF)
            rc = pt_error_set(err, PT_EIO, NULL, "cannot write tables/loans.csv");
    }
    pt_quarantine_init(&g->q, g->rejected);
    return rc;
}

/* Closes rejected.csv (the header alone when nothing was rejected) and the
 * per-loan table; keeps the first error. */
static enum pt_code close_outputs(struct reading *g, enum pt_code rc, struct pt_error *err)
{
    struct pt_error e2;
    if (rc == PT_OK && g->rejected != NULL && !g->q.header_written &&
        fputs(PT_REJECT_HEADER "\n", g->rejected) == EOF)
        rc = pt_error_set(err, PT_EIO, NULL, "cannot write rejected.csv");
    if (g->rejected != NULL && pt_outdir_fclose(g->od, g->rejected, "rejected.csv", &e2) &&
        rc == PT_OK)
        rc = pt_error_set(err, e2.code, &e2.loc, "%s", e2.msg);
    if (g->d->loans != NULL && rc == PT_OK)
        rc = pt_report_loans_end_csv(g->d->loans, err);
    if (g->per_loan != NULL && pt_outdir_fclose(g->od, g->per_loan, "tables/loans.csv", &e2) &&
        rc == PT_OK)
        rc = pt_error_set(err, e2.code, &e2.loc, "%s", e2.msg);
    g->d->rows_rejected = g->q.n_rejected;
    return rc;
}

static enum pt_code create_sections(struct reading *g, const struct pt_report_scope *scope,
                                    struct pt_error *err)
{
    enum pt_code rc = PT_OK;
    for (size_t i = 0; rc == PT_OK && i < g->req->n_inputs; i++) {
        const struct pt_report_input *in = &g->req->inputs[i];
        struct pt_manifest_input *mi = NULL;
        rc = pt_manifest_add_input(g->man, in->kind, in->path, in->resolved, &mi, err);
        if (rc == PT_OK && is_kind(in, "loans") && g->d->loans == NULL)
            rc = pt_report_loans_create(&g->d->loans, scope, g->req->opt, err);
        if (rc == PT_OK && is_kind(in, "complaints") && g->d->complaints == NULL)
            rc = pt_report_complaints_create(&g->d->complaints, scope, g->req->opt, err);
    }
    return rc;
}

/* The manifest entry of the request's input i (create_sections added one
 * per input, in order, after any the manifest already held). */
static struct pt_manifest_input *manifest_input(const struct reading *g, size_t i)
{
    return &g->man->inputs[g->man->n_inputs - g->req->n_inputs + i];
}

/* The loan section's tables and charts, apart (pt_report_build_move puts
 * them in their place once everything is read): they depend on the loans
 * alone, so they are built, and the charts drawn, while the complaints may
 * still be read. */
static enum pt_code build_loans(struct reading *g, struct pt_error *err)
{
    struct pt_report_build *b = pt_calloc(1, sizeof *b);
    if (b == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    b->png = g->req->opt->png;
    g->d->loans_built = b;
    enum pt_code rc = pt_report_loans_build(g->d->loans, b, err);
    return rc == PT_OK ? pt_report_publish_charts(g->od, g->render, b, err) : rc;
}

/* Every input of one kind, in order; then, on this thread while the other
 * kind may still be read, the complaints' statistics finished
 * (pt_report_complaints_finish) or the loan section built. */
static enum pt_code read_kind(struct reading *g, const char *kind, struct pt_error *err)
{
    enum pt_code rc = PT_OK;
    for (size_t i = 0; rc == PT_OK && i < g->req->n_inputs; i++) {
        const struct pt_report_input *in = &g->req->inputs[i];
        if (is_kind(in, kind))
            rc = read_dataset(g, in, manifest_input(g, i), err);
    }
    if (rc == PT_OK && strcmp(kind, "complaints") == 0 && g->d->complaints != NULL)
        rc = pt_report_complaints_finish(g->d->complaints, err);
    if (rc == PT_OK && strcmp(kind, "loans") == 0 && g->d->loans != NULL)
        rc = build_loans(g, err);
    return rc;
}

/* The second kind's inputs, read on their own thread. */
struct side_read {
    struct reading g;          /* a copy with its own (deferred) quarantine */
    const char *kind;
    enum pt_code rc;
    struct pt_error err;
};

static void *read_side(void *arg)
{
    struct side_read *x = arg;
    x->rc = read_kind(&x->g, x->kind, &x->err);
    return NULL;
}

/* Loans and complaints are read at the same time, each kind's inputs in
 * order: the kind given first on this thread, the other on a second one
 * (each loader runs its own threads too; on two cores this fills some of
 * the time one loader's threads wait for each other: 3-5% off the report
 * on 1M and 5M complaints + 1M loans, medians of alternating runs). The
 * second kind's rejects are kept aside and appended after the first
 * kind's, and its error
 * counts only when the first kind had none, so rejected.csv and the
 * message are what reading one kind after the other gives. */
static enum pt_code read_datasets(struct reading *g, struct pt_error *err)
{
    const char *first = NULL, *second = NULL;
    for (size_t i = 0; i < g->req->n_inputs; i++) {
        const struct pt_report_input *in = &g->req->inputs[i];
        const char *kind = is_kind(in, "loans") ? "loans"
                           : is_kind(in, "complaints") ? "complaints" : NULL;
        if (kind != NULL && first == NULL)
            first = kind;
        else if (kind != NULL && strcmp(kind, first) != 0)
            second = kind;
    }
    if (first == NULL)
        return PT_OK;
    struct side_read *x = second != NULL ? pt_calloc(1, sizeof *x) : NULL;
    pthread_t t;
    int started = 0;
    if (x != NULL) {
        x->g = *g;   /* its quarantine is replaced first thing by pt_quarantine_defer */
        x->kind = second;
        started = pt_quarantine_defer(&x->g.q, &g->q, err) == PT_OK &&
                  pthread_create(&t, NULL, read_side, x) == 0;
    }
    if (!started) {   /* one kind after the other */
        if (x != NULL)
            pt_quarantine_close(&x->g.q);
        pt_free(x);
        enum pt_code rc = read_kind(g, first, err);
        return rc == PT_OK && second != NULL ? read_kind(g, second, err) : rc;
    }
    enum pt_code rc = read_kind(g, first, err);
    pthread_join(t, NULL);
    if (rc == PT_OK && x->rc != PT_OK) {
        *err = x->err;
        rc = x->rc;
    }
    if (rc == PT_OK)
        rc = pt_quarantine_join(&g->q, &x->g.q, err);
    pt_quarantine_close(&x->g.q);
    pt_free(x);
    return rc;
}

enum pt_code pt_report_read(struct pt_report_data *d, const struct pt_report_request *req,
                            const struct pt_report_scope *scope, const struct pt_outdir *od,
                            struct pt_render *render, struct pt_manifest *man,
                            struct pt_error *err)
{
    struct reading g = {d, req, od, render, man, {0}, NULL, NULL};
    memset(d, 0, sizeof *d);
    enum pt_code rc = create_sections(&g, scope, err);
    if (rc == PT_OK)
        rc = open_outputs(&g, err);
    /* Aliases and mapping files first: names and columns depend on them. */
    for (size_t i = 0; rc == PT_OK && i < req->n_inputs; i++) {
        const struct pt_report_input *in = &req->inputs[i];
        struct pt_manifest_input *mi = manifest_input(&g, i);
        if (is_kind(in, "aliases"))
            rc = read_aliases(&g, in, mi, err);
        else if (!is_kind(in, "loans") && !is_kind(in, "complaints"))
            rc = read_map(&g, in, mi, err);
    }
    if (rc == PT_OK)
        rc = read_datasets(&g, err);
    return close_outputs(&g, rc, err);
}

void pt_report_data_free(struct pt_report_data *d)
{
    if (d->loans_built != NULL) {
        pt_report_build_free(d->loans_built);
        pt_free(d->loans_built);
    }
    pt_report_loans_destroy(d->loans);
    pt_report_complaints_destroy(d->complaints);
    pt_colmap_free(&d->loans_map);
    pt_colmap_free(&d->complaints_map);
    memset(d, 0, sizeof *d);
}

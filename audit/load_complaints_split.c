/* load_complaints_split.c: one complaint file read by two threads
 * (pt_complaints_load_split, complaint.h).
 *
 * Why: on two cores a summary of the CFPB export is CPU-bound (scanning,
 * dates, names, groups); each thread takes half the file into its own
 * state, and the caller merges. How the result stays that of one pass:
 *  - the cut is a record boundary found by quote parity
 *    (pt_scan_file_split), verified afterwards: the first thread, reading
 *    up to the cut, must end exactly on it, else the second part is thrown
 *    away and the first thread reads on alone;
 *  - the second part's rejects go to a temporary file appended after the
 *    first part's, so rejects stay in file order; accounting is summed;
 *  - everything the loaders share is read-only (taxonomy, options); each
 *    thread has its own reader, loader context, quarantine and caches.
 * Record numbers in the second part count from the cut, so sources whose
 * ids are "FILE#RECORD" are not split (callers that use ids must not ask).
 *
 * The halves rarely take the same time: the threads share two cores with
 * the report's other readers, the scheduler need not give them equal
 * shares, and rows differ in cost. So the thread that ends first takes
 * over the far half of what the other has left (a steal): the first
 * thread says where it is every publish_rows rows (and answers an offer
 * at its next row); the second finds a
 * record boundary halfway between there and the first thread's end by
 * quote parity from there (the first thread's position is a record
 * boundary) and offers it; the first thread takes the offer if it has not
 * passed it, making a part for it and ending there. The stolen range is a
 * third part, verified and merged like the second, in file order: first,
 * stolen, second. At most one steal; none below min_steal_bytes. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/alloc.h"
#include "audit/csv_scan_file.h"
#include "audit/load_complaints_internal.h"

#define DEFAULT_MIN_BYTES (32u << 20)
#define DEFAULT_MIN_STEAL (8u << 20)
#define DEFAULT_PUBLISH_ROWS 256

/* A range of the file read by the second thread: from the cut to the end,
 * or a range stolen from the first thread. */
struct part_read {
    struct cl_ctx x;                   /* reader, options, callback of the part */
    struct pt_complaint_load_info info;
    struct pt_quarantine q;
    struct pt_accounting acc;
    FILE *in;                          /* owned */
    struct pt_complaint_part part;     /* split->make's, once made */
    int made;                          /* part made: drop it */
    int open;                          /* reader and quarantine set up */
    uint64_t begin;                    /* where its records start */
    enum pt_code rc;
    struct pt_error err;
};

enum offer_state { OFFER_NONE, OFFER_MADE, OFFER_TAKEN, OFFER_REFUSED };

struct split_run {
    struct cl_ctx *first;              /* the first part's context */
    const struct pt_complaint_split *split;
    const struct stat *st;
    uint64_t begin, begin_line, target, cut, cut_line;
    struct part_read second, stolen;
    pthread_mutex_t lock;
    pthread_cond_t known;              /* ready, or an offer answered, or first_done */
    /* Under lock. */
    int ready;                         /* cut decided (or setup failed) */
    int go;                            /* the second part is open and will be read */
    uint64_t first_end;                /* where the first thread stops: the cut, or
                                        * the stolen range's start */
    uint64_t first_at, first_line;     /* the first thread's position, published */
    int first_done;                    /* the first thread has read its range */
    enum offer_state offer;
    uint64_t offer_at, offer_line;
    atomic_int offered;                /* an offer waits: the first thread answers at
                                        * its next row (read without the lock) */
    /* The first thread's own: its callback, wrapped to publish and answer. */
    pt_complaint_fn fn;
    void *fn_ctx;
    unsigned rows, publish_rows;
};

/* The input can be cut: a UTF-8 regular file, named, big enough. */
static int splittable(const struct cl_ctx *x, FILE *in, const struct pt_complaint_split *split,
                      struct stat *st)
{
    uint64_t min = split->min_bytes ? split->min_bytes : DEFAULT_MIN_BYTES;
    return strcmp(x->path, "-") != 0 && pt_csv_reader_encoding(x->r) == PT_ENC_UTF8 &&
           fstat(fileno(in), st) == 0 && S_ISREG(st->st_mode) &&
           (uint64_t)st->st_size >= min && !x->opt->narratives &&
           x->info->format != PT_COMPLAINT_BOARD;   /* board ids may be FILE#RECORD */
}

/* Its own stream on the same file (not renamed or replaced since). */
static FILE *reopen(const char *path, const struct stat *st)
{
    struct stat st2;
    FILE *f = fopen(path, "rb");
    if (f != NULL && (fstat(fileno(f), &st2) != 0 || st2.st_dev != st->st_dev ||
                      st2.st_ino != st->st_ino)) {
        fclose(f);
        f = NULL;
    }
    return f;
}

/* The reader's offset after a row ended by CRLF is just past the CR: it
 * takes the LF before the next row. A cut's line count starts past that
 * LF, or the parity scan counts it as one more line end and every line of
 * the next part (its rejects) is one too far. */
static uint64_t past_pending_lf(int fd, uint64_t at)
{
    char two[2];
    if (at > 0 && pread(fd, two, 2, (off_t)(at - 1)) == 2 && two[0] == '\r' && two[1] == '\n')
        return at + 1;
    return at;
}

/* Opens a part's reader at (at, line) on its own stream, with its own
 * quarantine, reading records that start before end. 0, or -1 (pr->rc
 * says why if it is an error). */
static int open_read(struct split_run *p, struct part_read *pr, uint64_t at, uint64_t line,
                     uint64_t end)
{
    const struct cl_ctx *x = p->first;
    struct pt_error ignored;
    if (pr->in == NULL && (pr->in = reopen(x->path, p->st)) == NULL)
        return -1;
    if (pt_quarantine_defer(&pr->q, x->q, &ignored) != PT_OK)
        return -1;
    pr->open = 1;
    pr->rc = pt_csv_reader_create_at(&pr->x.r, pr->in, x->r, at, line, &x->opt->csv, &pr->q,
                                     &pr->acc, &pr->err);
    if (pr->rc != PT_OK)
        return -1;
    pt_csv_reader_set_end(pr->x.r, end);
    pr->begin = at;
    pr->x.path = x->path;
    pr->x.q = &pr->q;
    pr->x.acc = &pr->acc;
    /* From `at` on: the reader before it counts the bytes before. */
    pr->x.progress = x->progress;
    pt_csv_reader_set_progress(pr->x.r, x->progress);
    return 0;
}

/* The part's loader state, from split->make's part (on the thread that
 * made it) and the first part's info. */
static void bind_part(struct part_read *pr, const struct pt_complaint_load_info *first_info)
{
    pr->x.opt = &pr->part.opt;
    pr->x.info = &pr->info;
    pr->x.fn = pr->part.fn;
    pr->x.fn_ctx = pr->part.ctx;
    pr->info = *first_info;
    pr->info.renamed_products = 0;
}

static void read_part(struct part_read *pr)
{
    (void)pt_memo_init(&pr->x.renames);
    (void)pt_memo_init(&pr->x.crosswalk);
    pr->rc = cl_rows(&pr->x, &pr->err);
    pt_memo_free(&pr->x.renames);
    pt_memo_free(&pr->x.crosswalk);
}

static void close_part(struct part_read *pr)
{
    pt_csv_reader_destroy(pr->x.r);
    pr->x.r = NULL;
    if (pr->in != NULL)
        fclose(pr->in);
    pr->in = NULL;
    if (pr->open)
        pt_quarantine_close(&pr->q);
    pr->open = 0;
}

/* ---- the first thread: its rows' callback, which also publishes ---------- */

/* Every publish_rows rows: where the first thread is (the reader is
 * between records here), and its answer to an offer: taken when it has not
 * passed the offered boundary and a part can be made for it. */
static void publish(struct split_run *p)
{
    struct cl_ctx *x = p->first;
    uint64_t at = pt_csv_reader_offset(x->r), line = pt_csv_reader_next_line(x->r);
    pthread_mutex_lock(&p->lock);
    p->first_at = at;
    p->first_line = line;
    if (p->offer == OFFER_MADE) {
        struct pt_error ignored;
        p->stolen.part.opt = *x->opt;
        if (at <= p->offer_at && p->offer_at < p->first_end &&
            p->split->make(p->split->ctx, &p->stolen.part, &ignored) == PT_OK) {
            p->stolen.made = 1;
            bind_part(&p->stolen, x->info);
            p->first_end = p->offer_at;
            pt_csv_reader_set_end(x->r, p->first_end);
            p->offer = OFFER_TAKEN;
        } else {
            p->offer = OFFER_REFUSED;
        }
        atomic_store_explicit(&p->offered, 0, memory_order_relaxed);
        pthread_cond_broadcast(&p->known);
    }
    pthread_mutex_unlock(&p->lock);
}

static enum pt_code first_row(void *ctx, const struct pt_complaint *c, struct pt_error *err)
{
    struct split_run *p = ctx;
    if (++p->rows % p->publish_rows == 0 ||
        atomic_load_explicit(&p->offered, memory_order_relaxed))
        publish(p);
    return p->fn(p->fn_ctx, c, err);
}

/* ---- the second thread ------------------------------------------------- */

/* After its own part: offers to take the far half of what the first
 * thread has left, and reads it if taken. */
static void steal(struct split_run *p)
{
    uint64_t min = p->split->min_steal_bytes ? p->split->min_steal_bytes : DEFAULT_MIN_STEAL;
    pthread_mutex_lock(&p->lock);
    uint64_t at = p->first_at, line = p->first_line, end = p->first_end;
    int done = p->first_done;
    pthread_mutex_unlock(&p->lock);
    int fd = fileno(p->second.in);
    at = done ? at : past_pending_lf(fd, at);
    if (done || at >= end || end - at < min)
        return;
    int found = 0;
    uint64_t cut = 0, cut_line = 0;
    struct pt_error ignored;
    if (pt_scan_file_split(fd, at, line, at + (end - at) / 2, end, &found, &cut, &cut_line,
                           &ignored) != PT_OK ||
        !found || cut <= at || cut >= end || open_read(p, &p->stolen, cut, cut_line, end) != 0) {
        close_part(&p->stolen);
        return;
    }
    pthread_mutex_lock(&p->lock);
    p->offer_at = cut;
    p->offer_line = cut_line;
    p->offer = p->first_done ? OFFER_REFUSED : OFFER_MADE;
    atomic_store_explicit(&p->offered, p->offer == OFFER_MADE, memory_order_relaxed);
    while (p->offer == OFFER_MADE)
        pthread_cond_wait(&p->known, &p->lock);
    int taken = p->offer == OFFER_TAKEN;
    pthread_mutex_unlock(&p->lock);
    if (taken)
        read_part(&p->stolen);
    else
        close_part(&p->stolen);
}

/* The second thread: finds the cut (quote parity over the first half, the
 * part of the work the first thread need not wait for), opens its part,
 * tells the first thread where to stop, reads its part, then steals. */
static void *run_second(void *arg)
{
    struct split_run *p = arg;
    int found = 0;
    struct part_read *pr = &p->second;
    pr->rc = pt_scan_file_split(fileno(pr->in), p->begin,
                                p->begin_line, p->target, (uint64_t)p->st->st_size, &found,
                                &p->cut, &p->cut_line, &pr->err);
    int go = pr->rc == PT_OK && found && open_read(p, pr, p->cut, p->cut_line, UINT64_MAX) == 0;
    pthread_mutex_lock(&p->lock);
    p->go = go;
    p->first_end = go ? p->cut : UINT64_MAX;
    p->ready = 1;
    pthread_cond_broadcast(&p->known);
    pthread_mutex_unlock(&p->lock);
    if (!go)
        return NULL;
    read_part(pr);
    if (pr->rc == PT_OK)
        steal(p);
    return NULL;
}

static void accounting_add(struct pt_accounting *a, const struct pt_accounting *b)
{
    a->rows_read += b->rows_read;
    a->rows_accepted += b->rows_accepted;
    a->rows_rejected += b->rows_rejected;
    a->rows_filtered += b->rows_filtered;
    a->lines_blank += b->lines_blank;
    a->lines_skipped += b->lines_skipped;
    for (int i = 0; i < PT_REASON_COUNT; i++)
        a->by_reason[i] += b->by_reason[i];
}

/* Both threads have finished: the parts in file order (first, stolen,
 * second), each of which must have ended exactly where the next begins.
 * One that read across (the cut fell inside a record: a stray quote fooled
 * the parity) reads on to the end of the file, on this thread, and the
 * parts after it are thrown away. Then the kept parts are merged in
 * order; the first error of a kept part is the outcome. */
static enum pt_code settle(struct split_run *p, struct pt_error *err)
{
    struct cl_ctx *x = p->first;
    struct part_read *parts[2];
    size_t n = 0, kept;
    if (p->stolen.made && p->stolen.open)
        parts[n++] = &p->stolen;
    parts[n++] = &p->second;
    enum pt_code rc = PT_OK;
    for (kept = 0; kept < n; kept++) {
        struct part_read *prev = kept > 0 ? parts[kept - 1] : NULL;
        if (prev != NULL && prev->rc != PT_OK)
            break;
        struct pt_csv_reader *r = prev != NULL ? prev->x.r : x->r;
        if (pt_csv_reader_offset(r) == parts[kept]->begin)
            continue;
        pt_csv_reader_set_end(r, UINT64_MAX);   /* it reads on alone */
        if (prev == NULL)
            rc = cl_rows(x, err);
        else
            read_part(prev);
        break;
    }
    for (size_t i = 0; rc == PT_OK && i < kept; i++) {
        struct part_read *pr = parts[i];
        if (pr->rc != PT_OK) {
            *err = pr->err;
            return pr->rc;
        }
        rc = p->split->merge(p->split->ctx, &pr->part, err);
        if (rc == PT_OK)
            rc = pt_quarantine_join(x->q, &pr->q, err);
        if (rc == PT_OK) {
            accounting_add(x->acc, &pr->acc);
            x->info->renamed_products += pr->info.renamed_products;
        }
    }
    return rc;
}

enum pt_code cl_split_rows(struct cl_ctx *x, FILE *in, const struct pt_complaint_split *split,
                           struct pt_error *err)
{
    struct stat st;
    if (!splittable(x, in, split, &st))
        return cl_rows(x, err);
    struct split_run *p = pt_calloc(1, sizeof *p);
    if (p == NULL)
        return cl_rows(x, err);   /* one piece is fine */
    p->first = x;
    p->split = split;
    p->st = &st;
    p->begin = past_pending_lf(fileno(in), pt_csv_reader_offset(x->r));
    p->begin_line = pt_csv_reader_next_line(x->r);
    p->first_at = p->begin;
    p->first_line = p->begin_line;
    p->first_end = UINT64_MAX;
    p->publish_rows = split->publish_rows ? split->publish_rows : DEFAULT_PUBLISH_ROWS;
    /* 53% to the first thread: the second one also re-reads the first part
     * for quote parity (~5 GB/s) before its own (bench/README.md: 53 beat
     * 50, 55 and 57 on both benchmark files). */
    p->target = p->begin + ((uint64_t)st.st_size - p->begin) / 100 * 53;
    if ((p->second.in = reopen(x->path, &st)) == NULL) {
        pt_free(p);
        return cl_rows(x, err);
    }
    p->second.part.opt = *x->opt;
    enum pt_code rc = split->make(split->ctx, &p->second.part, err);
    if (rc != PT_OK) {
        fclose(p->second.in);
        pt_free(p);
        return rc;
    }
    p->second.made = 1;
    /* Bound here, not on the second thread: this one updates x->info
     * (renamed_products) while the second one sets its part up. */
    bind_part(&p->second, x->info);
    p->fn = x->fn;
    p->fn_ctx = x->fn_ctx;
    x->fn = first_row;
    x->fn_ctx = p;
    pthread_t thread;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->known, NULL);
    int started = pthread_create(&thread, NULL, run_second, p) == 0;
    /* Records that start before the target are the first part's whatever
     * the cut (it is never before the target): read them meanwhile. */
    if (started) {
        pt_csv_reader_set_end(x->r, p->target);
        rc = cl_rows(x, err);
        pthread_mutex_lock(&p->lock);
        while (!p->ready)
            pthread_cond_wait(&p->known, &p->lock);
        pt_csv_reader_set_end(x->r, p->first_end);   /* the cut, or a stolen start */
        pthread_mutex_unlock(&p->lock);
    }
    if (rc == PT_OK)
        rc = cl_rows(x, err);
    /* No offer is taken from here on: the first thread has read its range. */
    pthread_mutex_lock(&p->lock);
    p->first_done = 1;
    if (p->offer == OFFER_MADE)
        p->offer = OFFER_REFUSED;
    pthread_cond_broadcast(&p->known);
    int go = started && p->go;
    pthread_mutex_unlock(&p->lock);
    if (started)
        pthread_join(thread, NULL);
    x->fn = p->fn;
    x->fn_ctx = p->fn_ctx;
    /* Without a cut or a second reader the first thread has read it all. */
    if (rc == PT_OK && go)
        rc = settle(p, err);
    close_part(&p->stolen);
    close_part(&p->second);
    if (p->stolen.made)
        split->drop(split->ctx, &p->stolen.part);
    split->drop(split->ctx, &p->second.part);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->known);
    pt_free(p);
    return rc;
}

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
 */
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/csv_scan_file.h"
#include "audit/load_complaints_internal.h"

#define DEFAULT_MIN_BYTES (32u << 20)

struct part_run {
    struct cl_ctx x;                   /* reader, options, callback of the part */
    struct pt_complaint_load_info info;
    struct pt_quarantine q;
    struct pt_accounting acc;
    FILE *in;                          /* owned */
    enum pt_code rc;
    struct pt_error err;
    /* the cut, found by the second thread while the first reads on */
    struct cl_ctx *first;              /* the first part's context (read-only here) */
    struct pt_complaint_part *part;
    const struct stat *st;
    uint64_t begin, begin_line, target, cut, cut_line;
    pthread_mutex_t lock;
    pthread_cond_t known;
    int ready;                         /* under lock: cut decided (or setup failed) */
    int go;                            /* the part is open and will be read */
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

static int open_part(struct part_run *p);

/* The second thread: finds the cut (quote parity over the first half, the
 * part of the work the first thread need not wait for), opens its part,
 * tells the first thread where to stop, then reads its part. */
static void *run_part(void *arg)
{
    struct part_run *p = arg;
    int found = 0;
    p->rc = pt_scan_file_split(fileno(p->in), p->begin,
                               p->begin_line, p->target, (uint64_t)p->st->st_size, &found,
                               &p->cut, &p->cut_line, &p->err);
    int go = p->rc == PT_OK && found &&
             open_part(p) == 0;
    pthread_mutex_lock(&p->lock);
    p->go = go;
    p->ready = 1;
    pthread_cond_signal(&p->known);
    pthread_mutex_unlock(&p->lock);
    if (!go)
        return NULL;
    (void)pt_memo_init(&p->x.renames);
    (void)pt_memo_init(&p->x.crosswalk);
    p->rc = cl_rows(&p->x, &p->err);
    pt_memo_free(&p->x.renames);
    pt_memo_free(&p->x.crosswalk);
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

/* Opens the second part's reader at p->cut on p->in (its own stream on
 * the same file, opened by the first thread) with its own quarantine.
 * 0, or -1 to read in one piece (p->rc says why if it is an error). */
static int open_part(struct part_run *p)
{
    const struct cl_ctx *x = p->first;
    const struct pt_complaint_part *part = p->part;
    struct pt_error ignored;
    if (pt_quarantine_defer(&p->q, x->q, &ignored) != PT_OK)
        return -1;
    p->rc = pt_csv_reader_create_at(&p->x.r, p->in, x->r, p->cut, p->cut_line, &part->opt.csv,
                                    &p->q, &p->acc, &p->err);
    if (p->rc != PT_OK)
        return -1;
    p->x.opt = &part->opt;
    p->x.info = &p->info;
    p->x.fn = part->fn;
    p->x.fn_ctx = part->ctx;
    p->x.path = x->path;
    p->x.q = &p->q;
    p->x.acc = &p->acc;
    /* From the cut on: the first reader counts the bytes before it. */
    p->x.progress = x->progress;
    pt_csv_reader_set_progress(p->x.r, x->progress);
    return 0;
}

static void close_part(struct part_run *p)
{
    pt_csv_reader_destroy(p->x.r);
    if (p->in != NULL)
        fclose(p->in);
    pt_quarantine_close(&p->q);
}

/* Both threads have finished: keep the second part or read on alone. */
static enum pt_code settle(struct cl_ctx *x, uint64_t cut, struct part_run *p,
                           const struct pt_complaint_split *split, struct pt_complaint_part *part,
                           struct pt_error *err)
{
    if (pt_csv_reader_offset(x->r) != cut) {
        /* The cut fell inside a record: the first part read across it, and
         * the second part (whatever it returned) read a misaligned file. */
        pt_csv_reader_set_end(x->r, UINT64_MAX);
        return cl_rows(x, err);
    }
    if (p->rc != PT_OK) {
        *err = p->err;
        return p->rc;
    }
    enum pt_code rc = split->merge(split->ctx, part, err);
    if (rc == PT_OK)
        rc = pt_quarantine_join(x->q, &p->q, err);
    if (rc == PT_OK) {
        accounting_add(x->acc, &p->acc);
        x->info->renamed_products += p->info.renamed_products;
    }
    return rc;
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
 * takes the LF before the next row. The cut's line count starts past that
 * LF, or the parity scan counts it as one more line end and every line of
 * the second part (its rejects) is one too far. */
static uint64_t past_pending_lf(int fd, uint64_t at)
{
    char two[2];
    if (at > 0 && pread(fd, two, 2, (off_t)(at - 1)) == 2 && two[0] == '\r' && two[1] == '\n')
        return at + 1;
    return at;
}

enum pt_code cl_split_rows(struct cl_ctx *x, FILE *in, const struct pt_complaint_split *split,
                           struct pt_error *err)
{
    struct stat st;
    if (!splittable(x, in, split, &st))
        return cl_rows(x, err);
    struct part_run p;
    memset(&p, 0, sizeof p);
    p.first = x;
    p.st = &st;
    p.begin = past_pending_lf(fileno(in), pt_csv_reader_offset(x->r));
    p.begin_line = pt_csv_reader_next_line(x->r);
    /* 53% to the first thread: the second one also re-reads the first part
     * for quote parity (~5 GB/s) before its own (bench/README.md: 53 beat
     * 50, 55 and 57 on both benchmark files). */
    p.target = p.begin + ((uint64_t)st.st_size - p.begin) / 100 * 53;
    if ((p.in = reopen(x->path, &st)) == NULL)
        return cl_rows(x, err);   /* no second stream: one piece is fine */
    struct pt_complaint_part part;
    memset(&part, 0, sizeof part);
    part.opt = *x->opt;
    enum pt_code rc = split->make(split->ctx, &part, err);
    if (rc != PT_OK) {
        fclose(p.in);
        return rc;
    }
    p.part = &part;
    /* Copied here, not in run_part: this thread updates x->info
     * (renamed_products) while the second one sets its part up. */
    p.info = *x->info;
    p.info.renamed_products = 0;
    pthread_t thread;
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.known, NULL);
    int started = pthread_create(&thread, NULL, run_part, &p) == 0;
    /* Records that start before the target are the first part's whatever
     * the cut (it is never before the target): read them meanwhile. */
    if (started) {
        pt_csv_reader_set_end(x->r, p.target);
        rc = cl_rows(x, err);
        pthread_mutex_lock(&p.lock);
        while (!p.ready)
            pthread_cond_wait(&p.known, &p.lock);
        pthread_mutex_unlock(&p.lock);
    }
    if (rc == PT_OK) {
        pt_csv_reader_set_end(x->r, started && p.go ? p.cut : UINT64_MAX);
        rc = cl_rows(x, err);
    }
    if (started)
        pthread_join(thread, NULL);
    /* Without a cut or a second reader the first thread has read it all. */
    if (rc == PT_OK && started && p.go)
        rc = settle(x, p.cut, &p, split, &part, err);
    close_part(&p);
    split->drop(split->ctx, &part);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.known);
    return rc;
}

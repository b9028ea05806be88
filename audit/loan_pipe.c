/* loan_pipe.c: see loan_pipe.h.
 *
 * A ring of NB batches between the reading thread (fills one batch at a
 * time) and the worker (empties them in ring order), one mutex and two
 * condition variables. Hand-overs happen once per batch, so locking costs
 * nothing per loan. A loan's strings are copied into its batch's text
 * buffer and kept as offsets until the worker turns them back into
 * pointers (the buffer may move while the batch grows). */
#include "audit/loan_pipe.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/load_common.h"

#define NB 3
#define N_STR 5   /* loan_id, platform, product, currency, source */

/* pt_loan_pipe_push copies a loan up to loc, then loc's fields. */
_Static_assert(offsetof(struct pt_loan, loc) + sizeof(struct pt_loc) == sizeof(struct pt_loan),
               "loc must stay the last field of struct pt_loan");

struct entry {
    unsigned path_gen;            /* loan.loc.path is the pipe's path of this generation */
    struct pt_loan loan;          /* string fields rebuilt from off[] */
    struct pt_offer offer;        /* when deferred */
    size_t off[N_STR];            /* offsets into the batch's text */
    unsigned char deferred, use;
};

struct batch {
    struct entry *e;              /* owned, cap entries */
    size_t n, cap;
    char *text;                   /* owned */
    size_t text_len, text_cap;
};

struct pt_loan_pipe {
    const struct pt_loan_sink *sink;   /* borrowed */
    const struct pt_lpr_table *lpr;    /* borrowed */
    size_t batch_loans;
    char path[sizeof ((struct pt_loc *)0)->path];   /* of the last loan pushed */
    unsigned path_gen;            /* changes with path; slots start at 0 with "" */
    struct batch b[NB];
    int full[NB];                 /* 1 = handed to the worker */
    size_t fill;                  /* batch the reading thread fills */
    pthread_t thread;
    int started, joined;
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_free;
    /* The reading thread solves solve_here of every 8 deferred offers
     * itself: raised by one when it finds the ring full at a hand-over
     * (the worker is behind), lowered by one when the worker is waiting
     * for work. Under the mutex: worker_idle. Reading thread only: the rest. */
    unsigned solve_here, n_deferred;
    int worker_idle;
    int stop;                     /* no more batches will come */
    int abort;                    /* drop queued batches */
    int failed;                   /* err holds the worker's first error */
    struct pt_error err;
};

/* ---- the worker ------------------------------------------------------------ */

/* The same call, on the same values, as pt_offers_row's, on whichever
 * thread: the rate cannot depend on who solved it. */
static enum pt_code solve(const struct pt_offer *o, struct pt_loan *loan, struct pt_error *err)
{
    struct pt_offer_result res;
    struct pt_error se;
    if (pt_offer_evaluate(o, 0, NULL, &res, &se) != PT_OK)
        return pt_error_set(err, PT_ENOCONV, &loan->loc,
                            "internal error: loan \"%.60s\" was accepted before its rate "
                            "was solved, and it has none (%s); rerun with --threads 1",
                            loan->loan_id, se.msg);
    loan->amount_financed_minor = res.amount_financed_minor;
    loan->finance_charge_minor = res.finance_charge_minor;
    loan->apr = res.rate.apr;
    return PT_OK;
}

static enum pt_code process(struct pt_loan_pipe *p, struct entry *e, const char *text,
                            struct pt_error *err)
{
    struct pt_loan *loan = &e->loan;
    loan->loan_id = text + e->off[0];
    loan->platform = text + e->off[1];
    loan->product = text + e->off[2];
    loan->currency = text + e->off[3];
    loan->source = text + e->off[4];
    enum pt_code rc = e->deferred ? solve(&e->offer, loan, err) : PT_OK;
    if (rc != PT_OK || !e->use)
        return rc;
    pt_loan_derive(loan, p->lpr);
    return p->sink->use(p->sink->ctx, loan, err);
}

static void *worker(void *arg)
{
    struct pt_loan_pipe *p = arg;
    size_t take = 0;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->full[take] && !p->stop) {
            p->worker_idle = 1;
            pthread_cond_wait(&p->cv_work, &p->mu);
        }
        p->worker_idle = 0;
        int go = p->full[take] && !p->abort && !p->failed;
        int done = !p->full[take];
        pthread_mutex_unlock(&p->mu);
        if (done)
            return NULL;
        struct batch *b = &p->b[take];
        struct pt_error err;
        enum pt_code rc = PT_OK;
        for (size_t i = 0; go && i < b->n && rc == PT_OK; i++)
            rc = process(p, &b->e[i], b->text, &err);
        pthread_mutex_lock(&p->mu);
        if (rc != PT_OK && !p->failed) {
            p->failed = 1;
            p->err = err;
        }
        b->n = 0;
        b->text_len = 0;
        p->full[take] = 0;
        pthread_cond_signal(&p->cv_free);
        pthread_mutex_unlock(&p->mu);
        take = (take + 1) % NB;
    }
}

/* ---- the reading thread ------------------------------------------------------ */

enum pt_code pt_loan_pipe_create(struct pt_loan_pipe **out, const struct pt_loan_sink *sink,
                                 const struct pt_lpr_table *lpr, struct pt_error *err)
{
    struct pt_loan_pipe *p = pt_calloc(1, sizeof *p);
    *out = NULL;
    if (p == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory starting the loan pipeline");
    p->sink = sink;
    p->lpr = lpr;
    p->batch_loans = sink->batch_loans ? sink->batch_loans : PT_LOAN_BATCH_DEFAULT;
    for (int i = 0; i < NB; i++) {
        p->b[i].e = pt_calloc(p->batch_loans, sizeof *p->b[i].e);   /* generation 0: "" */
        if (p->b[i].e == NULL) {
            pt_loan_pipe_destroy(p);
            return pt_error_set(err, PT_ENOMEM, NULL,
                                "out of memory starting the loan pipeline");
        }
        p->b[i].cap = p->batch_loans;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv_work, NULL);
    pthread_cond_init(&p->cv_free, NULL);
    p->started = 1;
    if (pthread_create(&p->thread, NULL, worker, p) != 0) {
        p->started = 0;
        pt_loan_pipe_destroy(p);
        return pt_error_set(err, PT_EIO, NULL, "cannot start the loan pipeline's thread");
    }
    *out = p;
    return PT_OK;
}

/* Appends the n strings of s (NULs included) to b's text in one growth;
 * their offsets in off. -1 on ENOMEM. */
static int add_texts(struct batch *b, const char *const *s, size_t n, size_t *off)
{
    size_t len[N_STR], total = 0;
    for (size_t k = 0; k < n; k++)
        total += len[k] = strlen(s[k]) + 1;
    if (b->text_len + total > b->text_cap) {
        void *buf = b->text;
        if (pt_grow(&buf, &b->text_cap, b->text_len + total, 1) != 0)
            return -1;
        b->text = buf;
    }
    for (size_t k = 0; k < n; k++) {
        memcpy(b->text + b->text_len, s[k], len[k]);
        off[k] = b->text_len;
        b->text_len += len[k];
    }
    return 0;
}

/* Hands the current batch over and waits until the next one is free. */
static enum pt_code hand_over(struct pt_loan_pipe *p, int last, struct pt_error *err)
{
    pthread_mutex_lock(&p->mu);
    if (p->b[p->fill].n > 0) {
        p->full[p->fill] = 1;
        p->fill = (p->fill + 1) % NB;
    }
    if (last)
        p->stop = 1;
    if (p->full[p->fill] && p->solve_here < 8)
        p->solve_here++;
    else if (p->worker_idle && p->solve_here > 0)
        p->solve_here--;
    pthread_cond_signal(&p->cv_work);
    while (!last && p->full[p->fill] && !p->failed)
        pthread_cond_wait(&p->cv_free, &p->mu);
    int failed = p->failed;
    pthread_mutex_unlock(&p->mu);
    if (failed) {
        *err = p->err;   /* the worker wrote it before setting failed, and stopped */
        return err->code;
    }
    return PT_OK;
}

enum pt_code pt_loan_pipe_push(struct pt_loan_pipe *p, const struct pt_loan *loan,
                               const struct pt_offer *offer, int use, struct pt_error *err)
{
    struct batch *b = &p->b[p->fill];
    struct entry *e = &b->e[b->n];
    const char *s[N_STR] = {loan->loan_id, loan->platform, loan->product, loan->currency,
                            loan->source};
    if (add_texts(b, s, N_STR, e->off) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory queueing loans");
    /* Every field but loc.path, 256 bytes that are the same for every loan
     * of an input: copying the whole loan was half the cost of a push, on
     * the reading thread. Each slot remembers which path it holds. */
    if (strcmp(loan->loc.path, p->path) != 0) {
        memcpy(p->path, loan->loc.path, sizeof p->path);
        p->path_gen++;
    }
    memcpy(&e->loan, loan, offsetof(struct pt_loan, loc));
    e->loan.loc.line = loan->loc.line;
    e->loan.loc.column = loan->loc.column;
    if (e->path_gen != p->path_gen) {
        memcpy(e->loan.loc.path, p->path, sizeof e->loan.loc.path);
        e->path_gen = p->path_gen;
    }
    e->deferred = offer != NULL;
    e->use = use != 0;
    if (offer != NULL && p->n_deferred++ % 8 < p->solve_here) {
        enum pt_code rc = solve(offer, &e->loan, err);   /* the worker is behind */
        if (rc != PT_OK)
            return rc;
        e->deferred = 0;
    } else if (offer != NULL) {
        e->offer = *offer;
    }
    if (++b->n < b->cap)
        return PT_OK;
    return hand_over(p, 0, err);
}

enum pt_code pt_loan_pipe_finish(struct pt_loan_pipe *p, struct pt_error *err)
{
    enum pt_code rc = hand_over(p, 1, err);
    if (p->started && !p->joined) {
        pthread_join(p->thread, NULL);
        p->joined = 1;
    }
    if (rc == PT_OK && p->failed) {
        *err = p->err;
        rc = err->code;
    }
    return rc;
}

void pt_loan_pipe_destroy(struct pt_loan_pipe *p)
{
    if (p == NULL)
        return;
    if (p->started && !p->joined) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        p->abort = 1;
        pthread_cond_signal(&p->cv_work);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->thread, NULL);
    }
    if (p->started) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv_work);
        pthread_cond_destroy(&p->cv_free);
    }
    for (int i = 0; i < NB; i++) {
        pt_free(p->b[i].e);
        pt_free(p->b[i].text);
    }
    pt_free(p);
}

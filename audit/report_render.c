/* report_render.c: see report_render.h. */
#include "audit/report_render.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/gnuplot.h"

#define RENDER_THREADS 2

struct chart_job {
    char name[48];
    enum pt_code rc;
    char msg[320];
};

struct pt_render {
    const char *program;                 /* borrowed; NULL = draw nothing */
    char *dir;                           /* owned */
    unsigned timeout_ms;
    pthread_mutex_t lock;
    pthread_cond_t queued;               /* a chart was added, or closing */
    struct chart_job jobs[PT_RENDER_MAX];
    size_t n_jobs;                       /* under lock */
    size_t next;                         /* the next chart to take, under lock */
    int closing;                         /* under lock: wait was called */
    pthread_t threads[RENDER_THREADS];
    size_t n_threads;
};

static void draw(struct pt_render *r, struct chart_job *j)
{
    char script[64];
    struct pt_error e;
    snprintf(script, sizeof script, "%s.gp", j->name);
    struct pt_gnuplot_job job = {r->program, r->dir, script, r->timeout_ms};
    j->rc = pt_gnuplot_run(&job, &e);
    if (j->rc != PT_OK)
        pt_error_format(&e, j->msg, sizeof j->msg);
}

/* Takes charts in queue order until the queue is empty and closing (a
 * worker) or just empty (the caller of wait). */
static void take_charts(struct pt_render *r, int worker)
{
    pthread_mutex_lock(&r->lock);
    for (;;) {
        while (worker && r->next >= r->n_jobs && !r->closing)
            pthread_cond_wait(&r->queued, &r->lock);
        if (r->next >= r->n_jobs)
            break;
        struct chart_job *j = &r->jobs[r->next++];
        pthread_mutex_unlock(&r->lock);
        draw(r, j);
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
    take_charts(arg, 1);
    return NULL;
}

enum pt_code pt_render_create(struct pt_render **out, const char *program, const char *dir,
                              unsigned timeout_ms, struct pt_error *err)
{
    struct pt_render *r = pt_calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL || (r->dir = pt_strdup(dir)) == NULL) {
        pt_free(r);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    }
    r->program = program;
    r->timeout_ms = timeout_ms;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->queued, NULL);
    *out = r;
    return PT_OK;
}

enum pt_code pt_render_add(struct pt_render *r, const char *name, struct pt_error *err)
{
    if (r->program == NULL)
        return PT_OK;
    pthread_mutex_lock(&r->lock);
    enum pt_code rc = PT_OK;
    if (r->closing) {
        rc = pt_error_set(err, PT_EINVAL, NULL, "internal error: a chart queued after the wait");
    } else if (r->n_jobs >= PT_RENDER_MAX) {
        rc = pt_error_set(err, PT_ENOMEM, NULL, "too many report charts");
    } else {
        struct chart_job *j = &r->jobs[r->n_jobs++];
        snprintf(j->name, sizeof j->name, "%s", name);
        pthread_cond_signal(&r->queued);
        if (r->n_threads < RENDER_THREADS &&
            pthread_create(&r->threads[r->n_threads], NULL, worker, r) == 0)
            r->n_threads++;
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

void pt_render_cancel(struct pt_render *r)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&r->lock);
    for (size_t i = r->next; i < r->n_jobs; i++) {
        r->jobs[i].rc = PT_EUNAVAIL;
        snprintf(r->jobs[i].msg, sizeof r->jobs[i].msg, "not drawn (the report failed)");
    }
    r->next = r->n_jobs;
    pthread_mutex_unlock(&r->lock);
}

void pt_render_wait(struct pt_render *r)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&r->lock);
    int already = r->closing;
    size_t n_threads = r->n_threads;   /* no add after closing: final */
    r->closing = 1;
    pthread_cond_broadcast(&r->queued);
    pthread_mutex_unlock(&r->lock);
    if (already)
        return;
    take_charts(r, 0);   /* what the threads have not taken yet */
    for (size_t t = 0; t < n_threads; t++)
        pthread_join(r->threads[t], NULL);
}

int pt_render_result(const struct pt_render *r, const char *name, char *msg, size_t size)
{
    for (size_t i = 0; i < r->n_jobs; i++)
        if (strcmp(r->jobs[i].name, name) == 0) {
            if (r->jobs[i].rc == PT_OK)
                return 1;
            snprintf(msg, size, "%s", r->jobs[i].msg);
            return 0;
        }
    return -1;
}

void pt_render_destroy(struct pt_render *r)
{
    if (r == NULL)
        return;
    pt_render_wait(r);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->queued);
    pt_free(r->dir);
    pt_free(r);
}

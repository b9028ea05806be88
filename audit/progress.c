/* progress.c: see progress.h.
 *
 * Why a try-lock and not a mutex: the callback draws a line at most 5 times
 * a second, and the readers call in once per 1 MiB block. A reader that
 * finds another in the callback has nothing to wait for: its bytes are in
 * the sum already, and the other thread shows them when it leaves. The
 * flag's acquire/release order also makes the callback's own state (when
 * it last drew) visible to whichever thread calls it next, and makes the
 * sum each call reads at least the sum the previous call read, so the
 * numbers never go down. */
#include "audit/progress.h"

#include <sys/stat.h>

void pt_progress_meter_init(struct pt_progress_meter *m, const struct pt_progress *to,
                            uint64_t total)
{
    m->to.fn = to != NULL ? to->fn : NULL;
    m->to.ctx = to != NULL ? to->ctx : NULL;
    m->total = total;
    atomic_init(&m->done, 0);
    atomic_flag_clear(&m->busy);
    if (m->to.fn != NULL)
        m->to.fn(m->to.ctx, 0, total);
}

uint64_t pt_progress_meter_done(struct pt_progress_meter *m)
{
    uint64_t d = atomic_load(&m->done);
    return m->total != 0 && d > m->total ? m->total : d;
}

void pt_progress_meter_add(struct pt_progress_meter *m, uint64_t bytes)
{
    atomic_fetch_add(&m->done, bytes);
    if (m->to.fn == NULL)
        return;
    /* A thread that finds the flag set has added before the holder clears
     * it (all seq_cst), so the holder's reload after clearing sees those
     * bytes and reports them: the last bytes are always shown. */
    while (!atomic_flag_test_and_set(&m->busy)) {
        uint64_t shown = pt_progress_meter_done(m);
        m->to.fn(m->to.ctx, shown, m->total);
        atomic_flag_clear(&m->busy);
        if (pt_progress_meter_done(m) == shown)
            return;
    }
}

uint64_t pt_progress_input_size(FILE *in)
{
    struct stat st;
    int fd = fileno(in);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
        return 0;
    off_t at = ftello(in);
    if (at < 0 || at >= st.st_size)
        return 0;
    return (uint64_t)(st.st_size - at);
}

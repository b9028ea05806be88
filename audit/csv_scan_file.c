/* csv_scan_file.c: see csv_scan_file.h.
 *
 * The loop: scan the window with more_input set; a record cut by the
 * window's end stops the scan (stop.incomplete) and is moved to the front
 * with the bytes after it, the window refilled, and scanned again. At EOF
 * the last window is scanned without more_input, so a final record
 * without a line end is finished as csv_fini finishes it. A record larger
 * than the whole buffer doubles it, up to twice the field limit plus one
 * block; past that the record falls back to libcsv (which quarantines an
 * oversized field). */
#include "audit/csv_scan_file.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "audit/alloc.h"
#include "audit/csv_reader.h"

#define DEFAULT_BLOCK (8u << 20)

enum pt_code pt_scan_file_init(struct pt_scan_file *f, int fd, uint64_t begin, uint64_t end,
                               uint64_t line, const struct pt_scan_options *opt,
                               size_t block_bytes, struct pt_error *err)
{
    memset(f, 0, sizeof *f);
    if (begin > end)
        return pt_error_set(err, PT_EINVAL, NULL, "scan range starts after its end");
    f->fd = fd;
    f->seekable = lseek(fd, 0, SEEK_CUR) >= 0;
    if (!f->seekable && begin != 0)
        return pt_error_set(err, PT_EINVAL, NULL,
                            "a pipe can only be scanned from its start (asked for byte %llu)",
                            (unsigned long long)begin);
    f->at = begin;
    f->begin = begin;
    f->end = end;
    f->cap = block_bytes ? block_bytes : DEFAULT_BLOCK;
    size_t field = opt && opt->max_field_bytes ? opt->max_field_bytes : PT_CSV_DEFAULT_MAX_FIELD;
    f->max_cap = 2 * field + f->cap;
    f->buf = pt_malloc(f->cap);
    if (f->buf == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for the read buffer");
    enum pt_code rc = pt_csv_scan_init(&f->s, f->buf, 0, 0, 0, line, opt, err);
    if (rc != PT_OK)
        return rc;
    f->stop.line = line;
    return PT_OK;
}

void pt_scan_file_free(struct pt_scan_file *f)
{
    pt_csv_scan_free(&f->s);
    pt_free(f->buf);
    f->buf = NULL;
}

const struct pt_scan_stop *pt_scan_file_stop(const struct pt_scan_file *f)
{
    return &f->stop;
}

static ssize_t read_at(const struct pt_scan_file *f, char *p, size_t n, uint64_t off)
{
    for (;;) {
        ssize_t got = f->seekable ? pread(f->fd, p, n, (off_t)off) : read(f->fd, p, n);
        if (got >= 0 || errno != EINTR)
            return got;
    }
}

/* Keeps buf[keep_from..len), reads more after it and points the scanner
 * at the new window. */
static enum pt_code refill(struct pt_scan_file *f, size_t keep_from, uint64_t line,
                           struct pt_error *err)
{
    size_t keep = f->len - keep_from;
    memmove(f->buf, f->buf + keep_from, keep);
    f->at += keep_from;
    f->len = keep;
    if (f->len == f->cap) {
        void *p = f->buf;
        size_t cap = f->cap;
        if (cap >= f->max_cap || pt_grow(&p, &cap, cap + 1, 1) != 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "a CSV record larger than %zu bytes",
                                f->cap);
        f->buf = p;
        f->cap = cap;
    }
    ssize_t got = read_at(f, f->buf + f->len, f->cap - f->len, f->at + f->len);
    if (got < 0)
        return pt_error_set(err, PT_EIO, NULL, "read error: %s", strerror(errno));
    f->len += (size_t)got;
    f->eof = got == 0;
    if (f->progress.fn != NULL)
        f->progress.fn(f->progress.ctx, f->at + f->len - f->begin, f->total);
    uint64_t end = f->end - f->at;   /* f->at <= f->end while records remain */
    pt_csv_scan_reset(&f->s, f->buf, f->len, 0, end < f->len ? (size_t)end : f->len, line,
                      !f->eof);
    return PT_OK;
}

enum pt_code pt_scan_file_next(struct pt_scan_file *f, struct pt_scan_record *rec,
                               enum pt_scan_status *st, struct pt_error *err)
{
    for (;;) {
        *st = pt_csv_scan_next(&f->s, rec);
        const struct pt_scan_stop *s = pt_csv_scan_stop(&f->s);
        if (*st == PT_SCAN_RECORD) {
            rec->offset += f->at;
            rec->end += f->at;
            return PT_OK;
        }
        f->stop = *s;
        f->stop.offset += f->at;
        f->stop.at += f->at;
        if (*st == PT_SCAN_FALLBACK)
            return PT_OK;
        int range_done = !s->incomplete && f->stop.offset >= f->end;
        if (range_done || (f->eof && !s->incomplete && s->offset == f->len)) {
            f->stop.incomplete = 0;
            return PT_OK;
        }
        enum pt_code rc = refill(f, (size_t)s->offset, s->line, err);
        if (rc != PT_OK)
            return rc;
    }
}

enum pt_code pt_scan_file_split(int fd, uint64_t begin, uint64_t line, uint64_t target,
                                uint64_t size, int *found, uint64_t *split,
                                uint64_t *split_line, struct pt_error *err)
{
    *found = 0;
    if (target <= begin || target >= size)
        return PT_OK;
    size_t cap = 1u << 20;
    char *b = pt_malloc(cap);
    if (b == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for the split scan");
    struct pt_scan_parity par = {0, 0, 0};
    enum pt_code rc = PT_OK;
    for (uint64_t off = begin; off < target;) {
        size_t want = target - off < cap ? (size_t)(target - off) : cap;
        ssize_t got = pread(fd, b, want, (off_t)off);
        if (got <= 0) {
            rc = pt_error_set(err, PT_EIO, NULL, "read error at byte %llu: %s",
                              (unsigned long long)off, got < 0 ? strerror(errno) : "early EOF");
            goto out;
        }
        pt_csv_scan_parity_feed(&par, b, (size_t)got);
        off += (uint64_t)got;
    }
    ssize_t got = pread(fd, b, cap, (off_t)target);   /* one window: a record longer fails */
    size_t at;
    uint64_t lines;
    if (got > 0 && pt_csv_scan_split_walk(b, (size_t)got, &par, &at, &lines) == 0) {
        *found = 1;
        *split = target + at;
        *split_line = line + lines;
    }
out:
    pt_free(b);
    return rc;
}

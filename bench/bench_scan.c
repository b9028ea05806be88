/* bench_scan.c: complaints per company and timely share over a CFPB export,
 * two ways, so the fast path (csv_scan.h) can be timed against a plain
 * libcsv pass on the same file and their outputs compared byte for byte.
 *
 *   bench_scan scan FILE [THREADS]   pt_scan_file (8 MiB preads), 1 or 2 threads
 *   bench_scan libcsv FILE           1 MiB reads + libcsv, as csv_reader.c
 *
 * Output (stdout): "company<TAB>complaints<TAB>timely_yes<TAB>timely_no",
 * sorted by company bytes, then a "#rows" line; stderr: bytes, seconds,
 * MB/s, rows/s. Records with the wrong field count are counted as
 * "#rejected" by both. It stands in for `ptaudit complaints FILE --by
 * company` until that command exists. Memory holds groups, not rows: the
 * fast path reads 8 MiB blocks per thread (pt_scan_file). A progress line
 * appears on stderr when it is a terminal. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

#include "audit/cli_progress.h"
#include "audit/csv_scan_file.h"

/* --- groups: open addressing, keys interned -------------------- */

struct group {
    char *key;
    size_t len;
    uint64_t hash, n, yes, no;
};

struct table {
    struct group *g;
    size_t cap, used;
    uint64_t rows, rejected, blank;
};

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p == NULL) {
        fprintf(stderr, "bench_scan: out of memory\n");
        exit(71);
    }
    return p;
}

/* 8 bytes at a time, multiply-xorshift mixing (FNV-1a byte by byte was
 * 11% of the run in perf). */
static uint64_t key_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 29);
}

static struct group *slot(struct table *t, const char *k, size_t n, uint64_t h)
{
    size_t m = t->cap - 1, i = (size_t)h & m;
    while (t->g[i].key != NULL &&
           !(t->g[i].hash == h && t->g[i].len == n && memcmp(t->g[i].key, k, n) == 0))
        i = (i + 1) & m;
    return &t->g[i];
}

static void grow(struct table *t)
{
    struct table nt = {xcalloc(t->cap * 2, sizeof *t->g), t->cap * 2, t->used, 0, 0, 0};
    for (size_t i = 0; i < t->cap; i++)
        if (t->g[i].key != NULL)
            *slot(&nt, t->g[i].key, t->g[i].len, t->g[i].hash) = t->g[i];
    free(t->g);
    t->g = nt.g;
    t->cap = nt.cap;
}

static struct group *lookup(struct table *t, const char *k, size_t n)
{
    if (t->cap == 0) {
        t->cap = 1024;
        t->g = xcalloc(t->cap, sizeof *t->g);
    }
    uint64_t h = key_hash(k, n);
    struct group *g = slot(t, k, n, h);
    if (g->key == NULL) {
        if (2 * (t->used + 1) > t->cap) {
            grow(t);
            g = slot(t, k, n, h);
        }
        g->key = xcalloc(1, n + 1);
        memcpy(g->key, k, n);
        g->len = n;
        g->hash = h;
        t->used++;
    }
    return g;
}

static void add_row(struct table *t, const char *company, size_t clen, const char *timely,
                    size_t tlen)
{
    struct group *g = lookup(t, company, clen);
    g->n++;
    g->yes += tlen == 3 && memcmp(timely, "Yes", 3) == 0;
    g->no += tlen == 2 && memcmp(timely, "No", 2) == 0;
    t->rows++;
}

static void merge(struct table *into, const struct table *from)
{
    for (size_t i = 0; i < from->cap; i++) {
        const struct group *s = &from->g[i];
        if (s->key == NULL)
            continue;
        struct group *g = lookup(into, s->key, s->len);
        g->n += s->n;
        g->yes += s->yes;
        g->no += s->no;
    }
    into->rows += from->rows;
    into->rejected += from->rejected;
    into->blank += from->blank;
}

static void table_free(struct table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->g[i].key);
    free(t->g);
    memset(t, 0, sizeof *t);
}

static int by_key(const void *a, const void *b)
{
    const struct group *x = *(const struct group *const *)a, *y = *(const struct group *const *)b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

static void print_table(const struct table *t)
{
    const struct group **v = xcalloc(t->used + 1, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->g[i].key != NULL)
            v[k++] = &t->g[i];
    qsort(v, k, sizeof *v, by_key);
    for (size_t i = 0; i < k; i++)
        printf("%s\t%llu\t%llu\t%llu\n", v[i]->key, (unsigned long long)v[i]->n,
               (unsigned long long)v[i]->yes, (unsigned long long)v[i]->no);
    printf("#rows\t%llu\n#rejected\t%llu\n#blank\t%llu\n", (unsigned long long)t->rows,
           (unsigned long long)t->rejected, (unsigned long long)t->blank);
    free(v);
}

/* --- the header ---------------------------------------------------------- */

struct cols {
    long company, timely;
    size_t n;
};

static int find_cols(struct cols *c, const char *const *names, const size_t *lens, size_t n)
{
    c->company = c->timely = -1;
    c->n = n;
    for (size_t i = 0; i < n; i++) {
        if (lens[i] == 7 && memcmp(names[i], "Company", 7) == 0)
            c->company = (long)i;
        if (lens[i] == 16 && memcmp(names[i], "Timely response?", 16) == 0)
            c->timely = (long)i;
    }
    if (c->company < 0 || c->timely < 0) {
        fprintf(stderr, "bench_scan: header lacks Company / Timely response?\n");
        return -1;
    }
    return 0;
}

/* --- fast path: pt_scan_file, 8 MiB preads, one or two threads ---------- */

struct part {
    const char *path;
    uint64_t begin, end, line;
    struct cols cols;
    const unsigned char *select;
    struct pt_progress progress;
    uint64_t total;
    struct table t;
    enum pt_scan_status status;
    struct pt_scan_stop stop;
    int failed;
};

static void *scan_part(void *arg)
{
    struct part *p = arg;
    struct pt_scan_file f;
    struct pt_error err;
    struct pt_scan_options opt = {0};
    opt.select = p->select;
    opt.n_select = p->cols.n;
    opt.require_utf8 = 1;
    opt.strip_bom = 1;
    int fd = open(p->path, O_RDONLY);
    if (fd < 0 || pt_scan_file_init(&f, fd, p->begin, p->end, p->line, &opt, 0, &err) != PT_OK) {
        p->failed = 1;
        return NULL;
    }
    f.progress = p->progress;
    f.total = p->total;
    struct pt_scan_record rec;
    while (pt_scan_file_next(&f, &rec, &p->status, &err) == PT_OK &&
           p->status == PT_SCAN_RECORD) {
        if (rec.n_fields == 0) {
            p->t.blank++;
        } else if (rec.n_fields != p->cols.n) {
            p->t.rejected++;
        } else {
            const struct pt_scan_field *fl = rec.fields;
            add_row(&p->t, fl[p->cols.company].ptr, fl[p->cols.company].len,
                    fl[p->cols.timely].ptr, fl[p->cols.timely].len);
        }
    }
    if (p->status == PT_SCAN_RECORD)
        p->failed = 1;   /* pt_scan_file_next failed: err says why */
    p->stop = *pt_scan_file_stop(&f);
    pt_scan_file_free(&f);
    close(fd);
    return NULL;
}

/* Reads the header record; returns 0 with the columns and the offset and
 * line after it. */
static int scan_header(const char *path, struct cols *c, uint64_t *after, uint64_t *line)
{
    struct pt_scan_file f;
    struct pt_error err;
    struct pt_scan_options opt = {0};
    opt.strip_bom = 1;
    int fd = open(path, O_RDONLY), ok = 0;
    if (fd < 0 || pt_scan_file_init(&f, fd, 0, 1, 1, &opt, 1u << 16, &err) != PT_OK)
        return -1;
    struct pt_scan_record rec;
    enum pt_scan_status st;
    if (pt_scan_file_next(&f, &rec, &st, &err) == PT_OK && st == PT_SCAN_RECORD &&
        rec.n_fields <= 64) {
        const char *names[64];
        size_t lens[64];
        for (size_t i = 0; i < rec.n_fields; i++) {
            names[i] = rec.fields[i].ptr;
            lens[i] = rec.fields[i].len;
        }
        ok = find_cols(c, names, lens, rec.n_fields) == 0;
        *after = rec.end;
        *line = f.s.line;   /* the physical line after the header */
    }
    pt_scan_file_free(&f);
    close(fd);
    return ok ? 0 : -1;
}

static int run_libcsv(const char *path, struct table *t);

/* The parity split at the middle of [start, size); 0 = one thread. */
static int plan_split(const char *path, uint64_t start, uint64_t line, uint64_t size,
                      uint64_t *split, uint64_t *split_line)
{
    struct pt_error err;
    int found = 0, fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    if (pt_scan_file_split(fd, start, line, start + (size - start) / 2, size, &found, split,
                           split_line, &err) != PT_OK)
        found = 0;
    close(fd);
    return found;
}

/* Merges the parts if they are exact, else re-parses with libcsv: a
 * fallback anywhere, or a first part that ran past the split. */
static int finish_parts(const char *path, struct part *p, int two, uint64_t split,
                        struct table *t)
{
    int rc = 0;
    if (p[0].failed || p[1].failed) {
        fprintf(stderr, "bench_scan: read error or out of memory\n");
        rc = 74;
    } else if (p[0].status == PT_SCAN_FALLBACK ||
               (two && p[1].status == PT_SCAN_FALLBACK && p[0].stop.offset == split)) {
        const struct pt_scan_stop *s = p[0].status == PT_SCAN_FALLBACK ? &p[0].stop : &p[1].stop;
        fprintf(stderr, "bench_scan: fallback from byte offset %llu (line %llu): %s; "
                        "re-parsing the whole input with libcsv\n",
                (unsigned long long)s->offset, (unsigned long long)s->line, s->why);
        rc = run_libcsv(path, t);
    } else if (two && p[0].stop.offset != split) {
        fprintf(stderr, "bench_scan: split at %llu was inside a record; libcsv instead\n",
                (unsigned long long)split);
        rc = run_libcsv(path, t);
    } else {
        merge(t, &p[0].t);
        if (two)
            merge(t, &p[1].t);
    }
    return rc;
}

static int run_scan(const char *path, int threads, uint64_t size, struct table *t)
{
    struct cols c;
    uint64_t start = 0, line = 1;
    if (scan_header(path, &c, &start, &line) != 0)
        return 65;
    unsigned char select[64] = {0};
    select[c.company] = select[c.timely] = 1;
    struct part p[2];
    memset(p, 0, sizeof p);
    struct pt_cli_progress bar;
    pt_cli_progress_init(&bar, stderr, path, 0);
    for (int i = 0; i < 2; i++) {
        p[i].path = path;
        p[i].cols = c;
        p[i].select = select;
    }
    p[0].begin = start;
    p[0].end = UINT64_MAX;
    p[0].line = line;
    p[0].progress = pt_cli_progress_hook(&bar);
    p[0].total = size;
    uint64_t split = 0, split_line = 0;
    int two = threads > 1 && plan_split(path, start, line, size, &split, &split_line);
    pthread_t th;
    if (two) {
        p[0].end = split;
        p[0].total = split - start;
        p[1].begin = split;
        p[1].end = UINT64_MAX;
        p[1].line = split_line;
        if (pthread_create(&th, NULL, scan_part, &p[1]) != 0)
            return 71;
    }
    scan_part(&p[0]);
    if (two)
        pthread_join(th, NULL);
    pt_cli_progress_finish(&bar);
    int rc = finish_parts(path, p, two, split, t);
    table_free(&p[0].t);
    table_free(&p[1].t);
    return rc;
}

/* --- libcsv path (as csv_reader.c drives it) ---------------------------- */

struct lc {
    struct table *t;
    struct cols c;
    size_t field, got;
    char company[4096], timely[16];
    size_t clen, tlen;
    int header, bad_header, prev_term;
    const char *names[64];
    size_t lens[64];
    char *hdr_store[64];
};

static void lc_field(void *s, size_t len, void *data)
{
    struct lc *l = data;
    if (l->header) {
        if (l->field < 64) {
            l->hdr_store[l->field] = xcalloc(1, len + 1);
            memcpy(l->hdr_store[l->field], s, len);
            l->names[l->field] = l->hdr_store[l->field];
            l->lens[l->field] = len;
        }
    } else if ((long)l->field == l->c.company) {
        l->clen = len < sizeof l->company ? len : sizeof l->company;
        memcpy(l->company, s, l->clen);
    } else if ((long)l->field == l->c.timely) {
        l->tlen = len < sizeof l->timely ? len : sizeof l->timely;
        memcpy(l->timely, s, l->tlen);
    }
    l->field++;
}

static void lc_row(int c, void *data)
{
    struct lc *l = data;
    int crlf = c == '\n' && l->field == 0 && l->prev_term == '\r';
    l->prev_term = c;
    if (crlf) {
        /* The LF of a CRLF: csv_reader.c swallows it, so it is no row. */
    } else if (l->header) {
        l->header = 0;
        l->bad_header = find_cols(&l->c, l->names, l->lens, l->field < 64 ? l->field : 64) != 0;
    } else if (l->field == 0) {
        l->t->blank++;
    } else if (l->field != l->c.n) {
        l->t->rejected++;
    } else {
        add_row(l->t, l->company, l->clen, l->timely, l->tlen);
    }
    l->field = 0;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static int run_libcsv(const char *path, struct table *t)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 66;
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI);
    csv_set_space_func(&p, no_space);
    struct lc *l = xcalloc(1, sizeof *l);
    l->t = t;
    l->header = 1;
    static char block[1 << 20];
    size_t n, total = 0;
    int rc = 0;
    while ((n = fread(block, 1, sizeof block, f)) > 0) {
        const char *s = block;
        if (total == 0 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;   /* the reader strips a BOM */
            n -= 3;
        }
        if (csv_parse(&p, s, n, lc_field, lc_row, l) != n) {
            rc = 65;
            break;
        }
        total += n;
    }
    if (rc == 0 && csv_fini(&p, lc_field, lc_row, l) != 0)
        rc = 65;
    if (rc != 0)
        fprintf(stderr, "bench_scan: libcsv: %s (the reader would quarantine and resume)\n",
                csv_strerror(csv_error(&p)));
    csv_free(&p);
    fclose(f);
    for (int i = 0; i < 64; i++)
        free(l->hdr_store[i]);
    rc = rc ? rc : (l->bad_header ? 65 : 0);
    free(l);
    return rc;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "scan") != 0 && strcmp(argv[1], "libcsv") != 0)) {
        fprintf(stderr, "usage: bench_scan scan|libcsv FILE [THREADS]\n");
        return 64;
    }
    int threads = argc > 3 ? atoi(argv[3]) : 2;
    struct stat st;
    if (stat(argv[2], &st) != 0) {
        fprintf(stderr, "bench_scan: %s: %s\n", argv[2], strerror(errno));
        return 66;
    }
    struct table t = {0};
    double t0 = now();
    int rc = argv[1][0] == 's' ? run_scan(argv[2], threads, (uint64_t)st.st_size, &t) : run_libcsv(argv[2], &t);
    double dt = now() - t0;
    if (rc == 0)
        print_table(&t);
    fprintf(stderr, "bench_scan %s: %lld bytes, %llu rows, %.3f s, %.1f MB/s, %.0f rows/s\n",
            argv[1], (long long)st.st_size, (unsigned long long)t.rows, dt,
            (double)st.st_size / 1e6 / dt, (double)t.rows / dt);
    table_free(&t);
    return rc;
}

/* csv_harness.h: shared by test_csv_reader.c and test_csv_oracle.c: runs
 * the reader over a file and renders what it returned (a readable dump, the
 * oracle's format, the rejects), and runs tests/tools/csv_oracle.py.
 * Functions are static inline so each test file uses what it needs. */
#ifndef PTAUDIT_TESTS_CSV_HARNESS_H
#define PTAUDIT_TESTS_CSV_HARNESS_H

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/csv_reader.h"
#include "audit/csv_reader_impl.h"   /* r->lines, for the line-count invariant */
#include "tests/helpers.h"

struct text {
    char *s;
    size_t len, cap;
};

static inline void text_add(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static inline void text_printf(struct text *t, const char *fmt, ...) PT_PRINTF(2, 3);
static inline void text_printf(struct text *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof buf);
    text_add(t, buf, (size_t)n);
}

/* What one run of the reader produced. */
struct result {
    enum pt_code rc;               /* of create, or of the first failing next */
    struct pt_error err;
    enum pt_encoding enc;
    struct text readable;          /* "line:field|field\n", fields quoted by pt_error_quote */
    struct text oracle;            /* csv_oracle.py's "R line n xHEX ..." lines */
    struct text rejects;           /* the rejects file without its header line */
    struct pt_accounting acc;
    uint64_t offset;
    uint64_t lines;                /* physical line ends the reader consumed */
};

static inline void result_free(struct result *r)
{
    free(r->readable.s);
    free(r->oracle.s);
    free(r->rejects.s);
    memset(r, 0, sizeof *r);
}

static inline void add_record(struct result *res, const struct pt_record *rec)
{
    text_printf(&res->readable, "%llu:", (unsigned long long)rec->line);
    text_printf(&res->oracle, "R %llu %zu", (unsigned long long)rec->line, rec->n_fields);
    for (size_t i = 0; i < rec->n_fields; i++) {
        char q[256];
        pt_error_quote(rec->fields[i], rec->lens[i], 200, q, sizeof q);
        text_printf(&res->readable, "%s%s", i ? "|" : "", q);
        text_add(&res->oracle, " x", 2);
        for (size_t j = 0; j < rec->lens[i]; j++)
            text_printf(&res->oracle, "%02x", (unsigned char)rec->fields[i][j]);
        assert_int_equal(rec->fields[i][rec->lens[i]], '\0');
    }
    text_add(&res->readable, "\n", 1);
    text_add(&res->oracle, "\n", 1);
}

/* Reads all of in, accepting every record. */
static inline void run_reader_once(FILE *in, const char *path, const struct pt_csv_options *opt,
                                   int ragged, struct result *res)
{
    memset(res, 0, sizeof *res);
    FILE *sink = tmpfile();
    assert_non_null(sink);
    struct pt_quarantine q;
    pt_quarantine_init(&q, sink);
    struct pt_csv_reader *r = NULL;
    res->rc = pt_csv_reader_create(&r, in, path, opt, &q, &res->acc, &res->err);
    if (res->rc == PT_OK) {
        res->enc = pt_csv_reader_encoding(r);
        pt_csv_reader_allow_ragged(r, ragged);
        add_record(res, pt_csv_reader_header(r));
        struct pt_record rec;
        while ((res->rc = pt_csv_reader_next(r, &rec, &res->err)) == PT_OK) {
            add_record(res, &rec);
            pt_csv_reader_accept(r);
        }
        if (res->rc == PT_EOF)
            res->rc = PT_OK;
        res->offset = pt_csv_reader_offset(r);
        res->lines = r->lines;
        pt_csv_reader_destroy(r);
    }
    long size = ftell(sink);
    rewind(sink);
    char *all = calloc(1, (size_t)size + 1);
    assert_non_null(all);
    assert_int_equal(fread(all, 1, (size_t)size, sink), (size_t)size);
    const char *body = strchr(all, '\n');
    body = body ? body + 1 : all;
    text_add(&res->rejects, body, strlen(body));
    free(all);
    fclose(sink);
}

static inline void text_same(const struct text *a, const struct text *b, const char *what,
                             const char *path)
{
    const char *x = a->s ? a->s : "", *y = b->s ? b->s : "";
    if (strcmp(x, y) != 0)
        fail_msg("%s: the fast path and libcsv differ in %s:\n--- fast\n%.2000s\n--- libcsv\n%.2000s",
                 path, what, x, y);
}

/* Reads all of in as run_reader_once does, and, for a seekable input read
 * with the fast path, reads it again with libcsv only: records, rejects,
 * accounting, offset and line count must be identical (csv_reader.h:
 * the scanner may only skip work, never change a result). */
static inline void run_reader(FILE *in, const char *path, const struct pt_csv_options *opt,
                              int ragged, struct result *res)
{
    long at = ftell(in);
    run_reader_once(in, path, opt, ragged, res);
    if ((opt != NULL && opt->libcsv_only) || at < 0 || fseek(in, at, SEEK_SET) != 0)
        return;
    clearerr(in);
    struct pt_csv_options slow = {PT_ENC_AUTO, 0, 0};
    if (opt != NULL)
        slow = *opt;
    slow.libcsv_only = 1;
    struct result ref;
    run_reader_once(in, path, &slow, ragged, &ref);
    assert_int_equal(res->rc, ref.rc);
    if (res->rc != PT_OK)
        assert_string_equal(res->err.msg, ref.err.msg);
    text_same(&res->readable, &ref.readable, "records", path);
    text_same(&res->oracle, &ref.oracle, "field bytes", path);
    text_same(&res->rejects, &ref.rejects, "rejects", path);
    assert_memory_equal(&res->acc, &ref.acc, sizeof res->acc);
    assert_int_equal(res->offset, ref.offset);
    assert_int_equal(res->lines, ref.lines);
    result_free(&ref);
}

static inline void run_file(const char *relative, const char *name, const struct pt_csv_options *opt,
                     int ragged, struct result *res)
{
    FILE *in = fopen(pt_test_path(relative), "rb");
    if (in == NULL)
        fail_msg("cannot open %s: %s", relative, strerror(errno));
    run_reader(in, name, opt, ragged, res);
    fclose(in);
}


static inline int have_python(void) { return access("/usr/bin/python3", X_OK) == 0; }

/* Runs csv_oracle.py on path; returns its R lines, counts its B lines. */
static inline int run_oracle(const char *path, const char *enc, struct text *records, uint64_t *blank)
{
    char cmd[16384];
    int w = snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' %s",
                     pt_test_path("tests/tools/csv_oracle.py"), path, enc);
    assert_true(w > 0 && (size_t)w < sizeof cmd);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *big = NULL;
    size_t big_cap = 0;
    *blank = 0;
    ssize_t n;
    while ((n = getline(&big, &big_cap, p)) > 0) {
        if (big[0] == 'B')
            (*blank)++;
        else
            text_add(records, big, (size_t)n);
    }
    free(big);
    return pclose(p);
}

static inline void compare_with_oracle(const char *path, const char *name, enum pt_encoding enc)
{
    struct text want = {0};
    uint64_t blank = 0;
    const char *enc_name = enc == PT_ENC_GB18030 ? "gb18030" : "utf-8";
    if (run_oracle(path, enc_name, &want, &blank) != 0)
        fail_msg("%s: the Python oracle could not read it", name);
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    struct pt_csv_options opt = {enc, 0, 0};
    struct result res;
    run_reader(in, name, &opt, 1, &res);   /* ragged allowed: Python keeps them too */
    fclose(in);
    assert_int_equal(res.rc, PT_OK);
    const char *got = res.oracle.s ? res.oracle.s : "";
    const char *w = want.s ? want.s : "";
    if (strcmp(got, w) != 0) {
        size_t k = 0;
        while (got[k] && got[k] == w[k])
            k++;
        size_t from = k > 60 ? k - 60 : 0;
        fail_msg("%s: reader and Python differ at byte %zu:\n reader: %.160s\n python: %.160s",
                 name, k, got + from, w + from);
    }
    assert_int_equal(res.acc.lines_blank, blank);
    assert_int_equal(res.acc.rows_rejected, 0);
    free(want.s);
    result_free(&res);
}


static inline FILE *write_tmp(const struct text *t, char *path_out)
{
    strcpy(path_out, "/tmp/pt_csv_XXXXXX");
    int fd = mkstemp(path_out);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w+b");
    assert_non_null(f);
    assert_int_equal(fwrite(t->s, 1, t->len, f), t->len);
    rewind(f);
    return f;
}


#endif

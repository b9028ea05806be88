/* verify.c: see verify.h. Each folder is listed recursively into a sorted
 * array of relative paths (readdir order is not stable, hence the sort);
 * then the two lists are merged like comm(1). */
#define _GNU_SOURCE
#include "audit/verify.h"

#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"

struct listing {
    char **names;      /* owned */
    size_t n, cap;
    int failed;
};

static int is_image(const char *name)
{
    size_t n = strlen(name);
    return n >= 4 && (strcmp(name + n - 4, ".svg") == 0 || strcmp(name + n - 4, ".png") == 0);
}

static int add_name(struct listing *l, const char *rel)
{
    if (pt_grow((void **)&l->names, &l->cap, l->n + 1, sizeof *l->names) != 0 ||
        (l->names[l->n] = pt_strdup(rel)) == NULL) {
        l->failed = 1;
        return -1;
    }
    l->n++;
    return 0;
}

/* Lists regular files under root/rel (rel "" = root), symlinks not
 * followed. Returns 0, or -1 with errno (l->failed for memory). */
static int walk(struct listing *l, const char *root, const char *rel, int depth)
{
    char path[4096], child[4096];
    snprintf(path, sizeof path, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(path);
    if (d == NULL || depth > 32)
        return d == NULL ? -1 : (closedir(d), -1);
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        char full[8200];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", root, child);
        if (lstat(full, &st) != 0)
            rc = -1;
        else if (S_ISDIR(st.st_mode))
            rc = walk(l, root, child, depth + 1);
        else if (!is_image(child))
            rc = add_name(l, child);
    }
    closedir(d);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_listing(struct listing *l)
{
    for (size_t i = 0; i < l->n; i++)
        pt_free(l->names[i]);
    pt_free(l->names);
    memset(l, 0, sizeof *l);
}

static enum pt_code list_dir(const char *root, struct listing *l, struct pt_error *err)
{
    memset(l, 0, sizeof *l);
    int rc = walk(l, root, "", 0);
    if (l->failed)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory listing %s", root);
    if (rc != 0) {
        struct pt_loc loc;
        pt_loc_set(&loc, root, 0, 0);
        return pt_error_set(err, PT_EIO, &loc, "cannot read the folder: %s", strerror(errno));
    }
    qsort(l->names, l->n, sizeof *l->names, by_name);
    return PT_OK;
}

/* Compares two files; on a difference, the 1-based line where it starts. */
static enum pt_code compare_files(const char *a_root, const char *b_root, const char *name,
                                  struct pt_error *err)
{
    char pa[4096], pb[4096];
    snprintf(pa, sizeof pa, "%s/%s", a_root, name);
    snprintf(pb, sizeof pb, "%s/%s", b_root, name);
    FILE *fa = fopen(pa, "rb"), *fb = fopen(pb, "rb");
    enum pt_code rc = PT_OK;
    if (fa == NULL || fb == NULL) {
        rc = pt_error_set(err, PT_EIO, NULL, "%s: cannot open: %s", name, strerror(errno));
    } else {
        uint64_t line = 1;
        for (;;) {
            int ca = getc(fa), cb = getc(fb);
            if (ca != cb) {
                rc = pt_error_set(err, PT_EDATA, NULL, "%s: line %llu differs%s", name,
                                  (unsigned long long)line,
                                  ca == EOF || cb == EOF ? " (one file is shorter)" : "");
                break;
            }
            if (ca == EOF)
                break;
            line += ca == '\n';
        }
        if (rc == PT_OK && (ferror(fa) || ferror(fb)))
            rc = pt_error_set(err, PT_EIO, NULL, "%s: read error", name);
    }
    if (fa != NULL)
        fclose(fa);
    if (fb != NULL)
        fclose(fb);
    return rc;
}

enum pt_code pt_verify_compare(const char *expected, const char *actual, size_t *n_files,
                               struct pt_error *err)
{
    struct listing a, b;
    *n_files = 0;
    enum pt_code rc = list_dir(expected, &a, err);
    if (rc == PT_OK)
        rc = list_dir(actual, &b, err);
    else
        memset(&b, 0, sizeof b);
    size_t i = 0, j = 0;
    while (rc == PT_OK && (i < a.n || j < b.n)) {
        int cmp = i == a.n ? 1 : j == b.n ? -1 : strcmp(a.names[i], b.names[j]);
        if (cmp < 0)
            rc = pt_error_set(err, PT_EDATA, NULL, "%s: missing from the re-run", a.names[i]);
        else if (cmp > 0)
            rc = pt_error_set(err, PT_EDATA, NULL, "%s: made by the re-run, not in the report",
                              b.names[j]);
        else
            rc = compare_files(expected, actual, a.names[i], err);
        if (rc == PT_OK)
            (*n_files)++;
        i++;
        j++;
    }
    free_listing(&a);
    free_listing(&b);
    return rc;
}

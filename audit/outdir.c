/* outdir.c: see outdir.h. mkdtemp makes the sibling with mode 0700; it is
 * set to 0755 (what mkdir(1) gives under the usual umask 022) so the
 * published report is readable like any folder the user creates. */
#define _GNU_SOURCE
#include "audit/outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/alloc.h"
#include "audit/manifest.h"

static enum pt_code cantcreat(const char *path, const char *what, int errnum,
                              struct pt_error *err)
{
    struct pt_loc loc;
    pt_loc_set(&loc, path, 0, 0);
    return pt_error_set(err, PT_ECANTCREAT, &loc, "%s: %s", what, strerror(errnum));
}

/* 1 when dir/manifest.json is a manifest pt_manifest_read accepts. */
static int holds_ptaudit_report(const char *dir)
{
    char path[4096];
    struct pt_manifest m;
    struct pt_error err;
    if ((size_t)snprintf(path, sizeof path, "%s/manifest.json", dir) >= sizeof path)
        return 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    pt_manifest_init(&m);
    enum pt_code rc = pt_manifest_read(&m, f, path, &err);
    fclose(f);
    pt_manifest_free(&m);
    return rc == PT_OK;
}

/* "PARENT/.NAME.tmp-XXXXXX" for dir "PARENT/NAME" (trailing slashes
 * ignored; no slash = the current folder). */
static char *sibling_template(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t base = n;
    while (base > 0 && dir[base - 1] != '/')
        base--;
    size_t size = n + 16;
    char *t = pt_malloc(size);
    if (t != NULL)
        snprintf(t, size, "%.*s.%.*s.tmp-XXXXXX", (int)base, dir, (int)(n - base), dir + base);
    return t;
}

enum pt_code pt_outdir_begin(struct pt_outdir *o, const char *dir, struct pt_error *err)
{
    struct stat st;
    memset(o, 0, sizeof *o);
    if (dir[0] == '\0')
        return cantcreat(dir, "cannot create the output folder", ENOENT, err);
    if (lstat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode) || !holds_ptaudit_report(dir)) {
            struct pt_loc loc;
            pt_loc_set(&loc, dir, 0, 0);
            return pt_error_set(err, PT_ECANTCREAT, &loc,
                                "exists and is not a ptaudit report folder (no ptaudit "
                                "manifest.json): refusing to replace it");
        }
        o->replace = 1;
    }
    o->final_path = pt_strdup(dir);
    o->tmp_path = sibling_template(dir);
    if (o->final_path == NULL || o->tmp_path == NULL) {
        pt_outdir_abort(o);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    }
    if (mkdtemp(o->tmp_path) == NULL) {
        int e = errno;
        pt_free(o->tmp_path);
        o->tmp_path = NULL;
        pt_outdir_abort(o);
        return cantcreat(dir, "cannot create the output folder beside it", e, err);
    }
    if (chmod(o->tmp_path, 0755) != 0) {
        int e = errno;
        pt_outdir_abort(o);
        return cantcreat(dir, "cannot set the output folder's mode", e, err);
    }
    return PT_OK;
}

/* Refuses absolute names and any ".." component. */
static int name_is_inside(const char *name)
{
    if (name[0] == '/' || name[0] == '\0')
        return 0;
    for (const char *p = name; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p += len + (slash ? 1 : 0);
    }
    return 1;
}

/* mkdir -p of the folders of tmp/name up to (not including) the last
 * component when leaf is 0, including it when leaf is 1. */
static enum pt_code make_dirs(const struct pt_outdir *o, const char *name, int leaf,
                              char *path, size_t size, struct pt_error *err)
{
    if (!name_is_inside(name))
        return pt_error_set(err, PT_EUSAGE, NULL, "output name \"%s\" would leave the folder",
                            name);
    if ((size_t)snprintf(path, size, "%s/%s", o->tmp_path, name) >= size)
        return cantcreat(name, "cannot create", ENAMETOOLONG, err);
    size_t start = strlen(o->tmp_path) + 1;
    for (size_t i = start; path[i]; i++) {
        if (path[i] != '/')
            continue;
        path[i] = '\0';
        int bad = mkdir(path, 0755) != 0 && errno != EEXIST;
        path[i] = '/';
        if (bad)
            return cantcreat(name, "cannot create", errno, err);
    }
    if (leaf && mkdir(path, 0755) != 0 && errno != EEXIST)
        return cantcreat(name, "cannot create", errno, err);
    return PT_OK;
}

enum pt_code pt_outdir_mkdir(const struct pt_outdir *o, const char *name, struct pt_error *err)
{
    char path[4096];
    return make_dirs(o, name, 1, path, sizeof path, err);
}

enum pt_code pt_outdir_fopen(const struct pt_outdir *o, const char *name, FILE **out,
                             struct pt_error *err)
{
    char path[4096];
    *out = NULL;
    enum pt_code rc = make_dirs(o, name, 0, path, sizeof path, err);
    if (rc != PT_OK)
        return rc;
    FILE *f = fopen(path, "wbx");
    if (f == NULL)
        return cantcreat(name, "cannot create", errno, err);
    *out = f;
    return PT_OK;
}

enum pt_code pt_outdir_fclose(const struct pt_outdir *o, FILE *f, const char *name,
                              struct pt_error *err)
{
    (void)o;
    int bad = fflush(f) != 0 || ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad)
        return PT_OK;
    struct pt_loc loc;
    pt_loc_set(&loc, name, 0, 0);
    return pt_error_set(err, PT_EIO, &loc, "write error: %s", strerror(e));
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

int pt_outdir_remove_tree(const char *path)
{
    return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void release(struct pt_outdir *o)
{
    pt_free(o->final_path);
    pt_free(o->tmp_path);
    memset(o, 0, sizeof *o);
}

enum pt_code pt_outdir_commit(struct pt_outdir *o, struct pt_error *err)
{
    int e = 0;
    if (!o->replace) {
        if (rename(o->tmp_path, o->final_path) != 0)
            e = errno;
    } else if (renameat2(AT_FDCWD, o->tmp_path, AT_FDCWD, o->final_path, RENAME_EXCHANGE) != 0) {
        e = errno;
        /* No atomic exchange here (old kernel, some filesystems): move the old
         * report aside inside the sibling's name space, then rename. */
        if (e == EINVAL || e == ENOSYS) {
            char *aside = sibling_template(o->final_path);
            e = aside == NULL ? ENOMEM : 0;
            if (e == 0 && (mkdtemp(aside) == NULL || rmdir(aside) != 0 ||
                           rename(o->final_path, aside) != 0))
                e = errno;
            if (e == 0 && rename(o->tmp_path, o->final_path) != 0) {
                e = errno;
                (void)rename(aside, o->final_path);
            } else if (e == 0) {
                (void)pt_outdir_remove_tree(aside);
            }
            pt_free(aside);
        }
    }
    if (e != 0) {
        enum pt_code rc = cantcreat(o->final_path, "cannot move the finished report into place",
                                    e, err);
        pt_outdir_abort(o);
        return rc;
    }
    /* After an exchange the old report sits at the sibling's path. */
    if (o->replace)
        (void)pt_outdir_remove_tree(o->tmp_path);
    release(o);
    return PT_OK;
}

void pt_outdir_abort(struct pt_outdir *o)
{
    if (o == NULL)
        return;
    if (o->tmp_path != NULL)
        (void)pt_outdir_remove_tree(o->tmp_path);
    release(o);
}

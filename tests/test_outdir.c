/* test_outdir.c: atomic output folder: creation, refusal, replacement,
 * cleanup on failure, unwritable parents and full-disk writes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/outdir.h"
#include "tests/helpers.h"

static char root[256];

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/pt_outdir_XXXXXX");
    return mkdtemp(root) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    return pt_outdir_remove_tree(root);
}

/* Names in root, sorted, joined by spaces. */
static void list_root(char *buf, size_t size)
{
    struct dirent **names;
    int n = scandir(root, &names, NULL, alphasort);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
            strncat(buf, names[i]->d_name, size - strlen(buf) - 2);
            strcat(buf, " ");
        }
        free(names[i]);
    }
    free(names);
}

static void write_file(const struct pt_outdir *o, const char *name, const char *text)
{
    FILE *f = NULL;
    struct pt_error err;
    assert_int_equal(pt_outdir_fopen(o, name, &f, &err), PT_OK);
    fputs(text, f);
    assert_int_equal(pt_outdir_fclose(o, f, name, &err), PT_OK);
}

static const char manifest[] =
    "{\"schema\":\"ptaudit.manifest/1\",\"options\":{\"min_cell\":10},\"inputs\":[]}";

static void test_new_folder_appears_only_at_commit(void **state)
{
    (void)state;
    struct pt_outdir o;
    struct pt_error err;
    char dir[300], listing[512];
    snprintf(dir, sizeof dir, "%s/out", root);
    assert_int_equal(pt_outdir_begin(&o, dir, &err), PT_OK);
    write_file(&o, "tables/a.csv", "x\n1\n");
    assert_int_equal(access(dir, F_OK), -1); /* not visible yet */
    list_root(listing, sizeof listing);
    assert_memory_equal(listing, ".out.tmp-", 9);
    assert_int_equal(pt_outdir_commit(&o, &err), PT_OK);
    list_root(listing, sizeof listing);
    assert_string_equal(listing, "out ");
    char path[400];
    snprintf(path, sizeof path, "%s/tables/a.csv", dir);
    assert_int_equal(access(path, R_OK), 0);
    assert_int_equal(pt_outdir_remove_tree(dir), 0);
}

static void test_replaces_only_a_ptaudit_report(void **state)
{
    (void)state;
    struct pt_outdir o;
    struct pt_error err;
    char dir[300], path[400], listing[512];
    snprintf(dir, sizeof dir, "%s/rep", root);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/keep.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("user data", f);
    fclose(f);
    /* Not a report: refused, untouched. */
    assert_int_equal(pt_outdir_begin(&o, dir, &err), PT_ECANTCREAT);
    assert_string_equal(err.loc.path, dir);
    assert_int_equal(access(path, F_OK), 0);
    list_root(listing, sizeof listing);
    assert_string_equal(listing, "rep ");
    /* With a ptaudit manifest: replaced, old files gone. */
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    f = fopen(path, "w");
    fputs(manifest, f);
    fclose(f);
    assert_int_equal(pt_outdir_begin(&o, dir, &err), PT_OK);
    write_file(&o, "report.md", "# new\n");
    assert_int_equal(pt_outdir_commit(&o, &err), PT_OK);
    snprintf(path, sizeof path, "%s/keep.txt", dir);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/report.md", dir);
    assert_int_equal(access(path, F_OK), 0);
    list_root(listing, sizeof listing);
    assert_string_equal(listing, "rep ");
    assert_int_equal(pt_outdir_remove_tree(dir), 0);
}

static void test_existing_file_is_refused(void **state)
{
    (void)state;
    struct pt_outdir o;
    struct pt_error err;
    char path[300];
    snprintf(path, sizeof path, "%s/file", root);
    FILE *f = fopen(path, "w");
    fclose(f);
    assert_int_equal(pt_outdir_begin(&o, path, &err), PT_ECANTCREAT);
    assert_int_equal(unlink(path), 0);
}

/* As root, chmod does not stop writes: a file as the parent, a missing
 * parent and /proc stand in for an unwritable parent. */
static void test_unwritable_parents_are_cantcreat(void **state)
{
    (void)state;
    struct pt_outdir o;
    struct pt_error err;
    char file[300], under[400], missing[400], listing[512];
    snprintf(file, sizeof file, "%s/plain", root);
    FILE *f = fopen(file, "w");
    fclose(f);
    snprintf(under, sizeof under, "%s/out", file);
    snprintf(missing, sizeof missing, "%s/no/such/out", root);
    const char *dirs[] = {under, missing, "/proc/ptaudit-report-test"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(pt_outdir_begin(&o, dirs[i], &err), PT_ECANTCREAT);
        assert_null(o.tmp_path);
    }
    list_root(listing, sizeof listing);
    assert_string_equal(listing, "plain ");
    assert_int_equal(unlink(file), 0);
}

static void test_abort_removes_everything(void **state)
{
    (void)state;
    struct pt_outdir o;
    struct pt_error err;
    char dir[300], listing[512];
    snprintf(dir, sizeof dir, "%s/gone", root);
    assert_int_equal(pt_outdir_begin(&o, dir, &err), PT_OK);
    write_file(&o, "plots/a/b.gp", "plot 1\n");
    pt_outdir_abort(&o);
    list_root(listing, sizeof listing);
    assert_string_equal(listing, "");
}

static void test_names_cannot_leave_the_folder(void **state)
{
    (void)state;
    struct pt_outdir o;
    struct pt_error err;
    FILE *f = NULL;
    char dir[300];
    snprintf(dir, sizeof dir, "%s/n", root);
    assert_int_equal(pt_outdir_begin(&o, dir, &err), PT_OK);
    const char *bad[] = {"../x", "/etc/x", "a/../../x", ""};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(pt_outdir_fopen(&o, bad[i], &f, &err), PT_EUSAGE);
    pt_outdir_abort(&o);
}

static void test_full_disk_close_is_eio(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_outdir o = {0};
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    fputs("a report that does not fit\n", f);
    assert_int_equal(pt_outdir_fclose(&o, f, "report.md", &err), PT_EIO);
    assert_string_equal(err.loc.path, "report.md");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_folder_appears_only_at_commit),
        cmocka_unit_test(test_replaces_only_a_ptaudit_report),
        cmocka_unit_test(test_existing_file_is_refused),
        cmocka_unit_test(test_unwritable_parents_are_cantcreat),
        cmocka_unit_test(test_abort_removes_everything),
        cmocka_unit_test(test_names_cannot_leave_the_folder),
        cmocka_unit_test(test_full_disk_close_is_eio),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

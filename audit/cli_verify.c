/* cli_verify.c: `ptaudit verify DIR` — re-derive a report and compare. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit/cli.h"
#include "audit/cli_common.h"
#include "audit/cli_report.h"
#include "audit/hash.h"
#include "audit/manifest.h"
#include "audit/outdir.h"
#include "audit/verify.h"

static const char help[] =
    "Usage: ptaudit verify DIR\n\n"
    "Re-hashes every input named in DIR/manifest.json, re-runs the report with the\n"
    "recorded options in a temporary folder and compares every output byte for\n"
    "byte (rendered *.svg/*.png excepted).\n"
    "Exit 0 when identical; 66 when a recorded input is missing; 65 with the first\n"
    "difference otherwise.\n\n"
    "Options:\n  -h, --help   this help\n\n"
    "Example:\n  ptaudit verify out/report\n";

static int fail_65(const char *fmt, const char *a, const char *b, const char *c)
{
    fputs("ptaudit: verify: ", stderr);
    fprintf(stderr, fmt, a, b, c);
    fputc('\n', stderr);
    return PT_EXIT_DATAERR;
}

static int read_manifest(const char *dir, struct pt_manifest *m)
{
    char path[4096];
    struct pt_error err;
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        pt_cli_errorf("verify: %s: %s (not a ptaudit report folder?)", path, strerror(errno));
        return PT_EXIT_NOINPUT;
    }
    enum pt_code rc = pt_manifest_read(m, f, path, &err);
    fclose(f);
    return rc == PT_OK ? 0 : pt_cli_fail(&err);
}

/* Re-hashes every recorded input: 66 when one is missing, 65 when it
 * changed or was stdin. */
static int check_inputs(const struct pt_manifest *m)
{
    for (size_t i = 0; i < m->n_inputs; i++) {
        const struct pt_manifest_input *in = &m->inputs[i];
        char hex[PT_SHA256_HEX_LEN + 1];
        uint64_t size = 0;
        struct pt_error err;
        int status = 0;
        if (in->resolved == NULL)
            return fail_65("%s: read from standard input, so it cannot be verified%s%s",
                           in->path, "", "");
        FILE *f = pt_cli_open_input(in->resolved, &status);
        if (f == NULL)
            return status;
        enum pt_code rc = pt_hash_stream(f, in->resolved, hex, &size, &err);
        pt_cli_close_input(f);
        if (rc != PT_OK)
            return pt_cli_fail(&err);
        if (strcmp(hex, in->sha256) != 0 || size != in->size)
            return fail_65("%s: changed since the report: SHA-256 %s, the manifest records %s",
                           in->resolved, hex, in->sha256);
    }
    return 0;
}

/* The report's arguments as the manifest records them (strings borrowed
 * from m). */
static void args_from_manifest(const struct pt_manifest *m, struct pt_cli_report_args *a,
                               const char **resolved)
{
    memset(a, 0, sizeof *a);
    a->opt = m->opt;
    a->quiet = 1;
    a->gnuplot_timeout_s = 30;
    for (size_t i = 0; i < m->n_inputs && i < PT_CLI_REPORT_MAX_INPUTS; i++) {
        a->kinds[i] = m->inputs[i].kind;
        a->paths[i] = m->inputs[i].path;
        resolved[i] = m->inputs[i].resolved;
        a->n_inputs++;
    }
}

static int rerun_and_compare(const char *dir, const struct pt_manifest *m)
{
    struct pt_cli_report_args a;
    const char *resolved[PT_CLI_REPORT_MAX_INPUTS];
    const char *tmpdir = getenv("TMPDIR");
    char root[4096], out[4200];
    snprintf(root, sizeof root, "%s/ptaudit-verify-XXXXXX",
             tmpdir != NULL && tmpdir[0] == '/' ? tmpdir : "/tmp");
    if (mkdtemp(root) == NULL) {
        pt_cli_errorf("verify: cannot create a temporary folder %s: %s", root, strerror(errno));
        return PT_EXIT_CANTCREAT;
    }
    snprintf(out, sizeof out, "%s/report", root);
    args_from_manifest(m, &a, resolved);
    int status = pt_cli_report_run(&a, out, resolved, 0, 1);
    if (status == 0) {
        size_t n_files = 0;
        struct pt_error err;
        enum pt_code rc = pt_verify_compare(dir, out, &n_files, &err);
        if (rc == PT_EDATA)
            status = fail_65("%s: %s%s", dir, err.msg, "");
        else if (rc != PT_OK)
            status = pt_cli_fail(&err);
        else
            printf("%s: verified: %zu inputs re-hashed, %zu files identical (images not "
                   "compared)\n", dir, m->n_inputs, n_files);
    }
    (void)pt_outdir_remove_tree(root);
    return status;
}

int pt_cli_verify(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(help, stdout);
        return PT_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-')
        return argc >= 2 && argv[1][0] == '-'
                   ? pt_cli_usage_error("verify", "unknown option '%s'", argv[1])
                   : pt_cli_usage_error("verify", "expected exactly one DIR");
    struct pt_manifest m;
    pt_manifest_init(&m);
    int status = read_manifest(argv[1], &m);
    if (status == 0)
        status = check_inputs(&m);
    if (status == 0)
        status = rerun_and_compare(argv[1], &m);
    pt_manifest_free(&m);
    return status;
}

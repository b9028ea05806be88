/* test_csv_oracle.c: the CSV reader (csv_reader.h) against an independent
 * implementation, Python's csv module (tests/tools/csv_oracle.py): records
 * and start lines must be identical on the well-formed fixtures, on the
 * shared datasets (PT_SHARED_DIR, else ../shared or ../../shared from the
 * source tree; skipped when absent) and on random inputs. Skipped without
 * python3. Hand-derived expectations are in test_csv_reader.c. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/csv_harness.h"

static const struct {
    const char *file;
    enum pt_encoding enc;
} oracle_fixtures[] = {
    {"quotes.csv", PT_ENC_UTF8},        {"multiline.csv", PT_ENC_UTF8},
    {"crlf.csv", PT_ENC_UTF8},          {"bare_cr.csv", PT_ENC_UTF8},
    {"bom.csv", PT_ENC_UTF8},           {"header_only.csv", PT_ENC_UTF8},
    {"header_only_nonl.csv", PT_ENC_UTF8}, {"ragged.csv", PT_ENC_UTF8},
    {"no_final_newline.csv", PT_ENC_UTF8}, {"spaces.csv", PT_ENC_UTF8},
    {"blank_lines.csv", PT_ENC_UTF8},   {"dup_header.csv", PT_ENC_UTF8},
    {"gb18030.csv", PT_ENC_GB18030},
    /* the complaints area's board fixtures (a 4-byte GB18030 character) */
    {"../board/board_fields_gb18030.csv", PT_ENC_GB18030},
    {"../board/board_fields_utf8_bom.csv", PT_ENC_UTF8},
};

static void test_fixtures_match_python_csv(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
        return;
    }
    for (size_t i = 0; i < sizeof oracle_fixtures / sizeof oracle_fixtures[0]; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "tests/data/csv/%s", oracle_fixtures[i].file);
        if (access(pt_test_path(rel), R_OK) != 0)
            continue;   /* another area's fixture, not merged here */
        compare_with_oracle(pt_test_path(rel), oracle_fixtures[i].file, oracle_fixtures[i].enc);
    }
}

static const char *shared_dir(void)
{
    static char dir[4096];
    const char *env = getenv("PT_SHARED_DIR");
    const char *cands[3] = {env, "../shared", "../../shared"};
    for (int i = 0; i < 3; i++) {
        if (cands[i] == NULL)
            continue;
        if (i == 0)
            snprintf(dir, sizeof dir, "%s/datasets", cands[i]);
        else
            snprintf(dir, sizeof dir, "%s/datasets", pt_test_path(cands[i]));
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return dir;
    }
    return NULL;
}

static void test_shared_datasets_match_python_csv(void **state)
{
    (void)state;
    static const char *const files[] = {
        "cfpb_complaints_2016_14col.csv",      "cfpb_complaints_2023_a.csv",
        "heimao_tousu_sample_3rows.csv",       "lendingclub_2007_2008_kuhnrl30.csv",
        "lendingclub_loansData_2500.csv",      "prosper_loans_a.csv",
    };
    const char *dir = shared_dir();
    if (dir == NULL || !have_python()) {
        skip();
        return;
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4300];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (access(path, R_OK) != 0)
            continue;
        compare_with_oracle(path, files[i], PT_ENC_UTF8);
    }
}

/* Random inputs, all compared with Python in one batch run. Half are valid
 * CSV by construction (random fields quoted when needed, random LF / CRLF /
 * CR line ends, blank lines, a missing final line end); half are random
 * strings over the bytes that matter (a , " LF CR space). Where Python
 * reads a file and the reader rejects nothing, records and start lines must
 * be identical; where the reader accepts everything, Python must too; and
 * the accounting must balance on every input. */
static uint32_t lcg(uint32_t *x)
{
    *x = *x * 1664525u + 1013904223u;   /* Numerical Recipes LCG */
    return *x >> 8;
}

static void gen_field(uint32_t *x, struct text *t)
{
    static const char *const atoms[] = {"a", "b", " ", ",", "\"", "\n", "\r", "\xe4\xb8\xad"};
    char f[64];
    size_t n = 0, len = lcg(x) % 6;
    int quote = lcg(x) % 5 == 0;
    for (size_t i = 0; i < len; i++) {
        const char *a = atoms[lcg(x) % 8];
        quote |= strchr(",\"\n\r", a[0]) != NULL;
        memcpy(f + n, a, strlen(a));
        n += strlen(a);
    }
    if (!quote) {
        text_add(t, f, n);
        return;
    }
    text_add(t, "\"", 1);
    for (size_t i = 0; i < n; i++)
        text_add(t, f[i] == '"' ? "\"\"" : f + i, f[i] == '"' ? 2 : 1);
    text_add(t, "\"", 1);
}

static void gen_valid(uint32_t *x, struct text *t)
{
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    size_t cols = 1 + lcg(x) % 3, rows = 1 + lcg(x) % 5;
    for (size_t r = 0; r < rows; r++) {
        if (lcg(x) % 6 == 0)
            text_add(t, ends[lcg(x) % 3], 1);   /* a blank line (LF or CR) */
        size_t before = t->len;
        for (size_t c = 0; c < cols; c++) {
            if (c)
                text_add(t, ",", 1);
            gen_field(x, t);
        }
        if (t->len == before)
            text_add(t, "\"\"", 2);   /* one empty field, not a blank line */
        if (r + 1 < rows || lcg(x) % 3) {
            const char *e = ends[lcg(x) % 3];
            text_add(t, e, strlen(e));
        }
    }
}

static void gen_garbage(uint32_t *x, struct text *t)
{
    static const char alphabet[] = "a,\"\n\r ";
    size_t len = lcg(x) % 30;
    for (size_t i = 0; i < len; i++)
        text_add(t, alphabet + lcg(x) % 6, 1);
}

static void test_random_inputs_match_python_csv(void **state)
{
    (void)state;
    if (!have_python()) {
        skip();
        return;
    }
    enum { N = 600 };
    char dir[] = "/tmp/pt_csv_rndXXXXXX";
    assert_non_null(mkdtemp(dir));
    static char paths[N][64];
    struct text cmd = {0};
    text_printf(&cmd, "/usr/bin/python3 '%s' --batch",
                pt_test_path("tests/tools/csv_oracle.py"));
    uint32_t x = 2026;
    for (int i = 0; i < N; i++) {
        struct text t = {0};
        text_add(&t, "", 0);
        if (i % 2 == 0)
            gen_valid(&x, &t);
        else
            gen_garbage(&x, &t);
        snprintf(paths[i], sizeof paths[i], "%s/%d.csv", dir, i);
        FILE *f = fopen(paths[i], "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(t.s, 1, t.len, f), t.len);
        fclose(f);
        free(t.s);
        text_printf(&cmd, " %s", paths[i]);
    }
    FILE *p = popen(cmd.s, "r");
    assert_non_null(p);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, p);
    int compared = 0;
    for (int i = 0; i < N; i++) {
        assert_true(n > 0 && line[0] == 'F');
        struct text want = {0};
        uint64_t blank = 0;
        int py_error = 0;
        text_add(&want, "", 0);
        while ((n = getline(&line, &cap, p)) > 0 && line[0] != 'F') {
            if (line[0] == 'B')
                blank++;
            else if (line[0] == 'E')
                py_error = 1;
            else
                text_add(&want, line, (size_t)n);
        }
        FILE *in = fopen(paths[i], "rb");
        struct result res;
        run_reader(in, paths[i], NULL, 1, &res);
        /* Invariants on every input, rejects or not: every byte consumed,
         * and every line end counted once (LF, CRLF, lone CR). */
        long size = ftell(in);
        rewind(in);
        uint64_t ends = 0;
        int c, prev = 0;
        while ((c = getc(in)) != EOF) {
            ends += c == '\r' || (c == '\n' && prev != '\r');
            prev = c;
        }
        fclose(in);
        if (res.rc == PT_OK) {
            assert_int_equal(res.offset, (uint64_t)size);
            if (res.lines != ends)
                fail_msg("%s: the reader counted %llu line ends, the file has %llu", paths[i],
                         (unsigned long long)res.lines, (unsigned long long)ends);
            assert_true(pt_accounting_balanced(&res.acc));
            if (res.acc.rows_rejected == 0 && py_error)
                fail_msg("%s: the reader accepted every record, Python fails", paths[i]);
            if (res.acc.rows_rejected == 0) {
                if (strcmp(res.oracle.s, want.s) != 0 || res.acc.lines_blank != blank)
                    fail_msg("%s: reader\n%s python\n%s", paths[i], res.oracle.s, want.s);
                compared++;
            }
        } else {
            assert_int_equal(res.rc, PT_EDATA);   /* empty, or the header does not parse */
        }
        free(want.s);
        result_free(&res);
        unlink(paths[i]);
    }
    free(line);
    assert_int_equal(pclose(p), 0);
    rmdir(dir);
    free(cmd.s);
    print_message("compared %d of %d random inputs with Python\n", compared, N);
    assert_true(compared > N / 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_match_python_csv),
        cmocka_unit_test(test_shared_datasets_match_python_csv),
        cmocka_unit_test(test_random_inputs_match_python_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

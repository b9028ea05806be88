/* test_quarantine.c: rejected rows and accounting (quarantine.h).
 *
 * Expected rejects lines are written out by hand from the rules in
 * quarantine.c (RFC 4180 quoting and the ' prefix from escape.h), and the
 * whole file is read back by Python 3's csv module (tests/tools/
 * csv_oracle.py) to confirm it is one well-formed record per reject with the
 * record column holding the printable record. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/quarantine.h"
#include "tests/helpers.h"

#define S(lit) lit, sizeof(lit) - 1

static char *slurp(FILE *f, size_t *len)
{
    long size = ftell(f);
    assert_true(size >= 0);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    rewind(f);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    *len = (size_t)size;
    return buf;
}

static void test_rows_are_escaped_csv_with_header(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    struct pt_loc loc;
    pt_quarantine_init(&q, f);
    pt_loc_set(&loc, "c.csv", 7, 3);
    assert_int_equal(pt_quarantine_add(&q, &acc, &loc, "Company", PT_REASON_FIELD_COUNT,
                                       "expected 3 fields, found 4", S("=1+1,\"a\nb\",x,y"), &err),
                     PT_OK);
    pt_loc_set(&loc, "-", 9, 0);
    assert_int_equal(pt_quarantine_add(&q, &acc, &loc, NULL, PT_REASON_NUL_BYTE, NULL,
                                       S("a\0b,\xff"), &err),
                     PT_OK);
    size_t len;
    char *got = slurp(f, &len);
    /* Row 1: the record starts with '=', so it gets the ' prefix; it holds
     * quotes and a newline, so it is quoted with quotes doubled.
     * Row 2: NUL -> U+2400 (E2 90 80), FF -> \xFF; column 0 -> empty cell;
     * the path "-" (stdin) is not a plain number, so it is prefixed too. */
    const char *want = "file,line,column,field,reason,record,detail\n"
                       "c.csv,7,3,Company,field_count,\"'=1+1,\"\"a\nb\"\",x,y\","
                       "\"expected 3 fields, found 4\"\n"
                       "'-,9,,,nul_byte,\"a\xe2\x90\x80" "b,\\xFF\",\n";
    assert_string_equal(got, want);
    assert_int_equal(acc.rows_rejected, 2);
    assert_int_equal(acc.by_reason[PT_REASON_FIELD_COUNT], 1);
    assert_int_equal(acc.by_reason[PT_REASON_NUL_BYTE], 1);
    assert_int_equal(q.n_rejected, 2);
    free(got);
    fclose(f);
}

static void test_python_reads_rejects_back(void **state)
{
    (void)state;
    if (access("/usr/bin/python3", X_OK) != 0) {
        skip();
        return;
    }
    char path[] = "/tmp/pt_quarantine_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    struct pt_loc loc;
    pt_quarantine_init(&q, f);
    pt_loc_set(&loc, "x,y.csv", 2, 1);
    assert_int_equal(pt_quarantine_add(&q, &acc, &loc, "a\"b", PT_REASON_BAD_DATE, "@bad",
                                       S("\r\n-1,\"q\""), &err),
                     PT_OK);
    assert_int_equal(fclose(f), 0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s",
             pt_test_path("tests/tools/csv_oracle.py"), path);
    FILE *p = popen(cmd, "r");
    char line[1024];
    assert_non_null(fgets(line, sizeof line, p));
    /* header: file line column field reason record detail */
    assert_string_equal(line, "R 1 7 x66696c65 x6c696e65 x636f6c756d6e x6669656c64 "
                              "x726561736f6e x7265636f7264 x64657461696c\n");
    assert_non_null(fgets(line, sizeof line, p));
    /* python3: " ".join("x" + v.encode().hex() for v in ["x,y.csv", "2", "1",
     * "a\"b", "bad_date", "'\r\n-1,\"q\"", "'@bad"]): the record and the
     * detail start with CR and @, so both carry the ' prefix. */
    assert_string_equal(line, "R 2 7 x782c792e637376 x32 x31 x612262 x6261645f64617465 "
                              "x270d0a2d312c227122 x2740626164\n");
    assert_null(fgets(line, sizeof line, p));
    assert_int_equal(pclose(p), 0);
    unlink(path);
}

static void test_long_record_is_cut_on_a_character_and_marked(void **state)
{
    (void)state;
    static char rec[5000];
    static char out[PT_REJECT_RECORD_MAX + sizeof PT_REJECT_TRUNCATED];
    memset(rec, 'a', sizeof rec);
    /* 5000 bytes: 4096 kept, then the mark (3 + 11 bytes). */
    size_t n = pt_quarantine_printable(rec, sizeof rec, out, sizeof out);
    assert_int_equal(n, 4096 + 14);
    assert_string_equal(out + 4096, "\xe2\x80\xa6[truncated]");
    /* 信 (3 bytes) straddling byte 4096 is dropped whole, not split. */
    memcpy(rec + 4094, "\xe4\xbf\xa1", 3);
    n = pt_quarantine_printable(rec, sizeof rec, out, sizeof out);
    assert_int_equal(n, 4094 + 14);
    assert_memory_equal(out + 4094, "\xe2\x80\xa6", 3);
    /* Exactly 4096 bytes: kept whole, no mark. */
    memset(rec, 'b', sizeof rec);
    n = pt_quarantine_printable(rec, 4096, out, sizeof out);
    assert_int_equal(n, 4096);
    assert_null(strstr(out, "truncated"));
    /* Escapes count against the limit: 1100 FF bytes -> 1024 "\xFF" = 4096. */
    memset(rec, 0xff, 1100);
    n = pt_quarantine_printable(rec, 1100, out, sizeof out);
    assert_int_equal(n, 4096 + 14);
    assert_memory_equal(out + 4092, "\\xFF", 4);
}

static void test_count_only_sink_and_accounting(void **state)
{
    (void)state;
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    pt_quarantine_init(&q, NULL);
    acc.rows_read = 5;
    acc.rows_accepted = 3;
    assert_false(pt_accounting_balanced(&acc));
    assert_int_equal(pt_quarantine_add(&q, &acc, NULL, NULL, PT_REASON_BAD_NUMBER, NULL, NULL, 0,
                                       &err),
                     PT_OK);
    assert_false(pt_accounting_balanced(&acc));
    acc.rows_filtered = 1;
    assert_true(pt_accounting_balanced(&acc));
    assert_int_equal(acc.by_reason[PT_REASON_BAD_NUMBER], 1);
}

static void test_full_disk_is_eio_but_counted(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (f == NULL) {
        skip();
        return;
    }
    setvbuf(f, NULL, _IONBF, 0);
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    pt_quarantine_init(&q, f);
    assert_int_equal(pt_quarantine_add(&q, &acc, NULL, "f", PT_REASON_ENCODING, "d", S("r"),
                                       &err),
                     PT_EIO);
    assert_int_equal(err.code, PT_EIO);
    assert_int_equal(acc.rows_rejected, 1);
    fclose(f);
}

static void test_header_alone_then_rows_without_a_second_header(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    pt_quarantine_init(&q, f);
    assert_int_equal(pt_quarantine_write_header(&q, &err), PT_OK);
    assert_int_equal(pt_quarantine_write_header(&q, &err), PT_OK);
    assert_int_equal(pt_quarantine_add(&q, &acc, NULL, NULL, PT_REASON_BAD_DATE, "d", S("r"),
                                       &err),
                     PT_OK);
    size_t len;
    char *got = slurp(f, &len);
    assert_string_equal(got, "file,line,column,field,reason,record,detail\n,,,,bad_date,r,d\n");
    free(got);
    fclose(f);
    struct pt_quarantine none;
    pt_quarantine_init(&none, NULL);
    assert_int_equal(pt_quarantine_write_header(&none, &err), PT_OK);   /* count only */
}

/* Rejects of another thread join main's file after main's own rows,
 * under one header; with a count-only main they are counted only. */
static void test_deferred_rows_join_in_order_under_one_header(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_accounting acc = {0};
    for (int main_first = 0; main_first < 2; main_first++) {
        FILE *f = tmpfile();
        struct pt_quarantine q, side;
        pt_quarantine_init(&q, f);
        assert_int_equal(pt_quarantine_defer(&side, &q, &err), PT_OK);
        assert_non_null(side.sink);
        assert_int_equal(pt_quarantine_add(&side, &acc, NULL, NULL, PT_REASON_BAD_DATE, "s1",
                                           S("b1"), &err), PT_OK);
        assert_int_equal(pt_quarantine_add(&side, &acc, NULL, NULL, PT_REASON_BAD_DATE, "s2",
                                           S("b2"), &err), PT_OK);
        if (main_first)
            assert_int_equal(pt_quarantine_add(&q, &acc, NULL, NULL, PT_REASON_BAD_NUMBER, "m",
                                               S("a"), &err), PT_OK);
        assert_int_equal(pt_quarantine_join(&q, &side, &err), PT_OK);
        pt_quarantine_close(&side);
        assert_null(side.sink);
        assert_int_equal(q.n_rejected, 2 + main_first);
        size_t len;
        char *got = slurp(f, &len);
        assert_string_equal(got, main_first ? "file,line,column,field,reason,record,detail\n"
                                              ",,,,bad_number,a,m\n"
                                              ",,,,bad_date,b1,s1\n,,,,bad_date,b2,s2\n"
                                            : "file,line,column,field,reason,record,detail\n"
                                              ",,,,bad_date,b1,s1\n,,,,bad_date,b2,s2\n");
        free(got);
        fclose(f);
    }
    struct pt_quarantine none, side;
    pt_quarantine_init(&none, NULL);
    assert_int_equal(pt_quarantine_defer(&side, &none, &err), PT_OK);
    assert_null(side.sink);
    assert_int_equal(pt_quarantine_add(&side, &acc, NULL, NULL, PT_REASON_BAD_DATE, "d", S("r"),
                                       &err), PT_OK);
    assert_int_equal(pt_quarantine_join(&none, &side, &err), PT_OK);
    assert_int_equal(none.n_rejected, 1);
    pt_quarantine_close(&side);
}

static void test_reason_names_are_distinct_and_complete(void **state)
{
    (void)state;
    /* The names are contract (they appear in rejected.csv): spelled here
     * once more so a rename fails this test. */
    static const char *const want[PT_REASON_COUNT] = {
        "malformed_csv", "field_count", "nul_byte", "field_too_long", "encoding",
        "missing_field", "bad_number", "bad_date", "bad_value", "duplicate_id", "no_rate"};
    for (int i = 0; i < PT_REASON_COUNT; i++)
        assert_string_equal(pt_reason_name((enum pt_reason)i), want[i]);
    assert_string_equal(pt_reason_name(PT_REASON_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_are_escaped_csv_with_header),
        cmocka_unit_test(test_python_reads_rejects_back),
        cmocka_unit_test(test_long_record_is_cut_on_a_character_and_marked),
        cmocka_unit_test(test_count_only_sink_and_accounting),
        cmocka_unit_test(test_full_disk_is_eio_but_counted),
        cmocka_unit_test(test_header_alone_then_rows_without_a_second_header),
        cmocka_unit_test(test_deferred_rows_join_in_order_under_one_header),
        cmocka_unit_test(test_reason_names_are_distinct_and_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_csv_reader.c: the streaming CSV reader (csv_reader.h).
 *
 * Fixture table (tests/data/csv, made by make_fixtures.sh): each row gives
 * the records the reader must return (physical start line and fields), the
 * rejected rows (exact rejects CSV) and the counts, each derived by hand
 * from the fixture's bytes in the row's `source`; then generated inputs
 * (a 10 MB field, block and window edges, limits) and the API's accounting.
 * The comparison with Python's csv module is test_csv_oracle.c.
 * Run `test_csv_reader --dump FILE [auto|utf-8|gb18030]` to print a file's
 * records in the oracle's format, `--count FILE` to only read it (debugging
 * and timing aids; no CLI subcommand). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/alloc.h"
#include "tests/csv_harness.h"

/* --- 1. fixtures with hand-derived expectations ----------------------------- */

struct fixture_case {
    const char *file;              /* under tests/data/csv */
    enum pt_encoding enc;          /* forced, or PT_ENC_AUTO */
    enum pt_code rc;
    const char *records;           /* readable dump, header first */
    const char *rejects;           /* rejects file body */
    uint64_t read, rejected, blank;
    const char *source;
};

static const struct fixture_case fixtures[] = {
    {"quotes.csv", PT_ENC_AUTO, PT_OK,
     "1:id|name|note\n2:1|plain|x\n3:2|a, with comma|say \\\"hi\\\"\n4:3||\n"
     "5:4|\\\"quoted\\\"|end\n", "", 4, 0, 0,
     "RFC 4180 2.6-2.7: quoted commas, doubled quotes, empty quoted field"},
    {"multiline.csv", PT_ENC_AUTO, PT_OK,
     "1:id|text\n2:1|line one\\nline two\n4:2|crlf\\r\\ninside\n6:3|cr\\rinside\n8:4|after\n", "",
     4, 0, 0,
     "each quoted LF, CRLF or CR ends one physical line: records start 2, 4, 6, 8"},
    {"crlf.csv", PT_ENC_AUTO, PT_OK, "1:id|v\n2:1|a\n4:2|b\\r\\nc\n6:3|d\n", "", 3, 0, 1,
     "CRLF line ends; line 3 is blank; record 2 spans lines 4-5"},
    {"bare_cr.csv", PT_ENC_AUTO, PT_OK, "1:id|v\n2:1|a\n4:2|b\n", "", 2, 0, 1,
     "bare CR ends a line (old Mac); line 3 is blank"},
    {"bom.csv", PT_ENC_AUTO, PT_OK, "1:id|name\n2:1|\xe4\xbf\xa1\n", "", 1, 0, 0,
     "UTF-8 BOM EF BB BF stripped from the first header name"},
    {"header_only.csv", PT_ENC_AUTO, PT_OK, "1:id|v\n", "", 0, 0, 0, "header, no records"},
    {"header_only_nonl.csv", PT_ENC_AUTO, PT_OK, "1:id|v\n", "", 0, 0, 0,
     "header without a line end"},
    {"empty.csv", PT_ENC_AUTO, PT_EDATA, "", "", 0, 0, 0, "0 bytes: no header"},
    {"blank_only.csv", PT_ENC_AUTO, PT_EDATA, "", "", 0, 0, 2, "two blank lines, no header"},
    {"bom_only.csv", PT_ENC_AUTO, PT_EDATA, "", "", 0, 0, 0, "a UTF-8 BOM and nothing else"},
    {"ragged.csv", PT_ENC_AUTO, PT_OK, "1:a|b|c\n2:1|2|3\n5:10|11|12\n",
     "ragged.csv,3,,,field_count,\"4,5\",\"expected 3 fields, found 2\"\n"
     "ragged.csv,4,,,field_count,\"6,7,8,9\",\"expected 3 fields, found 4\"\n",
     4, 2, 0, "lines 3 and 4 have 2 and 4 fields against a 3-field header"},
    {"nul.csv", PT_ENC_AUTO, PT_OK, "1:a|b\n3:2|ok\n",
     "nul.csv,2,2,b,nul_byte,\"1,x\xe2\x90\x80y\",NUL byte at byte 2 of the field\n", 2, 1, 0,
     "NUL is byte 2 of field b on line 2; shown as U+2400 in the rejects"},
    {"no_final_newline.csv", PT_ENC_AUTO, PT_OK, "1:a|b\n2:1|2\n3:3|4\n", "", 2, 0, 0,
     "last record ends at end of file"},
    {"truncated_quote.csv", PT_ENC_AUTO, PT_OK, "1:a|b\n2:1|2\n",
     "truncated_quote.csv,3,2,b,malformed_csv,\"3,\"\"open\nnever closed\","
     "quoted field not closed at end of file\n",
     2, 1, 0, "the quote opened on line 3 never closes: one rejected record to EOF"},
    {"invalid_utf8.csv", PT_ENC_UTF8, PT_OK, "1:a|b\n2:1|ok\n4:3|\xc3\xa9\n",
     "invalid_utf8.csv,3,2,b,encoding,\"2,bad\\xFFbyte\","
     "\"expected UTF-8, found byte 0xFF at byte 4 of the field\"\n",
     3, 1, 0, "FF is byte 4 of 'bad\\xFFbyte'; forced utf-8 so no detection"},
    {"malformed.csv", PT_ENC_AUTO, PT_OK, "1:a|b\n3:2|ok\n7:5|fine\n",
     "malformed.csv,2,2,b,malformed_csv,\"1,5\"\" screen\",quote inside an unquoted field "
     "(RFC 4180 2.5: quote the whole field and double the quote)\n"
     "malformed.csv,4,2,b,malformed_csv,\"3,\"\"x\"\"y\",\"expected ',' or a line end after a "
     "closing quote, found \"\"y\"\"\"\n"
     "malformed.csv,5,2,b,malformed_csv,\"4,\"\"multi\nline\"\"junk\",\"expected ',' or a line "
     "end after a closing quote, found \"\"j\"\"\"\n",
     5, 3, 0,
     "line 2: quote in an unquoted field; line 4: y after a closing quote; lines 5-6: j after "
     "the quote closing a 2-line field; each resumes at the next line"},
    {"mixed_endings.csv", PT_ENC_AUTO, PT_OK, "1:a|b\n2:1|x\n5:2|y\n",
     "mixed_endings.csv,3,1,a,malformed_csv,\"\"\"q\"\"z\",\"expected ',' or a line end after "
     "a closing quote, found \"\"z\"\"\"\n",
     3, 1, 1,
     "CR, CR, then a skipped malformed line ending in LF: the LF after it is a blank line 4, "
     "not the end of a CRLF (regression: a stale CR flag swallowed it)"},
    {"space_after_quote.csv", PT_ENC_AUTO, PT_OK, "1:a|b\n",
     "space_after_quote.csv,2,1,a,malformed_csv,\"\"\"x\"\" ,1\",\"expected ',' or a line end "
     "after a closing quote, found \"\" \"\"\"\n",
     1, 1, 0, "RFC 4180 has no space after a closing quote (Python strict agrees)"},
    {"spaces.csv", PT_ENC_AUTO, PT_OK, "1:a|b\n2:  1 | two  \n4:  q  |\\x09\n",
     "spaces.csv,3,,,field_count,\"   \",\"expected 2 fields, found 1\"\n", 3, 1, 0,
     "spaces kept byte-exact; a line of spaces is a 1-field record"},
    {"blank_lines.csv", PT_ENC_AUTO, PT_OK, "3:a|b\n5:1|2\n8:3|4\n", "", 2, 0, 6,
     "blank lines 1, 2, 4, 6, 7, 9 counted, not records"},
    {"gb18030.csv", PT_ENC_AUTO, PT_OK,
     "1:\xe6\x8a\x95\xe8\xaf\x89\xe7\xbc\x96\xe5\x8f\xb7|\xe6\x8a\x95\xe8\xaf\x89\xe5\xaf\xb9"
     "\xe8\xb1\xa1|\xe6\x8a\x95\xe8\xaf\x89\xe9\x97\xae\xe9\xa2\x98|\xe6\xb6\x89\xe8\xaf\x89"
     "\xe9\x87\x91\xe9\xa2\x9d\n"
     "2:17351234|\xe4\xbf\xa1*\xe9\xa3\x9e|\xe7\xa0\x8d\xe5\xa4\xb4\xe6\x81\xaf,\xe6\x9a\xb4"
     "\xe5\x8a\x9b\xe5\x82\xac\xe6\x94\xb6|5000\n"
     "3:17351235|\xe5\x88\x86\xe6\x9c\x9f\xe4\xb9\x90|\xe5\x88\xa9\xe7\x8e\x87\xe8\xbf\x87"
     "\xe9\xab\x98\\n\xe8\xa6\x81\xe6\xb1\x82\xe9\x80\x80\xe8\xbf\x98|1200.50\n",
     "", 2, 0, 0, "iconv -t GB18030 of gb18030_src.utf8: decodes back to the UTF-8 source"},
    {"gb18030_bad.csv", PT_ENC_AUTO, PT_OK, "1:id|name\n2:1|ok\n4:3|\xe4\xbf\xa1\n",
     "gb18030_bad.csv,3,2,name,encoding,\"2,\\xFFbad\",\"expected GB18030, found byte 0xFF at "
     "byte 1 of the field that does not decode\"\n"
     "gb18030_bad.csv,5,,,field_count,\"4,\xe4\xbf\xa1,x\",\"expected 2 fields, found 3\"\n",
     4, 2, 0,
     "FF is not a GB18030 byte; D0 C5 is \xe4\xbf\xa1 (U+4FE1), shown as text in the rejects"},
};

static void test_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        const struct fixture_case *c = &fixtures[i];
        char rel[128];
        snprintf(rel, sizeof rel, "tests/data/csv/%s", c->file);
        struct pt_csv_options opt = {c->enc, 0, 0};
        struct result res;
        run_file(rel, c->file, &opt, 0, &res);
        const char *got = res.readable.s ? res.readable.s : "";
        const char *rej = res.rejects.s ? res.rejects.s : "";
        if (res.rc != c->rc || strcmp(got, c->records) != 0 || strcmp(rej, c->rejects) != 0 ||
            res.acc.rows_read != c->read || res.acc.rows_rejected != c->rejected ||
            res.acc.lines_blank != c->blank)
            fail_msg("%s (%s):\n rc %d want %d\n records:\n%s want:\n%s rejects:\n%s want:\n%s"
                     " read/rejected/blank %llu/%llu/%llu want %llu/%llu/%llu",
                     c->file, c->source, res.rc, c->rc, got, c->records, rej, c->rejects,
                     (unsigned long long)res.acc.rows_read,
                     (unsigned long long)res.acc.rows_rejected,
                     (unsigned long long)res.acc.lines_blank, (unsigned long long)c->read,
                     (unsigned long long)c->rejected, (unsigned long long)c->blank);
        assert_true(pt_accounting_balanced(&res.acc));
        result_free(&res);
    }
}

static void test_empty_file_message(void **state)
{
    (void)state;
    struct result res;
    run_file("tests/data/csv/empty.csv", "empty.csv", NULL, 0, &res);
    char buf[600];
    assert_int_equal(res.rc, PT_EDATA);
    assert_string_equal(pt_error_format(&res.err, buf, sizeof buf),
                        "empty.csv: empty file: expected a header row of column names");
    result_free(&res);
}

static void test_header_that_does_not_parse_is_edata(void **state)
{
    (void)state;
    static const char bytes[] = "a,\"b\"x,c\n1,2,3\n";
    FILE *f = pt_test_tmpfile(bytes, sizeof bytes - 1);
    struct result res;
    run_reader(f, "h.csv", NULL, 0, &res);
    fclose(f);
    char buf[600];
    assert_int_equal(res.rc, PT_EDATA);
    assert_string_equal(pt_error_format(&res.err, buf, sizeof buf),
                        "h.csv:1:2: header row: expected ',' or a line end after a closing "
                        "quote, found \"x\"");
    result_free(&res);
}

/* --- 2. the independent oracle ------------------------------------------------ */

/* --- 3. generated inputs ---------------------------------------------------------- */

static void test_ten_megabyte_field(void **state)
{
    (void)state;
    enum { BIG = 10 * 1000 * 1000 };
    struct text t = {0};
    text_add(&t, "id,blob\n1,\"", 11);
    /* The field: "0123456789" repeated, with a doubled quote every 1 MB and
     * one embedded newline: BIG bytes once unescaped. */
    char chunk[1000];
    for (int i = 0; i < 1000; i++)
        chunk[i] = (char)('0' + i % 10);
    for (int k = 0; k < BIG / 1000; k++) {
        if (k % 1000 == 999) {
            text_add(&t, chunk, 998);
            text_add(&t, k == BIG / 1000 - 1 ? "\"\"\n" : "\"\"x", 3);
        } else {
            text_add(&t, chunk, 1000);
        }
    }
    text_add(&t, "\"\n2,after\n", 10);
    char path[64];
    FILE *f = write_tmp(&t, path);
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    struct pt_csv_reader *r;
    pt_quarantine_init(&q, NULL);
    assert_int_equal(pt_csv_reader_create(&r, f, path, NULL, &q, &acc, &err), PT_OK);
    struct pt_record rec;
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.lens[1], BIG);
    assert_memory_equal(rec.fields[1], "0123456789", 10);
    assert_memory_equal(rec.fields[1] + 999997, "7\"x0", 4);   /* first doubled quote */
    assert_memory_equal(rec.fields[1] + BIG - 2, "\"\n", 2);      /* last: quote, newline */
    pt_csv_reader_accept(r);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
    assert_int_equal(rec.line, 4);   /* the field's one newline: record 2 starts on line 4 */
    assert_string_equal(rec.fields[1], "after");
    pt_csv_reader_accept(r);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_EOF);
    assert_int_equal(pt_csv_reader_offset(r), t.len);
    pt_csv_reader_destroy(r);
    fclose(f);
    unlink(path);
    free(t.s);
}

static void test_field_over_limit_is_rejected_and_reading_goes_on(void **state)
{
    (void)state;
    struct text t = {0};
    text_add(&t, "id,v\n1,", 7);
    for (int i = 0; i < 300000; i++)
        text_add(&t, "y", 1);   /* 300,000 bytes, over a 100,000-byte limit */
    text_add(&t, "\n2,short\n3,\"", 12);
    for (int i = 0; i < 1500; i++)
        text_add(&t, "z", 1);   /* 1,500 bytes in one piece, over the limit of case 2 */
    text_add(&t, "\"\n", 2);
    char path[64];
    FILE *f = write_tmp(&t, path);
    struct pt_csv_options opt = {PT_ENC_AUTO, 100000, 0};
    struct result res;
    run_reader(f, "long.csv", &opt, 0, &res);
    assert_int_equal(res.rc, PT_OK);
    /* The dump quotes at most 200 bytes of a field, then "...". */
    char want[300] = "1:id|v\n3:2|short\n4:3|";
    size_t wl = strlen(want);
    memset(want + wl, 'z', 200);
    strcpy(want + wl + 200, "...\n");
    assert_string_equal(res.readable.s, want);
    assert_int_equal(res.acc.rows_rejected, 1);
    assert_non_null(strstr(res.rejects.s, "long.csv,2,2,v,field_too_long,\"1,yyyy"));
    assert_non_null(strstr(res.rejects.s, "\xe2\x80\xa6[truncated]\",field longer than 100000 "
                                          "bytes\n"));
    result_free(&res);
    /* Limit 1,000: the 1,500-byte quoted field ends inside one piece and is
     * caught when libcsv hands it over. */
    rewind(f);
    opt.max_field_bytes = 1000;
    run_reader(f, "long.csv", &opt, 0, &res);
    assert_string_equal(res.readable.s, "1:id|v\n3:2|short\n");
    assert_int_equal(res.acc.rows_rejected, 2);
    assert_non_null(strstr(res.rejects.s, "long.csv,4,2,v,field_too_long,\"3,\"\"zzz"));
    assert_non_null(strstr(res.rejects.s, "field longer than 1000 bytes (found 1500)\n"));
    result_free(&res);
    fclose(f);
    unlink(path);
    free(t.s);
}

/* A quoted field over the limit that holds newlines (and doubled quotes) is
 * skipped whole: the rows after it keep their fields and lines. */
static void test_long_quoted_field_with_newlines_is_skipped_whole(void **state)
{
    (void)state;
    struct text t = {0};
    text_add(&t, "id,v\n1,\"", 8);
    static const char line[] = "a,b,\"\"c\"\",d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,0,1,2,"
                               "3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2\n";
    for (int i = 0; i < 30; i++)   /* 30 lines of 101 bytes + LF: 3,060 bytes */
        text_add(&t, line, sizeof line - 1);
    text_add(&t, "end\"\n2,after\n", 13);
    char path[64];
    FILE *f = write_tmp(&t, path);
    struct pt_csv_options opt = {PT_ENC_AUTO, 1000, 0};
    struct result res;
    run_reader(f, "q.csv", &opt, 0, &res);
    assert_int_equal(res.rc, PT_OK);
    /* Record 1 spans lines 2-32 (30 LFs inside its quotes); 2,after is line 33. */
    assert_string_equal(res.readable.s, "1:id|v\n33:2|after\n");
    assert_int_equal(res.acc.rows_read, 2);
    assert_int_equal(res.acc.rows_rejected, 1);
    assert_non_null(strstr(res.rejects.s, "q.csv,2,2,v,field_too_long,"));
    result_free(&res);
    fclose(f);
    unlink(path);
    free(t.s);
}

static void test_stdin_pipe_reads_like_a_file(void **state)
{
    (void)state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "cat '%s'", pt_test_path("tests/data/csv/multiline.csv"));
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    struct result piped, file;
    run_reader(p, "-", NULL, 0, &piped);
    assert_int_equal(pclose(p), 0);
    run_file("tests/data/csv/multiline.csv", "-", NULL, 0, &file);
    assert_int_equal(piped.rc, PT_OK);
    assert_string_equal(piped.readable.s, file.readable.s);
    assert_int_equal(piped.acc.rows_read, 4);
    result_free(&piped);
    result_free(&file);
}

static void test_invalid_byte_after_detection_window_is_quarantined(void **state)
{
    (void)state;
    struct text t = {0};
    text_add(&t, "id,name\n", 8);
    for (int i = 0; i < 8000; i++)   /* 8000 * 13 bytes = 104 KB of valid UTF-8 */
        text_printf(&t, "%04d,\xe4\xbf\xa1\xe9\xa3\x9e\n", i % 10000);
    text_add(&t, "x,bad\xff\n", 7);
    text_add(&t, "y,\xe5\x88\x86\n", 6);
    char path[64];
    FILE *f = write_tmp(&t, path);
    struct result res;
    run_reader(f, "late.csv", NULL, 0, &res);
    assert_int_equal(res.rc, PT_OK);
    assert_int_equal(res.enc, PT_ENC_UTF8);   /* decided once, on the first 64 KiB */
    assert_int_equal(res.acc.rows_read, 8002);
    assert_int_equal(res.acc.rows_rejected, 1);
    assert_string_equal(res.rejects.s, "late.csv,8002,2,name,encoding,\"x,bad\\xFF\","
                                       "\"expected UTF-8, found byte 0xFF at byte 4 of the "
                                       "field\"\n");
    assert_non_null(strstr(res.readable.s, "8003:y|\xe5\x88\x86\n"));
    result_free(&res);
    fclose(f);
    unlink(path);
    free(t.s);
}

/* Detection: a UTF-8 file with a stray byte in its first 64 KiB stays
 * UTF-8 when well-formed sequences outnumber bad bytes ten to one (the bad
 * row is quarantined); with too little evidence the file is GB18030, per
 * the contract's rule. */
static void test_detection_tolerates_a_stray_byte_in_utf8(void **state)
{
    (void)state;
    struct text t = {0};
    text_add(&t, "id,name\n", 8);
    for (int i = 0; i < 20; i++)   /* 40 well-formed 3-byte sequences */
        text_printf(&t, "%d,\xe4\xbf\xa1\xe9\xa3\x9e\n", i);
    text_add(&t, "x,caf\x92s\n", 8);   /* Windows-1252 right quote: one bad byte */
    char path[64];
    FILE *f = write_tmp(&t, path);
    struct result res;
    run_reader(f, "stray.csv", NULL, 0, &res);
    assert_int_equal(res.enc, PT_ENC_UTF8);
    assert_int_equal(res.acc.rows_read, 21);
    assert_int_equal(res.acc.rows_rejected, 1);
    assert_non_null(strstr(res.rejects.s, "stray.csv,22,2,name,encoding,"));
    result_free(&res);
    fclose(f);
    unlink(path);
    free(t.s);
    /* invalid_utf8.csv: one good sequence (\xc3\xa9), one bad byte: GB18030. */
    run_file("tests/data/csv/invalid_utf8.csv", "i.csv", NULL, 0, &res);
    assert_int_equal(res.enc, PT_ENC_GB18030);
    result_free(&res);
}

/* The 1 MiB read block ends between the CR and the LF of a CRLF, and a
 * 3-byte character straddles the 64 KiB detection window. */
static void test_block_and_window_edges(void **state)
{
    (void)state;
    struct text t = {0};
    text_add(&t, "a,b\r\n", 5);
    while (t.len < 65536 - 1 - 3)
        text_add(&t, "1,x\r\n", 5);
    while (t.len < 65536 - 1)
        text_add(&t, "z", 1);
    text_add(&t, "\xe4\xbf\xa1\r\n", 5);   /* 信 at bytes 65535-65537 */
    while (t.len < (1u << 20) - 1 - 5)
        text_add(&t, "2,y\r\n", 5);
    while (t.len < (1u << 20) - 3)
        text_add(&t, "w", 1);
    text_add(&t, "3,\r\n4,v\r\n", 9);      /* the CR of "3,\r\n" is byte 2^20 - 1 */
    char path[64];
    FILE *f = write_tmp(&t, path);
    struct result res;
    run_reader(f, "edge.csv", NULL, 1, &res);
    assert_int_equal(res.rc, PT_OK);
    assert_int_equal(res.enc, PT_ENC_UTF8);
    assert_int_equal(res.acc.lines_blank, 0);
    assert_int_equal(res.acc.rows_rejected, 0);
    fclose(f);
    if (have_python()) {
        compare_with_oracle(path, "edge.csv", PT_ENC_AUTO);
    }
    result_free(&res);
    unlink(path);
    free(t.s);
}

/* A long GB18030 row is cut at 4 KiB of raw bytes for the rejects; made of
 * 4-byte GB18030 characters that are 2 bytes in UTF-8 (U+00C0 = 81 30 86 38,
 * Python: "\u00c0".encode("gb18030")), it shrinks under the limit when
 * converted and must still be marked as cut. */
static void test_long_gb18030_reject_is_text_and_marked(void **state)
{
    (void)state;
    struct text t = {0};
    text_add(&t, "id,v\n1,", 7);
    for (int i = 0; i < 1100; i++)
        text_add(&t, "\x81\x30\x86\x38", 4);
    text_add(&t, ",extra\n", 7);
    char path[64];
    FILE *f = write_tmp(&t, path);
    struct pt_csv_options opt = {PT_ENC_GB18030, 0, 0};
    struct result res;
    run_reader(f, "g.csv", &opt, 0, &res);
    assert_int_equal(res.rc, PT_OK);
    assert_int_equal(res.acc.rows_rejected, 1);
    /* 4100 raw bytes kept = "1," + 1024 whole characters + 2 bytes of one
     * more (shown as \x81\x30): 2 + 2048 + 8 bytes, then the mark. */
    const char *rec = strstr(res.rejects.s, "\"1,\xc3\x80\xc3\x80");
    assert_non_null(rec);
    assert_non_null(strstr(rec, "\xc3\x80\\x81\\x30\xe2\x80\xa6[truncated]\","));
    result_free(&res);
    fclose(f);
    unlink(path);
    free(t.s);
}

/* --- 4. API behaviour -------------------------------------------------------------- */

static void test_duplicate_headers_resolve_to_the_first(void **state)
{
    (void)state;
    FILE *f = fopen(pt_test_path("tests/data/csv/dup_header.csv"), "rb");
    assert_non_null(f);
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    struct pt_csv_reader *r;
    pt_quarantine_init(&q, NULL);
    assert_int_equal(pt_csv_reader_create(&r, f, "dup.csv", NULL, &q, &acc, &err), PT_OK);
    assert_int_equal(pt_csv_reader_column(r, "Date"), 0);
    assert_int_equal(pt_csv_reader_column(r, "Company"), 1);
    assert_int_equal(pt_csv_reader_column(r, "Issue"), 3);      /* header " Issue " trimmed */
    assert_int_equal(pt_csv_reader_column(r, " Company "), 1);
    assert_int_equal(pt_csv_reader_column(r, "date"), -1);      /* exact bytes otherwise */
    assert_int_equal(pt_csv_reader_header(r)->n_fields, 4);
    assert_string_equal(pt_csv_reader_path(r), "dup.csv");
    pt_csv_reader_destroy(r);
    fclose(f);
}

static void test_caller_decisions_keep_the_accounting(void **state)
{
    (void)state;
    static const char bytes[] = "id,amount\nPreamble line\n1,10\n2,x\n3,30\n";
    FILE *f = pt_test_tmpfile(bytes, sizeof bytes - 1);
    FILE *sink = tmpfile();
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    struct pt_csv_reader *r;
    pt_quarantine_init(&q, sink);
    assert_int_equal(pt_csv_reader_create(&r, f, "d.csv", NULL, &q, &acc, &err), PT_OK);
    pt_csv_reader_allow_ragged(r, 1);
    struct pt_record rec;
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
    assert_int_equal(rec.index, 1);
    pt_csv_reader_skip(r);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
    assert_int_equal(rec.index, 2);
    pt_csv_reader_accept(r);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
    struct pt_loc loc;
    pt_csv_reader_loc(r, 1, &loc);
    assert_int_equal(loc.line, 4);
    assert_int_equal(loc.column, 2);
    assert_int_equal(pt_csv_reader_reject(r, 1, PT_REASON_BAD_NUMBER,
                                          "expected a decimal amount, found \"x\"", &err),
                     PT_OK);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
    pt_csv_reader_filter(r);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_EOF);
    assert_int_equal(acc.rows_read, 3);
    assert_int_equal(acc.lines_skipped, 1);
    assert_int_equal(acc.rows_accepted, 1);
    assert_int_equal(acc.rows_rejected, 1);
    assert_int_equal(acc.rows_filtered, 1);
    assert_true(pt_accounting_balanced(&acc));
    pt_csv_reader_destroy(r);
    char buf[512] = "";
    rewind(sink);
    assert_true(fread(buf, 1, sizeof buf - 1, sink) > 0);
    assert_string_equal(buf, PT_REJECT_HEADER "\n"
                        "d.csv,4,2,amount,bad_number,\"2,x\","
                        "\"expected a decimal amount, found \"\"x\"\"\"\n");
    fclose(sink);
    fclose(f);
}

/* A loader's reject of a CRLF record shows the record without its line
 * end, and the offset after each record is where the next one starts less
 * the pending LF, whichever path read it. The scanner's record ran past
 * the LF, so a fast-path reject kept a stray CR ("1,x\r") and the offset
 * was one byte ahead of libcsv's (found by fuzz_csv_reader). */
static void test_crlf_record_rejected_by_the_loader_same_both_paths(void **state)
{
    (void)state;
    static const char bytes[] = "id,amount\r\n1,x\r\n2,y\r\n";
    char rej[2][512];
    uint64_t offs[2][3];
    for (int slow = 0; slow < 2; slow++) {
        FILE *f = pt_test_tmpfile(bytes, sizeof bytes - 1);
        FILE *sink = tmpfile();
        struct pt_quarantine q;
        struct pt_accounting acc = {0};
        struct pt_error err;
        struct pt_csv_reader *r;
        struct pt_csv_options opt = {PT_ENC_UTF8, 0, slow};
        pt_quarantine_init(&q, sink);
        assert_int_equal(pt_csv_reader_create(&r, f, "crlf.csv", &opt, &q, &acc, &err), PT_OK);
        struct pt_record rec;
        for (int k = 0; k < 2; k++) {
            assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
            offs[slow][k] = pt_csv_reader_offset(r);
            assert_int_equal(pt_csv_reader_reject(r, 1, PT_REASON_BAD_NUMBER, "bad", &err), PT_OK);
        }
        assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_EOF);
        offs[slow][2] = pt_csv_reader_offset(r);
        uint64_t fast = 0, lib = 0;
        pt_csv_reader_paths(r, &fast, &lib);
        assert_true(slow ? fast == 0 : fast == 2);
        pt_csv_reader_destroy(r);
        memset(rej[slow], 0, sizeof rej[slow]);
        rewind(sink);
        assert_true(fread(rej[slow], 1, sizeof rej[slow] - 1, sink) > 0);
        fclose(sink);
        fclose(f);
    }
    assert_string_equal(rej[0], rej[1]);
    assert_string_equal(rej[0], PT_REJECT_HEADER "\n"
                        "crlf.csv,2,2,amount,bad_number,\"1,x\",bad\n"
                        "crlf.csv,3,2,amount,bad_number,\"2,y\",bad\n");
    assert_int_equal(offs[0][0], offs[1][0]);
    assert_int_equal(offs[0][0], 15);   /* "id,amount\r\n1,x\r": the LF still pending */
    assert_int_equal(offs[0][1], offs[1][1]);
    assert_int_equal(offs[0][2], sizeof bytes - 1);
    assert_int_equal(offs[1][2], sizeof bytes - 1);
}

/* A record rejected for a NUL byte that then also has a quoting error:
 * the reason stays nul_byte (the first met), but libcsv stopped inside the
 * record all the same and must be restarted. It was not (only malformed
 * and field_too_long restarted it), so libcsv resumed in the middle of the
 * bad record: the next, valid row was rejected ("zz,ok": "expected ','
 * ... found z") or took the stale field bytes ("x" before "4"). Found by
 * fuzz_csv_reader (the fast path read the next row itself, correctly). */
static void test_nul_then_quote_error_does_not_spoil_the_next_row(void **state)
{
    (void)state;
    static const char bytes[] = "h1,h2\n1\0,\"x\"y\nzz,ok\n3\0,x\"y\n4,ok\n";
    for (int slow = 0; slow < 2; slow++) {
        FILE *f = pt_test_tmpfile(bytes, sizeof bytes - 1);
        struct pt_csv_options opt = {PT_ENC_UTF8, 0, slow};
        struct result res;
        run_reader_once(f, "nq.csv", &opt, 0, &res);
        assert_int_equal(res.rc, PT_OK);
        assert_string_equal(res.readable.s, "1:h1|h2\n3:zz|ok\n5:4|ok\n");
        assert_int_equal(res.acc.rows_rejected, 2);
        assert_int_equal(res.acc.by_reason[PT_REASON_NUL_BYTE], 2);
        result_free(&res);
        fclose(f);
    }
}

/* pt_csv_reader_select out of memory frees the scanner with the
 * selection; the reader must then stop offering records to it (it kept
 * r->fast set and scanned with a freed field array). Reading on gives
 * every column, through libcsv. */
static void test_select_out_of_memory_leaves_a_working_reader(void **state)
{
    (void)state;
    static const char bytes[] = "a,b,c\n1,2,3\n4,5,6\n";
    FILE *f = pt_test_tmpfile(bytes, sizeof bytes - 1);
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    struct pt_csv_reader *r;
    pt_quarantine_init(&q, NULL);
    struct pt_csv_options opt = {PT_ENC_UTF8, 0, 0};
    assert_int_equal(pt_csv_reader_create(&r, f, "s.csv", &opt, &q, &acc, &err), PT_OK);
    static const unsigned char use[] = {PT_COL_USED, PT_COL_UNUSED, PT_COL_LAZY};
    pt_alloc_fail_at(1);
    assert_int_equal(pt_csv_reader_select(r, use, 3, &err), PT_ENOMEM);
    pt_alloc_fail_at(0);
    struct pt_record rec;
    for (int k = 0; k < 2; k++) {
        assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
        assert_int_equal(rec.n_fields, 3);
        assert_string_equal(rec.fields[1], k ? "5" : "2");
        pt_csv_reader_accept(r);
    }
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_EOF);
    pt_csv_reader_destroy(r);
    fclose(f);
}

/* LendingClub's LoanStats layout (CONTRACT.md): a note line first, then the
 * real header. */
static void test_rehead_after_a_preamble_line(void **state)
{
    (void)state;
    static const char bytes[] = "Notes offered by Prospectus (https://www.lendingclub.com/info/"
                                "prospectus.action)\nid,funded_amnt\n1,2\n3\n4,x\n";
    FILE *f = pt_test_tmpfile(bytes, sizeof bytes - 1);
    FILE *sink = tmpfile();
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    struct pt_csv_reader *r;
    pt_quarantine_init(&q, sink);
    assert_int_equal(pt_csv_reader_create(&r, f, "lc.csv", NULL, &q, &acc, &err), PT_OK);
    assert_int_equal(pt_csv_reader_header(r)->n_fields, 1);
    pt_csv_reader_allow_ragged(r, 1);
    struct pt_record rec;
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
    assert_int_equal(pt_csv_reader_rehead(r, &err), PT_OK);
    pt_csv_reader_allow_ragged(r, 0);
    assert_int_equal(pt_csv_reader_header(r)->n_fields, 2);
    assert_int_equal(pt_csv_reader_header(r)->line, 2);
    assert_int_equal(pt_csv_reader_column(r, "funded_amnt"), 1);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);
    assert_string_equal(rec.fields[1], "2");
    pt_csv_reader_accept(r);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_OK);   /* 3 is rejected first */
    assert_int_equal(rec.line, 5);
    assert_int_equal(pt_csv_reader_reject(r, 1, PT_REASON_BAD_VALUE, "x", &err), PT_OK);
    assert_int_equal(pt_csv_reader_next(r, &rec, &err), PT_EOF);
    assert_int_equal(acc.rows_read, 3);
    assert_int_equal(acc.lines_skipped, 1);
    assert_int_equal(acc.rows_accepted, 1);
    assert_int_equal(acc.rows_rejected, 2);
    pt_csv_reader_destroy(r);
    char buf[512] = "";
    rewind(sink);
    assert_true(fread(buf, 1, sizeof buf - 1, sink) > 0);
    /* Line 4 has 1 field against the 2 of the real header; the caller's
     * reject names the real header's column. */
    assert_string_equal(buf, PT_REJECT_HEADER "\n"
                        "lc.csv,4,,,field_count,3,\"expected 2 fields, found 1\"\n"
                        "lc.csv,5,2,funded_amnt,bad_value,\"4,x\",x\n");
    fclose(sink);
    fclose(f);
}

static void test_read_error_is_eio(void **state)
{
    (void)state;
    FILE *f = tmpfile();   /* then reopened write-only: reading fails with EBADF */
    char path[64];
    struct text t = {0};
    text_add(&t, "a\n", 2);
    FILE *g = write_tmp(&t, path);
    fclose(g);
    fclose(f);
    f = fopen(path, "ab");
    assert_non_null(f);
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_error err;
    struct pt_csv_reader *r = NULL;
    pt_quarantine_init(&q, NULL);
    assert_int_equal(pt_csv_reader_create(&r, f, "w.csv", NULL, &q, &acc, &err), PT_EIO);
    assert_null(r);
    fclose(f);
    unlink(path);
    free(t.s);
}

static void test_encoding_names(void **state)
{
    (void)state;
    enum pt_encoding e;
    struct pt_error err;
    assert_int_equal(pt_encoding_parse("gb18030", &e, &err), PT_OK);
    assert_int_equal(e, PT_ENC_GB18030);
    assert_int_equal(pt_encoding_parse("utf8", &e, &err), PT_OK);
    assert_int_equal(e, PT_ENC_UTF8);
    assert_int_equal(pt_encoding_parse("auto", &e, &err), PT_OK);
    assert_int_equal(e, PT_ENC_AUTO);
    assert_int_equal(pt_encoding_parse("latin1", &e, &err), PT_EUSAGE);
    assert_string_equal(err.msg, "--encoding: expected auto, utf-8 or gb18030, found \"latin1\"");
    assert_string_equal(pt_encoding_name(PT_ENC_UTF8), "utf-8");
    assert_string_equal(pt_encoding_name(PT_ENC_GB18030), "gb18030");
}

/* Fails allocation N = 1, 2, ... until a whole read succeeds: each failure
 * must be a clean PT_ENOMEM (LeakSanitizer checks for leaks at exit). */
/* --- progress (pt_csv_reader_set_progress) --------------------------------- */

struct seen {
    uint64_t last, total;
    size_t n;
    int went_down;
};

static void seen_cb(void *ctx, uint64_t done, uint64_t total)
{
    struct seen *s = ctx;
    s->went_down |= done < s->last;
    s->last = done;
    s->total = total;
    s->n++;
}

/* Every byte of the input counted once, about once per 1 MiB block: on
 * the fast path and on libcsv's (CRLF, so the pending LF between records
 * is counted too), and for GB18030 the file's own bytes, not the longer
 * UTF-8 they convert to. */
static void test_progress_counts_each_input_byte_once(void **state)
{
    (void)state;
    struct text utf8 = {0}, gb = {0};
    text_add(&utf8, "id,name,note\r\n", 14);
    for (int i = 0; i < 120000; i++)
        text_printf(&utf8, "%d,\xe4\xbf\xa1 name,\"quoted, \"\"x\"\"\"\r\n", i);
    text_add(&gb, "id,name\n", 8);
    for (int i = 0; i < 300000; i++)   /* 你好 in GB18030: 4 bytes, 6 in UTF-8 */
        text_printf(&gb, "%d,\xc4\xe3\xba\xc3\n", i);
    static const struct {
        int gb, libcsv_only;
    } runs[] = {{0, 0}, {0, 1}, {1, 0}};
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        const struct text *t = runs[k].gb ? &gb : &utf8;
        char path[64];
        FILE *f = write_tmp(t, path);
        struct pt_csv_options opt = {runs[k].gb ? PT_ENC_GB18030 : PT_ENC_UTF8, 0,
                                     runs[k].libcsv_only};
        struct seen s = {0, 0, 0, 0};
        struct pt_progress to = {seen_cb, &s};
        struct pt_progress_meter m;
        pt_progress_meter_init(&m, &to, pt_progress_input_size(f));
        struct pt_quarantine q;
        struct pt_accounting acc;
        struct pt_csv_reader *r;
        struct pt_error err;
        struct pt_record rec;
        pt_quarantine_init(&q, NULL);
        memset(&acc, 0, sizeof acc);
        assert_int_equal(pt_csv_reader_create(&r, f, "p.csv", &opt, &q, &acc, &err), PT_OK);
        pt_csv_reader_set_progress(r, &m);
        enum pt_code rc;
        while ((rc = pt_csv_reader_next(r, &rec, &err)) == PT_OK)
            pt_csv_reader_accept(r);
        assert_int_equal(rc, PT_EOF);
        assert_int_equal(acc.rows_rejected, 0);
        pt_csv_reader_destroy(r);
        fclose(f);
        unlink(path);
        size_t blocks = t->len / (1u << 20);
        if (s.last != t->len || s.total != t->len || s.went_down || s.n < blocks ||
            s.n > blocks + 4)
            fail_msg("run %zu: %llu of %zu bytes (total %llu) in %zu calls for %zu blocks%s", k,
                     (unsigned long long)s.last, t->len, (unsigned long long)s.total, s.n, blocks,
                     s.went_down ? ", went down" : "");
    }
    free(utf8.s);
    free(gb.s);
}

static void test_every_allocation_failure_is_enomem(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/data/csv/multiline.csv",
                                        "tests/data/csv/gb18030.csv",
                                        "tests/data/csv/malformed.csv"};
    static const struct pt_csv_options slow = {PT_ENC_AUTO, 0, 1};
    for (size_t k = 0; k < 2 * (sizeof files / sizeof files[0]); k++) {
        const struct pt_csv_options *opt = k % 2 ? &slow : NULL;   /* fast path, libcsv only */
        int succeeded = 0;
        for (unsigned long n = 1; n < 500 && !succeeded; n++) {
            FILE *in = fopen(pt_test_path(files[k / 2]), "rb");
            assert_non_null(in);
            struct result res;
            pt_alloc_fail_at(n);
            run_reader_once(in, "f.csv", opt, 0, &res);
            pt_alloc_fail_at(0);
            fclose(in);
            if (res.rc == PT_OK)
                succeeded = 1;
            else if (res.rc != PT_ENOMEM)
                fail_msg("%s, allocation %lu failed: got %s, expected PT_ENOMEM", files[k / 2], n,
                         pt_code_name(res.rc));
            result_free(&res);
        }
        assert_true(succeeded);
    }
}

/* --dump prints every record in the oracle's format; --count only reads
 * (for timing and peak memory by hand: /usr/bin/time -v). */
static int dump(const char *path, const char *enc_name, int print)
{
    enum pt_encoding enc = PT_ENC_AUTO;
    struct pt_error err;
    if (enc_name && pt_encoding_parse(enc_name, &enc, &err) != PT_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 64;
    }
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (in == NULL) {
        perror(path);
        return 66;
    }
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_csv_reader *r;
    struct pt_csv_options opt = {enc, 0, 0};
    pt_quarantine_init(&q, stderr);
    enum pt_code rc = pt_csv_reader_create(&r, in, path, &opt, &q, &acc, &err);
    if (rc == PT_OK) {
        pt_csv_reader_allow_ragged(r, 1);
        struct pt_record rec;
        const struct pt_record *h = pt_csv_reader_header(r);
        for (int first = 1; first || (rc = pt_csv_reader_next(r, &rec, &err)) == PT_OK;
             first = 0) {
            const struct pt_record *p = first ? h : &rec;
            if (!print) {
                if (!first)
                    pt_csv_reader_accept(r);
                continue;
            }
            printf("R %llu %zu", (unsigned long long)p->line, p->n_fields);
            for (size_t i = 0; i < p->n_fields; i++) {
                printf(" x");
                for (size_t j = 0; j < p->lens[i]; j++)
                    printf("%02x", (unsigned char)p->fields[i][j]);
            }
            printf("\n");
            if (!first)
                pt_csv_reader_accept(r);
        }
        fprintf(stderr, "encoding %s, read %llu, rejected %llu, blank %llu\n",
                pt_encoding_name(pt_csv_reader_encoding(r)), (unsigned long long)acc.rows_read,
                (unsigned long long)acc.rows_rejected, (unsigned long long)acc.lines_blank);
        pt_csv_reader_destroy(r);
    }
    if (rc != PT_OK && rc != PT_EOF) {
        char buf[800];
        fprintf(stderr, "%s\n", pt_error_format(&err, buf, sizeof buf));
        return 65;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--dump") == 0)
        return dump(argv[2], argc > 3 ? argv[3] : NULL, 1);
    if (argc >= 3 && strcmp(argv[1], "--count") == 0)
        return dump(argv[2], argc > 3 ? argv[3] : NULL, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_empty_file_message),
        cmocka_unit_test(test_header_that_does_not_parse_is_edata),
        cmocka_unit_test(test_ten_megabyte_field),
        cmocka_unit_test(test_field_over_limit_is_rejected_and_reading_goes_on),
        cmocka_unit_test(test_long_quoted_field_with_newlines_is_skipped_whole),
        cmocka_unit_test(test_stdin_pipe_reads_like_a_file),
        cmocka_unit_test(test_invalid_byte_after_detection_window_is_quarantined),
        cmocka_unit_test(test_detection_tolerates_a_stray_byte_in_utf8),
        cmocka_unit_test(test_block_and_window_edges),
        cmocka_unit_test(test_long_gb18030_reject_is_text_and_marked),
        cmocka_unit_test(test_duplicate_headers_resolve_to_the_first),
        cmocka_unit_test(test_caller_decisions_keep_the_accounting),
        cmocka_unit_test(test_crlf_record_rejected_by_the_loader_same_both_paths),
        cmocka_unit_test(test_nul_then_quote_error_does_not_spoil_the_next_row),
        cmocka_unit_test(test_select_out_of_memory_leaves_a_working_reader),
        cmocka_unit_test(test_rehead_after_a_preamble_line),
        cmocka_unit_test(test_read_error_is_eio),
        cmocka_unit_test(test_encoding_names),
        cmocka_unit_test(test_every_allocation_failure_is_enomem),
        cmocka_unit_test(test_progress_counts_each_input_byte_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_escape.c: escapers for untrusted text (escape.h).
 *
 * Expected CSV cells were checked by reading them back with Python 3.11's
 * csv module (tests/tools/csv_oracle.py): every cell reads back as exactly
 * the input, plus the ' prefix where one was added
 * (test_csv_cells_read_back_by_python). Markdown rows are hand
 * derived from CommonMark 0.31 §2.4 (backslash escapes) and GFM's table
 * extension (\| inside cells); gnuplot rows from the gnuplot 5.4 manual
 * ("quote marks": '' is a quote inside single quotes, no backslash or
 * backquote processing) and, when gnuplot is installed, by gnuplot itself
 * printing the string back. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/alloc.h"
#include "audit/escape.h"
#include "tests/helpers.h"

#define S(lit) lit, sizeof(lit) - 1

struct number_case {
    const char *text;
    int plain;
    const char *source;
};

static const struct number_case number_cases[] = {
    {"-12.5", 1, "brief: plain numbers stay as they are"},
    {"+3", 1, "brief"},
    {"-0.0012", 1, "brief"},
    {"0", 1, "grammar: DIGITS"},
    {"-.5", 1, "grammar: sign '.' DIGITS"},
    {"1e-5", 1, "grammar: exponent"},
    {"-2.5E+10", 1, "grammar: exponent with sign, capital E"},
    {"", 0, "grammar: needs a digit"},
    {"-", 0, "grammar: sign alone"},
    {"+-1", 0, "grammar: one sign"},
    {"--1", 0, "grammar: one sign"},
    {"-12.", 0, "grammar: trailing point excluded"},
    {".", 0, "grammar"},
    {"-1,000", 0, "grammar: no separators"},
    {"-12%", 0, "grammar: no percent"},
    {"-1+2", 0, "OWASP CSV injection: arithmetic is a formula"},
    {"-1e", 0, "grammar: exponent needs digits"},
    {" -1", 0, "grammar: no spaces"},
    {"-inf", 0, "grammar: no inf"},
    {"-nan", 0, "grammar: no nan"},
    {"0x1F", 0, "grammar: no hex"},
    {"-2+3+cmd|' /C calc'!A0", 0, "OWASP CSV injection payload"},
};

static void test_plain_number_grammar(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof number_cases / sizeof number_cases[0]; i++) {
        const struct number_case *c = &number_cases[i];
        int got = pt_escape_is_plain_number(c->text, strlen(c->text));
        if (got != c->plain)
            fail_msg("\"%s\": plain = %d, expected %d (%s)", c->text, got, c->plain, c->source);
    }
}

struct esc_case {
    const char *name;
    const char *in;
    size_t in_len;
    const char *want;
    const char *source;
};

static const struct esc_case csv_cases[] = {
    {"plain text", S("Acme Lending"), "Acme Lending", "RFC 4180 2.5: no quotes needed"},
    {"empty", S(""), "", "RFC 4180: empty field"},
    {"comma quoted", S("a,b"), "\"a,b\"", "RFC 4180 2.6"},
    {"quote doubled", S("say \"hi\""), "\"say \"\"hi\"\"\"", "RFC 4180 2.7"},
    {"newline quoted", S("line1\nline2"), "\"line1\nline2\"", "RFC 4180 2.6"},
    {"CRLF quoted", S("a\r\nb"), "\"a\r\nb\"", "RFC 4180 2.6"},
    {"leading space quoted", S(" x"), "\" x\"", "brief: keep spaces readers trim"},
    {"trailing space quoted", S("x "), "\"x \"", "brief"},
    {"formula", S("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"",
     "OWASP: ' prefix, then RFC 4180 quoting of the quotes"},
    {"formula sum", S("=1+2"), "'=1+2", "OWASP"},
    {"plus formula", S("+cmd"), "'+cmd", "OWASP"},
    {"minus payload", S("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0", "OWASP"},
    {"at sign", S("@SUM(A1)"), "'@SUM(A1)", "OWASP"},
    {"leading tab", S("\t=1"), "'\t=1", "OWASP: TAB"},
    {"leading CR", S("\r=1"), "\"'\r=1\"", "OWASP: CR, then quoted for the CR"},
    {"space then formula", S("  =1"), "'  =1",
     "escape.h: leading spaces transparent; after the prefix no quotes needed"},
    {"negative number kept", S("-12.5"), "-12.5", "brief: plain number"},
    {"positive sign kept", S("+3"), "+3", "brief"},
    {"small rate kept", S("-0.0012"), "-0.0012", "brief"},
    {"percent prefixed", S("-12%"), "'-12%", "grammar: not plain"},
    {"minus alone", S("-"), "'-", "grammar: not plain"},
    {"mid formula untouched", S("a=1"), "a=1", "OWASP: only the first character"},
    {"backticks", S("x`touch /tmp/p`"), "x`touch /tmp/p`", "CSV has no shell meaning"},
    {"gnuplot payload", S("a'); system(\"id\") #"), "\"a'); system(\"\"id\"\") #\"",
     "RFC 4180 2.7"},
    {"pipe and newline", S("A|B\nC"), "\"A|B\nC\"", "RFC 4180 2.6"},
    {"chinese", S("信*飞,分期"), "\"信*飞,分期\"", "RFC 4180: bytes kept"},
};

static const struct esc_case md_cases[] = {
    {"plain", S("Acme Lending"), "Acme Lending", "nothing to escape"},
    {"pipe", S("A|B"), "A\\|B", "GFM tables: \\| inside a cell"},
    {"backslash", S("a\\b"), "a\\\\b", "CommonMark 2.4"},
    {"html", S("<script>x</script>"), "&lt;script&gt;x&lt;/script&gt;", "HTML entities"},
    {"ampersand", S("AT&T &amp;"), "AT&amp;T &amp;amp;", "entity refs stay literal"},
    {"backticks", S("x`touch /tmp/p`"), "x\\`touch /tmp/p\\`", "CommonMark 2.4"},
    {"emphasis", S("*bold* [link](u)"), "\\*bold\\* \\[link\\](u)", "CommonMark 2.4"},
    {"underscore word edge", S("_x_"), "\\_x\\_", "CommonMark 6.2 edge"},
    {"underscore intraword", S("snake_case"), "snake_case", "CommonMark 6.2: literal"},
    {"strike and math", S("~~a~~ $x$"), "\\~\\~a\\~\\~ \\$x\\$", "GFM strikethrough, GitHub math"},
    {"newlines", S("a\nb\r\nc\rd"), "a b c d", "brief: newline -> one space"},
    {"tab", S("a\tb"), "a b", "tab -> space"},
    {"controls", S("a\x01\x1b[31mb\x7f"), "a\\[31mb", "C0/DEL removed, [ escaped"},
    {"C1 control", S("a\xc2\x85" "b"), "ab", "U+0085 NEL removed"},
    {"NUL", S("a\0b"), "ab", "control removed"},
    {"name with pipe and newline", S("Foo | Bar\nInc"), "Foo \\| Bar Inc", "combined"},
    {"chinese kept", S("信*飞"), "信\\*飞", "UTF-8 bytes kept"},
    {"gnuplot payload", S("a'); system(\"id\") #"), "a'); system(\"id\") #", "inert in MD"},
    {"fused C1 (fuzz)", S("\xc2\x01\x85"), "\xef\xbf\xbd\xef\xbf\xbd",
     "tests/fuzz/regressions/escape/c1-fused-by-dropped-control: C2 not followed by a "
     "continuation -> U+FFFD, 01 dropped, lone 85 -> U+FFFD"},
    {"invalid bytes", S("a\xff\xe4\xbf"), "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
     "hand: FF, E4 (cut sequence), BF: each byte that starts no well-formed sequence -> U+FFFD"},
};

static const struct esc_case gp_cases[] = {
    {"plain", S("Acme"), "'Acme'", "gnuplot manual: single-quoted"},
    {"empty", S(""), "''", "gnuplot"},
    {"quote doubled", S("it's"), "'it''s'", "gnuplot manual: 'd\" s'' b\\'"},
    {"payload", S("a'); system(\"id\") #"), "'a''); system(\"id\") #'", "quotes doubled"},
    {"backquote inert", S("x`touch /tmp/p`"), "'x`touch /tmp/p`'",
     "gnuplot manual: no backquote substitution in single quotes"},
    {"macro inert", S("@cmd"), "'@cmd'", "gnuplot manual: no macros inside quotes"},
    {"backslash literal", S("a\\"), "'a\\'", "gnuplot manual: backslash ordinary"},
    {"newline removed", S("a\nb\r\n"), "'ab'", "brief: controls removed"},
    {"controls removed", S("\x01" "a\x7f\xc2\x9f" "b\0"), "'ab'", "C0, DEL, C1, NUL"},
    {"chinese", S("分期乐"), "'分期乐'", "UTF-8 kept"},
    {"fused C1 (fuzz)", S("\xc2\n\x00\x80"), "'\xef\xbf\xbd\xef\xbf\xbd'",
     "tests/fuzz/regressions/escape/c1-fused-after-newline-drop"},
};

typedef enum pt_code (*buf_fn)(struct pt_buf *, const char *, size_t, struct pt_error *);
typedef enum pt_code (*file_fn)(FILE *, const char *, size_t, struct pt_error *);

static void check_table(const struct esc_case *cases, size_t n, buf_fn fb, file_fn ff)
{
    for (size_t i = 0; i < n; i++) {
        const struct esc_case *c = &cases[i];
        struct pt_buf b = {0};
        struct pt_error err;
        assert_int_equal(fb(&b, c->in, c->in_len, &err), PT_OK);
        const char *got = b.data ? b.data : "";
        if (strlen(c->want) != b.len || memcmp(got, c->want, b.len) != 0)
            fail_msg("%s: got [%s], expected [%s] (%s)", c->name, got, c->want, c->source);
        /* The FILE variant writes the same bytes. */
        FILE *f = tmpfile();
        assert_non_null(f);
        assert_int_equal(ff(f, c->in, c->in_len, &err), PT_OK);
        long size = ftell(f);
        char tmp[256];
        rewind(f);
        assert_int_equal((long)fread(tmp, 1, sizeof tmp, f), size);
        assert_int_equal((size_t)size, b.len);
        if (b.len)
            assert_memory_equal(tmp, b.data, b.len);
        fclose(f);
        pt_buf_free(&b);
    }
}

static void test_csv_cells(void **state)
{
    (void)state;
    check_table(csv_cases, sizeof csv_cases / sizeof csv_cases[0], pt_escape_csv,
                pt_escape_csv_write);
}

/* pt_escape_csv_plain vouches only for cells pt_escape_csv leaves as they
 * are: every string of up to 4 bytes over the bytes that matter (space,
 * tab, CR, LF, the formula starts, comma, quote, NUL, a digit, '.', a
 * letter, a UTF-8 lead byte), plus the table above; and it does say 1 for
 * ordinary names, or it would save nothing. */
static void test_csv_plain_only_when_unchanged(void **state)
{
    (void)state;
    static const char alphabet[] = " \t\r\n=+-@,\"\0001.a\xe4";
    const size_t k = sizeof alphabet - 1;
    size_t checked = 0, plain = 0;
    for (size_t len = 0; len <= 4; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= k;
        for (size_t code = 0; code < total; code++) {
            char s[4];
            for (size_t i = 0, c = code; i < len; i++, c /= k)
                s[i] = alphabet[c % k];
            struct pt_buf out = {0};
            struct pt_error err;
            assert_int_equal(pt_escape_csv(&out, s, len, &err), PT_OK);
            int same = out.len == len && (len == 0 || memcmp(out.data, s, len) == 0);
            if (pt_escape_csv_plain(s, len) && !same)
                fail_msg("plain said 1 for a changed cell of %zu bytes", len);
            plain += (size_t)pt_escape_csv_plain(s, len);
            checked++;
            pt_buf_free(&out);
        }
    }
    assert_true(checked > 40000 && plain > 1000);
    for (size_t i = 0; i < sizeof csv_cases / sizeof csv_cases[0]; i++)
        if (pt_escape_csv_plain(csv_cases[i].in, csv_cases[i].in_len))
            assert_string_equal(csv_cases[i].want, csv_cases[i].in);
    assert_true(pt_escape_csv_plain("Acme Lending", 12));
    assert_true(pt_escape_csv_plain("a=1", 3));
    assert_true(pt_escape_csv_plain("\xe4\xbf\xa1*\xe9\xa3\x9e", 7));
}

/* Independent check: Python's csv module reads every escaped cell back as
 * exactly the input (plus the ' prefix where one was added). Skipped
 * without python3. */
static void test_csv_cells_read_back_by_python(void **state)
{
    (void)state;
    if (access("/usr/bin/python3", X_OK) != 0) {
        skip();
        return;
    }
    char path[] = "/tmp/pt_escape_csvXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    size_t n = sizeof csv_cases / sizeof csv_cases[0];
    for (size_t i = 0; i < n; i++) {
        struct pt_error err;
        /* A second column keeps the empty cell from reading as a blank line. */
        assert_int_equal(pt_escape_csv_write(f, csv_cases[i].in, csv_cases[i].in_len, &err),
                         PT_OK);
        fputs(",end\n", f);
    }
    assert_int_equal(fclose(f), 0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s", pt_test_path("tests/tools/csv_oracle.py"),
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char line[4096];
    for (size_t i = 0; i < n; i++) {
        const struct esc_case *c = &csv_cases[i];
        assert_non_null(fgets(line, sizeof line, p));
        char want[1024] = "x";
        size_t k = 1;
        if (pt_escape_csv_needs_prefix(c->in, c->in_len))
            k += (size_t)snprintf(want + k, sizeof want - k, "27");
        for (size_t j = 0; j < c->in_len; j++)
            k += (size_t)snprintf(want + k, sizeof want - k, "%02x", (unsigned char)c->in[j]);
        char *fields = strchr(strchr(line + 2, ' ') + 1, ' ') + 1;
        size_t wl = strlen(want);
        if (strncmp(fields, want, wl) != 0 || strcmp(fields + wl, " x656e64\n") != 0)
            fail_msg("%s: python read [%s], expected [%s x656e64]", c->name, fields, want);
    }
    assert_null(fgets(line, sizeof line, p));
    assert_int_equal(pclose(p), 0);
    unlink(path);
}

static void test_markdown_cells(void **state)
{
    (void)state;
    check_table(md_cases, sizeof md_cases / sizeof md_cases[0], pt_escape_markdown,
                pt_escape_markdown_write);
}

static void test_gnuplot_strings(void **state)
{
    (void)state;
    check_table(gp_cases, sizeof gp_cases / sizeof gp_cases[0], pt_escape_gnuplot,
                pt_escape_gnuplot_write);
}

/* Scans a gnuplot single-quoted literal as gnuplot's lexer does; returns the
 * index just past the closing quote, or 0 if the text is not one literal. */
static size_t gnuplot_literal_end(const char *s, size_t len)
{
    if (len < 2 || s[0] != '\'')
        return 0;
    for (size_t i = 1; i < len; i++) {
        if (s[i] == '\n' || s[i] == '\r')
            return 0;
        if (s[i] != '\'')
            continue;
        if (i + 1 < len && s[i + 1] == '\'') {
            i++;
            continue;
        }
        return i + 1;
    }
    return 0;
}

/* Property: for every byte string up to 3 bytes over an alphabet of the
 * dangerous bytes, the literal ends exactly at the end of the output. */
static void test_gnuplot_never_leaves_quotes(void **state)
{
    (void)state;
    static const char alphabet[] = {'\'', '"', '\n', '\r', '`', '\\', '@', 'a', '\0', '#'};
    enum { K = sizeof alphabet };
    char in[3];
    for (int n = 0; n <= 3; n++) {
        int total = 1;
        for (int j = 0; j < n; j++)
            total *= K;
        for (int code = 0; code < total; code++) {
            int x = code;
            for (int j = 0; j < n; j++, x /= K)
                in[j] = alphabet[x % K];
            struct pt_buf b = {0};
            struct pt_error err;
            assert_int_equal(pt_escape_gnuplot(&b, in, (size_t)n, &err), PT_OK);
            assert_int_equal(gnuplot_literal_end(b.data, b.len), b.len);
            pt_buf_free(&b);
        }
    }
}

/* gnuplot itself prints each escaped literal back: the text minus its
 * control characters. Skipped when gnuplot is not installed. */
static void test_gnuplot_reads_literals_back(void **state)
{
    (void)state;
    if (access("/usr/bin/gnuplot", X_OK) != 0) {
        skip();
        return;
    }
    char script[] = "/tmp/pt_escape_gpXXXXXX";
    int fd = mkstemp(script);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    size_t n = sizeof gp_cases / sizeof gp_cases[0];
    for (size_t i = 0; i < n; i++) {
        struct pt_error err;
        fputs("print ", f);
        assert_int_equal(pt_escape_gnuplot_write(f, gp_cases[i].in, gp_cases[i].in_len, &err),
                         PT_OK);
        fputs("\n", f);
    }
    assert_int_equal(fclose(f), 0);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "/usr/bin/gnuplot %s 2>&1", script);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[512];
    for (size_t i = 0; i < n; i++) {
        assert_non_null(fgets(line, sizeof line, p));
        line[strcspn(line, "\n")] = '\0';
        /* Expected: the literal's content with '' undone. */
        const char *w = gp_cases[i].want;
        char want[256];
        size_t k = 0;
        for (size_t j = 1; w[j + 1] != '\0'; j++) {
            want[k++] = w[j];
            if (w[j] == '\'')
                j++;
        }
        want[k] = '\0';
        if (strcmp(line, want) != 0)
            fail_msg("%s: gnuplot printed [%s], expected [%s]", gp_cases[i].name, line, want);
    }
    assert_null(fgets(line, sizeof line, p));
    assert_int_equal(pclose(p), 0);
    unlink(script);
}

static void test_buffer_appends_and_out_of_memory_leaves_it_unchanged(void **state)
{
    (void)state;
    struct pt_buf b = {0};
    struct pt_error err;
    assert_int_equal(pt_escape_csv(&b, S("a,b"), &err), PT_OK);
    assert_int_equal(pt_buf_append(&b, S(","), &err), PT_OK);
    assert_int_equal(pt_escape_csv(&b, S("=1"), &err), PT_OK);
    assert_string_equal(b.data, "\"a,b\",'=1");
    /* Fault injection: the next growth fails; the buffer keeps its text. */
    char big[200];
    memset(big, 'x', sizeof big);
    pt_alloc_fail_at(1);
    assert_int_equal(pt_escape_markdown(&b, big, sizeof big, &err), PT_ENOMEM);
    pt_alloc_fail_at(0);
    assert_string_equal(b.data, "\"a,b\",'=1");
    assert_int_equal(b.len, 9);
    pt_buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    pt_buf_free(&b);
    pt_buf_free(&b);   /* accepts a freed buffer */
    struct pt_buf empty = {0};
    pt_alloc_fail_at(1);
    assert_int_equal(pt_escape_gnuplot(&empty, S("x"), &err), PT_ENOMEM);
    pt_alloc_fail_at(0);
    assert_null(empty.data);
}

static void test_write_to_full_disk_is_eio(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (f == NULL) {
        skip();
        return;
    }
    setvbuf(f, NULL, _IONBF, 0);   /* unbuffered: the write itself fails */
    struct pt_error err;
    assert_int_equal(pt_escape_csv_write(f, S("a,b"), &err), PT_EIO);
    assert_int_equal(pt_escape_markdown_write(f, S("a"), &err), PT_EIO);
    assert_int_equal(pt_escape_gnuplot_write(f, S("a"), &err), PT_EIO);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_number_grammar),
        cmocka_unit_test(test_csv_cells),
        cmocka_unit_test(test_csv_plain_only_when_unchanged),
        cmocka_unit_test(test_csv_cells_read_back_by_python),
        cmocka_unit_test(test_markdown_cells),
        cmocka_unit_test(test_gnuplot_strings),
        cmocka_unit_test(test_gnuplot_never_leaves_quotes),
        cmocka_unit_test(test_gnuplot_reads_literals_back),
        cmocka_unit_test(test_buffer_appends_and_out_of_memory_leaves_it_unchanged),
        cmocka_unit_test(test_write_to_full_disk_is_eio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* fuzz_escape.c: the escapers for untrusted text (escape.h).
 *
 * Properties (issue #8: output never lets untrusted text out of its quotes):
 *  - CSV: the cell, parsed back by libcsv (the parser of record, strict
 *    mode), is exactly one field equal to the input, with a ' prefix iff
 *    pt_escape_csv_needs_prefix; a prefixed cell never starts with
 *    = + - @ TAB CR, and no escaped cell does unless it is a plain number;
 *    a cell pt_escape_csv_plain vouches for comes out unchanged;
 *  - gnuplot: output is '...', and inside, ' appears only doubled; no C0
 *    control, DEL or C1 control (U+0080..U+009F) survives, and the output
 *    is well-formed UTF-8 whatever the input (escape.h; the fix of the
 *    findings escape/c1-fused-*: a dropped C0 byte fused \xC2 \x85);
 *  - Markdown: no unescaped |, no < or >, no CR/LF, no C0/C1 control or
 *    DEL, well-formed UTF-8;
 *  - pt_buf and the FILE writers give the same bytes. */
#include <csv.h>
#include <string.h>

#include "audit/escape.h"
#include "audit/utf8.h"
#include "tests/fuzz/fuzz.h"

struct collect {
    struct pt_buf field;
    int n_fields;
    int n_rows;
};

static void on_field(void *s, size_t len, void *data)
{
    struct collect *c = data;
    struct pt_error err;
    c->n_fields++;
    PT_FUZZ_CHECK(pt_buf_append(&c->field, s ? s : "", len, &err) == PT_OK, "append");
}

static void on_row(int term, void *data)
{
    (void)term;
    ((struct collect *)data)->n_rows++;
}

static void check_csv(const char *s, size_t n)
{
    struct pt_buf out = {0};
    struct pt_error err;
    PT_FUZZ_CHECK(pt_escape_csv(&out, s, n, &err) == PT_OK, "csv escape");
    struct csv_parser p;
    struct collect c = {{0}, 0, 0};
    PT_FUZZ_CHECK(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) == 0, "csv_init");
    size_t used = csv_parse(&p, out.data ? out.data : "", out.len, on_field, on_row, &c);
    PT_FUZZ_CHECK(used == out.len, "libcsv stopped at %zu of %zu: %s", used, out.len,
                  csv_strerror(csv_error(&p)));
    PT_FUZZ_CHECK(csv_fini(&p, on_field, on_row, &c) == 0, "libcsv fini: %s",
                  csv_strerror(csv_error(&p)));
    csv_free(&p);
    int prefixed = pt_escape_csv_needs_prefix(s, n);
    size_t want_len = n + (prefixed ? 1 : 0);
    PT_FUZZ_CHECK(!pt_escape_csv_plain(s, n) ||
                      (out.len == n && (n == 0 || memcmp(out.data, s, n) == 0)),
                  "pt_escape_csv_plain said 1 for a cell pt_escape_csv changed");
    if (n > 0 || out.len > 0) {
        PT_FUZZ_CHECK(c.n_fields == 1 && c.n_rows == 1, "%d fields, %d rows", c.n_fields,
                      c.n_rows);
        PT_FUZZ_CHECK(c.field.len == want_len, "re-parsed %zu bytes, want %zu", c.field.len,
                      want_len);
        PT_FUZZ_CHECK(!prefixed || c.field.data[0] == '\'', "missing ' prefix");
        PT_FUZZ_CHECK(n == 0 || memcmp(c.field.data + (prefixed ? 1 : 0), s, n) == 0,
                      "re-parsed text differs");
    }
    if (!prefixed) {
        size_t i = 0;
        while (i < n && s[i] == ' ')
            i++;
        PT_FUZZ_CHECK(i == n || !strchr("=+-@\t\r", s[i]) || s[i] == '\0' ||
                          pt_escape_is_plain_number(s + i, n - i),
                      "dangerous first byte 0x%02x left unprefixed", (unsigned char)s[i]);
    }
    pt_buf_free(&c.field);
    pt_buf_free(&out);
}

/* 1 when the bytes at s[i] start a C0 control, DEL or a C1 control. */
static int control_at(const unsigned char *s, size_t n, size_t i)
{
    if (s[i] < 0x20 || s[i] == 0x7f)
        return 1;
    return s[i] == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F;
}

static void check_gnuplot(const char *s, size_t n)
{
    struct pt_buf out = {0};
    struct pt_error err;
    PT_FUZZ_CHECK(pt_escape_gnuplot(&out, s, n, &err) == PT_OK, "gnuplot escape");
    const unsigned char *o = (const unsigned char *)out.data;
    PT_FUZZ_CHECK(out.len >= 2 && o[0] == '\'' && o[out.len - 1] == '\'', "not '-delimited");
    PT_FUZZ_CHECK(pt_utf8_valid_prefix(out.data, out.len) == out.len, "gnuplot output not UTF-8");
    for (size_t i = 1; i + 1 < out.len; i++) {
        PT_FUZZ_CHECK(!control_at(o, out.len - 1, i), "control byte 0x%02x at %zu", o[i], i);
        if (o[i] == '\'') {
            PT_FUZZ_CHECK(i + 2 < out.len && o[i + 1] == '\'', "lone ' at %zu", i);
            i++;
        }
    }
    pt_buf_free(&out);
}

static void check_markdown(const char *s, size_t n)
{
    struct pt_buf out = {0};
    struct pt_error err;
    PT_FUZZ_CHECK(pt_escape_markdown(&out, s, n, &err) == PT_OK, "markdown escape");
    const unsigned char *o = (const unsigned char *)out.data;
    PT_FUZZ_CHECK(pt_utf8_valid_prefix(out.data ? out.data : "", out.len) == out.len,
                  "markdown output not UTF-8");
    for (size_t i = 0; i < out.len; i++) {
        PT_FUZZ_CHECK(!control_at(o, out.len, i), "control byte 0x%02x at %zu", o[i], i);
        PT_FUZZ_CHECK(o[i] != '<' && o[i] != '>', "raw %c at %zu", o[i], i);
        PT_FUZZ_CHECK(o[i] != '|', "unescaped | at %zu", i);
        if (o[i] == '\\') {
            PT_FUZZ_CHECK(i + 1 < out.len, "trailing backslash");
            i++; /* the escaped byte, | included */
        }
    }
    pt_buf_free(&out);
}

/* The FILE writers must write what the buffer escapers build. */
static void check_writers(const char *s, size_t n)
{
    enum pt_code (*const to_buf[3])(struct pt_buf *, const char *, size_t, struct pt_error *) = {
        pt_escape_csv, pt_escape_markdown, pt_escape_gnuplot};
    enum pt_code (*const to_file[3])(FILE *, const char *, size_t, struct pt_error *) = {
        pt_escape_csv_write, pt_escape_markdown_write, pt_escape_gnuplot_write};
    for (int k = 0; k < 3; k++) {
        struct pt_buf b = {0};
        struct pt_error err;
        char *mem = NULL;
        size_t mem_len = 0;
        FILE *f = open_memstream(&mem, &mem_len);
        PT_FUZZ_CHECK(f != NULL, "open_memstream");
        PT_FUZZ_CHECK(to_buf[k](&b, s, n, &err) == PT_OK, "escaper %d", k);
        PT_FUZZ_CHECK(to_file[k](f, s, n, &err) == PT_OK, "writer %d", k);
        fclose(f);
        PT_FUZZ_CHECK(mem_len == b.len && (b.len == 0 || memcmp(mem, b.data, b.len) == 0),
                      "writer %d differs from escaper", k);
        free(mem);
        pt_buf_free(&b);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    check_csv(s, size);
    check_gnuplot(s, size);
    check_markdown(s, size);
    check_writers(s, size);
    return 0;
}

/* escape.c: see escape.h. Each escaper is written once against a small
 * sink (a growable buffer or a FILE) so the buffer and FILE variants cannot
 * drift apart. */
#include "audit/escape.h"

#include <string.h>

#include "audit/alloc.h"
#include "audit/utf8.h"

void pt_buf_free(struct pt_buf *b)
{
    if (b == NULL)
        return;
    pt_free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void pt_buf_clear(struct pt_buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

static int buf_put(struct pt_buf *b, const char *s, size_t n)
{
    if (n > (size_t)-1 - b->len - 1)
        return -1;
    void *p = b->data;
    if (pt_grow(&p, &b->cap, b->len + n + 1, 1) != 0)
        return -1;
    b->data = p;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

enum pt_code pt_buf_append(struct pt_buf *b, const char *s, size_t n, struct pt_error *err)
{
    if (buf_put(b, s, n) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory growing a text buffer");
    return PT_OK;
}

/* Where escaped text goes: exactly one of buf and f is set. On a failed
 * write, failed is set and later writes are skipped. */
struct sink {
    struct pt_buf *buf;
    FILE *f;
    int failed;
};

static void put(struct sink *k, const char *s, size_t n)
{
    if (k->failed || n == 0)
        return;
    if (k->buf != NULL)
        k->failed = buf_put(k->buf, s, n) != 0;
    else
        k->failed = fwrite(s, 1, n, k->f) != n;
}

static void put_c(struct sink *k, char c) { put(k, &c, 1); }

static enum pt_code finish(const struct sink *k, size_t rollback_len, struct pt_error *err)
{
    if (!k->failed)
        return PT_OK;
    if (k->buf != NULL) {
        /* Leave the buffer as it was before the call. */
        if (k->buf->data != NULL) {
            k->buf->len = rollback_len;
            k->buf->data[rollback_len] = '\0';
        }
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory escaping text");
    }
    return pt_error_set(err, PT_EIO, NULL, "cannot write escaped text");
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t skip_digits(const char *s, size_t i, size_t len)
{
    while (i < len && is_digit(s[i]))
        i++;
    return i;
}

int pt_escape_is_plain_number(const char *s, size_t len)
{
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t int_end = skip_digits(s, i, len);
    int has_int = int_end > i;
    i = int_end;
    if (i < len && s[i] == '.') {
        size_t frac_end = skip_digits(s, i + 1, len);
        if (frac_end == i + 1)
            return 0;   /* "12." or "." */
        i = frac_end;
    } else if (!has_int) {
        return 0;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp_end = skip_digits(s, i, len);
        if (exp_end == i)
            return 0;
        i = exp_end;
    }
    return i == len;
}

int pt_escape_csv_needs_prefix(const char *s, size_t len)
{
    /* Spreadsheets differ on whether " =1+1" is a formula; treat leading
     * spaces as transparent so the check is the conservative one. */
    size_t i = 0;
    while (i < len && s[i] == ' ')
        i++;
    if (i == len)
        return 0;
    if (strchr("=+-@\t\r", s[i]) == NULL || s[i] == '\0')
        return 0;
    return !pt_escape_is_plain_number(s + i, len - i);
}

static int csv_needs_quotes(const char *s, size_t len, int prefixed)
{
    if (len == 0)
        return 0;
    if (!prefixed && (s[0] == ' ' || s[0] == '\t'))
        return 1;
    if (s[len - 1] == ' ' || s[len - 1] == '\t')
        return 1;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return 1;
    return 0;
}

/* A first byte that is neither a space or tab (quotes, and a leading
 * space would be skipped to find a formula) nor a formula start, a last
 * byte that is no space or tab, and no byte that forces quotes: then
 * neither the prefix nor the quotes of csv_cell apply. */
int pt_escape_csv_plain(const char *s, size_t len)
{
    if (len == 0)
        return 1;
    switch (s[0]) {
    case ' ': case '\t': case '=': case '+': case '-': case '@': case '\r':
        return 0;
    default:
        break;
    }
    if (s[len - 1] == ' ' || s[len - 1] == '\t')
        return 0;
    /* One table load per byte, not four compares (every text cell of every
     * CSV table passes here). */
    static const unsigned char quotes[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};
    for (size_t i = 0; i < len; i++)
        if (quotes[(unsigned char)s[i]])
            return 0;
    return 1;
}

static void csv_cell(struct sink *k, const char *s, size_t len)
{
    int prefixed = pt_escape_csv_needs_prefix(s, len);
    int quoted = csv_needs_quotes(s, len, prefixed);
    if (quoted)
        put_c(k, '"');
    if (prefixed)
        put_c(k, '\'');
    size_t run = 0;   /* start of the pending run of bytes copied as they are */
    for (size_t i = 0; i < len; i++) {
        if (quoted && s[i] == '"') {
            put(k, s + run, i + 1 - run);   /* up to and including the quote */
            put_c(k, '"');
            run = i + 1;
        }
    }
    put(k, s + run, len - run);
    if (quoted)
        put_c(k, '"');
}

enum pt_code pt_escape_csv(struct pt_buf *out, const char *s, size_t len, struct pt_error *err)
{
    struct sink k = {out, NULL, 0};
    size_t before = out->len;
    csv_cell(&k, s, len);
    return finish(&k, before, err);
}

enum pt_code pt_escape_csv_write(FILE *f, const char *s, size_t len, struct pt_error *err)
{
    struct sink k = {NULL, f, 0};
    csv_cell(&k, s, len);
    return finish(&k, 0, err);
}

/* Copies the non-ASCII character at s[i] (s[i] >= 0x80) and returns how
 * many input bytes it used. Well-formed UTF-8 is copied whole, except a C1
 * control (U+0080-U+009F, C2 80-C2 9F), which is dropped; a byte that does
 * not start a well-formed sequence becomes U+FFFD. The output is therefore
 * always well-formed UTF-8, so dropping a byte can never fuse its
 * neighbours into a C1 control (fuzz finding: C2 01 85 -> C2 85). */
static size_t put_non_ascii(struct sink *k, const char *s, size_t i, size_t len)
{
    int n = pt_utf8_seq(s + i, len - i);
    if (n <= 0) {
        put(k, "\xef\xbf\xbd", 3);
        return 1;
    }
    if ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] <= 0x9f)
        return 2;
    put(k, s + i, (size_t)n);
    return (size_t)n;
}
static int is_ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* '_' emphasizes only at a word edge (CommonMark 6.2: intraword '_' is
 * literal), so escape it only there, to keep snake_case names readable. */
static int underscore_formats(const char *s, size_t i, size_t len)
{
    return i == 0 || i + 1 == len || !is_ascii_alnum(s[i - 1]) || !is_ascii_alnum(s[i + 1]);
}

static void markdown_cell(struct sink *k, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if ((unsigned char)c >= 0x80) {
            i += put_non_ascii(k, s, i, len) - 1;
            continue;
        }
        switch (c) {
        case '\r':
            if (i + 1 < len && s[i + 1] == '\n')
                i++;
            put_c(k, ' ');
            continue;
        case '\n': case '\t': put_c(k, ' '); continue;
        case '<': put(k, "&lt;", 4); continue;
        case '>': put(k, "&gt;", 4); continue;
        case '&': put(k, "&amp;", 5); continue;
        case '|': case '\\': case '`': case '*': case '[': case ']': case '~': case '$':
            put_c(k, '\\');
            put_c(k, c);
            continue;
        case '_':
            if (underscore_formats(s, i, len))
                put_c(k, '\\');
            put_c(k, c);
            continue;
        default:
            if (c < 0x20 || c == 0x7f)
                continue;   /* other C0 controls and DEL */
            put_c(k, c);
        }
    }
}

enum pt_code pt_escape_markdown(struct pt_buf *out, const char *s, size_t len,
                                struct pt_error *err)
{
    struct sink k = {out, NULL, 0};
    size_t before = out->len;
    markdown_cell(&k, s, len);
    return finish(&k, before, err);
}

enum pt_code pt_escape_markdown_write(FILE *f, const char *s, size_t len, struct pt_error *err)
{
    struct sink k = {NULL, f, 0};
    markdown_cell(&k, s, len);
    return finish(&k, 0, err);
}

static void gnuplot_string(struct sink *k, const char *s, size_t len)
{
    put_c(k, '\'');
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if ((unsigned char)c >= 0x80) {
            i += put_non_ascii(k, s, i, len) - 1;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            continue;
        if (c == '\'')
            put_c(k, '\'');
        put_c(k, c);
    }
    put_c(k, '\'');
}

enum pt_code pt_escape_gnuplot(struct pt_buf *out, const char *s, size_t len,
                               struct pt_error *err)
{
    struct sink k = {out, NULL, 0};
    size_t before = out->len;
    gnuplot_string(&k, s, len);
    return finish(&k, before, err);
}

enum pt_code pt_escape_gnuplot_write(FILE *f, const char *s, size_t len, struct pt_error *err)
{
    struct sink k = {NULL, f, 0};
    gnuplot_string(&k, s, len);
    return finish(&k, 0, err);
}

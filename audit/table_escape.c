/* table_escape.c: see table_escape.h. CSV and Markdown delegate to
 * escape.h (the project's one set of rules); JSON strings and the text
 * table's control escapes, which escape.h does not cover, are here. */
#include "audit/table_escape.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/escape.h"

static int put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (pt_grow((void **)buf, cap, *len + n + 1, 1) != 0)
        return -1;
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}

int pt_table_is_plain_number(const char *s, size_t n)
{
    return pt_escape_is_plain_number(s, n);
}

/* escape.h's buffer is the same triple (pt_malloc'ed data, len, cap). */
typedef enum pt_code (*escaper)(struct pt_buf *, const char *, size_t, struct pt_error *);

static int via_escape_h(escaper fn, const char *s, size_t n, char **buf, size_t *len,
                        size_t *cap)
{
    struct pt_buf b = {*buf, *len, *cap};
    struct pt_error err;
    size_t start = *len;
    enum pt_code rc = fn(&b, s, n, &err);
    if (rc == PT_OK && b.data == NULL && put(&b.data, &b.len, &b.cap, "", 0) != 0)
        rc = PT_ENOMEM;
    *buf = b.data;
    *cap = b.cap;
    *len = rc == PT_OK ? b.len : start;
    return rc == PT_OK ? 0 : -1;
}

int pt_table_escape_csv(const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
    return via_escape_h(pt_escape_csv, s, n, buf, len, cap);
}

/* Bytes a JSON string may carry as they are: not '"', '\\', a control byte
 * or DEL. */
static int json_plain(unsigned char c)
{
    return c >= 0x20 && c != '"' && c != '\\' && c != 0x7F;
}

/* Room is made once for the worst case (every byte as \u00XX) and runs of
 * plain bytes are copied whole: the report's JSON holds ~200,000 company
 * names, escaped byte by byte this was the largest cost of writing it. */
int pt_table_escape_json(const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
    if (n > (SIZE_MAX - *len - 3) / 6 || pt_grow((void **)buf, cap, *len + 6 * n + 3, 1) != 0)
        return -1;
    char *o = *buf + *len;
    *o++ = '"';
    for (size_t i = 0; i < n;) {
        size_t run = i;
        while (run < n && json_plain((unsigned char)s[run]))
            run++;
        memcpy(o, s + i, run - i);
        o += run - i;
        if (run == n)
            break;
        unsigned char c = (unsigned char)s[run];
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default: {
            static const char hex[] = "0123456789abcdef";
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
        }
        i = run + 1;
    }
    *o++ = '"';
    *o = '\0';
    *len = (size_t)(o - *buf);
    return 0;
}

int pt_table_escape_markdown(const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
    return via_escape_h(pt_escape_markdown, s, n, buf, len, cap);
}

int pt_table_escape_text(const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
    size_t start = *len;
    if (put(buf, len, cap, "", 0) != 0)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        const char *out = s + i;
        size_t k = 1;
        if (c == '\n')
            out = "\\n", k = 2;
        else if (c == '\r')
            out = "\\r", k = 2;
        else if (c == '\t')
            out = "\\t", k = 2;
        else if (c < 0x20 || c == 0x7F) {
            snprintf(esc, sizeof esc, "\\x%02x", c);
            out = esc;
            k = 4;
        }
        if (put(buf, len, cap, out, k) != 0)
            goto fail;
    }
    return 0;
fail:
    *len = start;
    if (*buf != NULL)
        (*buf)[start] = '\0';
    return -1;
}

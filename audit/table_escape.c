/* table_escape.c: see table_escape.h. One byte loop per output; every
 * rule is a switch case so the whole policy reads in one place. */
#include "audit/table_escape.h"

#include <stdio.h>
#include <string.h>

#include "audit/alloc.h"

static int put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (pt_grow((void **)buf, cap, *len + n + 1, 1) != 0)
        return -1;
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int pt_table_is_plain_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n && is_digit(s[i]); i++)
        digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && is_digit(s[i]); i++)
            digits++;
    if (digits == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp_digits = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        for (; i < n && is_digit(s[i]); i++)
            exp_digits++;
        if (exp_digits == 0)
            return 0;
    }
    return i == n;
}

int pt_table_escape_csv(const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
    size_t start = *len;
    int formula = n > 0 && strchr("=+-@\t\r", s[0]) != NULL && !pt_table_is_plain_number(s, n);
    int quote = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            quote = 1;
    if ((quote && put(buf, len, cap, "\"", 1) != 0) ||
        (formula && put(buf, len, cap, "'", 1) != 0))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' && put(buf, len, cap, "\"", 1) != 0)
            goto fail;
        if (put(buf, len, cap, s + i, 1) != 0)
            goto fail;
    }
    if ((quote && put(buf, len, cap, "\"", 1) != 0) || put(buf, len, cap, "", 0) != 0)
        goto fail;
    return 0;
fail:
    *len = start;
    if (*buf != NULL)
        (*buf)[start] = '\0';
    return -1;
}

int pt_table_escape_json(const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
    size_t start = *len;
    if (put(buf, len, cap, "\"", 1) != 0)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        const char *out = esc;
        size_t k = 2;
        switch (c) {
        case '"': out = "\\\""; break;
        case '\\': out = "\\\\"; break;
        case '\n': out = "\\n"; break;
        case '\r': out = "\\r"; break;
        case '\t': out = "\\t"; break;
        case '\b': out = "\\b"; break;
        case '\f': out = "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7F) {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                k = 6;
            } else {
                esc[0] = (char)c;
                k = 1;
            }
        }
        if (put(buf, len, cap, out, k) != 0)
            goto fail;
    }
    if (put(buf, len, cap, "\"", 1) != 0)
        goto fail;
    return 0;
fail:
    *len = start;
    if (*buf != NULL)
        (*buf)[start] = '\0';
    return -1;
}

int pt_table_escape_markdown(const char *s, size_t n, char **buf, size_t *len, size_t *cap)
{
    size_t start = *len;
    if (put(buf, len, cap, "", 0) != 0)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *out = s + i;
        size_t k = 1;
        switch (c) {
        case '<': out = "&lt;"; k = 4; break;
        case '>': out = "&gt;"; k = 4; break;
        case '&': out = "&amp;"; k = 5; break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
        case '#': case '!': case '$':
            if (put(buf, len, cap, "\\", 1) != 0)
                goto fail;
            break;
        case '\n': case '\r': case '\t': out = " "; break;
        default:
            if (c < 0x20 || c == 0x7F)
                k = 0;
        }
        if (k > 0 && put(buf, len, cap, out, k) != 0)
            goto fail;
    }
    return 0;
fail:
    *len = start;
    if (*buf != NULL)
        (*buf)[start] = '\0';
    return -1;
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

/* error.c: filling, formatting and mapping struct pt_error (see error.h). */
#include "audit/error.h"

#include <stdio.h>
#include <string.h>

enum pt_code pt_error_set(struct pt_error *err, enum pt_code code,
                          const struct pt_loc *loc, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    if (loc != NULL)
        err->loc = *loc;
    else
        memset(&err->loc, 0, sizeof err->loc);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void pt_loc_set(struct pt_loc *loc, const char *path, uint64_t line, uint32_t column)
{
    memset(loc->path, 0, sizeof loc->path);
    if (path != NULL) {
        size_t n = strlen(path);
        if (n >= sizeof loc->path)
            n = sizeof loc->path - 1;
        memcpy(loc->path, path, n);
    }
    loc->line = line;
    loc->column = column;
}

const char *pt_error_format(const struct pt_error *err, char *buf, size_t size)
{
    const struct pt_loc *l = &err->loc;
    if (size == 0)
        return buf;
    if (l->path[0] && l->line && l->column)
        snprintf(buf, size, "%s:%llu:%u: %s", l->path, (unsigned long long)l->line,
                 (unsigned)l->column, err->msg);
    else if (l->path[0] && l->line)
        snprintf(buf, size, "%s:%llu: %s", l->path, (unsigned long long)l->line, err->msg);
    else if (l->path[0])
        snprintf(buf, size, "%s: %s", l->path, err->msg);
    else
        snprintf(buf, size, "%s", err->msg);
    return buf;
}

static const struct {
    enum pt_code code;
    const char *name;
    int exit_status; /* sysexits.h values, written out so the library needs no BSD header */
} code_table[] = {
    {PT_OK, "PT_OK", 0},
    {PT_EUSAGE, "PT_EUSAGE", 64},
    {PT_EDATA, "PT_EDATA", 65},
    {PT_EINVAL, "PT_EINVAL", 65},
    {PT_ENOCONV, "PT_ENOCONV", 65},
    {PT_ERANGE, "PT_ERANGE", 65},
    {PT_ENOINPUT, "PT_ENOINPUT", 66},
    {PT_EUNAVAIL, "PT_EUNAVAIL", 69},
    {PT_ECANTCREAT, "PT_ECANTCREAT", 73},
    {PT_EIO, "PT_EIO", 74},
    {PT_ENOMEM, "PT_ENOMEM", 71},
    {PT_EOF, "PT_EOF", 0},
};

const char *pt_code_name(enum pt_code code)
{
    for (size_t i = 0; i < sizeof code_table / sizeof code_table[0]; i++)
        if (code_table[i].code == code)
            return code_table[i].name;
    return "PT_UNKNOWN";
}

int pt_code_exit_status(enum pt_code code)
{
    for (size_t i = 0; i < sizeof code_table / sizeof code_table[0]; i++)
        if (code_table[i].code == code)
            return code_table[i].exit_status;
    return 70; /* EX_SOFTWARE: a code without a mapping is our bug */
}

/* Length of the UTF-8 sequence starting with byte c, 1 for anything else. */
static size_t utf8_len(unsigned char c)
{
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    if (c >= 0xE0)
        return c <= 0xEF ? 3 : 1;
    if (c >= 0xC2)
        return 2;
    return 1;
}

const char *pt_error_quote(const char *text, size_t len, size_t max_bytes,
                           char *buf, size_t size)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, i = 0;
    if (size == 0)
        return buf;
    while (i < len && i < max_bytes) {
        unsigned char c = (unsigned char)text[i];
        char esc[5];
        size_t n = 0, step = 1;
        if (c == '"' || c == '\\') {
            esc[n++] = '\\';
            esc[n++] = (char)c;
        } else if (c == '\n') {
            esc[n++] = '\\';
            esc[n++] = 'n';
        } else if (c == '\r') {
            esc[n++] = '\\';
            esc[n++] = 'r';
        } else if (c < 0x20 || c == 0x7f) {
            esc[n++] = '\\';
            esc[n++] = 'x';
            esc[n++] = hex[c >> 4];
            esc[n++] = hex[c & 15];
        } else {
            step = utf8_len(c);
            if (i + step > len || i + step > max_bytes)
                break;
            memcpy(esc, text + i, step);
            n = step;
        }
        if (o + n + 4 >= size)
            break;
        memcpy(buf + o, esc, n);
        o += n;
        i += step;
    }
    if (i < len && o + 3 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

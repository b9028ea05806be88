/* table_escape.h: the escaping of untrusted text for each table output
 * (CONTRACT.md, "Untrusted text"), as a family of appenders over one
 * buffer triple, so the table writer treats its four formats alike.
 *
 * csv and markdown are escape.h's rules (pt_escape_csv: RFC 4180 quoting and
 * the ' prefix against formula injection; pt_escape_markdown: pipes,
 * punctuation, HTML entities, no line breaks). json: an RFC 8259 string
 * with its quotes. text: controls shown as C escapes (\n, \x01) so one
 * value stays on one aligned line.
 * Each appends to a pt_malloc'ed buffer (*buf, length *len, capacity *cap,
 * NUL-terminated) and returns 0, or -1 when allocation fails (the buffer is
 * then unchanged and still owned by the caller). */
#ifndef PTAUDIT_TABLE_ESCAPE_H
#define PTAUDIT_TABLE_ESCAPE_H

#include <stddef.h>

int pt_table_escape_csv(const char *s, size_t n, char **buf, size_t *len, size_t *cap);
int pt_table_escape_json(const char *s, size_t n, char **buf, size_t *len, size_t *cap);
int pt_table_escape_markdown(const char *s, size_t n, char **buf, size_t *len, size_t *cap);
int pt_table_escape_text(const char *s, size_t n, char **buf, size_t *len, size_t *cap);
/* 1 when s[0..n) is a plain decimal number: [+-]digits[.digits][e[+-]digits]. */
int pt_table_is_plain_number(const char *s, size_t n);

#endif

/* escape.h: every escaping rule for untrusted text on its way out.
 *
 * Dataset strings (company names, complaint text, product names) are
 * untrusted; each output format gets one escaper here, so no writer invents
 * its own:
 *   CSV cell   RFC 4180 quoting plus formula neutralization (OWASP "CSV
 *              injection"): a cell starting with = + - @ TAB or CR (also after
 *              leading spaces) gets a ' prefix, unless it is a plain number.
 *   Markdown   a GFM table cell: | and \ and Markdown punctuation backslash-
 *              escaped, < > & as HTML entities, newlines -> one space,
 *              control characters removed.
 *   gnuplot    a single-quoted string literal with its quotes: ' doubled,
 *              control characters removed (gnuplot does no backquote, macro
 *              or backslash processing inside single quotes; the caller
 *              sets `noenhanced`).
 * JSON needs none here: cJSON escapes.
 * Each escaper appends to a growable struct pt_buf (owned by the caller,
 * released with pt_buf_free) or writes to a FILE (borrowed). Input is bytes
 * (s, len). The CSV escaper keeps every byte (data fidelity: a CSV reader
 * gets back exactly the prefixed text); Markdown and gnuplot drop control
 * bytes, NUL included, and always write well-formed UTF-8: a byte that does
 * not start a well-formed sequence becomes U+FFFD, so no dropped byte can
 * fuse its neighbours into a control character. */
#ifndef PTAUDIT_ESCAPE_H
#define PTAUDIT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#include "audit/error.h"

/* A growable byte string. Zero-initialize it ({0}); data is NUL-terminated
 * whenever it is not NULL; len excludes the NUL. Owned by whoever declared
 * it; pt_buf_free releases it (accepts a zeroed or freed buffer). */
struct pt_buf {
    char *data;    /* owned, pt_malloc'ed */
    size_t len;
    size_t cap;
};

void pt_buf_free(struct pt_buf *b);
/* Empties the buffer, keeping its memory. */
void pt_buf_clear(struct pt_buf *b);
/* Appends n bytes. PT_ENOMEM (buffer unchanged) on allocation failure. */
PT_NODISCARD enum pt_code pt_buf_append(struct pt_buf *b, const char *s, size_t n,
                                        struct pt_error *err);

/* 1 if s[0..len) is a plain number, which stays unprefixed in CSV output:
 *   [+-]? ( DIGITS ( "." DIGITS )? | "." DIGITS ) ( [eE] [+-]? DIGITS )?
 * with DIGITS = one or more of 0-9 (ASCII). Nothing else: no spaces, no
 * thousands separators, no "%", no trailing ".", no inf/nan, no hex.
 * "-12.5", "+3", "-0.0012", "1e-5" are plain; "-", "+-1", "-1,000",
 * "-12%", "--1", "-1+2" are not. */
int pt_escape_is_plain_number(const char *s, size_t len);

/* 1 if a CSV cell with this text gets the ' prefix (see above). */
int pt_escape_csv_needs_prefix(const char *s, size_t len);

/* 1 if s[0..len) is written as it is by pt_escape_csv (no prefix, no
 * quotes), decided in one pass: the common case of a table with a million
 * rows. 0 means pt_escape_csv may change it (sometimes it will not: "-12"
 * is 0 here and unchanged there); never 1 for a cell it changes. */
int pt_escape_csv_plain(const char *s, size_t len);

/* Appends s as one CSV cell (no separator, no line end). The cell is
 * quoted ("..." with " doubled) when it contains , " CR or LF or starts or
 * ends with a space or tab. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_escape_csv(struct pt_buf *out, const char *s, size_t len,
                                        struct pt_error *err);
/* Same, written to f. PT_EIO when the write fails. */
PT_NODISCARD enum pt_code pt_escape_csv_write(FILE *f, const char *s, size_t len,
                                              struct pt_error *err);

/* Appends s escaped for one GitHub-flavoured Markdown table cell (no
 * surrounding pipes). CR, LF and CRLF become one space, TAB a space; other
 * C0 controls, DEL and C1 controls (U+0080-U+009F) are removed. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_escape_markdown(struct pt_buf *out, const char *s, size_t len,
                                             struct pt_error *err);
PT_NODISCARD enum pt_code pt_escape_markdown_write(FILE *f, const char *s, size_t len,
                                                   struct pt_error *err);

/* Appends s as a gnuplot single-quoted string literal, quotes included:
 * 'it''s'. Control characters (C0 including newline, DEL, C1) are removed.
 * The only ' bytes in the output are the two delimiters and doubled pairs,
 * so the text cannot leave the string. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_escape_gnuplot(struct pt_buf *out, const char *s, size_t len,
                                            struct pt_error *err);
PT_NODISCARD enum pt_code pt_escape_gnuplot_write(FILE *f, const char *s, size_t len,
                                                  struct pt_error *err);

#endif

/* utf8.h: strict UTF-8 validation (RFC 3629, Unicode 15 table 3-7).
 *
 * Well-formed means: no overlong forms, no surrogates (U+D800-U+DFFF), no
 * code point above U+10FFFF, no stray continuation bytes. This is what
 * Python's bytes.decode("utf-8", "strict") accepts, which the tests use as
 * the oracle. The reader uses it to decide a file's encoding and to check
 * each record; the quarantine uses it to print undecodable bytes visibly.
 * Nothing allocates. */
#ifndef PTAUDIT_UTF8_H
#define PTAUDIT_UTF8_H

#include <stddef.h>

/* The sequence starting at s[0] (avail >= 1 bytes available):
 * > 0  the length (1-4) of a well-formed sequence;
 *   0  ill-formed (s[0] cannot start a sequence, or a later byte breaks it);
 *  -1  a well-formed but incomplete prefix that runs past avail. */
int pt_utf8_seq(const char *s, size_t avail);

/* Length of the longest well-formed prefix of s[0..len). A sequence cut by
 * the end of the buffer counts as ill-formed here; callers that look at a
 * window of a longer stream use pt_utf8_seq to tell the two apart. */
size_t pt_utf8_valid_prefix(const char *s, size_t len);

#endif

/* fmt_fixed.h: printf's "%.Nf" and "%lld" without printf, for tables of a
 * million rows (`ptaudit loans --by loan` spent a third of its time in
 * glibc's printf_fp).
 *
 * pt_fmt_fixed writes what snprintf(buf, size, "%.*f", digits, v) writes in
 * the C locale with the default rounding mode: the exact binary value of v
 * rounded to `digits` decimals, ties to even (glibc's rule), "-" for every
 * negative value and -0.0. The fast path computes |v| x 10^digits exactly in
 * 128-bit integers; values it cannot hold (|v| x 10^digits >= 10^19,
 * infinities, NaN) go to snprintf itself, so the output never differs
 * (tests/test_fmt_fixed.c compares both on millions of values).
 * Nothing allocates; buf is caller-owned. */
#ifndef PTAUDIT_FMT_FIXED_H
#define PTAUDIT_FMT_FIXED_H

#include <stddef.h>
#include <stdint.h>

/* Longest output of pt_fmt_fixed_fast plus NUL: "-", 19 digits, ".". */
#define PT_FMT_FIXED_SIZE 24

/* The fast path alone: writes "%.*f" of v (digits 0..17, others clamped)
 * into buf (PT_FMT_FIXED_SIZE bytes) and returns its length, or returns -1
 * and writes nothing when |v| x 10^digits >= 10^19 or v is not finite
 * (the caller then uses snprintf, and its own buffer size). */
int pt_fmt_fixed_fast(double v, int digits, char *buf);

/* snprintf(buf, size, "%.*f", digits, v), faster. Returns the length
 * written (cut at size - 1 like snprintf's output). */
size_t pt_fmt_fixed(double v, int digits, char *buf, size_t size);

/* v in decimal ("-12"); buf of at least 21 bytes. Returns the length. */
size_t pt_fmt_i64(int64_t v, char *buf);

#endif

/* csv_scan.h: the fast path for well-formed CSV in one large buffer.
 *
 * libcsv (through csv_reader.h) stays the parser of record. This scanner
 * finds record and field boundaries in a buffer the caller mapped or read
 * (from 64-byte bitmaps built with SSE2, or by a byte loop without it; see
 * csv_scan.c) and yields borrowed spans, so a command that needs 2 of 18
 * columns never copies the other 16.
 * It gives exactly the records csv_reader's libcsv setup gives (CSV_STRICT |
 * CSV_REPALL_NL, no space trimming, CRLF = one line end, the LF consumed;
 * a blank line = a record of 0 fields; the physical line where each record
 * starts, LF / CR / CRLF each ending one line, inside quotes too).
 * Whatever it is not sure of it does not guess: it stops with
 * PT_SCAN_FALLBACK and the byte offset and line of the record to re-parse
 * with libcsv (a quote inside an unquoted field, a byte after a closing
 * quote other than , CR LF, an unterminated quote, NUL, invalid UTF-8 when
 * required, a BOM unless stripping is asked for, a field over the size
 * limit, a field count other than the expected one, a record over the
 * scratch or field-array capacity). Non-UTF-8 inputs (GB18030) are not for
 * this path: the reader converts them.
 * Ownership: the buffer is borrowed for the scanner's life; record fields
 * point into the buffer or into the scanner's scratch and stay valid until
 * the next pt_csv_scan_next call. Fields are spans, NOT NUL-terminated.
 * Only pt_csv_scan_init allocates; scanning never does. Nothing here is
 * shared between scanners, so two threads may scan two ranges at once. */
#ifndef PTAUDIT_CSV_SCAN_H
#define PTAUDIT_CSV_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

struct pt_scan_options {
    /* select[i] != 0: column i (0-based) is wanted; columns at or past
     * n_select are not. select == NULL: every column is wanted. Unwanted
     * fields are counted but come back as {NULL, 0}. Borrowed. */
    const unsigned char *select;
    size_t n_select;
    size_t expect_fields;     /* 0 = any count; else other counts fall back (blank lines excepted) */
    size_t max_field_bytes;   /* 0 = PT_CSV_DEFAULT_MAX_FIELD (csv_reader.h) */
    size_t max_fields;        /* field-array capacity; 0 = 1024 */
    size_t scratch_bytes;     /* room for unescaped selected fields per record; 0 = 1 MiB */
    int require_utf8;         /* 1: a record with ill-formed UTF-8 falls back */
    int strip_bom;            /* 1: skip a UTF-8 BOM at offset 0 (as the reader does); 0: fall back */
    int more_input;           /* 1: the buffer is a window and the input goes on past it: a
                               * record not finished before the buffer end (no line end yet, a CR
                               * or a closing quote as the last byte, an open quote) ends the
                               * scan with stop.incomplete = 1 instead of being returned */
};

/* One field: bytes [ptr, ptr + len), doubled quotes already undone.
 * Every field, wanted or not, also keeps its raw span in the buffer (the
 * body between the quotes, doubled quotes NOT undone, with escaped = 1 when
 * it holds any): a reader can materialize an unwanted column on demand
 * without the scanner copying it for every record. */
struct pt_scan_field {
    const char *ptr;          /* borrowed; NULL for an unwanted column */
    size_t len;
    const char *raw;          /* borrowed: the field's bytes in the buffer */
    size_t raw_len;
    int escaped;              /* raw holds doubled quotes ("") to undo */
};

struct pt_scan_record {
    const struct pt_scan_field *fields;   /* borrowed, n_fields entries */
    size_t n_fields;                      /* 0 = a blank line */
    uint64_t line;                        /* physical line of the record start, 1-based */
    uint64_t offset;                      /* byte offset of the record start in the buffer */
    uint64_t end;                         /* offset just past its line end (or the buffer end) */
};

enum pt_scan_status {
    PT_SCAN_RECORD = 0,   /* *rec filled */
    PT_SCAN_END,          /* no record starts before the range end */
    PT_SCAN_FALLBACK      /* stop: re-parse from pt_csv_scan_stop()->offset with libcsv */
};

struct pt_scan_stop {
    uint64_t offset;      /* fallback: start of the record libcsv must parse; end: where scanning stopped */
    uint64_t line;        /* physical line at offset, 1-based */
    const char *why;      /* static text for a fallback ("quote inside an unquoted field"); NULL at the end */
    uint64_t at;          /* fallback: offset of the byte that caused it */
    int incomplete;       /* end (more_input only): the record at offset needs more bytes;
                           * move buf[offset..len) to the front, read more, scan again from 0
                           * with this line */
};

struct pt_csv_scan {
    const char *buf;                  /* borrowed */
    size_t len, pos, end;
    uint64_t line;
    struct pt_scan_options opt;
    struct pt_scan_field *fields;     /* owned, opt.max_fields entries */
    char *scratch;                    /* owned, opt.scratch_bytes */
    struct pt_scan_stop stop;
    int done;
    int bom;                          /* a BOM was stripped at offset 0 */
    uint64_t want_lo;                 /* bit i: column i < 64 is wanted (from opt.select) */
};

/* Prepares s to scan the records that start in [begin, end) of buf[0..len)
 * (end <= len; a record that starts before end is finished past it).
 * line is the physical line at begin (1 at offset 0). opt may be NULL
 * (defaults). PT_EINVAL if begin > end or end > len; PT_ENOMEM. On any
 * return s can be passed to pt_csv_scan_free. */
PT_NODISCARD enum pt_code pt_csv_scan_init(struct pt_csv_scan *s, const char *buf, size_t len,
                                           size_t begin, size_t end, uint64_t line,
                                           const struct pt_scan_options *opt,
                                           struct pt_error *err);

/* Changes the column mask (opt.select, opt.n_select; borrowed) between
 * records. Use this rather than writing opt.select: the scanner keeps the
 * first 64 columns' mask as bits, set here and by pt_csv_scan_init. */
void pt_csv_scan_select(struct pt_csv_scan *s, const unsigned char *select, size_t n_select);

/* Points s at a new window, keeping its allocations and options (the
 * streaming reader refills one buffer this way). */
void pt_csv_scan_reset(struct pt_csv_scan *s, const char *buf, size_t len, size_t begin,
                       size_t end, uint64_t line, int more_input);

/* The next record. A BOM is looked for only at offset 0 when line is 1.
 * After PT_SCAN_END or PT_SCAN_FALLBACK every further
 * call returns the same status. Never allocates. */
PT_NODISCARD enum pt_scan_status pt_csv_scan_next(struct pt_csv_scan *s,
                                                  struct pt_scan_record *rec);

/* Where and why scanning stopped (valid after END or FALLBACK). After END,
 * offset == the range end exactly when the range end was a record
 * boundary; a larger offset means a record ran across it. */
const struct pt_scan_stop *pt_csv_scan_stop(const struct pt_csv_scan *s);

/* Releases what s owns; accepts a zeroed or already-freed scanner. */
void pt_csv_scan_free(struct pt_csv_scan *s);

/* Two-thread split by quote parity. Counts '"' bytes and line ends in
 * [begin, target); if the count is even, target is outside any quoted
 * field, so the first line end at or after target where the running
 * parity is even ends a record. Writes that record boundary (past a CRLF)
 * and the physical line there; returns 0, or -1 when no such point exists
 * before len (then scan in one piece).
 * Failure mode: parity is exact only when every quote before target opens,
 * closes or doubles inside a quoted field. A stray quote in an unquoted
 * field (which the scan of the first part falls back on anyway) flips it
 * and the split lands inside a record. So the split is a guess that the
 * first part verifies: its scan must end with stop.offset == split; if not,
 * drop the second part's results and continue the first part to the end
 * in one thread. Never returns a point before target. */
int pt_csv_scan_split(const char *buf, size_t len, size_t begin, uint64_t line_at_begin,
                      size_t target, size_t *split, uint64_t *split_line);

/* The same in pieces, for input read in blocks: feed [begin, target) in
 * any number of pieces, then walk a window that starts at target. */
struct pt_scan_parity {
    uint64_t quotes;      /* '"' bytes fed */
    uint64_t lines;       /* line ends fed (CRLF once) */
    int prev_cr;          /* the last byte fed was CR */
};
void pt_csv_scan_parity_feed(struct pt_scan_parity *st, const char *p, size_t n);
/* Finds the split in the window p[0..n) that follows the fed prefix:
 * *split = its offset in the window, *lines_before = line ends from begin
 * to it. -1 when the window holds none (try a larger window). */
int pt_csv_scan_split_walk(const char *p, size_t n, const struct pt_scan_parity *st,
                           size_t *split, uint64_t *lines_before);

#endif

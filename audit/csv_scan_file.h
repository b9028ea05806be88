/* csv_scan_file.h: csv_scan over a file descriptor in fixed blocks.
 *
 * What a loader calls: records come from pt_csv_scan (csv_scan.h) over a
 * buffer refilled with read/pread, so memory is the buffer (default 8 MiB,
 * grown only for a record larger than it) whatever the input's size, and
 * stdin works too. A range [begin, end) of a regular file can be scanned
 * by one thread while another scans the next (pread, no shared state);
 * pt_scan_file_split finds the boundary by quote parity (csv_scan.h says
 * how it can be wrong and how the first part's scan catches that).
 * Offsets in records and stops are file offsets. Fields stay valid until
 * the next pt_scan_file_next call. The descriptor is borrowed.
 *
 * How a loader (load_cfpb) uses it, keeping csv_reader the parser of record:
 *  1. pt_csv_reader_create as today: encoding, header, column lookup. Take
 *     the fast path only for UTF-8 input from a regular file.
 *  2. opt.select = the columns the command needs, opt.expect_fields = the
 *     header's count (a ragged row then falls back, so the reader
 *     quarantines it with its own message), require_utf8 = strip_bom = 1.
 *     Start at the byte after the header (line = its line + its line ends),
 *     or simply at 0 and skip the first record.
 *  3. Per record: n_fields == 0 counts as lines_blank, as in the reader;
 *     the rest is rows_read and goes to the same row code as the reader's
 *     records (which must take spans, not NUL-terminated strings).
 *  4. On PT_SCAN_FALLBACK at stop.offset / stop.line: everything before is
 *     done and exact. Re-parse from that offset with libcsv: today, by
 *     restarting the whole input with the reader (discarding the groups);
 *     better, with a reader entry that resumes at an offset and line with
 *     a known header (to be added to csv_reader.h by its owner).
 *  5. Two threads: pt_scan_file_split at the middle, one pt_scan_file and
 *     one group table per part, merged in part order. Part 2 counts only
 *     if part 1 ended with stop.offset == split (else rescan part 1 to the
 *     end); a fallback in part 2 means: merge, then re-parse from its
 *     offset as in 4. */
#ifndef PTAUDIT_CSV_SCAN_FILE_H
#define PTAUDIT_CSV_SCAN_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "audit/csv_scan.h"
#include "audit/error.h"
#include "audit/progress.h"

struct pt_scan_file {
    int fd;                      /* borrowed */
    int seekable;                /* pread at file offsets; else read() in sequence */
    uint64_t at;                 /* file offset of buf[0] */
    uint64_t begin, end;         /* records that start in [begin, end); end UINT64_MAX = EOF */
    char *buf;                   /* owned */
    size_t cap, len, max_cap;
    int eof;
    struct pt_csv_scan s;        /* owns its field array and scratch */
    struct pt_scan_stop stop;    /* in file offsets */
    struct pt_progress progress; /* called after each read with bytes done in the range */
    uint64_t total;              /* range size for progress (0 = unknown) */
};

/* Prepares f for the records that start in [begin, end) of fd; line is
 * the physical line at begin (1 at 0). block_bytes 0 = 8 MiB. opt as in
 * csv_scan.h (more_input is managed here). PT_ENOMEM; PT_EINVAL for
 * begin > end. f can be freed on any return. */
PT_NODISCARD enum pt_code pt_scan_file_init(struct pt_scan_file *f, int fd, uint64_t begin,
                                            uint64_t end, uint64_t line,
                                            const struct pt_scan_options *opt,
                                            size_t block_bytes, struct pt_error *err);

/* Next record: PT_OK with *st = PT_SCAN_RECORD and *rec filled, or PT_OK
 * with *st = PT_SCAN_END / PT_SCAN_FALLBACK (see pt_scan_file_stop);
 * PT_EIO on a read error, PT_ENOMEM when a record outgrows memory. */
PT_NODISCARD enum pt_code pt_scan_file_next(struct pt_scan_file *f, struct pt_scan_record *rec,
                                            enum pt_scan_status *st, struct pt_error *err);

/* Where scanning stopped, in file offsets (after END or FALLBACK). After
 * END, offset == end when the range end was a record boundary. */
const struct pt_scan_stop *pt_scan_file_stop(const struct pt_scan_file *f);

void pt_scan_file_free(struct pt_scan_file *f);

/* Two-thread split of fd's [begin, size) near target by quote parity,
 * reading in blocks. Returns PT_OK with *found = 1 and the split's file
 * offset and line, or *found = 0 (scan in one piece); PT_EIO, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_scan_file_split(int fd, uint64_t begin, uint64_t line,
                                             uint64_t target, uint64_t size, int *found,
                                             uint64_t *split, uint64_t *split_line,
                                             struct pt_error *err);

#endif

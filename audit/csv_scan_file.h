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
 * the next pt_scan_file_next call. The descriptor is borrowed. */
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

/* csv_reader_impl.h: the reader's private state, shared by csv_reader.c
 * (the libcsv loop), csv_reader_api.c (records, header, accounting) and
 * csv_decode.c (encodings). Not for loaders: they use csv_reader.h. */
#ifndef PTAUDIT_CSV_READER_IMPL_H
#define PTAUDIT_CSV_READER_IMPL_H

#include <iconv.h>
#include <stddef.h>
#include <stdint.h>

#include <csv.h>

#include "audit/csv_reader.h"
#include "audit/csv_scan.h"
#include "audit/error.h"
#include "audit/progress.h"
#include "audit/quarantine.h"

/* The read buffer (csv_reader.c fills it, csv_reader_fast.c refills it
 * keeping a cut record's tail): one size for both. */
#define PT_READER_BLOCK_BYTES (1u << 20)

/* The fields of one record: bytes in buf (each field NUL-terminated), with
 * offsets, lengths and (after pt_fields_finish) pointers. All owned. */
struct pt_fields {
    char *buf;
    size_t len, cap;
    size_t *offs;
    size_t *lens;
    const char **ptrs;
    size_t n_fields, cap_fields;
};

/* The first problem found in the current record (one reason per record). */
enum pt_bad { PT_BAD_NONE, PT_BAD_MALFORMED, PT_BAD_TOO_LONG, PT_BAD_NUL, PT_BAD_ENCODING,
              PT_BAD_FIELD_COUNT };

struct pt_csv_reader {
    FILE *in;                      /* borrowed */
    struct pt_loc loc0;            /* path only */
    struct pt_quarantine *q;       /* borrowed */
    struct pt_accounting *acc;     /* borrowed */
    enum pt_encoding enc;
    size_t max_field;
    iconv_t cd;                    /* GB18030 -> UTF-8 when cd_open */
    int cd_open;
    struct csv_parser parser;
    int parser_live;

    char *block;                   /* owned, BLOCK_BYTES */
    size_t block_len, block_pos;
    int eof;                       /* the last fread hit end of input */
    uint64_t offset;               /* bytes consumed */
    struct pt_progress_meter *progress;   /* borrowed; NULL = none */
    uint64_t reported;             /* offset last added to progress */
    uint64_t lines;                /* physical line ends consumed */
    int prev_cr;                   /* the last byte consumed was CR */
    int lf_pending;                /* a row ended on CR: skip one LF */

    /* the row being read */
    struct pt_fields cur;          /* raw field bytes from libcsv */
    struct pt_fields dec;          /* GB18030 fields converted to UTF-8 */
    struct pt_fields *out;         /* cur or dec: what the caller sees */
    char *conv;                    /* iconv output scratch, owned */
    size_t conv_cap;
    int row_done, in_record, oom;
    int skipping;                  /* SKIP_LINE / SKIP_RECORD after a bad row, else 0 */
    int in_quotes;                 /* odd number of quotes consumed in this row */
    uint64_t rec_line;             /* physical line where the row starts */
    char raw[PT_REJECT_RECORD_MAX + 4];   /* first bytes of the row, for rejects */
    size_t raw_len;
    uint64_t raw_total;
    enum pt_bad bad;
    long bad_col;                  /* 0-based, -1 = whole record */
    char bad_detail[160];

    /* the header, kept for the reader's life */
    struct pt_fields head;
    struct pt_record header_rec;

    struct pt_loc last_reject;     /* the row last quarantined here (line 0 = none) */
    char last_reject_detail[160];

    /* the fast path (csv_reader_fast.c) */
    int fast;                      /* 1: try the scanner for each record */
    struct pt_csv_scan scan;       /* owns its field array and scratch */
    int scan_live;
    unsigned char *use;            /* owned, n_use entries (enum pt_col_use); NULL = all used */
    size_t n_use;
    const char *raw_ext;           /* the current record's bytes in block (fast rows), else NULL */
    struct pt_lazy { const char *raw; size_t len; int escaped; } *lazy;   /* per column */
    char *lazy_buf;                /* a materialized LAZY field */
    size_t lazy_cap;
    int row_fast;                  /* the current row came from the scanner */
    uint64_t end_limit;            /* no record starts at or past this offset */
    int has_end;                   /* end_limit applies */
    uint64_t n_fast, n_libcsv;

    struct pt_record rec;          /* the record last returned */
    uint64_t n_data;               /* data records read (rejected included) */
    int pending;                   /* rec awaits accept/reject/filter/skip */
    int allow_ragged;
};

/* csv_reader.c */
PT_NODISCARD enum pt_code pt_reader_open_input(struct pt_csv_reader *r, struct pt_error *err);
void pt_reader_close_input(struct pt_csv_reader *r);
PT_NODISCARD enum pt_code pt_reader_read_row(struct pt_csv_reader *r, struct pt_error *err);
/* Adds the bytes consumed since the last call to r->progress. Called
 * before each block read and at the end, so once per 1 MiB at most. */
void pt_reader_progress(struct pt_csv_reader *r);

/* csv_reader_fast.c */
/* Reads the next row with the scanner when it can: PT_OK with *done = 1
 * (r->cur filled as pt_reader_read_row fills it), PT_OK with *done = 0
 * (libcsv must read this row: the scanner was unsure, or the row needs a
 * state only libcsv has), PT_EIO / PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_reader_fast_row(struct pt_csv_reader *r, int *done,
                                             struct pt_error *err);
/* Turns the fast path on after the header when the input allows it. */
PT_NODISCARD enum pt_code pt_reader_fast_start(struct pt_csv_reader *r, int libcsv_only,
                                               struct pt_error *err);
void pt_reader_fast_free(struct pt_csv_reader *r);
/* How the loader uses column col (pt_csv_reader_select; USED when it
 * selected nothing). */
enum pt_col_use pt_reader_col_use(const struct pt_csv_reader *r, size_t col);

/* csv_reader_api.c */
void pt_reader_mark_bad(struct pt_csv_reader *r, enum pt_bad bad, long col, const char *fmt, ...)
    PT_PRINTF(4, 5);
int pt_fields_push(struct pt_fields *f, const char *s, size_t len);
void pt_fields_clear(struct pt_fields *f);
void pt_fields_finish(struct pt_fields *f);
void pt_fields_free(struct pt_fields *f);

/* Where and why the reader last quarantined a row by itself; 0 if never.
 * For readers of configuration files (colmap.c), where a bad row is an
 * error rather than a reject. */
int pt_reader_last_reject(const struct pt_csv_reader *r, struct pt_loc *loc,
                          const char **detail);

/* csv_decode.c */
PT_NODISCARD enum pt_code pt_reader_detect_encoding(struct pt_csv_reader *r,
                                                    struct pt_error *err);
PT_NODISCARD enum pt_code pt_reader_decode_row(struct pt_csv_reader *r, struct pt_error *err);
void pt_reader_close_decoder(struct pt_csv_reader *r);
/* GB18030 raw bytes -> UTF-8 for the rejects file, each byte that does not
 * decode shown as the text \xHH (as quarantine.c shows bad UTF-8). Returns
 * the length written to out (not terminated); stops when out is full. */
size_t pt_reader_raw_to_utf8(struct pt_csv_reader *r, const char *raw, size_t n, char *out,
                             size_t size);

#endif

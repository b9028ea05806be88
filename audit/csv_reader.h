/* csv_reader.h: streaming CSV records over libcsv, with positions, encodings
 * and quarantine. Every loader reads through it.
 *
 * RFC 4180 via libcsv (the parser of record) in strict mode. The reader adds
 * what libcsv lacks: the physical line where each record starts (correct
 * across quoted newlines, CRLF and bare CR), a UTF-8 BOM strip, the encoding
 * decided once from the first 64 KiB (valid UTF-8, else GB18030 converted
 * to UTF-8 with iconv; or forced), and quarantine of malformed records
 * (bad quoting, ragged rows, NUL bytes, fields over max_field_bytes,
 * undecodable bytes) after which it resumes at the next record.
 * Memory is bounded by the largest record, not by the file.
 * Ownership: the reader borrows the FILE and the quarantine; the fields of a
 * record are borrowed and valid until the next pt_csv_reader_next call.
 *
 * Semantics (tests/test_csv_reader.c checks each against Python's csv):
 * - A physical line ends at LF, CRLF or a lone CR, inside quoted fields too
 *   (Python's universal newlines); record.line is where a record starts.
 * - Fields are byte-exact: no trimming (" a " stays " a "), "" is an empty
 *   field, a line of spaces is a one-field record.
 * - Blank line = a line with no bytes at all: counted in lines_blank, never
 *   a record, before or after the header.
 * - The header is the first non-blank record. Data records after it count
 *   in rows_read, including every record rejected here.
 * - Rejected here (reason, then reading resumes): malformed_csv (a quote
 *   inside an unquoted field, anything but , or a line end after a closing
 *   quote — RFC 4180 strict, stricter than Python, which keeps a"b — and a
 *   quoted field still open at end of file: one record up to EOF; after an
 *   error the rest of that physical line is skipped), nul_byte,
 *   field_too_long (> max_field_bytes; the rest of the record is skipped,
 *   newlines inside its quoted fields included), encoding (a field that is not UTF-8, or not GB18030),
 *   field_count ("expected N fields, found M"; off with allow_ragged).
 *   One reason per record: the first met while parsing (malformed, NUL,
 *   too long, in byte order); encoding and then field_count only for
 *   records that parsed cleanly.
 * - Limits: max_field_bytes (default 64 MiB) per field; memory is about
 *   one record plus 1 MiB of read buffer; the rejects keep 4 KiB of it. */
#ifndef PTAUDIT_CSV_READER_H
#define PTAUDIT_CSV_READER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/error.h"
#include "audit/quarantine.h"

enum pt_encoding { PT_ENC_AUTO = 0, PT_ENC_UTF8, PT_ENC_GB18030 };

/* "auto", "utf-8", "gb18030". Static. */
const char *pt_encoding_name(enum pt_encoding enc);
/* Parses a --encoding value; PT_EUSAGE on anything else. */
PT_NODISCARD enum pt_code pt_encoding_parse(const char *text, enum pt_encoding *out,
                                            struct pt_error *err);

#define PT_CSV_DEFAULT_MAX_FIELD (64u * 1024u * 1024u)   /* bytes, documented limit */

struct pt_csv_options {
    enum pt_encoding encoding;   /* PT_ENC_AUTO = detect */
    size_t max_field_bytes;      /* 0 = PT_CSV_DEFAULT_MAX_FIELD */
    int libcsv_only;             /* 1: no fast path, every record through libcsv
                                  * (the differential tests compare both) */
};

/* One record. fields[i] is NUL-terminated UTF-8 of length lens[i]. */
struct pt_record {
    const char *const *fields;   /* borrowed */
    const size_t *lens;          /* borrowed */
    size_t n_fields;
    uint64_t line;               /* physical line where the record starts, 1-based */
    uint64_t index;              /* 1-based data record number (header excluded) */
};

struct pt_csv_reader;            /* opaque: see csv_reader.c */

/* Creates a reader over in (borrowed), named path in messages ("-" for
 * stdin); q and acc are borrowed and must outlive the reader. Reads the
 * first 64 KiB to decide the encoding, then the header row.
 * PT_EDATA for an empty file or a header that does not parse; PT_EIO on a
 * read error; PT_ENOMEM. On success *out is owned by the caller. */
PT_NODISCARD enum pt_code pt_csv_reader_create(struct pt_csv_reader **out, FILE *in,
                                               const char *path,
                                               const struct pt_csv_options *opt,
                                               struct pt_quarantine *q,
                                               struct pt_accounting *acc,
                                               struct pt_error *err);
void pt_csv_reader_destroy(struct pt_csv_reader *r);

/* The header row (borrowed, valid for the reader's life). */
const struct pt_record *pt_csv_reader_header(const struct pt_csv_reader *r);
/* 0-based index of the header column whose name equals name (after
 * trimming spaces; exact bytes otherwise), or -1. */
long pt_csv_reader_column(const struct pt_csv_reader *r, const char *name);
/* Moves *s past leading and *len before trailing spaces and tabs: how header
 * names are compared (fields themselves are never trimmed). */
void pt_csv_trim_blanks(const char **s, size_t *len);

/* PT_EDATA (located at the header line and the second column) when one of
 * the n columns a loader bound (0-based; negative entries are skipped) has a
 * header name that appears again in the header: which of the two the source
 * meant cannot be known, and using one silently could count the wrong data.
 * Other duplicated names, in columns nobody reads, are allowed. */
PT_NODISCARD enum pt_code pt_csv_reader_check_unique(const struct pt_csv_reader *r,
                                                     const long *cols, size_t n,
                                                     struct pt_error *err);
/* The encoding in use (never PT_ENC_AUTO after create). */
enum pt_encoding pt_csv_reader_encoding(const struct pt_csv_reader *r);
const char *pt_csv_reader_path(const struct pt_csv_reader *r);

/* Next well-formed data record: PT_OK and *rec filled; PT_EOF at the end.
 * Malformed records are quarantined here (counted as read and rejected) and
 * skipped. Records whose field count differs from the header's are
 * quarantined too unless pt_csv_reader_allow_ragged was called. Blank lines
 * are counted in acc->lines_blank and skipped. The record counts as read;
 * the caller then calls exactly one of pt_csv_reader_accept, _reject,
 * _filter or _skip for it. PT_EIO / PT_ENOMEM stop the run. */
PT_NODISCARD enum pt_code pt_csv_reader_next(struct pt_csv_reader *r, struct pt_record *rec,
                                             struct pt_error *err);

void pt_csv_reader_allow_ragged(struct pt_csv_reader *r, int allow);

/* A second reader over the same file for a second thread: in (borrowed)
 * is another stream on the file `like` reads, positioned here at byte
 * offset at, which must be a record start on physical line `line`; the
 * header, encoding and path are like's (UTF-8 only: a GB18030 file is
 * not split). Counts go to q and acc. PT_EIO when in cannot seek there,
 * PT_EINVAL for a GB18030 reader, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_csv_reader_create_at(struct pt_csv_reader **out, FILE *in,
                                                  const struct pt_csv_reader *like,
                                                  uint64_t at, uint64_t line,
                                                  const struct pt_csv_options *opt,
                                                  struct pt_quarantine *q,
                                                  struct pt_accounting *acc,
                                                  struct pt_error *err);
/* Stops before the first record (or blank line) that starts at or past
 * byte offset end: next returns PT_EOF there. UINT64_MAX = no limit (it
 * can be lifted later and reading goes on). */
void pt_csv_reader_set_end(struct pt_csv_reader *r, uint64_t end);
/* The physical line the next record starts on (see
 * pt_csv_reader_offset: after reading up to a limit, the offset equals
 * the limit exactly when it was a record boundary). */
uint64_t pt_csv_reader_next_line(const struct pt_csv_reader *r);

/* Which columns a loader reads (csv_reader_fast.c). A UTF-8 input is read
 * by the fast scanner (csv_scan.h) record by record, libcsv taking over
 * for any record the scanner is not sure of, so records are identical
 * either way; what select changes is only what gets copied:
 *   PT_COL_UNUSED  the field comes back as "" (still counted and checked:
 *                  quoting, NUL, UTF-8, size, field count);
 *   PT_COL_USED    the field as read (the default for every column);
 *   PT_COL_LAZY    "" in the record; pt_csv_reader_field gives the value
 *                  when the loader needs it (a narrative that only some
 *                  records need is then never copied for the others).
 * use[i] for column i; columns at or past n are UNUSED. Call after
 * create, before the first next. PT_ENOMEM. */
enum pt_col_use { PT_COL_UNUSED = 0, PT_COL_USED = 1, PT_COL_LAZY = 2 };
PT_NODISCARD enum pt_code pt_csv_reader_select(struct pt_csv_reader *r,
                                               const unsigned char *use, size_t n,
                                               struct pt_error *err);
/* Field col (0-based) of the record last returned, a LAZY column
 * materialized here (valid until the next pt_csv_reader_next); "" with
 * *len = 0 when col is out of range. *len may be NULL. PT_ENOMEM is
 * reported as NULL. */
const char *pt_csv_reader_field(struct pt_csv_reader *r, long col, size_t *len);
/* Records the fast scanner delivered and records libcsv parsed, since
 * create (the header and blank lines included): for tests and benchmarks. */
void pt_csv_reader_paths(const struct pt_csv_reader *r, uint64_t *fast, uint64_t *libcsv);

/* The current record is the real header, after a documented preamble line
 * the reader took as its header (LendingClub's "Notes offered by
 * Prospectus" line): it replaces the header for pt_csv_reader_column, the
 * field-count check and the field names in rejects, and counts as a
 * skipped line, like pt_csv_reader_skip (so call neither of the others for
 * it). Reading such a record needs pt_csv_reader_allow_ragged(r, 1) first;
 * turn it off again afterwards to get the field-count check. PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_csv_reader_rehead(struct pt_csv_reader *r, struct pt_error *err);

void pt_csv_reader_accept(struct pt_csv_reader *r);
void pt_csv_reader_filter(struct pt_csv_reader *r);
/* The current record is a documented preamble/trailer line, not a record:
 * it leaves rows_read and goes to lines_skipped. */
void pt_csv_reader_skip(struct pt_csv_reader *r);
/* Quarantines the current record: column is 0-based (-1 = whole record),
 * detail says what was expected and found. */
PT_NODISCARD enum pt_code pt_csv_reader_reject(struct pt_csv_reader *r, long column,
                                               enum pt_reason reason, const char *detail,
                                               struct pt_error *err);

/* Fills loc with the current record's position (column 0-based in, 1-based
 * out; -1 = none). */
void pt_csv_reader_loc(const struct pt_csv_reader *r, long column, struct pt_loc *loc);

/* Bytes consumed so far: a byte offset in the stream (a reader made by
 * create_at starts at its offset). */
uint64_t pt_csv_reader_offset(const struct pt_csv_reader *r);

/* Adds the bytes r consumes to m (borrowed; NULL = none): those consumed
 * since r was created at once (the header's), then the bytes of each block
 * before the next is read, and the rest when next returns PT_EOF. The
 * readers of one input on two threads may share m (progress.h). These are
 * the input's own bytes: a GB18030 file is converted after they are
 * counted, and a stream that is a tee (the report's hash) passes them on
 * unchanged. */
struct pt_progress_meter;
void pt_csv_reader_set_progress(struct pt_csv_reader *r, struct pt_progress_meter *m);

#endif

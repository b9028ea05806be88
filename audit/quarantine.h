/* quarantine.h: rejected rows, their reasons, and the per-input accounting.
 *
 * A row that cannot be used is never dropped: it is written to the rejects
 * sink as `file,line,column,field,reason,record` (CONTRACT.md, Quarantine;
 * record truncated to 4 KiB and marked) and counted. For every input,
 * rows_read == rows_accepted + rows_rejected + rows_filtered; loaders check
 * it with pt_accounting_balanced before they return.
 * Rejects columns: PT_REJECT_HEADER (the contract's six + detail).
 * The sink is a FILE the caller owns (borrowed; NULL = count only). */
#ifndef PTAUDIT_QUARANTINE_H
#define PTAUDIT_QUARANTINE_H

#include <stdint.h>
#include <stdio.h>

#include "audit/error.h"

#define PT_REJECT_RECORD_MAX 4096
/* Appended to a record cut at PT_REJECT_RECORD_MAX bytes ("…[truncated]"). */
#define PT_REJECT_TRUNCATED "\xe2\x80\xa6[truncated]"
/* The rejects file's header: the contract's six columns, then the detail
 * (what was expected and found), last so positional readers still work. */
#define PT_REJECT_HEADER "file,line,column,field,reason,record,detail"

/* Why a row was rejected. Names (pt_reason_name) are part of the contract:
 * they appear in rejected.csv. */
enum pt_reason {
    PT_REASON_MALFORMED_CSV,   /* unbalanced quote, bad char after a quote */
    PT_REASON_FIELD_COUNT,     /* ragged row: not as many fields as the header */
    PT_REASON_NUL_BYTE,
    PT_REASON_FIELD_TOO_LONG,
    PT_REASON_ENCODING,        /* does not decode in the file's encoding */
    PT_REASON_MISSING_FIELD,   /* a required field is empty */
    PT_REASON_BAD_NUMBER,
    PT_REASON_BAD_DATE,
    PT_REASON_BAD_VALUE,       /* any other value out of its domain */
    PT_REASON_DUPLICATE_ID,
    PT_REASON_NO_RATE,         /* flows/payments admit no unique rate */
    PT_REASON_COUNT
};

/* "malformed_csv", "field_count", ... Static, do not free. */
const char *pt_reason_name(enum pt_reason reason);

struct pt_accounting {
    uint64_t rows_read;        /* data records after the header */
    uint64_t rows_accepted;
    uint64_t rows_rejected;
    uint64_t rows_filtered;    /* excluded by --since/--until/--company/--product */
    uint64_t lines_blank;      /* not records (CONTRACT.md) */
    uint64_t lines_skipped;    /* a source's documented preamble/trailer lines */
    uint64_t by_reason[PT_REASON_COUNT];
};

struct pt_quarantine {
    FILE *sink;                /* borrowed; NULL = count only */
    int header_written;
    uint64_t n_rejected;       /* over all inputs */
};

/* sink may be NULL. Nothing allocates. */
void pt_quarantine_init(struct pt_quarantine *q, FILE *sink);

/* Writes the rejects header now if it is not written yet, so a rejects file
 * with no rows still has its header (report's rejected.csv). PT_EIO. */
PT_NODISCARD enum pt_code pt_quarantine_write_header(struct pt_quarantine *q,
                                                     struct pt_error *err);

/* Rejects found on another thread, kept aside so rejected.csv stays in
 * input order: pt_quarantine_defer gives q a temporary file as its sink
 * (no header: the rows join main's file) when main has a sink, and counts
 * only when it has none; pt_quarantine_join appends them to main (its
 * header first if they are the first rows) and adds their count. Both
 * PT_EIO. pt_quarantine_close frees the temporary file. */
PT_NODISCARD enum pt_code pt_quarantine_defer(struct pt_quarantine *q,
                                              const struct pt_quarantine *main,
                                              struct pt_error *err);
PT_NODISCARD enum pt_code pt_quarantine_join(struct pt_quarantine *main,
                                             struct pt_quarantine *q, struct pt_error *err);
void pt_quarantine_close(struct pt_quarantine *q);

/* Records one rejected row: writes the CSV line to the sink (header first
 * time), bumps acc->rows_rejected and acc->by_reason[reason]. field is the
 * column's header name (may be NULL/empty), detail says what was expected
 * and found, record/record_len the row's text as far as it is known.
 * Text is escaped against formula injection like every CSV output.
 * Returns PT_EIO if the sink cannot be written. */
PT_NODISCARD enum pt_code pt_quarantine_add(struct pt_quarantine *q, struct pt_accounting *acc,
                                            const struct pt_loc *loc, const char *field,
                                            enum pt_reason reason, const char *detail,
                                            const char *record, size_t record_len,
                                            struct pt_error *err);

/* Makes record[0..len) printable for the rejects file, into out (size
 * bytes, at least sizeof PT_REJECT_TRUNCATED + 4): NUL -> U+2400, each byte
 * that is not well-formed UTF-8 -> the text \xHH; cut on a character
 * boundary so that at most size - sizeof PT_REJECT_TRUNCATED bytes of text
 * remain, then PT_REJECT_TRUNCATED appended if anything was cut. Returns
 * the length written (out is NUL-terminated). Does not allocate. */
size_t pt_quarantine_printable(const char *record, size_t len, char *out, size_t size);

/* 1 when read == accepted + rejected + filtered. */
int pt_accounting_balanced(const struct pt_accounting *acc);

#endif

/* load_common.h: what the loan loaders share (internal to load_*.c).
 *
 * The driver (load_detect.c) owns the CSV reader and a struct pt_loader;
 * each format supplies a `bind` that finds its columns in the header and a
 * `row` that turns one record into a struct pt_loan or describes the
 * problem (struct pt_row_problem) without touching the quarantine: the
 * driver quarantines, checks duplicate source ids, sets the derived fields
 * (EAR, legal flags) and calls the user's callback. This keeps the
 * per-format code pure and testable on plain field arrays.
 * Nothing here is part of the public API (use loan.h). */
#ifndef PTAUDIT_LOAD_COMMON_H
#define PTAUDIT_LOAD_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "audit/csv_reader.h"
#include "audit/loan.h"
#include "audit/progress.h"

struct pt_offer;        /* schedule.h */
struct pt_idset;        /* idset.h */
struct pt_loan_pipe;    /* loan_pipe.h */

/* A header as the loader sees it: LoanStats files have a preamble line
 * before the real header, so this is not always the reader's header. */
struct pt_header {
    char **names;          /* owned, n names */
    size_t n;
};

/* Index of name in h (spaces around names ignored), or -1. */
long pt_header_find(const struct pt_header *h, const char *name);
/* PT_EDATA when a bound column (cols->c, -1 = unbound) has a name that the
 * header repeats: which one the source meant cannot be known
 * (pt_csv_reader_check_unique's rule, on the loader's header). */
PT_NODISCARD enum pt_code pt_header_check_unique(const struct pt_header *h,
                                                 const struct pt_loc *loc,
                                                 const long *cols, size_t n,
                                                 struct pt_error *err);

/* Why a record cannot be a loan. */
struct pt_row_problem {
    long column;           /* 0-based, -1 = whole record */
    enum pt_reason reason;
    char detail[200];      /* "expected ..., found \"...\"" */
};

/* Per-record context handed to a format's row function. */
struct pt_row {
    const struct pt_record *rec;
    const struct pt_header *hdr;
    const char *path;           /* input name, for FILE#RECORD ids */
    uint64_t record_number;     /* 1-based data record number in this file */
    const struct pt_loan_options *opt;
    char id_buf[300];           /* storage for FILE#RECORD */
    int id_from_source;         /* 1 when loan_id came from the file */
    long id_column;             /* its column, -1 otherwise */
    int money_rounded;          /* count of money fields rounded here */
    /* Piped loads (loan_pipe.h): non-NULL lets pt_offers_row leave the rate
     * of an offer pt_offer_solvable vouches for to the worker, copying the
     * offer here and setting deferred (apr and the amounts stay unset). */
    struct pt_offer *defer;
    int deferred;
    /* The duplicate check's set (borrowed; NULL = none): pt_row_id
     * fingerprints a source id and prefetches its slot, so the check after
     * parsing finds it in the cache. id_fp is valid for the string fp_of. */
    const struct pt_idset *ids;
    const char *fp_of;
    uint8_t id_fp[16];
};

/* Field text (never NULL; "" for col < 0 or beyond the record). */
const char *pt_row_field(const struct pt_row *row, long col, size_t *len);
/* 1 when the field is absent or only spaces. */
int pt_row_empty(const struct pt_row *row, long col);

/* Fills p and returns 0: `return pt_problem(p, col, reason, fmt, ...)`. */
int pt_problem(struct pt_row_problem *p, long col, enum pt_reason reason, const char *fmt, ...)
    PT_PRINTF(4, 5);

/* Fills p with "NAME: expected WHAT, found \"TEXT\"" (missing_field when
 * the field is empty) and returns 0. */
int pt_row_bad(const struct pt_row *row, long col, enum pt_reason reason, const char *what,
               struct pt_row_problem *p);

/* Field parsers: return 1 with *out set, or 0 with *p filled ("NAME: expected
 * ..., found \"...\""; an empty required field is missing_field). */
int pt_row_money(struct pt_row *row, long col, int minor_digits, int64_t *out,
                 struct pt_row_problem *p);
/* A rate as a fraction: "0.1356", ".165160" or "13.56%". */
int pt_row_rate(const struct pt_row *row, long col, double *out, struct pt_row_problem *p);
/* A whole number of periods, 1 to 100000: "36", " 36 months", "36 months". */
int pt_row_term(const struct pt_row *row, long col, uint32_t *out, struct pt_row_problem *p);
/* A date in one of formats (date.h); empty gives PT_DAY_UNKNOWN when
 * !required. */
int pt_row_date(const struct pt_row *row, long col, unsigned formats, int required,
                int32_t *out, struct pt_row_problem *p);
/* Sets loan->loan_id from column col, else FILE#RECORD. */
void pt_row_id(struct pt_row *row, long col, struct pt_loan *loan);

/* The periodic rate at which n level payments repay principal (apr.h's
 * pt_apr_level_rate, the engine of `ptaudit apr`): 1 with *rate set, or 0
 * when the payment cannot repay the principal (n x payment < principal: the
 * rate would be negative) or no rate exists. */
int pt_level_rate(double principal, double payment, uint32_t n, double *rate);

/* A loan with every optional field at "none" (NAN, INT64_MIN, ""). */
void pt_loan_clear(struct pt_loan *loan);

/* Name of column col in the header, for messages ("" if none). */
const char *pt_row_colname(const struct pt_row *row, long col);

#endif

#ifndef PTAUDIT_LOAD_COMMON_FORMATS
#define PTAUDIT_LOAD_COMMON_FORMATS
/* Column indexes a format found in the header (-1 = absent). */
#define PT_MAX_COLS 24
struct pt_cols {
    long c[PT_MAX_COLS];
    enum pt_lc_layout layout;
    int mapped;            /* 1 when the columns came from a --map */
};

/* What a format's row function made of a record. */
enum pt_row_result { PT_ROW_BAD = 0, PT_ROW_LOAN = 1, PT_ROW_SKIP = 2 };

/* Each format: bind finds its columns (PT_EDATA naming the first required
 * column missing, at loc), row parses one record. */
PT_NODISCARD enum pt_code pt_lc_bind(const struct pt_header *h, int preamble,
                                     const struct pt_loc *loc, struct pt_cols *cols,
                                     struct pt_error *err);
enum pt_row_result pt_lc_row(const struct pt_cols *cols, struct pt_row *row, struct pt_loan *loan,
                             struct pt_row_problem *p);
/* 1 for LoanStats' own non-record lines: "Notes offered by Prospectus ...",
 * "Loans that do not meet the credit policy", "Total amount funded in policy
 * code N: ..." (one field, the rest empty). */
int pt_lc_note_line(const struct pt_record *rec);

PT_NODISCARD enum pt_code pt_prosper_bind(const struct pt_header *h, const struct pt_loc *loc,
                                          struct pt_cols *cols, struct pt_error *err);
enum pt_row_result pt_prosper_row(const struct pt_cols *cols, struct pt_row *row,
                                  struct pt_loan *loan, struct pt_row_problem *p);

PT_NODISCARD enum pt_code pt_offers_bind(const struct pt_header *h, const struct pt_loc *loc,
                                         struct pt_cols *cols, struct pt_error *err);
enum pt_row_result pt_offers_row(const struct pt_cols *cols, struct pt_row *row,
                                 struct pt_loan *loan, struct pt_row_problem *p);

/* mapped: an offers file whose columns the --map names (canonical fields =
 * the offers columns, plus nothing else); rows go through pt_offers_row. */
PT_NODISCARD enum pt_code pt_mapped_bind(const struct pt_colmap *map,
                                         const struct pt_csv_reader *r, struct pt_cols *cols,
                                         struct pt_error *err);

/* Binds a list of names (NULL-terminated) to cols->c[0..]; the first
 * n_required must exist. PT_EDATA "FORMAT input: required column \"X\"
 * missing (header has N columns)". */
PT_NODISCARD enum pt_code pt_cols_bind(const struct pt_header *h, const char *format,
                                       const char *const *names, size_t n_required,
                                       const struct pt_loc *loc, struct pt_cols *cols,
                                       struct pt_error *err);

/* Sets ear, over_24, over_36, over_4lpr from apr, periods_per_year, currency
 * and day; lpr is the LPR history (legal.h). */
void pt_loan_derive(struct pt_loan *loan, const struct pt_lpr_table *lpr);
#endif

#ifndef PTAUDIT_LOAD_COMMON_DRIVER
#define PTAUDIT_LOAD_COMMON_DRIVER

/* One load in progress (load_detect.c owns it). */
struct pt_loader {
    struct pt_csv_reader *reader;         /* owned */
    const char *path;                     /* borrowed */
    const struct pt_loan_options *opt;    /* borrowed */
    struct pt_quarantine *q;              /* borrowed */
    struct pt_accounting *acc;            /* borrowed */
    pt_loan_fn fn;
    void *ctx;
    struct pt_loan_stats *stats;          /* borrowed */
    struct pt_header hdr;                 /* owned copy */
    int preamble;                         /* 1 = header came after a note line */
    uint64_t n_records;                   /* records so far (not note lines) */
    struct pt_cols cols;
    struct pt_loan_ids *ids;              /* source ids seen (opt's, else owned) */
    int own_ids;
    struct pt_lpr_table lpr;              /* the built-in LPR history */
    const struct pt_loan_sink *sink;      /* borrowed: piped loads, else NULL */
    struct pt_loan_pipe *pipe;            /* owned: piped loads, else NULL */
    uint64_t input_size;                  /* bytes of a regular input file, else 0 */
    struct pt_progress_meter meter;       /* the reader's bytes, when opt->progress.fn */
    int ids_reserved;                     /* the id set was sized from input_size */
};

/* Hands a parsed loan to the callback: derives EAR and flags, checks the
 * duplicate source id (quarantining the record), then accepts or filters
 * the current record. */
PT_NODISCARD enum pt_code pt_loader_emit(struct pt_loader *L, struct pt_row *row,
                                         struct pt_loan *loan, struct pt_error *err);
/* Quarantines the current record for problem p. */
PT_NODISCARD enum pt_code pt_loader_reject(struct pt_loader *L, const struct pt_row_problem *p,
                                           struct pt_error *err);

/* flows (load_flows.c): reads the rest of the file itself. */
PT_NODISCARD enum pt_code pt_flows_bind(const struct pt_header *h, const struct pt_loc *loc,
                                        struct pt_cols *cols, struct pt_error *err);
PT_NODISCARD enum pt_code pt_flows_run(struct pt_loader *L, struct pt_error *err);
#endif

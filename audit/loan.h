/* loan.h: the per-loan record every loan loader emits, and the loader API.
 *
 * A loader reads one CSV input (offers, flows, lendingclub, prosper, or any
 * layout through a column map), turns each record into a struct pt_loan or
 * quarantines it with its reason, and hands each loan to a callback. Loaders
 * never hold all loans: what they keep is the set of source ids already seen
 * (for the duplicate check: 24-70 bytes per loan with a source id, idset.h)
 * and, for flows, the flows of the file (see load_flows.c). What "apr", "principal" and "fees_known" mean for each
 * format is fixed by CONTRACT.md, "Loan inputs", and docs/loans.md.
 * Ownership: every string in a struct pt_loan is borrowed and valid only
 * during the callback; copy it to keep it. The options are borrowed. */
#ifndef PTAUDIT_LOAN_H
#define PTAUDIT_LOAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/colmap.h"
#include "audit/csv_reader.h"
#include "audit/error.h"
#include "audit/legal.h"
#include "audit/progress.h"
#include "audit/quarantine.h"

enum pt_loan_format {
    PT_LOAN_AUTO = 0,
    PT_LOAN_OFFERS,
    PT_LOAN_FLOWS,
    PT_LOAN_LENDINGCLUB,   /* any of the three layouts (pt_loan.layout) */
    PT_LOAN_PROSPER,
    PT_LOAN_MAPPED
};

/* Sub-layouts of lendingclub (CONTRACT.md). */
enum pt_lc_layout {
    PT_LC_NONE = 0,
    PT_LC_LOANSTATS,       /* LendingClub's own export: id, " 36 months", "13.56%", Dec-2011 */
    PT_LC_RPACKAGE,        /* R export: term "36", int_rate 0.1324, ISO issue_d, no id */
    PT_LC_LOANSDATA        /* Amount.Funded.By.Investors, Interest.Rate, Loan.Length */
};

enum pt_fees_known { PT_FEES_YES, PT_FEES_NO, PT_FEES_DERIVED };

struct pt_loan {
    const char *loan_id;          /* source id, else "FILE#RECORD" */
    const char *platform;         /* "" when the source has none */
    const char *product;          /* "" when none */
    const char *currency;         /* ISO 4217; "XXX" unknown */
    const char *source;           /* offers: the citation column; "" otherwise */
    int minor_digits;             /* of currency */
    int32_t day;                  /* loan date (date.h day number), PT_DAY_UNKNOWN */
    int64_t principal_minor;      /* nominal principal (per format, CONTRACT.md) */
    int64_t amount_financed_minor;/* what the borrower received: principal - upfront fees */
    int64_t finance_charge_minor; /* total paid - amount financed; INT64_MIN = unknown */
    uint32_t term;                /* number of payment periods; 0 = unknown (flows) */
    double periods_per_year;
    const char *method;           /* "annuity", "flat", ... or "" (flows) */
    double quoted_annual_rate;    /* fraction; NAN = none */
    double apr;                   /* fraction: periodic IRR x periods_per_year */
    double ear;                   /* (1 + periodic)^ppy - 1 */
    enum pt_fees_known fees_known;
    enum pt_legal_flag over_24, over_36, over_4lpr;   /* legal.h */
    /* Format extras (NAN / 0 when not applicable). */
    double published_rate;        /* LendingClub int_rate, Prosper BorrowerRate */
    double recomputed_rate;       /* nominal annual rate implied by payment/principal/term */
    int rate_disagrees;           /* |recomputed - published| > PT_RATE_AGREE_TOL */
    double published_apr;         /* Prosper BorrowerAPR */
    int64_t implied_fee_minor;    /* Prosper: fee BorrowerAPR implies; INT64_MIN = none */
    double implied_fee_share;     /* implied fee / principal; NAN = none */
    int64_t payment_minor;        /* LendingClub installment, Prosper MonthlyLoanPayment; 0 = none */
    enum pt_loan_format format;
    enum pt_lc_layout layout;
    struct pt_loc loc;            /* where the record starts (column 0); keep it
                                   * last: loan_pipe.c copies the fields before it */
};

/* A recomputed nominal rate agrees with the published one when they differ by
 * at most 0.0005 (5 basis points): LendingClub publishes int_rate to 2
 * decimals of a percent (0.005 points) and rounds installment to the cent;
 * Prosper's BorrowerRate has 4 significant decimals. A cent of rounding on a
 * 1,000 USD 36-month loan moves the implied rate by about 0.0002. */
#define PT_RATE_AGREE_TOL 0.0005

/* What the callback decides about a loan it was given. */
enum pt_loan_verdict { PT_LOAN_KEEP, PT_LOAN_FILTERED };

/* Called once per usable loan; *verdict starts as PT_LOAN_KEEP, and the
 * callback sets PT_LOAN_FILTERED when --since/--until/--company/--product
 * exclude it (counted as filtered, not accepted). Any code other than PT_OK
 * stops the load and is returned as is. */
typedef enum pt_code (*pt_loan_fn)(void *ctx, const struct pt_loan *loan,
                                   enum pt_loan_verdict *verdict, struct pt_error *err);

/* The source ids seen so far, shared by the files of one dataset so that a
 * loan given twice (the same file named twice, overlapping extracts) is a
 * duplicate, not two loans. 24-70 bytes per id (idset.h: SHA-256
 * fingerprints); borrows the paths given to pt_loans_load (they must
 * outlive the set). */
struct pt_loan_ids;   /* opaque */
PT_NODISCARD enum pt_code pt_loan_ids_create(struct pt_loan_ids **out, struct pt_error *err);
void pt_loan_ids_destroy(struct pt_loan_ids *ids);   /* accepts NULL */

struct pt_loan_options {
    enum pt_loan_format format;   /* PT_LOAN_AUTO = detect from the header */
    const char *currency;         /* for offers/flows/mapped without one; NULL = "XXX" */
    double flows_periods_per_year;/* flows: 0 = 12 */
    int days_per_year;            /* offers advertised_basis=day: 365 (0) or 360 */
    const struct pt_colmap *map;  /* mapped: the loaded --map (borrowed); NULL otherwise.
                                   * Given with PT_LOAN_AUTO, it selects mapped. */
    struct pt_csv_options csv;
    struct pt_loan_ids *ids;      /* borrowed; NULL = a set for this input only */
    struct pt_progress progress;  /* bytes of the input consumed (progress.h), from the
                                   * reading thread; fn NULL = none */
};

/* What a load found, for the stderr line, the manifest and the report. */
struct pt_loan_stats {
    enum pt_loan_format format;   /* detected or forced */
    enum pt_lc_layout layout;
    uint64_t rate_checked;        /* loans where a rate could be recomputed */
    uint64_t rate_disagreed;
    uint64_t money_rounded;       /* money values with digits beyond the minor unit */
};

/* Loads one input. in (borrowed) is read to the end; path names it in
 * messages and in FILE#RECORD ids. Bad rows go to q and acc (quarantine.h).
 * Returns PT_OK when the file was read to the end (rows may have been
 * rejected); PT_EDATA for an unknown format or a missing required column
 * (message names the columns); PT_EIO, PT_ENOMEM; or the callback's code. */
PT_NODISCARD enum pt_code pt_loans_load(FILE *in, const char *path,
                                        const struct pt_loan_options *opt,
                                        struct pt_quarantine *q, struct pt_accounting *acc,
                                        pt_loan_fn fn, void *ctx, struct pt_loan_stats *stats,
                                        struct pt_error *err);

/* The two-thread form of pt_loans_load (loan_pipe.h). The reading thread
 * parses, checks duplicates and calls keep; a worker thread solves the
 * offers whose rate is deferred (the reading thread takes a share when the
 * worker falls behind), derives EAR and the legal lines and calls use for
 * every kept loan, in input order. Output is the same as
 * pt_loans_load with a callback doing keep then use. */
struct pt_loan_sink {
    /* Reading thread: 1 to keep the loan, 0 when --since/--until/--company/
     * --product filter it out; NULL keeps every loan. It must not read apr,
     * ear, the over_* lines, amount_financed_minor or finance_charge_minor
     * (an offer's rate may not be solved yet). */
    int (*keep)(void *ctx, const struct pt_loan *loan);
    /* Worker thread: one complete loan; an error stops the load. */
    enum pt_code (*use)(void *ctx, const struct pt_loan *loan, struct pt_error *err);
    void *ctx;               /* borrowed, passed to both */
    size_t batch_loans;      /* loans per hand-over; 0 = PT_LOAN_BATCH_DEFAULT */
};
#define PT_LOAN_BATCH_DEFAULT 4096

/* As pt_loans_load, with sink instead of fn/ctx. On an error of use the
 * reading thread may have read (and quarantined) a few batches past the
 * loan that failed; the run stops with that error all the same. */
PT_NODISCARD enum pt_code pt_loans_load_piped(FILE *in, const char *path,
                                              const struct pt_loan_options *opt,
                                              struct pt_quarantine *q, struct pt_accounting *acc,
                                              const struct pt_loan_sink *sink,
                                              struct pt_loan_stats *stats, struct pt_error *err);

/* "offers", "flows", "lendingclub", "prosper", "mapped", "auto". Static. */
const char *pt_loan_format_name(enum pt_loan_format f);
/* Parses a --from value; PT_EUSAGE on anything else. */
PT_NODISCARD enum pt_code pt_loan_format_parse(const char *text, enum pt_loan_format *out,
                                               struct pt_error *err);
/* "LoanStats export", "R-package export", "loansData" or "". Static. */
const char *pt_lc_layout_name(enum pt_lc_layout l);
/* "yes", "no", "derived". Static. */
const char *pt_fees_known_name(enum pt_fees_known f);

#endif

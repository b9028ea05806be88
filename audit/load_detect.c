/* load_detect.c: pt_loans_load, the one entry point of the loan loaders:
 * opens the CSV reader, finds the real header (LoanStats puts a note line
 * before it), detects the format from header names unless --from forced
 * one, binds the columns and drives the per-format row functions, keeping
 * the duplicate-id set and the accounting.
 *
 * Detection by header names, first match wins: prosper {BorrowerAPR,
 * LoanOriginalAmount}; lendingclub {funded_amnt, int_rate} or
 * {Interest.Rate, Loan.Length} (loansData); flows {loan_id, date, amount}
 * without `principal` (an offers file may have a date and an amount-like
 * column); offers {loan_id, principal, term, rate}. A --map selects mapped.
 * The stats' callback decides filtering; this file never prints. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/alloc.h"
#include "audit/idset.h"
#include "audit/load_common.h"
#include "audit/loan_pipe.h"
#include "audit/schedule.h"

/* The id set is opaque in loan.h so callers need not see idset.h. */
struct pt_loan_ids {
    struct pt_idset set;
};

enum pt_code pt_loan_ids_create(struct pt_loan_ids **out, struct pt_error *err)
{
    *out = pt_calloc(1, sizeof **out);
    if (*out == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory keeping loan ids");
    pt_idset_init(&(*out)->set);
    return PT_OK;
}

void pt_loan_ids_destroy(struct pt_loan_ids *ids)
{
    if (ids == NULL)
        return;
    pt_idset_free(&ids->set);
    pt_free(ids);
}

static const char *const format_names[] = {"auto",        "offers",  "flows",
                                           "lendingclub", "prosper", "mapped"};

const char *pt_loan_format_name(enum pt_loan_format f)
{
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "?";
}

enum pt_code pt_loan_format_parse(const char *text, enum pt_loan_format *out,
                                  struct pt_error *err)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(text, format_names[i]) == 0) {
            *out = (enum pt_loan_format)i;
            return PT_OK;
        }
    return pt_error_set(err, PT_EUSAGE, NULL,
                        "--from: expected auto, offers, flows, lendingclub, prosper or mapped, "
                        "found \"%s\"",
                        text);
}

const char *pt_lc_layout_name(enum pt_lc_layout l)
{
    switch (l) {
    case PT_LC_LOANSTATS: return "LoanStats export";
    case PT_LC_RPACKAGE: return "R-package export";
    case PT_LC_LOANSDATA: return "loansData";
    default: return "";
    }
}

const char *pt_fees_known_name(enum pt_fees_known f)
{
    return f == PT_FEES_YES ? "yes" : f == PT_FEES_NO ? "no" : "derived";
}

static void header_free(struct pt_header *h)
{
    for (size_t i = 0; i < h->n; i++)
        pt_free(h->names[i]);
    pt_free(h->names);
    memset(h, 0, sizeof *h);
}

static enum pt_code header_copy(struct pt_header *h, const struct pt_record *rec,
                                struct pt_error *err)
{
    header_free(h);
    h->names = pt_calloc(rec->n_fields ? rec->n_fields : 1, sizeof *h->names);
    if (h->names == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory reading the header");
    for (size_t i = 0; i < rec->n_fields; i++) {
        h->names[i] = pt_strndup(rec->fields[i], rec->lens[i]);
        if (h->names[i] == NULL) {
            h->n = i;
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory reading the header");
        }
    }
    h->n = rec->n_fields;
    return PT_OK;
}

static int has(const struct pt_header *h, const char *name)
{
    return pt_header_find(h, name) >= 0;
}

static enum pt_loan_format detect(const struct pt_header *h)
{
    if (has(h, "BorrowerAPR") && has(h, "LoanOriginalAmount"))
        return PT_LOAN_PROSPER;
    if ((has(h, "funded_amnt") && has(h, "int_rate")) ||
        (has(h, "Interest.Rate") && has(h, "Loan.Length")))
        return PT_LOAN_LENDINGCLUB;
    if (has(h, "loan_id") && has(h, "date") && has(h, "amount") && !has(h, "principal"))
        return PT_LOAN_FLOWS;
    if (has(h, "loan_id") && has(h, "principal") && has(h, "term") && has(h, "rate"))
        return PT_LOAN_OFFERS;
    return PT_LOAN_AUTO;
}

enum pt_code pt_loader_reject(struct pt_loader *L, const struct pt_row_problem *p,
                              struct pt_error *err)
{
    /* After a LoanStats preamble the reader's header is the note line, so
     * it cannot name columns: the detail names the column itself. */
    long col = L->preamble ? -1 : p->column;
    return pt_csv_reader_reject(L->reader, col, p->reason, p->detail, err);
}

/* 1 in *dup (and the record quarantined) when the loan's source id was
 * seen before; else the id is recorded. */
static enum pt_code check_duplicate(struct pt_loader *L, const struct pt_row *row,
                                    const struct pt_loan *loan, int *dup, struct pt_error *err)
{
    const char *first_path;
    uint64_t first_line = 0;
    *dup = 0;
    if (!row->id_from_source)
        return PT_OK;
    /* After 4,096 ids, size the set for the whole file from the bytes per
     * record so far (+10%), instead of doubling its way there. */
    if (!L->ids_reserved && L->ids->set.n == 4096 && L->input_size > 0) {
        uint64_t done = pt_csv_reader_offset(L->reader);
        L->ids_reserved = 1;
        if (done > 0 && L->n_records > 0)
            pt_idset_reserve(&L->ids->set,
                             (size_t)((double)L->input_size / (double)done *
                                      (double)L->n_records * 1.1) + L->ids->set.n);
    }
    enum pt_code rc =
        row->fp_of == loan->loan_id && row->fp_of != NULL
            ? pt_idset_add_fp(&L->ids->set, row->id_fp, L->path, loan->loc.line, &first_path,
                              &first_line, err)
            : pt_idset_add(&L->ids->set, loan->loan_id, strlen(loan->loan_id), L->path,
                           loan->loc.line, &first_path, &first_line, err);
    if (rc != PT_OK || first_path == NULL)
        return rc;
    struct pt_row_problem p;
    *dup = 1;
    if (first_path == L->path)
        pt_problem(&p, row->id_column, PT_REASON_DUPLICATE_ID,
                   "duplicate loan_id, first at line %llu", (unsigned long long)first_line);
    else
        pt_problem(&p, row->id_column, PT_REASON_DUPLICATE_ID,
                   "duplicate loan_id, first at line %llu of %.100s",
                   (unsigned long long)first_line, first_path);
    return pt_loader_reject(L, &p, err);
}

static void count_accepted(struct pt_loader *L, const struct pt_row *row,
                           const struct pt_loan *loan)
{
    pt_csv_reader_accept(L->reader);
    L->stats->money_rounded += (uint64_t)row->money_rounded;
    if (!isnan(loan->recomputed_rate) || loan->rate_disagrees) {
        L->stats->rate_checked++;
        L->stats->rate_disagreed += (uint64_t)loan->rate_disagrees;
    }
}

/* Piped: the same decisions in the same order as below, minus what does not
 * decide the record's fate (rate of a deferred offer, EAR, legal lines,
 * the consumer), which the worker does. A deferred offer that is not used
 * (duplicate, filtered) is still solved there, to check the promise that
 * let its record be decided before its rate was known. */
static enum pt_code emit_piped(struct pt_loader *L, struct pt_row *row, struct pt_loan *loan,
                               struct pt_error *err)
{
    int dup;
    pt_csv_reader_loc(L->reader, -1, &loan->loc);
    enum pt_code rc = check_duplicate(L, row, loan, &dup, err);
    if (rc != PT_OK)
        return rc;
    int keep = !dup && (L->sink->keep == NULL || L->sink->keep(L->sink->ctx, loan));
    const struct pt_offer *offer = row->deferred ? row->defer : NULL;
    if (!dup && !keep)
        pt_csv_reader_filter(L->reader);
    if (keep)
        count_accepted(L, row, loan);
    return keep || offer ? pt_loan_pipe_push(L->pipe, loan, offer, keep, err) : PT_OK;
}

enum pt_code pt_loader_emit(struct pt_loader *L, struct pt_row *row, struct pt_loan *loan,
                            struct pt_error *err)
{
    enum pt_code rc;
    int dup;
    if (L->pipe != NULL)
        return emit_piped(L, row, loan, err);
    pt_loan_derive(loan, &L->lpr);
    pt_csv_reader_loc(L->reader, -1, &loan->loc);
    if ((rc = check_duplicate(L, row, loan, &dup, err)) != PT_OK || dup)
        return rc;
    enum pt_loan_verdict verdict = PT_LOAN_KEEP;
    if ((rc = L->fn(L->ctx, loan, &verdict, err)) != PT_OK)
        return rc;
    if (verdict == PT_LOAN_FILTERED) {
        pt_csv_reader_filter(L->reader);
        return PT_OK;
    }
    count_accepted(L, row, loan);
    return PT_OK;
}

/* The header, skipping LoanStats' "Notes offered by Prospectus" line: the
 * reader took that line as its header, so the real header arrives as the
 * first record (counted as a skipped line, not a record). */
static enum pt_code find_header(struct pt_loader *L, struct pt_error *err)
{
    const struct pt_record *h = pt_csv_reader_header(L->reader);
    enum pt_code rc = header_copy(&L->hdr, h, err);
    if (rc != PT_OK || !(h->n_fields == 1 && pt_lc_note_line(h)))
        return rc;
    L->preamble = 1;
    pt_csv_reader_allow_ragged(L->reader, 1);
    struct pt_record rec;
    rc = pt_csv_reader_next(L->reader, &rec, err);
    if (rc == PT_EOF) {
        struct pt_loc loc;
        pt_loc_set(&loc, L->path, 2, 0);
        return pt_error_set(err, PT_EDATA, &loc,
                            "expected a header after the LendingClub note line, found the end");
    }
    if (rc != PT_OK)
        return rc;
    pt_csv_reader_skip(L->reader);
    return header_copy(&L->hdr, &rec, err);
}

static enum pt_code bind_columns(struct pt_loader *L, struct pt_error *err)
{
    struct pt_loc loc;
    pt_loc_set(&loc, L->path, L->preamble ? 2 : 1, 0);
    enum pt_loan_format f = L->opt->format;
    if (f == PT_LOAN_AUTO && L->opt->map != NULL)
        f = PT_LOAN_MAPPED;
    if (f == PT_LOAN_AUTO && (f = detect(&L->hdr)) == PT_LOAN_AUTO)
        return pt_error_set(err, PT_EDATA, &loc,
                            "unknown loan format: expected the columns of offers (loan_id, "
                            "principal, term, rate), flows (loan_id, date, amount), lendingclub "
                            "or prosper (see --from, --map)");
    L->stats->format = f;
    switch (f) {
    case PT_LOAN_OFFERS: return pt_offers_bind(&L->hdr, &loc, &L->cols, err);
    case PT_LOAN_FLOWS: return pt_flows_bind(&L->hdr, &loc, &L->cols, err);
    case PT_LOAN_PROSPER: return pt_prosper_bind(&L->hdr, &loc, &L->cols, err);
    case PT_LOAN_MAPPED:
        if (L->opt->map == NULL)
            return pt_error_set(err, PT_EUSAGE, &loc, "--from mapped needs --map FILE");
        if (L->preamble)
            return pt_error_set(err, PT_EDATA, &loc, "mapped input: the header is not the first line");
        return pt_mapped_bind(L->opt->map, L->reader, &L->cols, err);
    case PT_LOAN_LENDINGCLUB:
        pt_csv_reader_allow_ragged(L->reader, 1);
        return pt_lc_bind(&L->hdr, L->preamble, &loc, &L->cols, err);
    default:
        return pt_error_set(err, PT_EUNAVAIL, &loc, "--from %s is not built yet",
                            pt_loan_format_name(f));
    }
}

/* Binds the format's columns, then refuses a bound name the header repeats. */
static enum pt_code bind_format(struct pt_loader *L, struct pt_error *err)
{
    enum pt_code rc = bind_columns(L, err);
    if (rc != PT_OK)
        return rc;
    struct pt_loc loc;
    pt_loc_set(&loc, L->path, L->preamble ? 2 : 1, 0);
    return pt_header_check_unique(&L->hdr, &loc, L->cols.c, PT_MAX_COLS, err);
}

static enum pt_row_result parse_row(struct pt_loader *L, struct pt_row *row, struct pt_loan *loan,
                                    struct pt_row_problem *p)
{
    switch (L->stats->format) {
    case PT_LOAN_OFFERS:
    case PT_LOAN_MAPPED: return pt_offers_row(&L->cols, row, loan, p);
    case PT_LOAN_PROSPER: return pt_prosper_row(&L->cols, row, loan, p);
    default: break;
    }
    if (pt_lc_note_line(row->rec))
        return PT_ROW_SKIP;
    if (row->rec->n_fields != L->hdr.n)
        return pt_problem(p, -1, PT_REASON_FIELD_COUNT, "expected %zu fields, found %zu",
                          L->hdr.n, row->rec->n_fields);
    return pt_lc_row(&L->cols, row, loan, p);
}

static enum pt_code run_rows(struct pt_loader *L, struct pt_error *err)
{
    enum pt_code rc;
    struct pt_record rec;
    while ((rc = pt_csv_reader_next(L->reader, &rec, err)) == PT_OK) {
        struct pt_row row;
        struct pt_loan loan;
        struct pt_row_problem p;
        struct pt_offer deferred;
        memset(&row, 0, sizeof row);
        row.defer = L->pipe != NULL ? &deferred : NULL;
        row.ids = &L->ids->set;
        row.rec = &rec;
        row.hdr = &L->hdr;
        row.path = L->path;
        row.record_number = L->n_records + 1;
        row.opt = L->opt;
        row.id_column = -1;
        enum pt_row_result res = parse_row(L, &row, &loan, &p);
        if (res == PT_ROW_SKIP) {
            pt_csv_reader_skip(L->reader);
            continue;
        }
        L->n_records++;
        if (res == PT_ROW_BAD)
            rc = pt_loader_reject(L, &p, err);
        else
            rc = pt_loader_emit(L, &row, &loan, err);
        if (rc != PT_OK)
            return rc;
    }
    return rc == PT_EOF ? PT_OK : rc;
}

/* The reader, its bytes counted on L->meter when the caller asked for
 * progress (this thread reads; a piped load's worker reads nothing). */
static enum pt_code open_reader(struct pt_loader *L, FILE *in, struct pt_error *err)
{
    struct stat st;
    if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        L->input_size = (uint64_t)st.st_size;
    int progress = L->opt->progress.fn != NULL;
    if (progress)   /* before the reader reads: its first block is the header's */
        pt_progress_meter_init(&L->meter, &L->opt->progress, pt_progress_input_size(in));
    enum pt_code rc =
        pt_csv_reader_create(&L->reader, in, L->path, &L->opt->csv, L->q, L->acc, err);
    if (rc == PT_OK && progress)
        pt_csv_reader_set_progress(L->reader, &L->meter);
    return rc;
}

static enum pt_code load(FILE *in, const char *path, const struct pt_loan_options *opt,
                         struct pt_quarantine *q, struct pt_accounting *acc, pt_loan_fn fn,
                         void *ctx, const struct pt_loan_sink *sink,
                         struct pt_loan_stats *stats, struct pt_error *err)
{
    struct pt_loader L;
    memset(&L, 0, sizeof L);
    L.sink = sink;
    memset(stats, 0, sizeof *stats);
    L.path = path;
    L.opt = opt;
    L.q = q;
    L.acc = acc;
    L.fn = fn;
    L.ctx = ctx;
    L.stats = stats;
    L.ids = opt->ids;
    enum pt_code rc = PT_OK;
    if (L.ids == NULL) {
        rc = pt_loan_ids_create(&L.ids, err);
        L.own_ids = rc == PT_OK;
    }
    if (rc == PT_OK)
        rc = pt_lpr_table_builtin(&L.lpr, err);
    if (rc == PT_OK)
        rc = open_reader(&L, in, err);
    if (rc == PT_OK)
        rc = find_header(&L, err);
    if (rc == PT_OK)
        rc = bind_format(&L, err);
    stats->layout = L.cols.layout;
    if (rc == PT_OK && sink != NULL)
        rc = pt_loan_pipe_create(&L.pipe, sink, &L.lpr, err);
    if (rc == PT_OK)
        rc = stats->format == PT_LOAN_FLOWS ? pt_flows_run(&L, err) : run_rows(&L, err);
    if (L.pipe != NULL) {
        /* The worker's error concerns an earlier record than ours. */
        struct pt_error werr;
        enum pt_code wrc = pt_loan_pipe_finish(L.pipe, &werr);
        if (wrc != PT_OK) {
            rc = wrc;
            *err = werr;
        }
        pt_loan_pipe_destroy(L.pipe);
    }
    if (rc == PT_OK && !pt_accounting_balanced(acc))
        rc = pt_error_set(err, PT_EDATA, NULL,
                          "%s: internal accounting error: %llu read != %llu accepted + %llu "
                          "rejected + %llu filtered",
                          path, (unsigned long long)acc->rows_read,
                          (unsigned long long)acc->rows_accepted,
                          (unsigned long long)acc->rows_rejected,
                          (unsigned long long)acc->rows_filtered);
    if (L.own_ids)
        pt_loan_ids_destroy(L.ids);
    header_free(&L.hdr);
    if (L.reader != NULL)
        pt_csv_reader_destroy(L.reader);
    return rc;
}

enum pt_code pt_loans_load(FILE *in, const char *path, const struct pt_loan_options *opt,
                           struct pt_quarantine *q, struct pt_accounting *acc, pt_loan_fn fn,
                           void *ctx, struct pt_loan_stats *stats, struct pt_error *err)
{
    return load(in, path, opt, q, acc, fn, ctx, NULL, stats, err);
}

enum pt_code pt_loans_load_piped(FILE *in, const char *path, const struct pt_loan_options *opt,
                                 struct pt_quarantine *q, struct pt_accounting *acc,
                                 const struct pt_loan_sink *sink, struct pt_loan_stats *stats,
                                 struct pt_error *err)
{
    return load(in, path, opt, q, acc, NULL, NULL, sink, stats, err);
}

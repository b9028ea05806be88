/* load_flows.c: the `flows` format, dated cash flows of real contracts
 * (CONTRACT.md): loan_id, date, amount (+ optional platform, product,
 * currency); one loan = all rows with its loan_id, signs as in
 * `ptaudit apr --flows` (the earliest flow is the lender's advance and fixes
 * which side is which).
 *
 * The file need not be grouped or sorted: rows are buffered per loan_id in
 * a hash table until the end of the input, then each loan is solved and
 * emitted in order of first appearance (deterministic). Memory: 24 bytes
 * per flow + the loan's id and labels + ~100 bytes per loan, so a flows file
 * is bounded by its number of rows, not streamed; contracts' flows files are
 * small (use offers for millions of loans).
 * Each row is accepted provisionally when it parses; when its loan turns out
 * unusable (flows of one sign, no rate) every row of the loan is moved to
 * the quarantine, one reject line per row, so rows read still equals
 * accepted + rejected + filtered. apr = periodic IRR x periods_per_year
 * (--periods-per-year, default 12), time = actual days / 365 x ppy. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/apr.h"
#include "audit/date.h"
#include "audit/load_common.h"
#include "audit/loan_pipe.h"
#include "audit/money.h"

#include "audit/uthash_pt.h"

enum { C_ID, C_DATE, C_AMOUNT, C_PLATFORM, C_PRODUCT, C_CURRENCY, C_N };
static const char *const names[] = {"loan_id", "date",     "amount",
                                    "platform", "product", "currency", NULL};

struct flow {
    int64_t amount_minor;
    uint64_t line;
    int32_t day;
};

struct floan {
    UT_hash_handle hh;
    char *id, *platform, *product, *currency;   /* owned */
    struct flow *flows;                          /* owned */
    size_t n, cap;
};

struct flows_state {
    struct floan *table;      /* uthash head */
    struct floan **order;     /* owned array of borrowed table entries */
    size_t n_loans, cap_loans;
};

enum pt_code pt_flows_bind(const struct pt_header *h, const struct pt_loc *loc,
                           struct pt_cols *cols, struct pt_error *err)
{
    cols->layout = PT_LC_NONE;
    return pt_cols_bind(h, "flows", names, 3, loc, cols, err);
}

static void floan_free(struct floan *l)
{
    pt_free(l->id);
    pt_free(l->platform);
    pt_free(l->product);
    pt_free(l->currency);
    pt_free(l->flows);
    pt_free(l);
}

static void state_free(struct flows_state *s)
{
    struct floan *l, *tmp;
    HASH_ITER(hh, s->table, l, tmp) {
        HASH_DEL(s->table, l);
        floan_free(l);
    }
    pt_free(s->order);
    memset(s, 0, sizeof *s);
}

/* A new loan holding copies of its id and labels; NULL when out of memory. */
static struct floan *floan_new(const char *id, const char *platform, const char *product,
                               const char *currency)
{
    struct floan *l = pt_calloc(1, sizeof *l);
    if (l == NULL)
        return NULL;
    l->id = pt_strdup(id);
    l->platform = pt_strdup(platform);
    l->product = pt_strdup(product);
    l->currency = pt_strdup(currency);
    if (!l->id || !l->platform || !l->product || !l->currency) {
        floan_free(l);
        return NULL;
    }
    return l;
}

/* The loan of id, created (and appended to the order) on first sight. */
static enum pt_code floan_get(struct flows_state *s, const struct pt_cols *cols,
                              const struct pt_row *row, const char *currency,
                              struct floan **out, struct pt_error *err)
{
    size_t len;
    const char *id = pt_row_field(row, cols->c[C_ID], &len);
    int ut_oom = 0;
    struct floan *l = NULL;
    HASH_FIND(hh, s->table, id, len, l);
    if (l != NULL) {
        *out = l;
        return PT_OK;
    }
    void *order = s->order;
    if (pt_grow(&order, &s->cap_loans, s->n_loans + 1, sizeof *s->order) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory grouping flows");
    s->order = order;
    l = floan_new(id, pt_row_field(row, cols->c[C_PLATFORM], NULL),
                  pt_row_field(row, cols->c[C_PRODUCT], NULL), currency);
    if (l == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory grouping flows");
    HASH_ADD_KEYPTR(hh, s->table, l->id, len, l);
    if (ut_oom) {
        floan_free(l);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory grouping flows");
    }
    s->order[s->n_loans++] = l;
    *out = l;
    return PT_OK;
}

/* Parses one row and files its flow under its loan; a bad row is rejected
 * at once. */
static enum pt_code flows_row(struct pt_loader *L, struct flows_state *s, struct pt_row *row,
                              struct pt_error *err)
{
    const long *c = L->cols.c;
    struct pt_row_problem p;
    struct flow f;
    const char *currency = !pt_row_empty(row, c[C_CURRENCY])
                               ? pt_row_field(row, c[C_CURRENCY], NULL)
                               : L->opt->currency ? L->opt->currency : "XXX";
    if (pt_row_empty(row, c[C_ID])) {
        pt_row_bad(row, c[C_ID], PT_REASON_MISSING_FIELD, "a loan id (flows are grouped by it)",
                   &p);
        return pt_loader_reject(L, &p, err);
    }
    if (!pt_row_date(row, c[C_DATE], PT_DATE_ISO, 1, &f.day, &p) ||
        !pt_row_money(row, c[C_AMOUNT], pt_currency_minor_digits(currency), &f.amount_minor, &p))
        return pt_loader_reject(L, &p, err);
    f.line = row->rec->line;
    struct floan *l = NULL;
    enum pt_code rc = floan_get(s, &L->cols, row, currency, &l, err);
    if (rc != PT_OK)
        return rc;
    void *buf = l->flows;
    if (pt_grow(&buf, &l->cap, l->n + 1, sizeof *l->flows) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory grouping flows");
    l->flows = buf;
    l->flows[l->n++] = f;
    L->stats->money_rounded += (uint64_t)row->money_rounded;
    pt_csv_reader_accept(L->reader);
    return PT_OK;
}

/* Earliest first; rows of one day in file order (total order: lines are
 * unique). */
static int cmp_flow(const void *a, const void *b)
{
    const struct flow *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Moves every row of l from accepted to rejected (or filtered). */
static enum pt_code loan_unaccept(struct pt_loader *L, const struct floan *l, int filtered,
                                  enum pt_reason reason, const char *detail,
                                  struct pt_error *err)
{
    for (size_t k = 0; k < l->n; k++) {
        L->acc->rows_accepted--;
        if (filtered) {
            L->acc->rows_filtered++;
            continue;
        }
        struct pt_loc loc;
        pt_loc_set(&loc, L->path, l->flows[k].line, 0);
        enum pt_code rc = pt_quarantine_add(L->q, L->acc, &loc, "amount", reason, detail, NULL,
                                            0, err);
        if (rc != PT_OK)
            return rc;
    }
    return PT_OK;
}

/* Totals of one loan: the advance side is the earliest flow's sign. */
static void loan_totals(const struct floan *l, struct pt_loan *loan, int *two_signs)
{
    int sign = l->flows[0].amount_minor < 0 ? -1 : 1;
    int64_t adv = 0, rep = 0;
    uint32_t n_rep = 0;
    for (size_t k = 0; k < l->n; k++) {
        int64_t a = l->flows[k].amount_minor;
        if (a == 0)
            continue;
        if ((a < 0 ? -1 : 1) == sign) {
            adv += a < 0 ? -a : a;
        } else {
            rep += a < 0 ? -a : a;
            n_rep++;
        }
    }
    *two_signs = adv > 0 && rep > 0;
    loan->principal_minor = loan->amount_financed_minor = adv;
    loan->finance_charge_minor = rep - adv;
    loan->term = n_rep;
}

static enum pt_code loan_solve(struct pt_loader *L, struct floan *l, struct pt_flow **buf,
                               size_t *cap, struct pt_error *err)
{
    struct pt_loan loan;
    int two_signs;
    char detail[200];
    qsort(l->flows, l->n, sizeof *l->flows, cmp_flow);
    pt_loan_clear(&loan);
    loan.format = PT_LOAN_FLOWS;
    loan.fees_known = PT_FEES_YES;
    loan.loan_id = l->id;
    loan.platform = l->platform;
    loan.product = l->product;
    loan.currency = l->currency;
    loan.minor_digits = pt_currency_minor_digits(l->currency);
    loan.day = l->flows[0].day;
    loan.periods_per_year = L->opt->flows_periods_per_year > 0 ? L->opt->flows_periods_per_year : 12;
    pt_loc_set(&loan.loc, L->path, l->flows[0].line, 0);
    loan_totals(l, &loan, &two_signs);
    if (!two_signs) {
        snprintf(detail, sizeof detail, "loan_id %.80s: expected flows of both signs, found %s",
                 l->id, l->n == 1 ? "a single flow" : "flows of one sign");
        return loan_unaccept(L, l, 0, PT_REASON_NO_RATE, detail, err);
    }
    void *b = *buf;
    if (pt_grow(&b, cap, l->n, sizeof **buf) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory solving flows");
    *buf = b;
    for (size_t k = 0; k < l->n; k++) {
        (*buf)[k].whole = (double)(l->flows[k].day - loan.day) / 365.0 * loan.periods_per_year;
        (*buf)[k].odd = 0.0;
        (*buf)[k].amount = (double)l->flows[k].amount_minor;
    }
    struct pt_rate rate;
    struct pt_error e;
    if (pt_apr_solve(*buf, l->n, loan.periods_per_year, NULL, &rate, &e) != PT_OK) {
        snprintf(detail, sizeof detail, "loan_id %.80s: %.100s", l->id, e.msg);
        return loan_unaccept(L, l, 0, PT_REASON_NO_RATE, detail, err);
    }
    loan.apr = rate.apr;
    enum pt_code rc = PT_OK;
    int filtered;
    if (L->pipe != NULL) {
        /* Piped load (loan_pipe.h): the worker derives and consumes. */
        filtered = L->sink->keep != NULL && !L->sink->keep(L->sink->ctx, &loan);
        if (!filtered)
            rc = pt_loan_pipe_push(L->pipe, &loan, NULL, 1, err);
    } else {
        pt_loan_derive(&loan, &L->lpr);
        enum pt_loan_verdict verdict = PT_LOAN_KEEP;
        rc = L->fn(L->ctx, &loan, &verdict, err);
        filtered = verdict == PT_LOAN_FILTERED;
    }
    if (rc == PT_OK && filtered)
        rc = loan_unaccept(L, l, 1, PT_REASON_NO_RATE, NULL, err);
    return rc;
}

enum pt_code pt_flows_run(struct pt_loader *L, struct pt_error *err)
{
    struct flows_state s;
    struct pt_record rec;
    struct pt_flow *buf = NULL;
    size_t cap = 0;
    enum pt_code rc;
    memset(&s, 0, sizeof s);
    while ((rc = pt_csv_reader_next(L->reader, &rec, err)) == PT_OK) {
        struct pt_row row;
        memset(&row, 0, sizeof row);
        row.rec = &rec;
        row.hdr = &L->hdr;
        row.path = L->path;
        row.record_number = rec.index;
        row.opt = L->opt;
        row.id_column = -1;
        if ((rc = flows_row(L, &s, &row, err)) != PT_OK)
            goto out;
    }
    if (rc != PT_EOF)
        goto out;
    rc = PT_OK;
    for (size_t k = 0; k < s.n_loans && rc == PT_OK; k++)
        rc = loan_solve(L, s.order[k], &buf, &cap, err);
out:
    pt_free(buf);
    state_free(&s);
    return rc;
}

/* cli_apr_flows.c: `ptaudit apr --flows FILE`: a `when,amount` CSV.
 *
 * Read through the shared streaming reader (csv_reader.h: positions, BOM,
 * encodings, strict RFC 4180). Unlike the dataset loaders, a flows file is
 * one loan: a row that cannot be used changes the rate, so any bad row
 * stops the command (exit 65) with FILE:LINE:COLUMN instead of being
 * quarantined; records the reader itself rejects (bad quoting, NUL bytes,
 * bad encoding) are collected in memory and printed after the message.
 * Every flow is kept (money exact in minor units) before solving. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/cli_apr.h"
#include "audit/cli_common.h"
#include "audit/csv_reader.h"
#include "audit/date.h"
#include "audit/money.h"

struct flows_reader {
    const char *path;
    int minor_digits;
    long when_col, amount_col;      /* 0-based header positions */
    size_t n_header;                /* fields in the header */
    struct pt_when *when;           /* owned arrays, pt_grow'n */
    int64_t *minor;
    uint64_t *lines;
    size_t n, cap_when, cap_minor, cap_lines;
    struct pt_error err;
};

/* Header names trimmed and compared ignoring ASCII case. */
static long find_column(const struct pt_record *h, const char *name)
{
    for (size_t k = 0; k < h->n_fields; k++) {
        const char *s = h->fields[k];
        size_t b = 0, e = h->lens[k];
        while (b < e && s[b] == ' ')
            b++;
        while (e > b && s[e - 1] == ' ')
            e--;
        if (e - b == strlen(name) && strncasecmp(s + b, name, e - b) == 0)
            return (long)k;
    }
    return -1;
}

static enum pt_code field_error(struct flows_reader *r, struct pt_csv_reader *rd, long col,
                                const char *name, const char *msg)
{
    struct pt_loc loc;
    pt_csv_reader_loc(rd, col, &loc);
    return pt_error_set(&r->err, PT_EDATA, &loc, "%s: %s", name, msg);
}

static enum pt_code take_record(struct flows_reader *r, struct pt_csv_reader *rd,
                                const struct pt_record *rec)
{
    struct pt_error e = {0};
    int rounded = 0;
    size_t need = r->n + 1;
    if (pt_grow((void **)&r->when, &r->cap_when, need, sizeof *r->when) != 0 ||
        pt_grow((void **)&r->minor, &r->cap_minor, need, sizeof *r->minor) != 0 ||
        pt_grow((void **)&r->lines, &r->cap_lines, need, sizeof *r->lines) != 0)
        return pt_error_set(&r->err, PT_ENOMEM, NULL, "out of memory reading %s", r->path);
    if (rec->n_fields != r->n_header) {
        char msg[96];
        snprintf(msg, sizeof msg, "expected %zu fields like the header, found %zu", r->n_header,
                 rec->n_fields);
        return field_error(r, rd, -1, "record", msg);
    }
    const char *w = rec->fields[r->when_col], *a = rec->fields[r->amount_col];
    size_t wl = rec->lens[r->when_col], al = rec->lens[r->amount_col];
    if (pt_when_parse(w, wl, &r->when[r->n], &e) != PT_OK)
        return field_error(r, rd, r->when_col, "when", e.msg);
    if (pt_money_parse(a, al, r->minor_digits, 0, &r->minor[r->n], &rounded, &e) != PT_OK)
        return field_error(r, rd, r->amount_col, "amount", e.msg);
    if (rounded) {
        char q[96], msg[160];
        pt_error_quote(a, al, 64, q, sizeof q);
        snprintf(msg, sizeof msg, "expected at most %d decimals, found \"%s\"", r->minor_digits,
                 q);
        return field_error(r, rd, r->amount_col, "amount", msg);
    }
    r->lines[r->n++] = rec->line;
    pt_csv_reader_accept(rd);
    return PT_OK;
}

static enum pt_code read_records(struct flows_reader *r, struct pt_csv_reader *rd)
{
    const struct pt_record *h = pt_csv_reader_header(rd);
    struct pt_record rec;
    enum pt_code rc;
    r->when_col = find_column(h, "when");
    r->amount_col = find_column(h, "amount");
    if (r->when_col < 0 || r->amount_col < 0) {
        struct pt_loc loc;
        pt_loc_set(&loc, r->path, h->line, 0);
        return pt_error_set(&r->err, PT_EDATA, &loc,
                            "expected a header with the columns when,amount, found %zu columns "
                            "without %s",
                            h->n_fields, r->when_col < 0 ? "when" : "amount");
    }
    r->n_header = h->n_fields;
    pt_csv_reader_allow_ragged(rd, 1); /* ragged rows are reported here, with their line */
    while ((rc = pt_csv_reader_next(rd, &rec, &r->err)) == PT_OK)
        if ((rc = take_record(r, rd, &rec)) != PT_OK)
            return rc;
    return rc == PT_EOF ? PT_OK : rc;
}

/* Records the reader rejected make the flows incomplete: say so, then show
 * its rejects lines (file,line,column,field,reason,record,detail). */
static int report_rejects(const struct flows_reader *r, const struct pt_accounting *acc,
                          const char *text)
{
    pt_cli_errorf("%s: %llu record(s) could not be read as CSV; every flow is needed for the "
                  "rate:",
                  r->path, (unsigned long long)acc->rows_rejected);
    fputs(text ? text : "", stderr);
    return PT_EXIT_DATAERR;
}

static enum pt_code read_file(struct flows_reader *r, FILE *in, int *status)
{
    struct pt_quarantine q;
    struct pt_accounting acc;
    struct pt_csv_reader *rd = NULL;
    struct pt_csv_options opt = {PT_ENC_AUTO, 0, 0};
    char *rejects = NULL;
    size_t rejects_len = 0;
    FILE *sink = open_memstream(&rejects, &rejects_len);
    enum pt_code rc;
    memset(&acc, 0, sizeof acc);
    if (sink == NULL)
        return pt_error_set(&r->err, PT_ENOMEM, NULL, "out of memory");
    pt_quarantine_init(&q, sink);
    rc = pt_csv_reader_create(&rd, in, r->path, &opt, &q, &acc, &r->err);
    if (rc == PT_OK)
        rc = read_records(r, rd);
    pt_csv_reader_destroy(rd);
    fclose(sink);
    if (rc == PT_OK && acc.rows_rejected > 0)
        *status = report_rejects(r, &acc, rejects);
    free(rejects);
    return rc;
}

/* Lender's side = the first non-zero flow's; totals in minor units. */
static enum pt_code totals(const struct flows_reader *r, struct pt_offer_result *res,
                           struct pt_error *err)
{
    int64_t advanced = 0, repaid = 0;
    int sign = 0;
    enum pt_code rc = PT_OK;
    for (size_t k = 0; k < r->n && rc == PT_OK; k++) {
        int64_t v = r->minor[k];
        if (v != 0 && sign == 0)
            sign = v < 0 ? -1 : 1;
        if (v == 0)
            continue;
        if ((v < 0) == (sign < 0))
            rc = pt_money_add(&advanced, v < 0 ? -v : v, err);
        else
            rc = pt_money_add(&repaid, v < 0 ? -v : v, err);
    }
    res->amount_financed_minor = advanced;
    res->total_paid_minor = repaid;
    res->finance_charge_minor = repaid - advanced;
    res->quoted_annual_rate = NAN;
    return rc;
}

static enum pt_code solve(struct flows_reader *r, struct pt_cli_apr_run *run)
{
    double ppy = run->offer.periods_per_year;
    double *amounts = pt_malloc((r->n ? r->n : 1) * sizeof *amounts);
    struct pt_flow *flows = pt_malloc((r->n ? r->n : 1) * sizeof *flows);
    struct pt_loc loc;
    enum pt_code rc = PT_OK;
    pt_loc_set(&loc, r->path, 0, 0);
    if (amounts == NULL || flows == NULL) {
        rc = pt_error_set(&r->err, PT_ENOMEM, NULL, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < r->n; k++)
        amounts[k] = (double)r->minor[k];
    rc = pt_flows_from_whens(r->when, amounts, r->n, ppy, flows, &r->err);
    if (rc != PT_OK) {
        /* "flow K: ..." -> the line of flow K */
        unsigned long k = strtoul(r->err.msg + 5, NULL, 10);
        pt_loc_set(&loc, r->path, k >= 1 && k <= r->n ? r->lines[k - 1] : 0, 0);
        r->err.loc = loc;
        rc = PT_EDATA;
        r->err.code = rc;
        goto out;
    }
    rc = totals(r, &run->res, &r->err);
    if (rc == PT_OK)
        rc = pt_apr_solve(flows, r->n, ppy, &loc, &run->res.rate, &r->err);
    run->n_flows = r->n;
out:
    pt_free(amounts);
    pt_free(flows);
    return rc;
}

int pt_cli_apr_flows(struct pt_cli_apr_run *run)
{
    struct flows_reader r;
    int status = 0;
    memset(&r, 0, sizeof r);
    r.path = run->flows_path;
    r.minor_digits = pt_currency_minor_digits(run->currency);
    FILE *in = pt_cli_open_input(run->flows_path, &status);
    if (in == NULL)
        return status;
    enum pt_code rc = read_file(&r, in, &status);
    pt_cli_close_input(in);
    if (rc == PT_OK && status == 0)
        rc = solve(&r, run);
    if (rc != PT_OK)
        status = pt_cli_fail(&r.err);
    pt_free(r.when);
    pt_free(r.minor);
    pt_free(r.lines);
    return status;
}

/* cli_apr_flows.c: `ptaudit apr --flows FILE`: a `when,amount` CSV.
 *
 * Read with libcsv directly: the shared streaming reader (csv_reader.h)
 * had not landed when this was written, and a flows file is one small
 * table. Physical lines are tracked as the STYLE.md recipe says: libcsv in
 * strict mode with CSV_REPALL_NL, newlines inside quoted fields counted,
 * CRLF = CR ending the row plus an empty LF "row". Every flow is kept
 * (money in minor units, exactly) before solving: a bad row stops the
 * command with its position, because one dropped flow changes the rate. */
#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/cli_apr.h"
#include "audit/cli_common.h"
#include "audit/date.h"
#include "audit/money.h"

struct flows_reader {
    const char *path;
    int minor_digits;
    uint64_t line, rec_line;        /* current physical line; where the record began */
    int last_was_cr;
    size_t col, n_fields;
    long when_col, amount_col;      /* -1 until the header names them */
    int header_done;
    char *field[2];                 /* owned copies of the when / amount cells */
    size_t field_len[2];
    struct pt_when *when;           /* owned arrays, pt_grow'n */
    int64_t *minor;
    uint64_t *lines;
    size_t n, cap_when, cap_minor, cap_lines;
    enum pt_code rc;                /* first error; stops the parse */
    struct pt_error err;
};

static void set_error(struct flows_reader *r, long col, const char *name, const struct pt_error *e)
{
    struct pt_loc loc;
    if (r->rc != PT_OK)
        return;
    pt_loc_set(&loc, r->path, r->rec_line, (uint32_t)(col + 1));
    r->rc = pt_error_set(&r->err, PT_EDATA, &loc, "%s: %s", name, e->msg);
}

static void keep_field(struct flows_reader *r, int slot, const char *s, size_t len)
{
    char *copy = pt_strndup(s, len);
    if (copy == NULL) {
        r->rc = pt_error_set(&r->err, PT_ENOMEM, NULL, "out of memory reading %s", r->path);
        return;
    }
    pt_free(r->field[slot]);
    r->field[slot] = copy;
    r->field_len[slot] = len;
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct flows_reader *r = ctx;
    const char *s = data;
    for (size_t i = 0; i < len; i++)
        r->line += s[i] == '\n';
    if (!r->header_done) {
        char name[32];
        size_t b = 0, e = len;
        if (r->col == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            b = 3; /* UTF-8 BOM from spreadsheet exports */
        while (b < e && s[b] == ' ')
            b++;
        while (e > b && s[e - 1] == ' ')
            e--;
        snprintf(name, sizeof name, "%.*s", (int)(e - b < 31 ? e - b : 31), s + b);
        if (strcasecmp(name, "when") == 0)
            r->when_col = (long)r->col;
        if (strcasecmp(name, "amount") == 0)
            r->amount_col = (long)r->col;
    } else if ((long)r->col == r->when_col) {
        keep_field(r, 0, s, len);
    } else if ((long)r->col == r->amount_col) {
        keep_field(r, 1, s, len);
    }
    r->col++;
}

static int grow_all(struct flows_reader *r)
{
    size_t need = r->n + 1;
    return pt_grow((void **)&r->when, &r->cap_when, need, sizeof *r->when) == 0 &&
           pt_grow((void **)&r->minor, &r->cap_minor, need, sizeof *r->minor) == 0 &&
           pt_grow((void **)&r->lines, &r->cap_lines, need, sizeof *r->lines) == 0;
}

static void take_record(struct flows_reader *r)
{
    struct pt_error e = {0};
    int rounded = 0;
    if (!grow_all(r)) {
        r->rc = pt_error_set(&r->err, PT_ENOMEM, NULL, "out of memory reading %s", r->path);
        return;
    }
    if (r->field[0] == NULL || r->field[1] == NULL) {
        e.msg[0] = '\0';
        (void)pt_error_set(&e, PT_EDATA, NULL, "expected a value, found a short row");
        set_error(r, r->field[0] == NULL ? r->when_col : r->amount_col,
                  r->field[0] == NULL ? "when" : "amount", &e);
        return;
    }
    if (pt_when_parse(r->field[0], r->field_len[0], &r->when[r->n], &e) != PT_OK) {
        set_error(r, r->when_col, "when", &e);
        return;
    }
    if (pt_money_parse(r->field[1], r->field_len[1], r->minor_digits, 0, &r->minor[r->n],
                       &rounded, &e) != PT_OK) {
        set_error(r, r->amount_col, "amount", &e);
        return;
    }
    if (rounded) {
        char q[96];
        pt_error_quote(r->field[1], r->field_len[1], 64, q, sizeof q);
        (void)pt_error_set(&e, PT_EDATA, NULL, "expected at most %d decimals, found \"%s\"",
                           r->minor_digits, q);
        set_error(r, r->amount_col, "amount", &e);
        return;
    }
    r->lines[r->n++] = r->rec_line;
}

static void on_row(int term, void *ctx)
{
    struct flows_reader *r = ctx;
    size_t fields = r->col;
    if (r->rc == PT_OK && fields > 0) {
        if (!r->header_done) {
            r->header_done = 1;
            r->n_fields = fields;
            if (r->when_col < 0 || r->amount_col < 0) {
                struct pt_loc loc;
                pt_loc_set(&loc, r->path, r->rec_line, 0);
                r->rc = pt_error_set(&r->err, PT_EDATA, &loc,
                                     "expected a header with the columns when,amount, found %zu "
                                     "columns without %s",
                                     fields, r->when_col < 0 ? "when" : "amount");
            }
        } else {
            take_record(r);
        }
    }
    for (int k = 0; k < 2; k++) {
        pt_free(r->field[k]);
        r->field[k] = NULL;
    }
    r->col = 0;
    if (term == '\n' && r->last_was_cr && fields == 0)
        r->last_was_cr = 0; /* the LF of a CRLF */
    else if (term == '\n' || term == '\r') {
        r->line++;
        r->last_was_cr = term == '\r';
    }
    r->rec_line = r->line;
}

static int space_none(unsigned char c)
{
    (void)c;
    return 0;
}

static enum pt_code read_all(struct flows_reader *r, FILE *in)
{
    struct csv_parser p;
    char buf[65536];
    size_t got;
    if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
        return pt_error_set(&r->err, PT_ENOMEM, NULL, "out of memory");
    csv_set_space_func(&p, space_none); /* keep spaces: the value parsers trim */
    while (r->rc == PT_OK && (got = fread(buf, 1, sizeof buf, in)) > 0)
        if (csv_parse(&p, buf, got, on_field, on_row, r) != got && r->rc == PT_OK) {
            struct pt_loc loc;
            pt_loc_set(&loc, r->path, r->rec_line, 0);
            r->rc = pt_error_set(&r->err, PT_EDATA, &loc, "expected RFC 4180 CSV: %s",
                                 csv_strerror(csv_error(&p)));
        }
    if (r->rc == PT_OK && ferror(in))
        r->rc = pt_error_set(&r->err, PT_EIO, NULL, "%s: read error", r->path);
    if (r->rc == PT_OK && csv_fini(&p, on_field, on_row, r) != 0 && r->rc == PT_OK) {
        struct pt_loc loc;
        pt_loc_set(&loc, r->path, r->rec_line, 0);
        r->rc = pt_error_set(&r->err, PT_EDATA, &loc,
                             "expected a closing quote, found the end of the file");
    }
    csv_free(&p);
    return r->rc;
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
    r.line = r.rec_line = 1;
    r.when_col = r.amount_col = -1;
    FILE *in = pt_cli_open_input(run->flows_path, &status);
    if (in == NULL)
        return status;
    enum pt_code rc = read_all(&r, in);
    pt_cli_close_input(in);
    if (rc == PT_OK && !r.header_done) {
        struct pt_loc loc;
        pt_loc_set(&loc, r.path, 0, 0);
        rc = pt_error_set(&r.err, PT_EDATA, &loc,
                          "expected a header when,amount, found an empty file");
    }
    if (rc == PT_OK)
        rc = solve(&r, run);
    if (rc != PT_OK)
        status = pt_cli_fail(&r.err);
    for (int k = 0; k < 2; k++)
        pt_free(r.field[k]);
    pt_free(r.when);
    pt_free(r.minor);
    pt_free(r.lines);
    return status;
}

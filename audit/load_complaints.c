/* load_complaints.c: format detection and the row bookkeeping every
 * complaint loader shares (see complaint.h).
 *
 * Detection looks only at header names (CONTRACT.md): the CFPB export is
 * recognized by "Date received", "Product" and "Company"; a board export
 * by 投诉对象 + 发布时间 or by the scraper's date/title/href columns. */
#include "audit/load_complaints_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"
#include "audit/taxonomy.h"

const char *cl_field(const struct pt_record *rec, long i, size_t *len)
{
    if (i < 0 || (size_t)i >= rec->n_fields) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = rec->lens[i];
    return rec->fields[i];
}

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

enum pt_code cl_reject(struct cl_ctx *x, long col, enum pt_reason reason, const char *detail,
                       struct pt_error *err)
{
    return pt_csv_reader_reject(x->r, col, reason, detail, err);
}

static const char *header_name(const struct cl_ctx *x, long col)
{
    const struct pt_record *h = pt_csv_reader_header(x->r);
    return cl_field(h, col, NULL);
}

enum pt_code cl_required(struct cl_ctx *x, const struct pt_record *rec, long col,
                         const char **out, int *rejected, struct pt_error *err)
{
    size_t len;
    const char *v = cl_field(rec, col, &len);
    if (!blank(v, len)) {
        *out = v;
        return PT_OK;
    }
    char detail[160];
    snprintf(detail, sizeof detail, "expected a value in %s, found an empty field",
             header_name(x, col));
    *rejected = 1;
    return cl_reject(x, col, PT_REASON_MISSING_FIELD, detail, err);
}

enum pt_code cl_date(struct cl_ctx *x, const struct pt_record *rec, long col, unsigned formats,
                     int required, int32_t *day, int *rejected, struct pt_error *err)
{
    size_t len;
    const char *v = cl_field(rec, col, &len);
    *day = PT_DAY_UNKNOWN;
    if (blank(v, len)) {
        if (!required)
            return PT_OK;
        const char *dummy;
        return cl_required(x, rec, col, &dummy, rejected, err);
    }
    struct pt_error perr;
    if (pt_date_parse(v, len, formats, day, &perr) == PT_OK)
        return PT_OK;
    *rejected = 1;
    return cl_reject(x, col, PT_REASON_BAD_DATE, perr.msg, err);
}

const char *cl_product_current(struct cl_ctx *x, const struct pt_complaint *c,
                               size_t product_len, size_t sub_len)
{
    if (x->opt->taxonomy == NULL)
        return c->product_raw;
    size_t pn = product_len, sn = sub_len;
    uint64_t h;
    const void *ptr;
    uint32_t num;
    int32_t flag;
    const char *now;
    if (pt_memo_get(&x->renames, c->product_raw, pn, c->sub_product, sn, &h, &ptr, &num, &flag)) {
        now = ptr;
    } else {
        now = pt_taxonomy_cfpb_product(x->opt->taxonomy, c->product_raw, pn, c->sub_product, sn);
        pt_memo_put(&x->renames, h, c->product_raw, pn, c->sub_product, sn, now, 0, 0);
    }
    if (now == NULL)
        return c->product_raw;
    x->info->renamed_products++;
    return now;
}

uint32_t cl_crosswalk(struct cl_ctx *x, const char *issue, size_t issue_len,
                      const char *sub_issue, size_t sub_len, int *known)
{
    size_t in = issue_len, sn = sub_len;
    uint64_t h;
    const void *ptr;
    uint32_t mask;
    int32_t flag;
    if (pt_memo_get(&x->crosswalk, issue, in, sub_issue, sn, &h, &ptr, &mask, &flag)) {
        *known = flag;
        return mask;
    }
    *known = 0;
    mask = pt_taxonomy_complaint(x->opt->taxonomy, issue, in, sub_issue, sn, "", 0, known);
    pt_memo_put(&x->crosswalk, h, issue, in, sub_issue, sn, NULL, mask, *known);
    return mask;
}

enum pt_code cl_select(struct cl_ctx *x, const long *col, size_t n_col, long skip1, long skip2,
                       long lazy, struct pt_error *err)
{
    if (x->selected)
        return PT_OK;   /* a split load runs the row loop again on the same reader */
    size_t n = pt_csv_reader_header(x->r)->n_fields;
    unsigned char *use = pt_calloc(n ? n : 1, 1);
    if (use == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory selecting columns");
    for (size_t f = 0; f < n_col; f++)
        if (col[f] >= 0 && (size_t)col[f] < n && (long)f != skip1 && (long)f != skip2)
            use[col[f]] = (long)f == lazy ? PT_COL_LAZY : PT_COL_USED;
    enum pt_code rc = pt_csv_reader_select(x->r, use, n, err);
    pt_free(use);
    x->selected = rc == PT_OK;
    return rc;
}

enum pt_response cl_response(struct cl_ctx *x, const char *s, size_t len)
{
    struct cl_resp_front *f = &x->resp_front[len & 15];
    if (len <= sizeof f->text && f->len == len && len > 0 && memcmp(f->text, s, len) == 0)
        return f->resp;
    enum pt_response r = pt_response_classify(s, len);
    if (len > 0 && len <= sizeof f->text) {
        memcpy(f->text, s, len);
        f->len = len;
        f->resp = r;
    }
    return r;
}

const char *cl_default_id(struct cl_ctx *x, const struct pt_record *rec)
{
    snprintf(x->id_buf, sizeof x->id_buf, "%s#%" PRIu64, x->path, rec->index);
    return x->id_buf;
}

enum pt_code cl_emit(struct cl_ctx *x, struct pt_complaint *c, const struct pt_record *rec,
                     struct pt_error *err)
{
    c->path = x->path;
    c->line = rec->line;
    c->record = rec->index;
    if (c->categories == 0)
        c->categories = PT_CAT_BIT(PT_CAT_OTHER);
    if (x->opt->filter != NULL && !x->opt->filter(x->opt->filter_ctx, c)) {
        pt_csv_reader_filter(x->r);
        return PT_OK;
    }
    enum pt_code rc = x->fn(x->fn_ctx, c, err);
    if (rc != PT_OK)
        return rc;
    pt_csv_reader_accept(x->r);
    return PT_OK;
}

uint32_t cl_classify(const struct pt_complaint_load_opts *opt, const char *const *texts,
                     size_t n)
{
    const uint32_t other = PT_CAT_BIT(PT_CAT_OTHER);
    if (opt->taxonomy == NULL)
        return other;
    uint32_t mask = 0;
    for (size_t i = 0; i < n; i++)
        if (texts[i] != NULL && texts[i][0] != '\0')
            mask |= pt_taxonomy_classify_text(opt->taxonomy, texts[i], strlen(texts[i]));
    if (mask & ~other)
        mask &= ~other;
    return mask ? mask : other;
}

static enum pt_code unknown_format(const struct pt_csv_reader *r, struct pt_error *err)
{
    const struct pt_record *h = pt_csv_reader_header(r);
    char found[200] = "", q[80];
    size_t used = 0;
    for (size_t i = 0; i < h->n_fields && i < 6 && used < sizeof found - 1; i++) {
        int w = snprintf(found + used, sizeof found - used, "%s%s", i ? "," : "",
                         pt_error_quote(h->fields[i], h->lens[i], 30, q, sizeof q));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    struct pt_loc loc;
    pt_loc_set(&loc, pt_csv_reader_path(r), 1, 0);
    return pt_error_set(err, PT_EDATA, &loc,
                        "unknown complaint format: expected the CFPB columns (Date received, "
                        "Product, Company ...), board columns (投诉对象, 发布时间 ... or "
                        "date,title,summary,object,demands,href) or --map, found \"%s%s\"",
                        found, h->n_fields > 6 ? ",..." : "");
}

static enum pt_code detect(const struct pt_csv_reader *r, const struct pt_complaint_load_opts *opt,
                           struct pt_complaint_load_info *info, struct pt_error *err)
{
    enum pt_complaint_layout cfpb = pt_cfpb_layout(r), board = pt_board_layout(r);
    enum pt_complaint_format f = opt->format;
    if (f == PT_COMPLAINT_AUTO)
        f = opt->map ? PT_COMPLAINT_MAPPED
            : cfpb != PT_CLAYOUT_NONE ? PT_COMPLAINT_CFPB
            : board != PT_CLAYOUT_NONE ? PT_COMPLAINT_BOARD : PT_COMPLAINT_AUTO;
    info->format = f;
    switch (f) {
    case PT_COMPLAINT_CFPB: info->layout = cfpb; break;
    case PT_COMPLAINT_BOARD: info->layout = board; break;
    case PT_COMPLAINT_MAPPED: info->layout = PT_CLAYOUT_MAPPED; return PT_OK;
    case PT_COMPLAINT_AUTO: return unknown_format(r, err);
    }
    if (info->layout == PT_CLAYOUT_NONE)
        return unknown_format(r, err);
    return PT_OK;
}

enum pt_code cl_rows(struct cl_ctx *x, struct pt_error *err)
{
    switch (x->info->format) {
    case PT_COMPLAINT_CFPB: return pt_load_cfpb_rows(x, err);
    case PT_COMPLAINT_BOARD: return pt_load_board_rows(x, err);
    case PT_COMPLAINT_MAPPED: return pt_load_mapped_complaint_rows(x, err);
    case PT_COMPLAINT_AUTO: break;
    }
    return PT_OK;
}

enum pt_code pt_complaints_load(FILE *in, const char *path,
                                const struct pt_complaint_load_opts *opt,
                                struct pt_quarantine *q, struct pt_accounting *acc,
                                pt_complaint_fn fn, void *ctx,
                                struct pt_complaint_load_info *info, struct pt_error *err)
{
    return pt_complaints_load_split(in, path, opt, q, acc, fn, ctx, info, NULL, err);
}

enum pt_code pt_complaints_load_split(FILE *in, const char *path,
                                      const struct pt_complaint_load_opts *opt,
                                      struct pt_quarantine *q, struct pt_accounting *acc,
                                      pt_complaint_fn fn, void *ctx,
                                      struct pt_complaint_load_info *info,
                                      const struct pt_complaint_split *split,
                                      struct pt_error *err)
{
    struct pt_complaint_load_info local;
    if (info == NULL)
        info = &local;
    memset(info, 0, sizeof *info);
    struct cl_ctx x = {0};
    /* Before the reader reads: its first block is the header's. */
    struct pt_progress_meter meter;
    if (opt->progress.fn != NULL) {
        pt_progress_meter_init(&meter, &opt->progress, pt_progress_input_size(in));
        x.progress = &meter;
    }
    enum pt_code rc = pt_csv_reader_create(&x.r, in, path, &opt->csv, q, acc, err);
    if (rc != PT_OK)
        return rc;
    pt_csv_reader_set_progress(x.r, x.progress);
    /* Without memory for the caches every lookup just goes to the taxonomy. */
    (void)pt_memo_init(&x.renames);
    (void)pt_memo_init(&x.crosswalk);
    info->encoding = pt_csv_reader_encoding(x.r);
    x.opt = opt;
    x.info = info;
    x.fn = fn;
    x.fn_ctx = ctx;
    x.path = path;
    x.q = q;
    x.acc = acc;
    if ((rc = detect(x.r, opt, info, err)) != PT_OK)
        goto out;
    if (split != NULL)
        rc = cl_split_rows(&x, in, split, err);
    else
        rc = cl_rows(&x, err);
    if (rc == PT_OK && !pt_accounting_balanced(acc))
        rc = pt_error_set(err, PT_EDATA, NULL, "%s: rows read %" PRIu64 " != accepted %" PRIu64
                          " + rejected %" PRIu64 " + filtered %" PRIu64 " (a loader defect)",
                          path, acc->rows_read, acc->rows_accepted, acc->rows_rejected,
                          acc->rows_filtered);
out:
    pt_memo_free(&x.renames);
    pt_memo_free(&x.crosswalk);
    pt_csv_reader_destroy(x.r);
    return rc;
}

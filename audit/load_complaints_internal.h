/* load_complaints_internal.h: what the complaint loaders share
 * (load_complaints.c: detection and the per-row bookkeeping; load_cfpb.c,
 * load_board.c, load_mapped_complaints.c: one layout family each).
 * Not a public header. */
#ifndef PTAUDIT_LOAD_COMPLAINTS_INTERNAL_H
#define PTAUDIT_LOAD_COMPLAINTS_INTERNAL_H

#include "audit/complaint.h"
#include "audit/memo.h"

/* One input being loaded. */
struct cl_ctx {
    struct pt_csv_reader *r;                   /* borrowed */
    const struct pt_complaint_load_opts *opt;  /* borrowed */
    struct pt_complaint_load_info *info;
    pt_complaint_fn fn;
    void *fn_ctx;
    const char *path;
    struct pt_quarantine *q;                   /* borrowed: the reader's */
    struct pt_accounting *acc;                 /* borrowed: the reader's */
    struct pt_progress_meter *progress;        /* borrowed: every reader of the input adds
                                                  to it; NULL = none */
    char id_buf[320];                          /* "FILE#RECORD" */
    struct pt_memo renames;                    /* (product, sub-product) -> current name */
    struct pt_memo crosswalk;                  /* (issue, sub-issue) -> categories */
    int selected;                              /* cl_select done (once per reader) */
    struct cl_resp_front {                     /* last response texts seen, by length */
        char text[40];
        size_t len;
        enum pt_response resp;
    } resp_front[16];
};

/* Field i of rec as a NUL-terminated string; "" when i < 0. */
const char *cl_field(const struct pt_record *rec, long i, size_t *len);

/* Quarantines the current record with a reason and detail. */
PT_NODISCARD enum pt_code cl_reject(struct cl_ctx *x, long col, enum pt_reason reason,
                                    const char *detail, struct pt_error *err);

/* A required text field: PT_OK with *out set, or the row is rejected
 * (missing_field) and *rejected = 1. */
PT_NODISCARD enum pt_code cl_required(struct cl_ctx *x, const struct pt_record *rec, long col,
                                      const char **out, int *rejected, struct pt_error *err);

/* Parses a date field in formats; empty -> PT_DAY_UNKNOWN unless required
 * (then missing_field). A bad date rejects the row (bad_date, with the
 * parser's "expected ..., found ..."). */
PT_NODISCARD enum pt_code cl_date(struct cl_ctx *x, const struct pt_record *rec, long col,
                                  unsigned formats, int required, int32_t *day, int *rejected,
                                  struct pt_error *err);

/* The current CFPB name of c's product_raw/sub_product (the rename table),
 * counted in info->renamed_products when it differs; product_raw otherwise.
 * product_len, sub_len: their lengths (the loader has them from the record;
 * a strlen per field per row was a measurable part of the row's cost). */
const char *cl_product_current(struct cl_ctx *x, const struct pt_complaint *c,
                               size_t product_len, size_t sub_len);

/* pt_taxonomy_complaint without free text, through x->crosswalk:
 * *known = 1 when the crosswalk has the issue (then the categories are
 * final), else the keyword rules must see the texts. */
uint32_t cl_crosswalk(struct cl_ctx *x, const char *issue, size_t issue_len,
                      const char *sub_issue, size_t sub_len, int *known);

/* Tells the reader which columns the loader reads (csv_reader.h select):
 * the n_col bound columns col[] are USED, except the fields skip1 and
 * skip2 (indexes into col, -1 = none), which are left UNUSED, and lazy,
 * which is LAZY (-1 = none); every other column is UNUSED. Once per
 * reader: a later call (the split's second phase) does nothing. PT_ENOMEM. */
PT_NODISCARD enum pt_code cl_select(struct cl_ctx *x, const long *col, size_t n_col, long skip1,
                                    long skip2, long lazy, struct pt_error *err);

/* pt_response_classify through x->resp_front: the export has a handful of
 * response texts, compared exactly here before the table's case-blind
 * comparisons. */
enum pt_response cl_response(struct cl_ctx *x, const char *s, size_t len);

/* "FILE#RECORD" for sources without an id (valid until the next call). */
const char *cl_default_id(struct cl_ctx *x, const struct pt_record *rec);

/* Applies the filter, then the callback, and settles the record's
 * accounting (accept or filter). */
PT_NODISCARD enum pt_code cl_emit(struct cl_ctx *x, struct pt_complaint *c,
                                  const struct pt_record *rec, struct pt_error *err);

/* Categories of free text (several fields ORed): `other` only when no
 * field matched anything. NULL taxonomy -> other. */
uint32_t cl_classify(const struct pt_complaint_load_opts *opt, const char *const *texts,
                     size_t n);

/* The loop of x's format over the rest of its reader (load_complaints.c),
 * and the same over two threads when the input allows it
 * (load_complaints_split.c; else cl_rows). */
PT_NODISCARD enum pt_code cl_rows(struct cl_ctx *x, struct pt_error *err);
PT_NODISCARD enum pt_code cl_split_rows(struct cl_ctx *x, FILE *in,
                                        const struct pt_complaint_split *split,
                                        struct pt_error *err);

/* The loops of each family; the reader's header is already read. */
PT_NODISCARD enum pt_code pt_load_cfpb_rows(struct cl_ctx *x, struct pt_error *err);
PT_NODISCARD enum pt_code pt_load_board_rows(struct cl_ctx *x, struct pt_error *err);
PT_NODISCARD enum pt_code pt_load_mapped_complaint_rows(struct cl_ctx *x, struct pt_error *err);

/* Layout from the header names, PT_CLAYOUT_NONE when not that family. */
enum pt_complaint_layout pt_cfpb_layout(const struct pt_csv_reader *r);
enum pt_complaint_layout pt_board_layout(const struct pt_csv_reader *r);

#endif

/* report_joint.c: complaints per 10,000 loans, the one figure that needs
 * both sections (CONTRACT.md "ptaudit report").
 *
 * A company of complaints_by_company and a platform of the loans are the
 * same firm when their display names have the same names key (names.h:
 * case, spacing, punctuation and legal suffixes ignored); use --aliases to
 * merge other spellings. The rate is computed only when the loans' and the
 * complaints' date ranges overlap, and the row states both ranges. The
 * complaint count and its rate are hidden wherever complaints_by_company
 * hides the count (the same --min-cell pattern, read from that table);
 * loan counts are never suppressed. */
#include <math.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/uthash_pt.h"
#include "audit/date.h"
#include "audit/names.h"
#include "audit/report_complaints_internal.h"
#include "audit/report_loans_internal.h"

static const struct pt_column per_loan_cols[] = {
    {"company", PT_COL_TEXT, 0},         {"complaints", PT_COL_INT, 0},
    {"loans", PT_COL_INT, 0},            {"complaints_per_10k_loans", PT_COL_NUMBER, 1},
    {"complaint_dates", PT_COL_TEXT, 0}, {"loan_dates", PT_COL_TEXT, 0},
    {"suppressed", PT_COL_TEXT, 0},
};

static void range_text(int32_t first, int32_t last, char *buf, size_t size)
{
    char a[16], b[16];
    pt_date_format(first, a, sizeof a);
    pt_date_format(last, b, sizeof b);
    snprintf(buf, size, "%s to %s", a, b);
}

/* The period's loans per firm (by names key) and their date range, built
 * in one pass over the loans: looking each company up by rescanning every
 * loan cost companies x loans name keys (2,900 x 1M = minutes). */
struct firm_loans {
    UT_hash_handle hh;
    uint64_t n;
    int32_t first, last;
    char key[];
};

static void firms_free(struct firm_loans **head)
{
    struct firm_loans *f, *tmp;
    HASH_ITER(hh, *head, f, tmp) {
        HASH_DEL(*head, f);
        pt_free(f);
    }
}

static enum pt_code firms_build(const struct pt_report_loans *l, struct firm_loans **head,
                                struct pt_error *err)
{
    char buf[1024];
    const char *last_display = NULL;
    struct firm_loans *f = NULL;
    for (size_t i = 0; i < l->n_pts; i++) {
        const struct point *p = &l->pts[i];
        const char *display = pt_report_loans_display(l, p);
        if (p->which != 1 || strlen(display) >= sizeof buf)
            continue;
        if (display != last_display) {   /* display names are shared strings */
            size_t kn = pt_name_key(display, strlen(display), buf);
            HASH_FIND(hh, *head, buf, kn, f);
            if (f == NULL) {
                f = pt_calloc(1, sizeof *f + kn + 1);
                if (f == NULL)
                    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
                memcpy(f->key, buf, kn);
                f->first = f->last = PT_DAY_UNKNOWN;
                int ut_oom = 0;
                HASH_ADD(hh, *head, key[0], kn, f);
                if (ut_oom) {
                    pt_free(f);
                    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
                }
            }
            last_display = display;
        }
        if (p->day != PT_DAY_UNKNOWN && (f->first == PT_DAY_UNKNOWN || p->day < f->first))
            f->first = p->day;
        if (p->day != PT_DAY_UNKNOWN && (f->last == PT_DAY_UNKNOWN || p->day > f->last))
            f->last = p->day;
        f->n++;
    }
    return PT_OK;
}

static enum pt_code joint_row(struct pt_rtable *t, const struct pt_cell *co,
                              struct firm_loans *firms,
                              const struct pt_report_complaints *c, struct pt_error *err)
{
    char key[1024], crange[40], lrange[40];
    if (co[0].text == NULL || co[0].len >= sizeof key)
        return PT_OK;
    size_t kn = pt_name_key(co[0].text, co[0].len, key);
    struct firm_loans *f = NULL;
    HASH_FIND(hh, firms, key, kn, f);
    uint64_t loans = f ? f->n : 0;
    int32_t first = f ? f->first : PT_DAY_UNKNOWN, last = f ? f->last : PT_DAY_UNKNOWN;
    if (loans == 0 || first == PT_DAY_UNKNOWN)
        return PT_OK; /* no dated loans of this firm: no overlap to speak of */
    if (last < c->first_day || first > c->last_day)
        return PT_OK; /* the periods do not overlap */
    range_text(c->first_day, c->last_day, crange, sizeof crange);
    range_text(first, last, lrange, sizeof lrange);
    int hidden = co[1].suppressed;
    struct pt_cell cell[7] = {
        pt_cell_text(co[0].text, co[0].len), co[1], pt_cell_int((int64_t)loans),
        pt_cell_double((double)co[1].i * 10000.0 / (double)loans),
        pt_cell_text(crange, strlen(crange)), pt_cell_text(lrange, strlen(lrange)),
        pt_cell_text(hidden ? "yes" : "no", hidden ? 3 : 2)};
    cell[3].suppressed = hidden;
    return pt_rtable_add(t, cell, err);
}

enum pt_code pt_report_joint_build(const struct pt_report_loans *l,
                                   const struct pt_report_complaints *c,
                                   struct pt_report_build *b, struct pt_error *err)
{
    const struct pt_rtable *co = NULL;
    struct pt_rtable *t = NULL;
    for (size_t i = 0; i < b->n_tables; i++)
        if (strcmp(b->tables[i].name, "complaints_by_company") == 0)
            co = &b->tables[i];
    if (co == NULL || c->n_current == 0 || l->n_current == 0)
        return PT_OK;
    enum pt_code rc = pt_report_build_table(b, "complaints_per_10k_loans",
                                            "Complaints per 10,000 loans (firms in both "
                                            "datasets, date ranges that overlap)",
                                            per_loan_cols, 7, &t, err);
    struct firm_loans *firms = NULL;
    if (rc == PT_OK)
        rc = firms_build(l, &firms, err);
    /* co stays valid: tables live in a fixed array (report_build.h). */
    for (size_t i = 0; rc == PT_OK && i < co->n_rows; i++)
        rc = joint_row(t, &co->cells[i * co->n_cols], firms, c, err);
    firms_free(&firms);
    return rc;
}

/* taxonomy.c: categories, the CFPB/PBOC crosswalks, product renames and
 * the keyword classifier (taxonomy.h).
 *
 * The data files are embedded by cmake/embed.cmake and parsed once with
 * libcsv. Crosswalk keys are normalized (ASCII lower case, spaces
 * collapsed, trimmed) so that a re-cased export still matches. The
 * keyword matcher is an Aho-Corasick automaton completed into a DFA over
 * bytes (next state for every byte in every state), so classifying is one
 * table step per byte whatever the number of keywords. Text goes through
 * the same normalization as the keywords on the fly: ASCII letters lower
 * cased, every run of other ASCII bytes one space, a space before and
 * after the text, so English keywords carry their word boundaries as
 * spaces (" apr " matches "APR," but not "April"). */
#include "audit/taxonomy.h"

#include <csv.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/taxonomy_data.h"

#include "audit/uthash_pt.h"

static const char *const category_names[PT_CAT_COUNT] = {
    "cost_and_fees",        "disclosure_and_marketing", "bundled_products",
    "collection_conduct",   "privacy_and_data",         "contract_terms",
    "repayment_and_servicing", "credit_reporting",      "fraud_and_security",
    "service_quality",      "other",
};

const char *pt_category_name(enum pt_category c)
{
    return (unsigned)c < PT_CAT_COUNT ? category_names[c] : NULL;
}

int pt_category_parse(const char *text, size_t len, enum pt_category *out)
{
    for (int c = 0; c < PT_CAT_COUNT; c++)
        if (strlen(category_names[c]) == len && memcmp(category_names[c], text, len) == 0) {
            *out = (enum pt_category)c;
            return 1;
        }
    return 0;
}

/* One row of a lookup table: key -> category, or -> current product. */
struct entry {
    UT_hash_handle hh;
    enum pt_category cat;
    char *current;   /* owned; renames only */
    char key[];
};

struct pt_taxonomy {
    struct entry *issues, *reasons, *renames;
    struct pt_matcher *kw;
};

#define KEY_MAX 512   /* longer names are in no table */

/* Appends the normalized s[0..len) to out (capacity KEY_MAX) at *k;
 * returns -1 when it does not fit. */
static int norm_append(char *out, size_t *k, const char *s, size_t len)
{
    int space = 0;
    size_t start = *k;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = 1;
            continue;
        }
        if (*k + 2 >= KEY_MAX)
            return -1;
        if (space && *k > start)
            out[(*k)++] = ' ';
        space = 0;
        out[(*k)++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return 0;
}

/* "a\x1fb" normalized into out; returns its length or -1. */
static long make_key(char *out, const char *a, size_t an, const char *b, size_t bn)
{
    size_t k = 0;
    if (norm_append(out, &k, a, an) != 0 || k + 2 > KEY_MAX)   /* room for \x1f and NUL */
        return -1;
    out[k++] = '\x1f';
    if (norm_append(out, &k, b, bn) != 0)
        return -1;
    out[k] = '\0';
    return (long)k;
}

static const struct entry *find(const struct entry *head, const char *a, size_t an,
                                const char *b, size_t bn)
{
    char key[KEY_MAX];
    long n = make_key(key, a, an, b, bn);
    if (n < 0)
        return NULL;
    const struct entry *e = NULL;
    HASH_FIND(hh, head, key, (size_t)n, e);
    return e;
}

static void free_table(struct entry **head)
{
    struct entry *e, *tmp;
    HASH_ITER(hh, *head, e, tmp) {
        HASH_DEL(*head, e);
        pt_free(e->current);
        pt_free(e);
    }
}

void pt_taxonomy_destroy(struct pt_taxonomy *t)
{
    if (t == NULL)
        return;
    free_table(&t->issues);
    free_table(&t->reasons);
    free_table(&t->renames);
    pt_matcher_destroy(t->kw);
    pt_free(t);
}

/* Adds (a, b) -> cat/current; PT_EDATA on a duplicate key. */
static enum pt_code put(struct entry **head, const struct pt_data_row *row, const char *a,
                        size_t an, const char *b, size_t bn, enum pt_category cat,
                        const char *current, struct pt_error *err)
{
    char key[KEY_MAX];
    long n = make_key(key, a, an, b, bn);
    if (n < 0)
        return pt_error_set(err, PT_EDATA, &row->loc, "key: expected at most %d bytes",
                            KEY_MAX / 2);
    struct entry *e = NULL;
    HASH_FIND(hh, *head, key, (size_t)n, e);
    if (e != NULL)
        return pt_error_set(err, PT_EDATA, &row->loc, "duplicate row for \"%s\"", a);
    int ut_oom = 0;
    e = pt_calloc(1, sizeof *e + (size_t)n + 1);
    if (e == NULL)
        return pt_error_set(err, PT_ENOMEM, &row->loc, "out of memory loading %s",
                            row->loc.path);
    memcpy(e->key, key, (size_t)n + 1);
    e->cat = cat;
    if (current != NULL && (e->current = pt_strdup(current)) == NULL)
        ut_oom = 1;
    if (!ut_oom)
        HASH_ADD_KEYPTR(hh, *head, e->key, (size_t)n, e);
    if (ut_oom) {
        pt_free(e->current);
        pt_free(e);
        return pt_error_set(err, PT_ENOMEM, &row->loc, "out of memory loading %s",
                            row->loc.path);
    }
    return PT_OK;
}

static enum pt_code row_category(const struct pt_data_row *row, size_t col,
                                 enum pt_category *cat, struct pt_error *err)
{
    if (!pt_category_parse(row->fields[col], row->lens[col], cat))
        return pt_error_set(err, PT_EDATA, &row->loc,
                            "category: expected one of the contract's categories, found \"%s\"",
                            row->fields[col]);
    return PT_OK;
}

/* issue,sub_issue,category */
static enum pt_code on_issue(void *ctx, const struct pt_data_row *row, struct pt_error *err)
{
    struct pt_taxonomy *t = ctx;
    enum pt_category cat = PT_CAT_OTHER;
    enum pt_code rc = row_category(row, 2, &cat, err);
    if (rc != PT_OK)
        return rc;
    return put(&t->issues, row, row->fields[0], row->lens[0], row->fields[1], row->lens[1], cat,
               NULL, err);
}

/* code,reason,category,note: both the code and the reason are keys. */
static enum pt_code on_reason(void *ctx, const struct pt_data_row *row, struct pt_error *err)
{
    struct pt_taxonomy *t = ctx;
    enum pt_category cat = PT_CAT_OTHER;
    enum pt_code rc = row_category(row, 2, &cat, err);
    if (rc == PT_OK)
        rc = put(&t->reasons, row, row->fields[0], row->lens[0], "", 0, cat, NULL, err);
    if (rc == PT_OK)
        rc = put(&t->reasons, row, row->fields[1], row->lens[1], "", 0, cat, NULL, err);
    return rc;
}

/* product,sub_product,current,change */
static enum pt_code on_rename(void *ctx, const struct pt_data_row *row, struct pt_error *err)
{
    struct pt_taxonomy *t = ctx;
    if (row->lens[2] == 0)
        return pt_error_set(err, PT_EDATA, &row->loc, "current: expected a product name");
    return put(&t->renames, row, row->fields[0], row->lens[0], row->fields[1], row->lens[1],
               PT_CAT_OTHER, row->fields[2], err);
}

enum pt_code pt_taxonomy_create(struct pt_taxonomy **out, struct pt_error *err)
{
    struct pt_taxonomy *t = pt_calloc(1, sizeof *t);
    if (t == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory loading the taxonomy");
    static const char *const issue_cols[] = { "issue", "sub_issue", "category" };
    static const char *const reason_cols[] = { "code", "reason", "category" };
    static const char *const rename_cols[] = { "product", "sub_product", "current" };
    enum pt_code rc = pt_data_parse(pt_data_file(PT_DATA_CFPB_ISSUES), issue_cols, 3,
                                    on_issue, t, err);
    if (rc == PT_OK)
        rc = pt_data_parse(pt_data_file(PT_DATA_PBOC_REASONS), reason_cols, 3, on_reason, t,
                           err);
    if (rc == PT_OK)
        rc = pt_data_parse(pt_data_file(PT_DATA_PRODUCT_RENAMES), rename_cols, 3, on_rename, t,
                           err);
    if (rc == PT_OK)
        rc = pt_matcher_create(&t->kw, pt_data_file(PT_DATA_KEYWORDS), err);
    if (rc != PT_OK) {
        pt_taxonomy_destroy(t);
        return rc;
    }
    *out = t;
    return PT_OK;
}

int pt_taxonomy_cfpb_issue(const struct pt_taxonomy *t, const char *issue, size_t issue_len,
                           const char *sub_issue, size_t sub_len, enum pt_category *out)
{
    const struct entry *e = NULL;
    if (sub_len > 0)
        e = find(t->issues, issue, issue_len, sub_issue, sub_len);
    if (e == NULL)
        e = find(t->issues, issue, issue_len, "", 0);
    *out = e ? e->cat : PT_CAT_OTHER;
    return e != NULL;
}

int pt_taxonomy_pboc_reason(const struct pt_taxonomy *t, const char *reason, size_t len,
                            enum pt_category *out)
{
    static const char pre[] = "因", post[] = "引起的投诉", more[] = "和手段";
    const size_t npre = sizeof pre - 1, npost = sizeof post - 1;
    if (len > npre + npost && memcmp(reason, pre, npre) == 0 &&
        memcmp(reason + len - npost, post, npost) == 0) {
        reason += npre;
        len -= npre + npost;
    }
    const struct entry *e = find(t->reasons, reason, len, "", 0);
    if (e == NULL && len + sizeof more < KEY_MAX / 2) {
        char buf[KEY_MAX];   /* 营销方式 is also written without 和手段 */
        memcpy(buf, reason, len);
        memcpy(buf + len, more, sizeof more - 1);
        e = find(t->reasons, buf, len + sizeof more - 1, "", 0);
    }
    *out = e ? e->cat : PT_CAT_OTHER;
    return e != NULL;
}

uint32_t pt_taxonomy_classify_text(const struct pt_taxonomy *t, const char *text, size_t len)
{
    uint32_t mask = pt_matcher_run(t->kw, text, len);
    return mask ? mask : PT_CAT_BIT(PT_CAT_OTHER);
}

uint32_t pt_taxonomy_complaint(const struct pt_taxonomy *t, const char *issue, size_t issue_len,
                               const char *sub_issue, size_t sub_len, const char *text,
                               size_t text_len, int *from_crosswalk)
{
    enum pt_category c = PT_CAT_OTHER;
    int found = issue_len > 0 && pt_taxonomy_cfpb_issue(t, issue, issue_len, sub_issue, sub_len, &c);
    if (from_crosswalk)
        *from_crosswalk = found;
    if (found)
        return PT_CAT_BIT(c);
    /* Three separate runs: a keyword must not match across two fields. */
    uint32_t mask = pt_matcher_run(t->kw, issue, issue_len) |
                    pt_matcher_run(t->kw, sub_issue, sub_len) |
                    pt_matcher_run(t->kw, text, text_len);
    return mask ? mask : PT_CAT_BIT(PT_CAT_OTHER);
}

const char *pt_taxonomy_cfpb_product(const struct pt_taxonomy *t, const char *product,
                                     size_t product_len, const char *sub_product,
                                     size_t sub_len)
{
    const struct entry *e = NULL;
    if (sub_len > 0)
        e = find(t->renames, product, product_len, sub_product, sub_len);
    if (e == NULL)
        e = find(t->renames, product, product_len, "", 0);
    return e ? e->current : NULL;
}

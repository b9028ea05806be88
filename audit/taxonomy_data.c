/* taxonomy_data.c: embedded data files, their parser, the keyword matcher
 * (taxonomy_data.h). */
#include "audit/taxonomy_data.h"

#include <csv.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/taxonomy.h"

extern const unsigned char pt_embed_cfpb_issue_crosswalk[];
extern const size_t pt_embed_cfpb_issue_crosswalk_len;
extern const unsigned char pt_embed_pboc_complaint_reasons[];
extern const size_t pt_embed_pboc_complaint_reasons_len;
extern const unsigned char pt_embed_cfpb_product_renames[];
extern const size_t pt_embed_cfpb_product_renames_len;
extern const unsigned char pt_embed_complaint_keywords[];
extern const size_t pt_embed_complaint_keywords_len;

struct pt_data_file pt_data_file(enum pt_data_id id)
{
    struct pt_data_file f = { "", NULL, 0 };
    switch (id) {
    case PT_DATA_CFPB_ISSUES:
        f = (struct pt_data_file){ "data/cfpb_issue_crosswalk.csv", pt_embed_cfpb_issue_crosswalk,
                                   pt_embed_cfpb_issue_crosswalk_len };
        break;
    case PT_DATA_PBOC_REASONS:
        f = (struct pt_data_file){ "data/pboc_complaint_reasons.csv",
                                   pt_embed_pboc_complaint_reasons,
                                   pt_embed_pboc_complaint_reasons_len };
        break;
    case PT_DATA_PRODUCT_RENAMES:
        f = (struct pt_data_file){ "data/cfpb_product_renames.csv", pt_embed_cfpb_product_renames,
                                   pt_embed_cfpb_product_renames_len };
        break;
    case PT_DATA_KEYWORDS:
        f = (struct pt_data_file){ "data/complaint_keywords.csv", pt_embed_complaint_keywords,
                                   pt_embed_complaint_keywords_len };
        break;
    }
    return f;
}

/* ------------------------------------------------------------ parse --- */

struct parse_state {
    char *buf;                 /* the current row's fields, NUL-separated */
    size_t len, cap;
    size_t starts[PT_DATA_MAX_FIELDS];
    size_t n_fields, n_header;
    int too_many;              /* a row with more than PT_DATA_MAX_FIELDS */
    uint64_t line;
    const char *const *cols;
    size_t n_cols;
    pt_data_row_fn fn;
    void *ctx;
    struct pt_error *err;
    enum pt_code rc;
    const char *name;
};

static void on_field(void *s, size_t len, void *data)
{
    struct parse_state *p = data;
    if (p->rc != PT_OK)
        return;
    if (p->n_fields == PT_DATA_MAX_FIELDS) {
        p->too_many = 1;
        return;
    }
    if (pt_grow((void **)&p->buf, &p->cap, p->len + len + 1, 1) != 0) {
        p->rc = pt_error_set(p->err, PT_ENOMEM, NULL, "out of memory reading %s", p->name);
        return;
    }
    p->starts[p->n_fields++] = p->len;
    if (len)
        memcpy(p->buf + p->len, s, len);
    p->len += len;
    p->buf[p->len++] = '\0';
}

static enum pt_code check_header(struct parse_state *p, const struct pt_data_row *row)
{
    p->n_header = row->n_fields;
    for (size_t i = 0; i < p->n_cols; i++)
        if (i >= row->n_fields || strcmp(row->fields[i], p->cols[i]) != 0)
            return pt_error_set(p->err, PT_EDATA, &row->loc,
                                "header: expected column %zu to be \"%s\"", i + 1, p->cols[i]);
    return PT_OK;
}

static void on_row(int term, void *data)
{
    struct parse_state *p = data;
    (void)term;
    if (p->rc != PT_OK || p->n_fields == 0)
        goto reset;
    struct pt_data_row row;
    memset(&row, 0, sizeof row);
    row.n_fields = p->n_fields;
    pt_loc_set(&row.loc, p->name, ++p->line, 0);
    for (size_t i = 0; i < p->n_fields; i++) {
        row.fields[i] = p->buf + p->starts[i];
        row.lens[i] = strlen(row.fields[i]);
        if (memchr(row.fields[i], '\n', row.lens[i]) != NULL)
            p->rc = pt_error_set(p->err, PT_EDATA, &row.loc, "expected one record per line");
    }
    if (p->rc != PT_OK)
        goto reset;
    if (p->line == 1)
        p->rc = check_header(p, &row);
    else if (p->too_many || row.n_fields != p->n_header)
        p->rc = pt_error_set(p->err, PT_EDATA, &row.loc, "expected %zu fields, found %zu",
                             p->n_header, row.n_fields);
    else
        p->rc = p->fn(p->ctx, &row, p->err);
reset:
    p->len = 0;
    p->n_fields = 0;
    p->too_many = 0;
}

enum pt_code pt_data_parse(struct pt_data_file f, const char *const *cols, size_t n_cols,
                           pt_data_row_fn fn, void *ctx, struct pt_error *err)
{
    struct csv_parser parser;
    struct parse_state p;
    memset(&p, 0, sizeof p);
    p.cols = cols;
    p.n_cols = n_cols;
    p.fn = fn;
    p.ctx = ctx;
    p.err = err;
    p.name = f.name;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory reading %s", f.name);
    csv_set_realloc_func(&parser, pt_realloc);
    csv_set_free_func(&parser, pt_free);
    if (csv_parse(&parser, f.bytes, f.len, on_field, on_row, &p) != f.len ||
        csv_fini(&parser, on_field, on_row, &p) != 0) {
        if (p.rc == PT_OK)
            p.rc = pt_error_set(err, PT_EDATA, NULL, "%s: malformed CSV near record %llu: %s",
                                f.name, (unsigned long long)p.line + 1,
                                csv_strerror(csv_error(&parser)));
    }
    csv_free(&parser);
    pt_free(p.buf);
    return p.rc;
}

/* ---------------------------------------------------------- matcher --- */

/* Byte map of the text normalization: ASCII letters lower-cased, ASCII
 * digits and every non-ASCII byte kept, any other ASCII byte a space. */
static unsigned char norm_byte(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + ('a' - 'A'));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
        return c;
    return ' ';
}

#define MAX_STATES 65535u

struct pt_matcher {
    uint16_t *next;     /* n_states x 256: complete transition function */
    uint32_t *out;      /* n_states: categories ending in (or via fail at) each state */
    uint16_t *fail;
    size_t n_states, cap_states;
};

void pt_matcher_destroy(struct pt_matcher *m)
{
    if (m == NULL)
        return;
    pt_free(m->next);
    pt_free(m->out);
    pt_free(m->fail);
    pt_free(m);
}

static int new_state(struct pt_matcher *m)
{
    if (m->n_states >= MAX_STATES)
        return -1;
    if (m->n_states == m->cap_states) {
        size_t cap = m->cap_states ? 2 * m->cap_states : 256;
        uint16_t *nx = pt_realloc(m->next, cap * 256 * sizeof *nx);
        if (nx == NULL)
            return -1;
        m->next = nx;
        uint32_t *o = pt_realloc(m->out, cap * sizeof *o);
        if (o == NULL)
            return -1;
        m->out = o;
        m->cap_states = cap;
    }
    memset(m->next + m->n_states * 256, 0, 256 * sizeof *m->next);
    m->out[m->n_states] = 0;
    return (int)m->n_states++;
}

/* Normalizes a keyword as the text is normalized, trimmed, with the
 * boundary spaces its match mode asks for; returns its length. out holds
 * len + 3 bytes. */
static size_t keyword_pattern(const char *kw, size_t len, int lead, int trail, char *out)
{
    size_t k = 0;
    if (lead)
        out[k++] = ' ';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = norm_byte((unsigned char)kw[i]);
        if (c == ' ' && (k == 0 || out[k - 1] == ' '))
            continue;
        out[k++] = (char)c;
    }
    while (k > (size_t)lead && out[k - 1] == ' ')
        k--;
    if (trail)
        out[k++] = ' ';
    return k;
}

static enum pt_code add_keyword(void *ctx, const struct pt_data_row *row, struct pt_error *err)
{
    struct pt_matcher *m = ctx;
    enum pt_category cat = PT_CAT_OTHER;
    if (!pt_category_parse(row->fields[1], row->lens[1], &cat))
        return pt_error_set(err, PT_EDATA, &row->loc,
                            "category: expected one of the contract's categories, found \"%s\"",
                            row->fields[1]);
    const char *mode = row->fields[3];
    int lead = strcmp(mode, "prefix") == 0 || strcmp(mode, "word") == 0;
    int trail = strcmp(mode, "word") == 0;
    if (!lead && strcmp(mode, "sub") != 0)
        return pt_error_set(err, PT_EDATA, &row->loc,
                            "match: expected sub, prefix or word, found \"%s\"", mode);
    char pat[256];
    if (row->lens[0] + 3 > sizeof pat)
        return pt_error_set(err, PT_EDATA, &row->loc, "keyword: expected at most 250 bytes");
    size_t n = keyword_pattern(row->fields[0], row->lens[0], lead, trail, pat);
    if (n <= (size_t)(lead + trail))
        return pt_error_set(err, PT_EDATA, &row->loc, "keyword: expected a letter or digit");
    size_t s = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)pat[i];
        if (m->next[s * 256 + c] == 0) {
            int u = new_state(m);
            if (u < 0)
                return pt_error_set(err, PT_ENOMEM, &row->loc,
                                    "out of memory (or over %u states) compiling keywords",
                                    MAX_STATES);
            m->next[s * 256 + c] = (uint16_t)u;
        }
        s = m->next[s * 256 + c];
    }
    m->out[s] |= PT_CAT_BIT(cat);
    return PT_OK;
}

/* Breadth-first: fail links, inherited outputs, and the missing
 * transitions filled from the fail state's, so the run needs no loop. */
static int complete_dfa(struct pt_matcher *m)
{
    uint16_t *queue = pt_malloc(m->n_states * sizeof *queue);
    m->fail = pt_calloc(m->n_states, sizeof *m->fail);
    if (queue == NULL || m->fail == NULL) {
        pt_free(queue);
        return -1;
    }
    size_t head = 0, tail = 0;
    for (int c = 0; c < 256; c++)
        if (m->next[c] != 0)
            queue[tail++] = m->next[c];   /* depth 1: fail = root (calloc) */
    while (head < tail) {
        size_t s = queue[head++];
        size_t f = m->fail[s];
        m->out[s] |= m->out[f];
        for (int c = 0; c < 256; c++) {
            uint16_t u = m->next[s * 256 + c];
            if (u != 0) {
                m->fail[u] = m->next[f * 256 + c];
                queue[tail++] = u;
            } else {
                m->next[s * 256 + c] = m->next[f * 256 + c];
            }
        }
    }
    pt_free(queue);
    return 0;
}

enum pt_code pt_matcher_create(struct pt_matcher **out, struct pt_data_file f,
                               struct pt_error *err)
{
    static const char *const cols[] = { "keyword", "category", "language", "match" };
    struct pt_matcher *m = pt_calloc(1, sizeof *m);
    if (m == NULL || new_state(m) != 0) {
        pt_matcher_destroy(m);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory compiling keywords");
    }
    enum pt_code rc = pt_data_parse(f, cols, 4, add_keyword, m, err);
    if (rc == PT_OK && complete_dfa(m) != 0)
        rc = pt_error_set(err, PT_ENOMEM, NULL, "out of memory compiling keywords");
    if (rc != PT_OK) {
        pt_matcher_destroy(m);
        return rc;
    }
    *out = m;
    return PT_OK;
}

uint32_t pt_matcher_run(const struct pt_matcher *m, const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    const uint16_t *next = m->next;
    size_t s = next[' '];   /* the text starts after a boundary */
    uint32_t mask = m->out[s];
    unsigned char prev = ' ';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = norm_byte(u[i]);
        if (c == ' ' && prev == ' ')
            continue;
        prev = c;
        s = next[s * 256 + c];
        mask |= m->out[s];
    }
    if (prev != ' ')
        mask |= m->out[next[s * 256 + ' ']];
    return mask;
}

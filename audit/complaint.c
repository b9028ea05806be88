/* complaint.c: value classes of the complaint record (see complaint.h).
 *
 * The response classes follow the values the CFPB export has used since
 * 2011 ("Company response to consumer" in the field reference of
 * consumerfinance.gov/complaint/data-use): matching is exact after trimming
 * and ignores ASCII case, so a new value lands in "other", visibly. */
#include "audit/complaint.h"

#include <string.h>

#include "audit/alloc.h"
#include "audit/date.h"
#include "audit/names.h"

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

static int equals_nocase(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (n != len)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = s[i], b = lit[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

enum pt_timely pt_timely_parse(const char *s, size_t len)
{
    trim(&s, &len);
    if (equals_nocase(s, len, "yes"))
        return PT_TIMELY_YES;
    if (equals_nocase(s, len, "no"))
        return PT_TIMELY_NO;
    return PT_TIMELY_UNKNOWN;
}

static const struct {
    const char *text;
    enum pt_response resp;
} response_table[] = {
    {"Closed with monetary relief", PT_RESP_MONETARY},
    {"Closed with non-monetary relief", PT_RESP_NON_MONETARY},
    {"Closed with explanation", PT_RESP_EXPLANATION},
    {"Closed", PT_RESP_CLOSED},
    {"Closed without relief", PT_RESP_CLOSED},
    {"In progress", PT_RESP_IN_PROGRESS},
    {"Untimely response", PT_RESP_UNTIMELY},
};

enum pt_response pt_response_classify(const char *s, size_t len)
{
    trim(&s, &len);
    if (len == 0)
        return PT_RESP_UNKNOWN;
    for (size_t i = 0; i < sizeof response_table / sizeof response_table[0]; i++)
        if (equals_nocase(s, len, response_table[i].text))
            return response_table[i].resp;
    return PT_RESP_OTHER;
}

const char *pt_response_name(enum pt_response r)
{
    static const char *const names[PT_RESP_COUNT] = {
        "unknown", "monetary_relief", "non_monetary_relief", "explanation",
        "closed", "in_progress", "untimely", "other",
    };
    return (unsigned)r < PT_RESP_COUNT ? names[r] : "?";
}

const char *pt_complaint_format_name(enum pt_complaint_format f)
{
    switch (f) {
    case PT_COMPLAINT_CFPB: return "cfpb";
    case PT_COMPLAINT_BOARD: return "board";
    case PT_COMPLAINT_MAPPED: return "mapped";
    case PT_COMPLAINT_AUTO: break;
    }
    return "auto";
}

const char *pt_complaint_layout_name(enum pt_complaint_layout l)
{
    switch (l) {
    case PT_CLAYOUT_CFPB_14: return "cfpb 14-column (2013-2016)";
    case PT_CLAYOUT_CFPB_18: return "cfpb 18-column";
    case PT_CLAYOUT_CFPB_2026: return "cfpb 2026 (no consent/disputed)";
    case PT_CLAYOUT_BOARD_SITE: return "board (site fields)";
    case PT_CLAYOUT_BOARD_SCRAPER: return "board (scraper: date,title,summary,object,demands,href)";
    case PT_CLAYOUT_MAPPED: return "mapped";
    case PT_CLAYOUT_NONE: break;
    }
    return "none";
}

enum pt_code pt_complaint_format_parse(const char *text, enum pt_complaint_format *out,
                                       struct pt_error *err)
{
    static const char *const names[] = {"auto", "cfpb", "board", "mapped"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (enum pt_complaint_format)i;
            return PT_OK;
        }
    }
    char q[96];
    return pt_error_set(err, PT_EUSAGE, NULL,
                        "--from: expected auto, cfpb, board or mapped, found \"%s\"",
                        pt_error_quote(text, strlen(text), 40, q, sizeof q));
}

/* --- filters ----------------------------------------------------------- */

void pt_complaint_filter_init(struct pt_complaint_filter *f, const struct pt_names *names)
{
    memset(f, 0, sizeof *f);
    f->since = f->until = PT_DAY_UNKNOWN;
    f->names = names;
}

/* The canonical key of a name (names.h: alias target's key, else its
 * own), pt_malloc'ed. */
static char *canonical_key(const struct pt_names *names, const char *s, size_t len)
{
    char *buf = pt_malloc(len + 1);
    if (buf == NULL)
        return NULL;
    if (names == NULL) {
        pt_name_key(s, len, buf);
        return buf;
    }
    const char *key = pt_names_canonical_key(names, s, len, buf);
    if (key == buf)
        return buf;
    char *copy = pt_strdup(key);
    pt_free(buf);
    return copy;
}

enum pt_code pt_complaint_filter_add_company(struct pt_complaint_filter *f, const char *name,
                                             struct pt_error *err)
{
    if (f->n_companies >= PT_FILTER_MAX_COMPANIES)
        return pt_error_set(err, PT_EUSAGE, NULL, "--company: at most %d names",
                            PT_FILTER_MAX_COMPANIES);
    char *key = canonical_key(f->names, name, strlen(name));
    if (key == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory");
    f->companies[f->n_companies++] = key;
    return PT_OK;
}

void pt_complaint_filter_free(struct pt_complaint_filter *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n_companies; i++)
        pt_free(f->companies[i]);
    f->n_companies = 0;
}

static int company_matches(const struct pt_complaint_filter *f, const char *company)
{
    size_t len = strlen(company);
    char small[512];
    char *buf = len < sizeof small ? small : pt_malloc(len + 1);
    if (buf == NULL)
        return 1;   /* cannot decide without memory: keep the row, never lose it */
    const char *key = f->names ? pt_names_canonical_key(f->names, company, len, buf)
                               : (pt_name_key(company, len, buf), buf);
    int hit = 0;
    for (size_t i = 0; i < f->n_companies && !hit; i++)
        hit = strcmp(key, f->companies[i]) == 0;
    if (buf != small)
        pt_free(buf);
    return hit;
}

int pt_complaint_filter_match(void *ctx, const struct pt_complaint *c)
{
    const struct pt_complaint_filter *f = ctx;
    if (f->since != PT_DAY_UNKNOWN && c->date_received < f->since)
        return 0;
    if (f->until != PT_DAY_UNKNOWN && c->date_received > f->until)
        return 0;
    if (f->product != NULL) {
        size_t n = strlen(f->product);
        if (!equals_nocase(c->product, strlen(c->product), f->product) &&
            !equals_nocase(c->product_raw, strlen(c->product_raw), f->product) && n > 0)
            return 0;
    }
    return f->n_companies == 0 || company_matches(f, c->company);
}

/* complaint.c: value classes of the complaint record (see complaint.h).
 *
 * The response classes follow the values the CFPB export has used since
 * 2011 ("Company response to consumer" in the field reference of
 * consumerfinance.gov/complaint/data-use): matching is exact after trimming
 * and ignores ASCII case, so a new value lands in "other", visibly. */
#include "audit/complaint.h"

#include <string.h>

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

const char *pt_category_label(unsigned i)
{
    static const char *const names[PT_N_CATEGORIES] = {
        "cost_and_fees", "disclosure_and_marketing", "bundled_products",
        "collection_conduct", "privacy_and_data", "contract_terms",
        "repayment_and_servicing", "credit_reporting", "fraud_and_security",
        "service_quality", "other",
    };
    return i < PT_N_CATEGORIES ? names[i] : NULL;
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

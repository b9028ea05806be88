/* stats_terms.c: loan terms quoted in complaint text, per complaint, for
 * the statistics (terms.h finds them and solves the implied rate).
 *
 * A complaint "quotes terms" when terms.h extracts at least one loan from
 * its narrative or its issue text (board complaints carry their text in
 * the issue); it counts as over 24% / 36% when any quoted loan's APR
 * (Reg Z actuarial, periodic IRR x 12) is above the line, compared with >
 * as the legal lines are (CONTRACT.md). A quoted loan whose rate cannot be
 * solved counts as quoted, not as over. */
#include "audit/stats_internal.h"

#include <string.h>

#include "audit/terms.h"

#define MAX_QUOTED 8

static unsigned text_flags(const char *text)
{
    if (text == NULL || text[0] == '\0')
        return 0;
    struct pt_terms t[MAX_QUOTED];
    size_t n = 0;
    pt_terms_extract(text, strlen(text), t, MAX_QUOTED, &n);
    unsigned f = n > 0 ? CS_TERMS_QUOTED : 0;
    for (size_t i = 0; i < n; i++) {
        struct pt_rate r;
        struct pt_error err;
        if (pt_terms_rate(&t[i], &r, &err) != PT_OK)
            continue;
        if (r.apr > 0.24)
            f |= CS_TERMS_OVER_24;
        if (r.apr > 0.36)
            f |= CS_TERMS_OVER_36;
    }
    return f;
}

unsigned cs_terms_flags(const struct pt_complaint *c)
{
    unsigned f = text_flags(c->narrative);
    if (c->issue != c->narrative && (c->narrative == NULL || strcmp(c->issue, c->narrative)))
        f |= text_flags(c->issue);
    return f;
}

/* stats_terms.c: loan terms quoted in complaint text, per complaint, for
 * the statistics (terms.h finds them, solves the implied rate and compares
 * it with the legal lines).
 *
 * A complaint "quotes terms" when pt_terms_assess finds at least one loan
 * in its narrative or its issue text (board complaints carry their text in
 * the issue); it counts as over 24% / 36% when any quoted loan's APR is
 * above the line. A quoted loan whose rate cannot be solved counts as
 * quoted, not as over. */
#include "audit/stats_internal.h"

#include <string.h>

#include "audit/terms.h"

#define MAX_QUOTED 8

static unsigned text_flags(const char *text)
{
    if (text == NULL || text[0] == '\0')
        return 0;
    struct pt_terms_case t[MAX_QUOTED];
    size_t n = 0;
    pt_terms_assess(text, strlen(text), t, MAX_QUOTED, &n);
    unsigned f = n > 0 ? CS_TERMS_QUOTED : 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].rate_ok && t[i].over_24)
            f |= CS_TERMS_OVER_24;
        if (t[i].rate_ok && t[i].over_36)
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

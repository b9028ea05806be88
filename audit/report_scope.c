/* report_scope.c: the report's filters and --period as day numbers
 * (date.h), shared by the loan and complaint sections. */
#include <string.h>

#include "audit/date.h"
#include "audit/period.h"
#include "audit/report_data.h"

static enum pt_code day_of(const char *text, int32_t *out, struct pt_error *err)
{
    if (text == NULL) {
        *out = PT_DAY_UNKNOWN;
        return PT_OK;
    }
    enum pt_code rc = pt_date_parse(text, strlen(text), PT_DATE_ISO, out, err);
    return rc == PT_OK ? PT_OK : pt_error_set(err, PT_EUSAGE, NULL, "%s", err->msg);
}

enum pt_code pt_report_scope_init(struct pt_report_scope *s, const struct pt_run_options *o,
                                  struct pt_error *err)
{
    memset(s, 0, sizeof *s);
    enum pt_code rc = day_of(o->since, &s->since, err);
    if (rc == PT_OK)
        rc = day_of(o->until, &s->until, err);
    if (rc == PT_OK && o->period != NULL) {
        struct pt_period p, prev;
        rc = pt_period_parse(o->period, &p, err);
        pt_period_previous(&p, &prev);
        if (rc == PT_OK)
            rc = day_of(p.first, &s->cur_first, err);
        if (rc == PT_OK)
            rc = day_of(p.last, &s->cur_last, err);
        if (rc == PT_OK)
            rc = day_of(prev.first, &s->prev_first, err);
        if (rc == PT_OK)
            rc = day_of(prev.last, &s->prev_last, err);
        snprintf(s->cur_label, sizeof s->cur_label, "%s", p.label);
        snprintf(s->prev_label, sizeof s->prev_label, "%s", prev.label);
        s->has_period = rc == PT_OK;
    }
    s->companies = (const char *const *)o->companies;
    s->n_companies = o->n_companies;
    s->product = o->product;
    return rc;
}

int pt_report_scope_day(const struct pt_report_scope *s, int32_t day)
{
    int dated_filter = s->since != PT_DAY_UNKNOWN || s->until != PT_DAY_UNKNOWN || s->has_period;
    if (day == PT_DAY_UNKNOWN)
        return dated_filter ? 0 : 1;
    if ((s->since != PT_DAY_UNKNOWN && day < s->since) ||
        (s->until != PT_DAY_UNKNOWN && day > s->until))
        return 0;
    if (!s->has_period)
        return 1;
    if (day >= s->cur_first && day <= s->cur_last)
        return 1;
    if (day >= s->prev_first && day <= s->prev_last)
        return 2;
    return 0;
}

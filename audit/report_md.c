/* report_md.c: report.md, Markdown that reads well on GitHub and converts
 * cleanly with pandoc (pipe tables, ATX headings, no raw HTML).
 *
 * Every figure printed here is a cell of a table that is also written to
 * tables/NAME.csv; the text around the tables only names them, states the
 * options, and says when a section has no input. Nothing depends on
 * whether gnuplot is installed. */
#include <inttypes.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/report.h"
#include "audit/report_build.h"
#include "audit/table_escape.h"

struct md {
    FILE *f;
    struct pt_error *err;
    enum pt_code rc;
};

static void put(struct md *m, const char *s)
{
    if (m->rc == PT_OK && fputs(s, m->f) == EOF)
        m->rc = pt_error_set(m->err, PT_EIO, NULL, "cannot write report.md: write error");
}

/* Untrusted or user text (title, filters) as Markdown inline text. */
static void put_text(struct md *m, const char *s)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (m->rc != PT_OK)
        return;
    if (pt_table_escape_markdown(s, strlen(s), &buf, &len, &cap) != 0) {
        pt_free(buf);
        m->rc = pt_error_set(m->err, PT_ENOMEM, NULL, "out of memory writing report.md");
        return;
    }
    put(m, buf != NULL ? buf : "");
    pt_free(buf);
}

static const struct pt_rtable *find_table(const struct pt_report_doc *d, const char *name)
{
    for (size_t i = 0; i < d->n_tables; i++)
        if (strcmp(d->tables[i].name, name) == 0)
            return &d->tables[i];
    return NULL;
}

static void put_table(struct md *m, const struct pt_report_doc *d, const char *name)
{
    const struct pt_rtable *t = find_table(d, name);
    if (t == NULL || m->rc != PT_OK)
        return;
    put(m, "*");
    put_text(m, t->title);
    put(m, "* (`tables/");
    put(m, t->name);
    put(m, ".csv`)\n\n");
    if (m->rc == PT_OK)
        m->rc = pt_rtable_write(t, m->f, PT_TABLE_MARKDOWN, 0, d->opt->min_cell, m->err);
    put(m, "\n");
}

/* The image link is written whether or not gnuplot rendered it, so
 * report.md is the same on every machine. */
static void put_chart(struct md *m, const struct pt_report_doc *d, const char *name)
{
    for (size_t i = 0; i < d->n_charts; i++) {
        const struct pt_chart *c = &d->charts[i];
        if (strcmp(c->name, name) != 0)
            continue;
        put(m, "![");
        put_text(m, c->alt);
        put(m, "](plots/");
        put(m, c->name);
        put(m, ".svg)\n\n");
    }
}

static void put_scope(struct md *m, const struct pt_report_doc *d)
{
    const struct pt_run_options *o = d->opt;
    put(m, "## Scope and data\n\n");
    put_table(m, d, "scope");
    put(m, "Each input is identified by the SHA-256 of its bytes; `manifest.json` records the "
           "same values with the resolved paths, and `ptaudit verify` re-derives this folder "
           "from them. Rejected rows are listed in `rejected.csv`.\n\n");
    put_table(m, d, "inputs");
    int uncounted = 0;
    for (size_t i = 0; i < d->manifest->n_inputs; i++) {
        const struct pt_manifest_input *in = &d->manifest->inputs[i];
        uncounted |= !in->counted && (strcmp(in->kind, "loans") == 0 ||
                                      strcmp(in->kind, "complaints") == 0);
    }
    if (uncounted)
        put(m, "Inputs shown with `-` for rows were not counted by a loader.\n\n");
    if (d->complaints_built && o->min_cell > 0) {
        char buf[200];
        snprintf(buf, sizeof buf,
                 "Complaint counts below %" PRId64 " and the rates derived from them are "
                 "suppressed (shown as &lt;%" PRId64 "), with complementary suppression so no "
                 "hidden cell follows from a total.\n\n",
                 o->min_cell, o->min_cell);
        put(m, buf);
    }
}

static void put_example(struct md *m, const struct pt_report_doc *d)
{
    put(m, "### Worked example: what an advertised monthly rate costs\n\n"
           "A flat offer (等本等息) charges its monthly rate on the original principal every "
           "month, although the balance falls with each repayment. Solving the repayments for "
           "the rate at which they are worth exactly the amount received (the internal rate of "
           "return) gives the true APR and EAR, well above the advertised annual line.\n\n");
    put_table(m, d, "worked_example");
    put_chart(m, d, "worked_example");
    put_table(m, d, "worked_example_schedule");
}

/* A table kept in tables/ but too long for the page: named, not shown. */
static void put_table_ref(struct md *m, const struct pt_report_doc *d, const char *name,
                          const char *what)
{
    const struct pt_rtable *t = find_table(d, name);
    if (t == NULL)
        return;
    put(m, what);
    put(m, ": `tables/");
    put(m, name);
    put(m, ".csv`.\n\n");
}

static void put_loans(struct md *m, const struct pt_report_doc *d)
{
    put(m, "### The loan datasets\n\n");
    if (!d->loans_built) {
        put(m, "No loan file was given (`--loans`).\n\n");
        return;
    }
    if (d->loans == 0) {
        put(m, "No loan of the input files is in scope (see the filters above).\n\n");
        return;
    }
    put(m, "The true APR of every loan is solved from its cash flows with every fee; the "
           "quoted rate is the rate the lender states. Shares over the legal lines count "
           "the loans where the line applies.\n\n");
    put_table(m, d, "loans_by_platform");
    put_chart(m, d, "apr_by_platform");
    put_chart(m, d, "quoted_vs_true");
    put_table(m, d, "loans_change");
    put_table_ref(m, d, "loans", "One row per loan in scope, the points of the charts above");
    put_table_ref(m, d, "names_platforms", "Platform names as read and as shown");
}

static void put_complaints(struct md *m, const struct pt_report_doc *d)
{
    put(m, "## Complaints\n\n");
    if (!d->complaints_built) {
        put(m, "No complaint file was given (`--complaints`).\n\n");
        return;
    }
    if (d->complaints == 0) {
        put(m, "No complaint of the input files is in scope (see the filters above).\n\n");
        return;
    }
    put(m, "Volumes, shares and timely responses by company. `timely_rate` = Yes / (Yes + "
           "No) with its 95% Wilson interval; blanks are counted in `timely_unknown`.\n\n");
    put_table(m, d, "complaints_by_company");
    put_chart(m, d, "timely_response");
    put_table(m, d, "complaints_change");
    const struct pt_rtable *per = find_table(d, "complaints_per_10k_loans");
    if (per != NULL && per->n_rows == 0)
        put(m, "Complaints per 10,000 loans: no firm is in both datasets with overlapping "
               "dates (`tables/complaints_per_10k_loans.csv` is empty).\n\n");
    else
        put_table(m, d, "complaints_per_10k_loans");
    put(m, "### Trend\n\n");
    put_chart(m, d, "complaints_per_month");
    put_table_ref(m, d, "complaints_by_month", "Complaints per month and company");
    const struct pt_rtable *sp = find_table(d, "complaint_spikes");
    if (sp != NULL && sp->n_rows == 0)
        put(m, "No month is above the spike threshold (or has the 6 months of history the "
               "test needs): `tables/complaint_spikes.csv` is empty.\n\n");
    else
        put_table(m, d, "complaint_spikes");
    put(m, "### Templated complaints and quoted loan terms\n\n");
    if (d->opt->narratives)
        put(m, "`templated_share` is the share of narratives that nearly duplicate an earlier "
               "one (MinHash); `terms_over_*_share` the share of complaints quoting loan terms "
               "whose implied APR is over the line.\n\n");
    else
        put(m, "Not computed: the narratives were not read (`--narratives on` reads them for "
               "templated complaints and loan terms quoted in the text).\n\n");
    put_table(m, d, "complaint_signals");
    put(m, "### Categories\n\n");
    put_table(m, d, "complaints_by_category");
    put_chart(m, d, "complaint_categories");
    put_chart(m, d, "categories_by_company");
    put_table_ref(m, d, "complaints_by_company_category", "Complaints by company and category");
    put_table_ref(m, d, "names_companies", "Company names as read and as shown");
}

static void put_method(struct md *m, const struct pt_report_doc *d)
{
    put(m, "## Method\n\n");
    put(m, "- **True cost.** The APR is the periodic internal rate of return of the loan's "
           "cash flows, every fee included, times the periods per year (Reg Z Appendix J "
           "actuarial method; PBOC 2021 No. 3 annualized rate); the effective annual rate "
           "is (1 + i)^periods - 1 (EU APRC). Legal lines compare the APR with 24%, 36% "
           "and four times the one-year LPR (`>`). Quantiles interpolate linearly between "
           "order statistics (R type 7).\n");
    if (d->complaints_built)
        put(m, "- **Complaints.** `timely_rate` = Yes / (Yes + No), blanks counted apart; "
               "categories may overlap, so category shares can sum past 100%.\n");
    put(m, "- **Inputs** are identified by SHA-256 (FIPS 180-4); rows read = accepted + "
           "rejected + filtered for every input.\n"
           "- **Reproducibility.** Identical inputs and options give identical bytes: no "
           "clock (the date comes from `--as-of` or `SOURCE_DATE_EPOCH`), sorted tables, "
           "rates printed at fixed precision.\n\n");
}

static void put_limits(struct md *m)
{
    put(m, "## Limitations\n\n"
           "- Complaint data are self-selected: volumes reflect who complains and where, not "
           "how often problems occur.\n"
           "- Complementary suppression follows the usual statistical-office heuristic; it "
           "prevents recovering a hidden cell from one total, not every linear combination.\n"
           "- Complaints per 10,000 loans relate firms present in both datasets by name; they "
           "compare counts over each dataset's own dates where those overlap, not a matched "
           "population.\n"
           "- Collection conduct and privacy appear as the categories `collection_conduct` "
           "and `privacy_and_data`; there is no separate signal for them in this version.\n");
}

enum pt_code pt_report_md_write(const struct pt_report_doc *d, FILE *f, struct pt_error *err)
{
    struct md m = {f, err, PT_OK};
    const struct pt_run_options *o = d->opt;
    put(&m, "# ");
    put_text(&m, o->title != NULL ? o->title : "Platform transparency report");
    put(&m, "\n\n");
    put(&m, "Written by ptaudit ");
    put(&m, d->manifest->version != NULL ? d->manifest->version : PT_VERSION);
    if (o->as_of != NULL) {
        put(&m, ", as of ");
        put_text(&m, o->as_of);
    }
    put(&m, ". Every number in this report comes from a table in `tables/` (also in "
            "`submission.json`).\n\n");
    put_scope(&m, d);
    put(&m, "## The true cost of credit\n\n");
    put_example(&m, d);
    put_loans(&m, d);
    put_complaints(&m, d);
    put_method(&m, d);
    put_limits(&m);
    if (m.rc == PT_OK && fflush(f) != 0)
        m.rc = pt_error_set(err, PT_EIO, NULL, "cannot write report.md: write error");
    return m.rc;
}

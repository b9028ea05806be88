/* report_plots.c: gnuplot scripts and data files of the report's charts.
 *
 * Each chart is two files a user can edit and re-run in plots/ with
 * `gnuplot NAME.gp`: the script (terminal, output NAME.svg, and NAME.png
 * with --png) and NAME.dat (tab-separated numbers only; comment lines name
 * the table the numbers come from). Untrusted text (company names as
 * labels) enters the script only as single-quoted strings made by
 * pt_escape_gnuplot, under `set termoption noenhanced`, so no name can run a
 * command, expand a macro or change the markup. Numbers are printed with
 * fixed precision so the files are byte-identical across runs. */
#include <stdio.h>
#include <string.h>

#include "audit/report_build.h"

enum pt_code pt_chart_add(struct pt_buf *b, const char *s, struct pt_error *err)
{
    return pt_buf_append(b, s, strlen(s), err);
}

enum pt_code pt_chart_quote(struct pt_buf *b, const char *s, struct pt_error *err)
{
    return pt_escape_gnuplot(b, s, strlen(s), err);
}

/* Header and terminal lines shared by every chart. */
enum pt_code pt_chart_head(struct pt_chart *c, const char *title, const char *source,
                                struct pt_error *err)
{
    char line[256];
    snprintf(line, sizeof line,
             "# %s.gp: written by ptaudit report. Data: %s.dat (from tables/%s.csv).\n"
             "# Re-run in this folder: gnuplot %s.gp\n",
             c->name, c->name, source, c->name);
    enum pt_code rc = pt_chart_add(&c->gp, line, err);
    snprintf(line, sizeof line,
             "set terminal svg size 760,440 dynamic font 'sans,12'\n"
             "set output '%s.svg'\nset termoption noenhanced\n"
             "set datafile separator \"\\t\"\nset title ",
             c->name);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, line, err);
    if (rc == PT_OK)
        rc = pt_chart_quote(&c->gp, title, err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, "\n", err);
    return rc;
}

enum pt_code pt_chart_png(struct pt_chart *c, int png, struct pt_error *err)
{
    char line[160];
    if (!png)
        return PT_OK;
    snprintf(line, sizeof line,
             "set terminal pngcairo size 760,440 font 'sans,10'\nset termoption noenhanced\n"
             "set output '%s.png'\nreplot\n",
             c->name);
    return pt_chart_add(&c->gp, line, err);
}

enum pt_code pt_chart_new(struct pt_report_build *b, const char *name, const char *alt,
                              struct pt_chart **out, struct pt_error *err)
{
    if (b->n_charts >= PT_REPORT_MAX_CHARTS)
        return pt_error_set(err, PT_ENOMEM, NULL, "too many report charts");
    struct pt_chart *c = &b->charts[b->n_charts++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->alt, sizeof c->alt, "%s", alt);
    *out = c;
    return PT_OK;
}

static enum pt_code bars_data(struct pt_chart *c, const char *source, const double *rates,
                              size_t n, struct pt_error *err)
{
    char line[160];
    snprintf(line, sizeof line, "# %s.dat: from tables/%s.csv\n# bar\tpercent\n", c->name,
             source);
    enum pt_code rc = pt_chart_add(&c->dat, line, err);
    for (size_t i = 0; rc == PT_OK && i < n; i++) {
        snprintf(line, sizeof line, "%zu\t%.6f\n", i, rates[i] * 100.0);
        rc = pt_chart_add(&c->dat, line, err);
    }
    return rc;
}

enum pt_code pt_report_chart_bars(struct pt_report_build *b, const char *name, const char *title,
                                  const char *alt, const char *source, const char *ylabel,
                                  const char *const *labels, const double *rates, size_t n,
                                  struct pt_error *err)
{
    struct pt_chart *c = NULL;
    char line[200];
    enum pt_code rc = pt_chart_new(b, name, alt, &c, err);
    if (rc == PT_OK)
        rc = pt_chart_head(c, title, source, err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, "set ylabel ", err);
    if (rc == PT_OK)
        rc = pt_chart_quote(&c->gp, ylabel, err);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, "\nset yrange [0:*]\n"
                         "set style fill solid 0.7\nset boxwidth 0.6\nset grid ytics\n"
                         "set offsets 0, 0, graph 0.12, 0\nset xtics nomirror (", err);
    for (size_t i = 0; rc == PT_OK && i < n; i++) {
        rc = pt_chart_quote(&c->gp, labels[i], err);
        snprintf(line, sizeof line, " %zu%s", i, i + 1 < n ? ", " : "");
        if (rc == PT_OK)
            rc = pt_chart_add(&c->gp, line, err);
    }
    snprintf(line, sizeof line, ")\nset xrange [-0.6:%zu.4]\nplot '", n > 0 ? n - 1 : 0);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, line, err);
    snprintf(line, sizeof line,
             "%s.dat' using 1:2 with boxes notitle, '' using 1:2:(sprintf('%%.2f%%%%', $2)) "
             "with labels offset 0,0.8 notitle\n",
             c->name);
    if (rc == PT_OK)
        rc = pt_chart_add(&c->gp, line, err);
    if (rc == PT_OK)
        rc = pt_chart_png(c, b->png, err);
    if (rc == PT_OK)
        rc = bars_data(c, source, rates, n, err);
    return rc;
}

const struct pt_chart *pt_report_find_chart(const struct pt_report_build *b, const char *name)
{
    for (size_t i = 0; i < b->n_charts; i++)
        if (strcmp(b->charts[i].name, name) == 0)
            return &b->charts[i];
    return NULL;
}

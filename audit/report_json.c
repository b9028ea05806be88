/* report_json.c: submission.json, schema ptaudit.submission/1
 * (docs/submission-schema.md): the manifest and every table of the report,
 * for a regulator's pipeline.
 *
 * The tables are rendered by the same table writer as `--to json`, so a
 * rate reads 0.3599000000 here exactly as in the CSV; cJSON lays out only
 * the outer object (keys in a fixed order: schema, manifest, sections,
 * tables in report order). Each table is a raw placeholder, one 0x01 byte
 * (cJSON escapes every control byte inside strings, so a raw 0x01 in the
 * printed skeleton can only be a placeholder), and is streamed into the
 * file where its placeholder stands: the full export's 25 MB of tables are
 * never held, copied and printed again in memory. */
#define _GNU_SOURCE /* fopencookie */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "audit/report.h"

#define PLACEHOLDER "\x01"

static enum pt_code nomem(struct pt_error *err)
{
    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory writing submission.json");
}

static enum pt_code write_error(struct pt_error *err)
{
    return pt_error_set(err, PT_EIO, NULL, "cannot write submission.json: write error");
}

/* A stream into `out` that holds back a run of newlines until more text
 * follows and drops the last run: a table's JSON ends in a newline, and its
 * value in the outer object must not. */
struct trim_nl {
    FILE *out;
    size_t pending;   /* newlines held back */
};

static ssize_t trim_write(void *cookie, const char *buf, size_t size)
{
    struct trim_nl *t = cookie;
    size_t text = size;
    while (text > 0 && buf[text - 1] == '\n')
        text--;
    if (text > 0) {
        for (; t->pending > 0; t->pending--)
            if (fputc('\n', t->out) == EOF)
                return -1;
        if (fwrite(buf, 1, text, t->out) != text)
            return -1;
    }
    t->pending += size - text;
    return (ssize_t)size;
}

/* Table t's JSON into f, its trailing newlines left out. */
static enum pt_code table_json(const struct pt_rtable *t, FILE *f, struct pt_error *err)
{
    struct trim_nl trim = {f, 0};
    cookie_io_functions_t io = {.write = trim_write};
    FILE *s = fopencookie(&trim, "w", io);
    if (s == NULL)
        return nomem(err);
    setvbuf(s, NULL, _IOFBF, 1 << 16);
    enum pt_code rc = pt_rtable_write(t, s, PT_TABLE_JSON, 0, 0, err);
    if (fclose(s) != 0 && rc == PT_OK)
        rc = write_error(err);
    return rc;
}

static cJSON *sections_json(const struct pt_report_doc *d)
{
    cJSON *s = cJSON_CreateObject();
    if (s == NULL ||
        cJSON_AddStringToObject(s, "loans", d->loans_built ? "built" : "no input") == NULL ||
        cJSON_AddStringToObject(s, "complaints", d->complaints_built ? "built" : "no input") ==
            NULL) {
        cJSON_Delete(s);
        return NULL;
    }
    return s;
}

/* The outer object, each table a placeholder. */
static enum pt_code skeleton(const struct pt_report_doc *d, cJSON *root, struct pt_error *err)
{
    cJSON *tables = cJSON_CreateObject();
    cJSON *manifest = pt_manifest_json(d->manifest);
    cJSON *sections = sections_json(d);
    int ok = tables != NULL && manifest != NULL && sections != NULL &&
             cJSON_AddStringToObject(root, "schema", "ptaudit.submission/1") != NULL &&
             cJSON_AddItemToObject(root, "manifest", manifest);
    if (ok)
        manifest = NULL;
    ok = ok && cJSON_AddItemToObject(root, "sections", sections);
    if (ok)
        sections = NULL;
    ok = ok && cJSON_AddItemToObject(root, "tables", tables);
    if (!ok) {
        cJSON_Delete(tables);
        cJSON_Delete(manifest);
        cJSON_Delete(sections);
        return nomem(err);
    }
    for (size_t i = 0; i < d->n_tables; i++) {
        cJSON *raw = cJSON_CreateRaw(PLACEHOLDER);
        if (raw == NULL || !cJSON_AddItemToObject(tables, d->tables[i].name, raw)) {
            cJSON_Delete(raw);
            return nomem(err);
        }
    }
    return PT_OK;
}

enum pt_code pt_report_json_write(const struct pt_report_doc *d, FILE *f, struct pt_error *err)
{
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        return nomem(err);
    enum pt_code rc = skeleton(d, root, err);
    char *text = rc == PT_OK ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (rc != PT_OK)
        return rc;
    if (text == NULL)
        return nomem(err);
    const char *p = text;
    for (size_t i = 0; rc == PT_OK; i++) {
        const char *mark = strchr(p, PLACEHOLDER[0]);
        size_t n = mark != NULL ? (size_t)(mark - p) : strlen(p);
        if (fwrite(p, 1, n, f) != n) {
            rc = write_error(err);
        } else if (mark == NULL) {
            break;
        } else if (i >= d->n_tables) {   /* cannot happen: one mark per table */
            rc = pt_error_set(err, PT_EINVAL, NULL, "internal error writing submission.json");
        } else {
            rc = table_json(&d->tables[i], f, err);
            p = mark + 1;
        }
    }
    if (rc == PT_OK && (fputc('\n', f) == EOF || fflush(f) != 0))
        rc = write_error(err);
    cJSON_free(text);
    return rc;
}

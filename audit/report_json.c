/* report_json.c: submission.json, schema ptaudit.submission/1
 * (docs/submission-schema.md): the manifest and every table of the report,
 * for a regulator's pipeline.
 *
 * The tables are rendered by the same table writer as `--to json` and put
 * in as raw JSON, so a rate reads 0.3599000000 here exactly as in the CSV;
 * cJSON only lays out the outer object (keys in a fixed order: schema,
 * manifest, sections, tables in report order). */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "audit/report.h"

static enum pt_code nomem(struct pt_error *err)
{
    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory writing submission.json");
}

/* The table as JSON text in a malloc'ed string (open_memstream). */
static enum pt_code table_json(const struct pt_rtable *t, char **out, struct pt_error *err)
{
    size_t size = 0;
    *out = NULL;
    FILE *f = open_memstream(out, &size);
    if (f == NULL)
        return nomem(err);
    enum pt_code rc = pt_rtable_write(t, f, PT_TABLE_JSON, 0, 0, err);
    if (fclose(f) != 0 && rc == PT_OK)
        rc = nomem(err);
    if (rc != PT_OK) {
        free(*out);
        *out = NULL;
    }
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

static enum pt_code build(const struct pt_report_doc *d, cJSON *root, struct pt_error *err)
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
        char *text = NULL;
        enum pt_code rc = table_json(&d->tables[i], &text, err);
        if (rc != PT_OK)
            return rc;
        size_t n = strlen(text);
        while (n > 0 && text[n - 1] == '\n')
            text[--n] = '\0';
        cJSON *raw = cJSON_CreateRaw(text);
        free(text);
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
    enum pt_code rc = build(d, root, err);
    char *text = rc == PT_OK ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (rc != PT_OK)
        return rc;
    if (text == NULL)
        return nomem(err);
    size_t n = strlen(text);
    if (fwrite(text, 1, n, f) != n || fputc('\n', f) == EOF || fflush(f) != 0)
        rc = pt_error_set(err, PT_EIO, NULL, "cannot write submission.json: write error");
    cJSON_free(text);
    return rc;
}

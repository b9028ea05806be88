/* manifest.c: manifest.json through cJSON. Objects are built in the order
 * the keys must appear (cJSON keeps insertion order) and printed with
 * cJSON_Print; counts go in as raw integers so a uint64 never passes
 * through a double's %g. Reading accepts exactly what writing produces. */
#include "audit/manifest.h"

#include <inttypes.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "audit/alloc.h"

void pt_manifest_init(struct pt_manifest *m)
{
    memset(m, 0, sizeof *m);
    m->opt.min_cell = 10;
}

static void free_options(struct pt_run_options *o)
{
    char **fields[] = {&o->title, &o->period, &o->as_of, &o->loans_from, &o->complaints_from,
                       &o->encoding, &o->since, &o->until, &o->product, &o->currency};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        pt_free(*fields[i]);
        *fields[i] = NULL;
    }
    for (size_t i = 0; i < o->n_companies; i++)
        pt_free(o->companies[i]);
    o->n_companies = 0;
}

void pt_manifest_free(struct pt_manifest *m)
{
    if (m == NULL)
        return;
    free_options(&m->opt);
    for (size_t i = 0; i < m->n_inputs; i++) {
        struct pt_manifest_input *in = &m->inputs[i];
        pt_free(in->kind);
        pt_free(in->path);
        pt_free(in->resolved);
        pt_free(in->format);
        pt_free(in->encoding);
    }
    pt_free(m->inputs);
    pt_free(m->version);
    pt_manifest_init(m);
}

static enum pt_code nomem(struct pt_error *err)
{
    return pt_error_set(err, PT_ENOMEM, NULL, "out of memory in the manifest");
}

enum pt_code pt_manifest_set(char **field, const char *value, struct pt_error *err)
{
    char *copy = NULL;
    if (value != NULL && (copy = pt_strdup(value)) == NULL)
        return nomem(err);
    pt_free(*field);
    *field = copy;
    return PT_OK;
}

enum pt_code pt_run_options_copy(struct pt_run_options *dst, const struct pt_run_options *src,
                                 struct pt_error *err)
{
    enum pt_code rc;
    dst->min_cell = src->min_cell;
    dst->excel = src->excel;
    dst->png = src->png;
    dst->narratives = src->narratives;
    if ((rc = pt_manifest_set(&dst->title, src->title, err)) ||
        (rc = pt_manifest_set(&dst->period, src->period, err)) ||
        (rc = pt_manifest_set(&dst->as_of, src->as_of, err)) ||
        (rc = pt_manifest_set(&dst->loans_from, src->loans_from, err)) ||
        (rc = pt_manifest_set(&dst->complaints_from, src->complaints_from, err)) ||
        (rc = pt_manifest_set(&dst->encoding, src->encoding, err)) ||
        (rc = pt_manifest_set(&dst->since, src->since, err)) ||
        (rc = pt_manifest_set(&dst->until, src->until, err)) ||
        (rc = pt_manifest_set(&dst->product, src->product, err)) ||
        (rc = pt_manifest_set(&dst->currency, src->currency, err)))
        return rc;
    for (size_t i = 0; i < src->n_companies && i < PT_RUN_MAX_LIST; i++) {
        dst->companies[i] = NULL;
        if ((rc = pt_manifest_set(&dst->companies[i], src->companies[i], err)))
            return rc;
        dst->n_companies = i + 1;
    }
    return PT_OK;
}

enum pt_code pt_manifest_add_input(struct pt_manifest *m, const char *kind, const char *path,
                                   const char *resolved, struct pt_manifest_input **out,
                                   struct pt_error *err)
{
    if (pt_grow((void **)&m->inputs, &m->cap_inputs, m->n_inputs + 1, sizeof *m->inputs) != 0)
        return nomem(err);
    struct pt_manifest_input *in = &m->inputs[m->n_inputs];
    memset(in, 0, sizeof *in);
    if (pt_manifest_set(&in->kind, kind, err) != PT_OK ||
        pt_manifest_set(&in->path, path, err) != PT_OK ||
        pt_manifest_set(&in->resolved, resolved, err) != PT_OK) {
        pt_free(in->kind);
        pt_free(in->path);
        pt_free(in->resolved);
        return PT_ENOMEM;
    }
    m->n_inputs++;
    *out = in;
    return PT_OK;
}

/* --- writing ----------------------------------------------------------- */

static int add_str(cJSON *obj, const char *key, const char *value)
{
    cJSON *v = value != NULL ? cJSON_CreateString(value) : cJSON_CreateNull();
    return v != NULL && cJSON_AddItemToObject(obj, key, v) ? 0 : -1;
}

static int add_u64(cJSON *obj, const char *key, uint64_t value)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, value);
    return cJSON_AddRawToObject(obj, key, buf) != NULL ? 0 : -1;
}

static int add_bool(cJSON *obj, const char *key, int value)
{
    return cJSON_AddBoolToObject(obj, key, value != 0) != NULL ? 0 : -1;
}

static cJSON *options_json(const struct pt_run_options *o)
{
    cJSON *obj = cJSON_CreateObject();
    cJSON *companies = cJSON_CreateArray();
    int bad = obj == NULL || companies == NULL;
    bad = bad || add_str(obj, "title", o->title) || add_str(obj, "period", o->period) ||
          add_str(obj, "as_of", o->as_of) || add_u64(obj, "min_cell", (uint64_t)o->min_cell) ||
          add_bool(obj, "excel", o->excel) || add_bool(obj, "png", o->png) ||
          add_bool(obj, "narratives", o->narratives) ||
          add_str(obj, "loans_from", o->loans_from) ||
          add_str(obj, "complaints_from", o->complaints_from) ||
          add_str(obj, "encoding", o->encoding) || add_str(obj, "since", o->since) ||
          add_str(obj, "until", o->until) || add_str(obj, "product", o->product) ||
          add_str(obj, "currency", o->currency);
    for (size_t i = 0; !bad && i < o->n_companies; i++) {
        cJSON *s = cJSON_CreateString(o->companies[i]);
        bad = s == NULL || !cJSON_AddItemToArray(companies, s);
    }
    if (!bad && cJSON_AddItemToObject(obj, "companies", companies))
        return obj;
    cJSON_Delete(companies);
    cJSON_Delete(obj);
    return NULL;
}

static cJSON *input_json(const struct pt_manifest_input *in)
{
    cJSON *obj = cJSON_CreateObject();
    const struct pt_accounting *a = &in->acc;
    int bad = obj == NULL || add_str(obj, "kind", in->kind) || add_str(obj, "path", in->path) ||
              add_str(obj, "resolved", in->resolved) || add_u64(obj, "size", in->size) ||
              add_str(obj, "sha256", in->sha256) || add_str(obj, "format", in->format) ||
              add_str(obj, "encoding", in->encoding);
    if (!bad && in->counted)
        bad = add_u64(obj, "rows_read", a->rows_read) ||
              add_u64(obj, "rows_accepted", a->rows_accepted) ||
              add_u64(obj, "rows_rejected", a->rows_rejected) ||
              add_u64(obj, "rows_filtered", a->rows_filtered) ||
              add_u64(obj, "lines_blank", a->lines_blank) ||
              add_u64(obj, "lines_skipped", a->lines_skipped);
    if (!bad)
        return obj;
    cJSON_Delete(obj);
    return NULL;
}

cJSON *pt_manifest_json(const struct pt_manifest *m)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *inputs = cJSON_CreateArray();
    cJSON *opts = options_json(&m->opt);
    int bad = root == NULL || inputs == NULL || opts == NULL ||
              add_str(root, "schema", PT_MANIFEST_SCHEMA) || add_str(root, "tool", "ptaudit") ||
              add_str(root, "version", m->version != NULL ? m->version : PT_VERSION) ||
              add_str(root, "generated", m->opt.as_of);
    if (!bad && cJSON_AddItemToObject(root, "options", opts))
        opts = NULL;
    else
        bad = 1;
    for (size_t i = 0; !bad && i < m->n_inputs; i++) {
        cJSON *in = input_json(&m->inputs[i]);
        bad = in == NULL || !cJSON_AddItemToArray(inputs, in);
        if (bad)
            cJSON_Delete(in);
    }
    if (!bad && cJSON_AddItemToObject(root, "inputs", inputs))
        return root;
    cJSON_Delete(opts);
    cJSON_Delete(inputs);
    cJSON_Delete(root);
    return NULL;
}

enum pt_code pt_manifest_write(const struct pt_manifest *m, FILE *f, struct pt_error *err)
{
    cJSON *root = pt_manifest_json(m);
    if (root == NULL)
        return nomem(err);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (text == NULL)
        return nomem(err);
    size_t n = strlen(text);
    int bad = fwrite(text, 1, n, f) != n || fputc('\n', f) == EOF || fflush(f) != 0;
    cJSON_free(text);
    if (bad)
        return pt_error_set(err, PT_EIO, NULL, "cannot write manifest.json: write error");
    return PT_OK;
}

/* --- reading ----------------------------------------------------------- */

struct reader {
    const char *path;
    struct pt_error *err;
};

static enum pt_code bad_field(const struct reader *r, const char *key, const char *want)
{
    struct pt_loc loc;
    pt_loc_set(&loc, r->path, 0, 0);
    return pt_error_set(r->err, PT_EDATA, &loc, "%s: expected %s in a ptaudit manifest", key,
                        want);
}

/* A string or null member into *field. */
static enum pt_code get_str(const struct reader *r, const cJSON *obj, const char *key,
                            char **field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL || cJSON_IsNull(v))
        return pt_manifest_set(field, NULL, r->err);
    if (!cJSON_IsString(v))
        return bad_field(r, key, "a string or null");
    return pt_manifest_set(field, v->valuestring, r->err);
}

static enum pt_code get_u64(const struct reader *r, const cJSON *obj, const char *key,
                            uint64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9007199254740992.0)
        return bad_field(r, key, "a count");
    *out = (uint64_t)v->valuedouble;
    return PT_OK;
}

static enum pt_code read_options(const struct reader *r, const cJSON *o,
                                 struct pt_run_options *opt)
{
    uint64_t min_cell = 0;
    enum pt_code rc;
    if (!cJSON_IsObject(o))
        return bad_field(r, "options", "an object");
    if ((rc = get_str(r, o, "title", &opt->title)) || (rc = get_str(r, o, "period", &opt->period)) ||
        (rc = get_str(r, o, "as_of", &opt->as_of)) ||
        (rc = get_u64(r, o, "min_cell", &min_cell)) ||
        (rc = get_str(r, o, "loans_from", &opt->loans_from)) ||
        (rc = get_str(r, o, "complaints_from", &opt->complaints_from)) ||
        (rc = get_str(r, o, "encoding", &opt->encoding)) ||
        (rc = get_str(r, o, "since", &opt->since)) || (rc = get_str(r, o, "until", &opt->until)) ||
        (rc = get_str(r, o, "product", &opt->product)) ||
        (rc = get_str(r, o, "currency", &opt->currency)))
        return rc;
    opt->min_cell = (int64_t)min_cell;
    opt->excel = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "excel"));
    opt->png = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "png"));
    opt->narratives = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "narratives"));
    const cJSON *companies = cJSON_GetObjectItemCaseSensitive(o, "companies");
    const cJSON *c;
    cJSON_ArrayForEach(c, companies)
    {
        if (!cJSON_IsString(c) || opt->n_companies >= PT_RUN_MAX_LIST)
            return bad_field(r, "companies", "at most 64 strings");
        opt->companies[opt->n_companies] = NULL;
        if ((rc = pt_manifest_set(&opt->companies[opt->n_companies], c->valuestring, r->err)))
            return rc;
        opt->n_companies++;
    }
    return PT_OK;
}

static enum pt_code read_input(const struct reader *r, const cJSON *o, struct pt_manifest *m)
{
    struct pt_manifest_input *in = NULL;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(o, "kind");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(o, "path");
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(o, "sha256");
    if (!cJSON_IsString(kind) || !cJSON_IsString(path))
        return bad_field(r, "inputs", "objects with kind and path");
    if (!cJSON_IsString(sha) || strlen(sha->valuestring) != PT_SHA256_HEX_LEN)
        return bad_field(r, "sha256", "64 hex digits");
    enum pt_code rc = pt_manifest_add_input(m, kind->valuestring, path->valuestring, NULL, &in,
                                            r->err);
    if (rc == PT_OK)
        rc = get_str(r, o, "resolved", &in->resolved);
    if (rc == PT_OK)
        rc = get_u64(r, o, "size", &in->size);
    if (rc == PT_OK)
        rc = get_str(r, o, "format", &in->format);
    if (rc == PT_OK)
        rc = get_str(r, o, "encoding", &in->encoding);
    if (rc != PT_OK)
        return rc;
    memcpy(in->sha256, sha->valuestring, PT_SHA256_HEX_LEN + 1);
    in->counted = cJSON_GetObjectItemCaseSensitive(o, "rows_read") != NULL;
    if (in->counted &&
        ((rc = get_u64(r, o, "rows_read", &in->acc.rows_read)) ||
         (rc = get_u64(r, o, "rows_accepted", &in->acc.rows_accepted)) ||
         (rc = get_u64(r, o, "rows_rejected", &in->acc.rows_rejected)) ||
         (rc = get_u64(r, o, "rows_filtered", &in->acc.rows_filtered)) ||
         (rc = get_u64(r, o, "lines_blank", &in->acc.lines_blank)) ||
         (rc = get_u64(r, o, "lines_skipped", &in->acc.lines_skipped))))
        return rc;
    return PT_OK;
}

static enum pt_code read_tree(const struct reader *r, const cJSON *root, struct pt_manifest *m)
{
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(root, "schema");
    if (!cJSON_IsString(schema) || strcmp(schema->valuestring, PT_MANIFEST_SCHEMA) != 0)
        return bad_field(r, "schema", "\"" PT_MANIFEST_SCHEMA "\"");
    enum pt_code rc = get_str(r, root, "version", &m->version);
    if (rc == PT_OK)
        rc = read_options(r, cJSON_GetObjectItemCaseSensitive(root, "options"), &m->opt);
    const cJSON *inputs = cJSON_GetObjectItemCaseSensitive(root, "inputs");
    if (rc == PT_OK && !cJSON_IsArray(inputs))
        rc = bad_field(r, "inputs", "an array");
    const cJSON *in;
    cJSON_ArrayForEach(in, inputs)
    {
        if (rc != PT_OK)
            break;
        rc = read_input(r, in, m);
    }
    return rc;
}

enum pt_code pt_manifest_read(struct pt_manifest *m, FILE *f, const char *path,
                              struct pt_error *err)
{
    enum { LIMIT = 16 * 1024 * 1024 };
    struct reader r = {path, err};
    struct pt_loc loc;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    pt_loc_set(&loc, path, 0, 0);
    do {
        if (len >= LIMIT) {
            pt_free(buf);
            return pt_error_set(err, PT_EDATA, &loc, "expected a manifest under 16 MiB");
        }
        if (pt_grow((void **)&buf, &cap, len + 65536 + 1, 1) != 0) {
            pt_free(buf);
            return nomem(err);
        }
        n = fread(buf + len, 1, 65536, f);
        len += n;
    } while (n > 0);
    if (ferror(f)) {
        pt_free(buf);
        return pt_error_set(err, PT_EIO, &loc, "read error");
    }
    buf[len] = '\0';
    cJSON *root = cJSON_ParseWithLength(buf, len);
    pt_free(buf);
    if (root == NULL)
        return pt_error_set(err, PT_EDATA, &loc, "expected a JSON manifest, found invalid JSON");
    enum pt_code rc = read_tree(&r, root, m);
    cJSON_Delete(root);
    return rc;
}

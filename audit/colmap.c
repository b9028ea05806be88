/* colmap.c: see colmap.h. The map is small (one row per canonical field),
 * so entries are a plain array searched linearly. */
#include "audit/colmap.h"

#include <string.h>

#include "audit/alloc.h"
#include "audit/csv_reader_impl.h"

#define QUOTE_MAX 80

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

void pt_colmap_free(struct pt_colmap *map)
{
    if (map == NULL)
        return;
    for (size_t i = 0; i < map->n_entries; i++) {
        pt_free(map->entries[i].field);
        pt_free(map->entries[i].column);
    }
    pt_free(map->entries);
    memset(map, 0, sizeof *map);
}

static enum pt_code header_columns(struct pt_colmap *map, const struct pt_csv_reader *r,
                                   long *fi, long *ci, struct pt_error *err)
{
    *fi = pt_csv_reader_column(r, "field");
    *ci = pt_csv_reader_column(r, "column");
    if (*fi >= 0 && *ci >= 0) {
        map->field_at = (uint32_t)*fi + 1;
        map->column_at = (uint32_t)*ci + 1;
        return PT_OK;
    }
    const struct pt_record *h = pt_csv_reader_header(r);
    char found[2 * (QUOTE_MAX + 8) + 2] = "";   /* two quotes of up to sizeof q - 1, a comma */
    for (size_t i = 0; i < h->n_fields && i < 2; i++) {
        char q[QUOTE_MAX + 8];
        pt_error_quote(h->fields[i], h->lens[i], QUOTE_MAX / 2, q, sizeof q);
        strcat(found, i ? "," : "");
        strcat(found, q);
    }
    struct pt_loc loc;
    pt_loc_set(&loc, map->path, h->line, 0);
    return pt_error_set(err, PT_EDATA, &loc,
                        "expected a header with columns field and column, found \"%s%s\"", found,
                        h->n_fields > 2 ? ",..." : "");
}

static enum pt_code check_rejects(const struct pt_csv_reader *r, const struct pt_accounting *acc,
                                  struct pt_error *err)
{
    struct pt_loc loc;
    const char *detail;
    if (acc->rows_rejected == 0 || !pt_reader_last_reject(r, &loc, &detail))
        return PT_OK;
    return pt_error_set(err, PT_EDATA, &loc, "%s", detail);
}

static enum pt_code add_entry(struct pt_colmap *map, size_t *cap, const struct pt_record *rec,
                              long fi, long ci, struct pt_error *err)
{
    const char *f = rec->fields[fi], *c = rec->fields[ci];
    size_t fl = rec->lens[fi], cl = rec->lens[ci];
    trim(&f, &fl);
    trim(&c, &cl);
    struct pt_loc loc;
    pt_loc_set(&loc, map->path, rec->line, map->field_at);
    if (fl == 0)
        return pt_error_set(err, PT_EDATA, &loc,
                            "field: expected a canonical field name, found an empty cell");
    char q[QUOTE_MAX + 8];
    pt_error_quote(f, fl, QUOTE_MAX, q, sizeof q);
    for (size_t i = 0; i < map->n_entries; i++)
        if (strlen(map->entries[i].field) == fl && memcmp(map->entries[i].field, f, fl) == 0)
            return pt_error_set(err, PT_EDATA, &loc,
                                "field: \"%s\" is mapped twice (first at line %llu)", q,
                                (unsigned long long)map->entries[i].line);
    if (cl == 0) {
        loc.column = map->column_at;
        return pt_error_set(err, PT_EDATA, &loc,
                            "column: expected the source column of \"%s\", found an empty cell",
                            q);
    }
    void *p = map->entries;
    if (pt_grow(&p, cap, map->n_entries + 1, sizeof *map->entries) != 0)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory reading a map");
    map->entries = p;
    struct pt_colmap_entry *e = &map->entries[map->n_entries];
    e->field = pt_strndup(f, fl);
    e->column = pt_strndup(c, cl);
    e->line = rec->line;
    map->n_entries++;   /* counted even if a strdup failed, so free releases the other */
    if (e->field == NULL || e->column == NULL)
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory reading a map");
    return PT_OK;
}

enum pt_code pt_colmap_load(struct pt_colmap *map, FILE *in, const char *path,
                            struct pt_error *err)
{
    memset(map, 0, sizeof *map);
    struct pt_loc loc;
    pt_loc_set(&loc, path, 0, 0);
    memcpy(map->path, loc.path, sizeof map->path);
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    struct pt_csv_reader *r = NULL;
    pt_quarantine_init(&q, NULL);
    enum pt_code rc = pt_csv_reader_create(&r, in, path, NULL, &q, &acc, err);
    long fi = -1, ci = -1;
    size_t cap = 0;
    if (rc == PT_OK)
        rc = header_columns(map, r, &fi, &ci, err);
    while (rc == PT_OK) {
        struct pt_record rec;
        rc = pt_csv_reader_next(r, &rec, err);
        enum pt_code bad = check_rejects(r, &acc, err);
        if (bad != PT_OK) {
            rc = bad;
            break;
        }
        if (rc != PT_OK)
            break;
        pt_csv_reader_accept(r);
        rc = add_entry(map, &cap, &rec, fi, ci, err);
    }
    pt_csv_reader_destroy(r);
    if (rc == PT_EOF)
        return PT_OK;
    pt_colmap_free(map);
    return rc;
}

/* "a, b, c" of the allowed names, cut to fit. */
static void list_names(const struct pt_colmap_field *fields, size_t n, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 8 < size; i++) {
        int w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", fields[i].name);
        if (w < 0 || (size_t)w >= size - o) {
            snprintf(buf + o, size - o, "...");
            break;
        }
        o += (size_t)w;
    }
}

enum pt_code pt_colmap_resolve(const struct pt_colmap *map, const struct pt_colmap_field *fields,
                               size_t n_fields, const struct pt_csv_reader *r, long *out,
                               struct pt_error *err)
{
    for (size_t j = 0; j < n_fields; j++)
        out[j] = -1;
    for (size_t i = 0; i < map->n_entries; i++) {
        const struct pt_colmap_entry *e = &map->entries[i];
        struct pt_loc loc;
        char q[QUOTE_MAX + 8];
        size_t j = 0;
        while (j < n_fields && strcmp(fields[j].name, e->field) != 0)
            j++;
        if (j == n_fields) {
            char names[300];
            list_names(fields, n_fields, names, sizeof names);
            pt_loc_set(&loc, map->path, e->line, map->field_at);
            return pt_error_set(err, PT_EDATA, &loc, "field: expected one of %s, found \"%s\"",
                                names, pt_error_quote(e->field, strlen(e->field), QUOTE_MAX, q,
                                                      sizeof q));
        }
        long col = pt_csv_reader_column(r, e->column);
        if (col < 0) {
            pt_loc_set(&loc, map->path, e->line, map->column_at);
            return pt_error_set(err, PT_EDATA, &loc,
                                "column: \"%s\" is not a column in the header of %s",
                                pt_error_quote(e->column, strlen(e->column), QUOTE_MAX, q,
                                               sizeof q),
                                pt_csv_reader_path(r));
        }
        out[j] = col;
    }
    for (size_t j = 0; j < n_fields; j++) {
        if (fields[j].required && out[j] < 0) {
            struct pt_loc loc;
            pt_loc_set(&loc, map->path, 0, 0);
            return pt_error_set(err, PT_EDATA, &loc,
                                "required field \"%s\" is not mapped: add a row %s,COLUMN",
                                fields[j].name, fields[j].name);
        }
    }
    return PT_OK;
}

/* fuzz_colmap.c: --map files (colmap.h): the input is the map file, read
 * through pt_colmap_load, then resolved against a fixed data header.
 *
 * Properties: a failure is PT_EDATA with a message (a map is configuration:
 * never a crash, never PT_EINVAL); a loaded map has non-empty, trimmed
 * field and column names and no field twice; a resolved map gives each
 * field -1 or a column of the header whose trimmed name is exactly the
 * map's column, every required field is mapped, and a field the map does
 * not name gets -1. */
#include <string.h>

#include "audit/colmap.h"
#include "tests/fuzz/fuzz.h"

static const char header[] = "id,Date,Company Name,product,\xe6\x97\xa5\xe6\x9c\x9f,amount, Spaced \n"
                             "1,2024-01-01,ACME,loan,2024-01-01,10, x \n";

static const struct pt_colmap_field fields[] = {
    {"id", 0}, {"date_received", 1}, {"company", 1}, {"product", 0}, {"sub_product", 0},
    {"issue", 0}, {"sub_issue", 0}, {"narrative", 0}, {"state", 0}, {"channel", 0},
    {"date_sent", 0}, {"company_response", 0}, {"timely", 0}, {"demand", 0}, {"amount", 0},
    {"status", 0},
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

static int trimmed(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t';
}

/* The header name at column c, trimmed like colmap compares, into buf. */
static const char *header_name(const struct pt_csv_reader *r, long c, char *buf, size_t size)
{
    const struct pt_record *h = pt_csv_reader_header(r);
    const char *s = h->fields[c];
    size_t n = h->lens[c];
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    snprintf(buf, size, "%.*s", (int)n, s);
    return buf;
}

static void resolve(const struct pt_colmap *map)
{
    struct pt_quarantine q;
    struct pt_accounting acc;
    memset(&acc, 0, sizeof acc);
    pt_quarantine_init(&q, NULL);
    FILE *in = fmemopen((void *)(uintptr_t)header, sizeof header - 1, "r");
    PT_FUZZ_CHECK(in != NULL, "fmemopen");
    struct pt_csv_reader *r = NULL;
    struct pt_error err;
    PT_FUZZ_CHECK(pt_csv_reader_create(&r, in, "data.csv", NULL, &q, &acc, &err) == PT_OK,
                  "fixed header: %s", err.msg);
    long out[N_FIELDS];
    enum pt_code rc = pt_colmap_resolve(map, fields, N_FIELDS, r, out, &err);
    if (rc != PT_OK) {
        PT_FUZZ_CHECK(rc == PT_EDATA && err.msg[0], "resolve code %d", (int)rc);
        goto out;
    }
    long n_cols = (long)pt_csv_reader_header(r)->n_fields;
    for (size_t i = 0; i < N_FIELDS; i++) {
        const struct pt_colmap_entry *e = NULL;
        for (size_t k = 0; k < map->n_entries; k++)
            if (strcmp(map->entries[k].field, fields[i].name) == 0)
                e = &map->entries[k];
        PT_FUZZ_CHECK(out[i] >= -1 && out[i] < n_cols, "%s -> %ld", fields[i].name, out[i]);
        PT_FUZZ_CHECK(!fields[i].required || out[i] >= 0, "required %s unmapped", fields[i].name);
        PT_FUZZ_CHECK((e == NULL) == (out[i] < 0), "%s mapped %ld without/with an entry",
                      fields[i].name, out[i]);
        if (e != NULL) {
            char buf[64];
            PT_FUZZ_CHECK(strcmp(header_name(r, out[i], buf, sizeof buf), e->column) == 0,
                          "%s -> column \"%s\", map says \"%s\"", fields[i].name, buf, e->column);
        }
    }
out:
    pt_csv_reader_destroy(r);
    fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *in = size ? fmemopen((void *)(uintptr_t)data, size, "r") : fopen("/dev/null", "r");
    PT_FUZZ_CHECK(in != NULL, "fmemopen");
    struct pt_colmap map;
    memset(&map, 0, sizeof map);
    struct pt_error err;
    enum pt_code rc = pt_colmap_load(&map, in, "map.csv", &err);
    fclose(in);
    if (rc != PT_OK) {
        PT_FUZZ_CHECK(rc == PT_EDATA && err.msg[0], "load code %d: %s", (int)rc, err.msg);
        PT_FUZZ_CHECK(map.n_entries == 0, "failed load left %zu entries", map.n_entries);
        pt_colmap_free(&map);
        return 0;
    }
    for (size_t k = 0; k < map.n_entries; k++) {
        PT_FUZZ_CHECK(trimmed(map.entries[k].field) && trimmed(map.entries[k].column),
                      "entry %zu not trimmed/empty: \"%s\",\"%s\"", k, map.entries[k].field,
                      map.entries[k].column);
        for (size_t j = 0; j < k; j++)
            PT_FUZZ_CHECK(strcmp(map.entries[j].field, map.entries[k].field) != 0,
                          "field %s twice", map.entries[k].field);
    }
    resolve(&map);
    pt_colmap_free(&map);
    return 0;
}

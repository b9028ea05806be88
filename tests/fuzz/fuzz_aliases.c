/* fuzz_aliases.c: --aliases files (aliases.h) read into a names registry.
 *
 * Properties: a refusal is PT_EDATA (or PT_ENOMEM) with a message; after a
 * successful load, checked against the file as libcsv parses it (strict,
 * header `alias,name` in any column order, BOM stripped, only for valid
 * UTF-8 input): every row's alias resolves to the same display name as its
 * name, so a later pt_names_add of either spelling lands in one firm. */
#include <csv.h>
#include <string.h>

#include "audit/aliases.h"
#include "audit/escape.h"
#include "audit/utf8.h"
#include "tests/fuzz/fuzz.h"

struct rows {
    struct pt_buf f[2];   /* alias, name of the current row */
    long col, alias_col, name_col, row;
    const struct pt_names *names;
};

static void on_field(void *s, size_t len, void *data)
{
    struct rows *r = data;
    struct pt_error err;
    const char *t = s ? s : "";
    if (r->row == 0) {
        if (len == 5 && memcmp(t, "alias", 5) == 0 && r->alias_col < 0)
            r->alias_col = r->col;
        if (len == 4 && memcmp(t, "name", 4) == 0 && r->name_col < 0)
            r->name_col = r->col;
    } else if (r->col == r->alias_col || r->col == r->name_col) {
        struct pt_buf *b = &r->f[r->col == r->alias_col ? 0 : 1];
        pt_buf_clear(b);
        PT_FUZZ_CHECK(pt_buf_append(b, t, len, &err) == PT_OK, "append");
    }
    r->col++;
}

static void on_row(int term, void *data)
{
    struct rows *r = data;
    (void)term;
    if (r->row > 0 && r->f[0].len && r->f[1].len) {
        const char *a = pt_names_alias_target(r->names, r->f[0].data, r->f[0].len);
        const char *b = pt_names_alias_target(r->names, r->f[1].data, r->f[1].len);
        if (a != NULL && b != NULL) /* spellings with an empty key map nowhere */
            PT_FUZZ_CHECK(strcmp(a, b) == 0, "alias \"%s\" -> \"%s\" but name \"%s\" -> \"%s\"",
                          r->f[0].data, a, r->f[1].data, b);
    }
    pt_buf_clear(&r->f[0]);
    pt_buf_clear(&r->f[1]);
    r->col = 0;
    r->row++;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void cross_check(const struct pt_names *names, const char *s, size_t n)
{
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, n -= 3;
    if (pt_utf8_valid_prefix(s, n) != n || memchr(s, '\0', n) != NULL)
        return;
    struct rows r = {{{0}, {0}}, 0, -1, -1, 0, names};
    struct csv_parser p;
    PT_FUZZ_CHECK(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) == 0, "csv_init");
    csv_set_space_func(&p, no_space);
    if (csv_parse(&p, s, n, on_field, on_row, &r) == n)
        (void)csv_fini(&p, on_field, on_row, &r);
    csv_free(&p);
    pt_buf_free(&r.f[0]);
    pt_buf_free(&r.f[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pt_names *names = NULL;
    struct pt_error err;
    if (pt_names_create(&names, &err) != PT_OK)
        return 0;
    FILE *in = size ? fmemopen((void *)(uintptr_t)data, size, "r") : fopen("/dev/null", "r");
    PT_FUZZ_CHECK(in != NULL, "fmemopen");
    enum pt_code rc = pt_aliases_load(in, "aliases.csv", names, &err);
    fclose(in);
    if (rc != PT_OK)
        PT_FUZZ_CHECK((rc == PT_EDATA || rc == PT_ENOMEM) && err.msg[0], "load %d: %s",
                      (int)rc, err.msg);
    else
        cross_check(names, (const char *)data, size);
    pt_names_destroy(names);
    return 0;
}

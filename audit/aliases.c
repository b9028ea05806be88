/* aliases.c: --aliases files (see aliases.h). */
#include "audit/aliases.h"

#include "audit/csv_reader.h"
#include "audit/quarantine.h"

static enum pt_code alias_rows(struct pt_csv_reader *r, long ca, long cn, struct pt_names *names,
                               struct pt_error *err)
{
    struct pt_record rec;
    enum pt_code rc;
    while ((rc = pt_csv_reader_next(r, &rec, err)) == PT_OK) {
        struct pt_loc loc;
        pt_csv_reader_loc(r, ca, &loc);
        rc = pt_names_add_alias(names, rec.fields[ca], rec.lens[ca], rec.fields[cn],
                                rec.lens[cn], &loc, err);
        if (rc != PT_OK)
            return rc;
        pt_csv_reader_accept(r);
    }
    return rc == PT_EOF ? PT_OK : rc;
}

enum pt_code pt_aliases_load(FILE *in, const char *path, struct pt_names *names,
                             struct pt_error *err)
{
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    pt_quarantine_init(&q, NULL);
    struct pt_csv_reader *r = NULL;
    struct pt_csv_options copt = {0};
    enum pt_code rc = pt_csv_reader_create(&r, in, path, &copt, &q, &acc, err);
    if (rc != PT_OK)
        return rc;
    long ca = pt_csv_reader_column(r, "alias"), cn = pt_csv_reader_column(r, "name");
    if (ca < 0 || cn < 0) {
        struct pt_loc loc;
        pt_loc_set(&loc, path, 1, 0);
        rc = pt_error_set(err, PT_EDATA, &loc, "expected the header alias,name");
    } else {
        rc = alias_rows(r, ca, cn, names, err);
    }
    if (rc == PT_OK && acc.rows_rejected > 0) {
        struct pt_loc loc;
        pt_loc_set(&loc, path, 0, 0);
        rc = pt_error_set(err, PT_EDATA, &loc, "%llu malformed rows in the aliases file",
                          (unsigned long long)acc.rows_rejected);
    }
    pt_csv_reader_destroy(r);
    return rc;
}

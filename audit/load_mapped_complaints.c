/* load_mapped_complaints.c: complaints from any CSV through --map.
 *
 * Needs the column-map reader (colmap.h, csv area), which has not landed
 * yet: until it does, `--from mapped` / `--map` report that the capability
 * is not built (exit 69) instead of guessing columns. */
#include "audit/load_complaints_internal.h"

enum pt_code pt_load_mapped_complaint_rows(struct cl_ctx *x, struct pt_error *err)
{
    return pt_error_set(err, PT_EUNAVAIL, NULL,
                        "%s: complaints through --map are not built yet (needs colmap.h)",
                        x->path);
}

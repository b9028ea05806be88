/* outdir.h: the report's output folder, written atomically.
 *
 * Everything goes into a temporary sibling (PARENT/.NAME.tmp-XXXXXX, made
 * with mkdtemp next to DIR so the final rename stays on one filesystem);
 * commit renames it into place, so a reader never sees half a report. An
 * existing DIR is replaced only if its manifest.json is a ptaudit
 * manifest (we never delete a folder we did not write); otherwise, or when
 * the sibling cannot be made, PT_ECANTCREAT (exit 73). Nothing is written
 * outside DIR and the sibling, which abort removes. The replacement is an
 * atomic exchange (renameat2 RENAME_EXCHANGE) where the kernel has it.
 * Ownership: struct pt_outdir is the caller's; its strings are owned and
 * released by commit/abort. */
#ifndef PTAUDIT_OUTDIR_H
#define PTAUDIT_OUTDIR_H

#include <stdio.h>

#include "audit/error.h"

struct pt_outdir {
    char *final_path;   /* owned: DIR as given */
    char *tmp_path;     /* owned: the temporary sibling, NULL once committed/removed */
    int replace;        /* 1 = DIR exists and holds a ptaudit report */
};

/* Checks DIR and creates the sibling. PT_ECANTCREAT when DIR exists and is
 * not a ptaudit report folder, or the sibling cannot be created (missing or
 * read-only parent, a file in the path); PT_ENOMEM. On error nothing is left
 * behind and *o is zeroed. */
PT_NODISCARD enum pt_code pt_outdir_begin(struct pt_outdir *o, const char *dir,
                                          struct pt_error *err);

/* Opens NAME (a relative path such as "tables/loans.csv"; no "..", not
 * absolute) for writing inside the sibling, creating its folders.
 * PT_ECANTCREAT on failure, PT_EUSAGE for a name that would leave DIR. */
PT_NODISCARD enum pt_code pt_outdir_fopen(const struct pt_outdir *o, const char *name,
                                          FILE **out, struct pt_error *err);
/* Creates the folder NAME (relative, as above) inside the sibling. */
PT_NODISCARD enum pt_code pt_outdir_mkdir(const struct pt_outdir *o, const char *name,
                                          struct pt_error *err);
/* Closes f, and turns a failed flush/close (full disk) into PT_EIO naming
 * NAME. Always closes. */
PT_NODISCARD enum pt_code pt_outdir_fclose(const struct pt_outdir *o, FILE *f, const char *name,
                                           struct pt_error *err);

/* Moves the sibling into place (replacing the old report) and frees *o.
 * PT_ECANTCREAT if the rename fails (the sibling is then removed). */
PT_NODISCARD enum pt_code pt_outdir_commit(struct pt_outdir *o, struct pt_error *err);
/* Removes the sibling and everything in it, frees *o. Accepts a zeroed or
 * committed struct. */
void pt_outdir_abort(struct pt_outdir *o);

/* Removes the folder path and everything under it (not following
 * symlinks). 0, or -1 with errno. Used for the sibling and by verify. */
int pt_outdir_remove_tree(const char *path);

#endif

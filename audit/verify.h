/* verify.h: the comparison behind `ptaudit verify DIR`: two report
 * folders must hold the same files with the same bytes, except rendered
 * images (*.svg, *.png), which depend on the installed gnuplot
 * (CONTRACT.md "ptaudit verify"). Files are compared in sorted path order
 * so the first difference reported is the same on every run.
 * Allocates only while walking; nothing is kept. */
#ifndef PTAUDIT_VERIFY_H
#define PTAUDIT_VERIFY_H

#include <stddef.h>

#include "audit/error.h"

/* PT_OK when expected and actual match (*n_files = files compared);
 * PT_EDATA with the first difference in err->msg ("report.md: line 12
 * differs", "tables/x.csv: missing from the re-run", "plots/a.dat: not in
 * the report folder"); PT_EIO when a folder cannot be read; PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_verify_compare(const char *expected, const char *actual,
                                            size_t *n_files, struct pt_error *err);

#endif

/* aliases.h: reading an --aliases file into a names registry.
 *
 * The file is a CSV with header `alias,name` (CONTRACT.md): one row per
 * spelling, naming the display name it merges into. Read through the CSV
 * reader (encodings, BOM, quarantine); a row with an empty alias or name,
 * or an alias already mapped to another name, stops the load with PT_EDATA
 * and its position, because a wrong merge moves complaints between firms.
 * Nothing is kept: the registry copies what it needs. */
#ifndef PTAUDIT_ALIASES_H
#define PTAUDIT_ALIASES_H

#include <stdio.h>

#include "audit/error.h"
#include "audit/names.h"

/* in is borrowed; path names it in messages. PT_EDATA for a missing
 * alias/name column or a bad row, PT_EIO, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_aliases_load(FILE *in, const char *path, struct pt_names *names,
                                          struct pt_error *err);

#endif

/* uthash_pt.h: uthash configured the one way the library uses it.
 *
 * Allocation goes through pt_malloc/pt_free (fault injection reaches every
 * table), and an allocation failure inside HASH_ADD does not exit(): it
 * leaves the table unchanged and sets the local flag `ut_oom`, which every
 * function that adds to a table declares (`int ut_oom = 0;`) and checks
 * after the add. Include this instead of <uthash.h>. */
#ifndef PTAUDIT_UTHASH_PT_H
#define PTAUDIT_UTHASH_PT_H

#include "audit/alloc.h"

#define HASH_NONFATAL_OOM 1
#define uthash_malloc(sz) pt_malloc(sz)
#define uthash_free(ptr, sz) pt_free(ptr)
#define uthash_nonfatal_oom(obj) ((void)(obj), ut_oom = 1)
#include <uthash.h>

#endif

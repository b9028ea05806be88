/* alloc.h: every allocation of the library goes through these functions.
 *
 * They behave like malloc/realloc/free. In test builds (PT_TESTING) the Nth
 * allocation can be made to fail, so fault tests can check that every
 * failure becomes a clean PT_ENOMEM without leaks (SQLite's *fault.test,
 * libcbor's test_allocator.h). The fault counter is the only mutable
 * file-scope state in the library, and it exists only in test builds. */
#ifndef PTAUDIT_ALLOC_H
#define PTAUDIT_ALLOC_H

#include <stddef.h>

void *pt_malloc(size_t size);
void *pt_calloc(size_t n, size_t size);
void *pt_realloc(void *ptr, size_t size);
void pt_free(void *ptr);
/* A pt_malloc'ed copy of s[0..len) with a terminating NUL; NULL on failure. */
char *pt_strndup(const char *s, size_t len);
char *pt_strdup(const char *s);
/* Grows *buf (capacity *cap elements of elem_size) to hold at least need
 * elements, doubling; returns 0, or -1 on overflow/allocation failure with
 * *buf unchanged. */
int pt_grow(void **buf, size_t *cap, size_t need, size_t elem_size);

#ifdef PT_TESTING
/* Makes the nth allocation from now fail (1 = the next one); 0 disables. */
void pt_alloc_fail_at(unsigned long nth);
/* Allocations made since the last pt_alloc_fail_at call. */
unsigned long pt_alloc_count(void);
#endif

#endif

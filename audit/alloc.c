/* alloc.c: checked allocation with fault injection in test builds. */
#include "audit/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef PT_TESTING
static unsigned long fail_at;   /* 0 = never */
/* Atomic: the loan loader's worker thread allocates too (loan_pipe.h). */
static _Atomic unsigned long n_allocs;

void pt_alloc_fail_at(unsigned long nth)
{
    fail_at = nth;
    n_allocs = 0;
}

unsigned long pt_alloc_count(void) { return n_allocs; }

static int should_fail(void)
{
    unsigned long nth = ++n_allocs;
    return fail_at != 0 && nth == fail_at;
}
#else
static int should_fail(void) { return 0; }
#endif

void *pt_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *pt_calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *pt_realloc(void *ptr, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void pt_free(void *ptr) { free(ptr); }

char *pt_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = pt_malloc(len + 1);
    if (p == NULL)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *pt_strdup(const char *s) { return pt_strndup(s, strlen(s)); }

int pt_grow(void **buf, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (elem_size && ncap > SIZE_MAX / elem_size)
        return -1;
    void *p = pt_realloc(*buf, ncap * elem_size);
    if (p == NULL)
        return -1;
    *buf = p;
    *cap = ncap;
    return 0;
}

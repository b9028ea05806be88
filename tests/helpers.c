/* helpers.c: see helpers.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers.h"

void pt_assert_close_impl(double actual, double expected, double abs_tol, const char *expr,
                          const char *file, int line)
{
    if (isnan(actual) || isnan(expected) || fabs(actual - expected) > abs_tol) {
        print_error("%s = %.17g, expected %.17g (tolerance %.3g, off by %.3g)\n", expr, actual,
                    expected, abs_tol, fabs(actual - expected));
        _fail(file, line);
    }
}

const char *pt_test_path(const char *relative)
{
    static char bufs[4][4096];
    static int slot;
    const char *root = getenv("PT_SOURCE_DIR");
    if (root == NULL)
        root = PT_SOURCE_DIR;
    char *b = bufs[slot++ & 3];
    snprintf(b, sizeof bufs[0], "%s/%s", root, relative);
    return b;
}

FILE *pt_test_tmpfile(const void *bytes, size_t len)
{
    FILE *f = tmpfile();
    if (f == NULL)
        return NULL;
    if (len && fwrite(bytes, 1, len, f) != len) {
        fclose(f);
        return NULL;
    }
    rewind(f);
    return f;
}

/* helpers.h: shared test helpers. cmocka's assert_float_equal casts to
 * float in Debian's 1.1.x, so doubles are compared here (STYLE.md). */
#ifndef PTAUDIT_TEST_HELPERS_H
#define PTAUDIT_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

/* Fails unless |actual - expected| <= abs_tol; prints both with %.17g. */
#define pt_assert_close(actual, expected, abs_tol) \
    pt_assert_close_impl((actual), (expected), (abs_tol), #actual, __FILE__, __LINE__)
void pt_assert_close_impl(double actual, double expected, double abs_tol, const char *expr,
                          const char *file, int line);

/* Path of a file under the source tree (PT_SOURCE_DIR), in a static buffer
 * per call slot (4 slots rotate). */
const char *pt_test_path(const char *relative);

/* Writes len bytes to a fresh temporary file and returns it opened for
 * reading (rewound). Removed when closed. */
FILE *pt_test_tmpfile(const void *bytes, size_t len);

#endif

/* test_error.c: the error model (error.h). */
#include <string.h>

#include "audit/error.h"
#include "tests/helpers.h"

static void test_format_names_file_line_column(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_loc loc;
    pt_loc_set(&loc, "complaints.csv", 1043, 1);
    enum pt_code rc = pt_error_set(&err, PT_EDATA, &loc,
                                   "Date received: expected YYYY-MM-DD, found \"%s\"", "13/45/2020");
    assert_int_equal(rc, PT_EDATA);
    char buf[600];
    assert_string_equal(pt_error_format(&err, buf, sizeof buf),
                        "complaints.csv:1043:1: Date received: expected YYYY-MM-DD, found "
                        "\"13/45/2020\"");
}

static void test_format_omits_missing_parts(void **state)
{
    (void)state;
    struct pt_error err;
    struct pt_loc loc;
    char buf[600];
    pt_loc_set(&loc, "x.csv", 0, 0);
    (void)pt_error_set(&err, PT_ENOINPUT, &loc, "No such file or directory");
    assert_string_equal(pt_error_format(&err, buf, sizeof buf), "x.csv: No such file or directory");
    (void)pt_error_set(&err, PT_EUSAGE, NULL, "bad");
    assert_string_equal(pt_error_format(&err, buf, sizeof buf), "bad");
}

static void test_exit_statuses_are_sysexits(void **state)
{
    (void)state;
    /* Values from sysexits.h and CONTRACT.md "Exit codes". */
    assert_int_equal(pt_code_exit_status(PT_OK), 0);
    assert_int_equal(pt_code_exit_status(PT_EUSAGE), 64);
    assert_int_equal(pt_code_exit_status(PT_EDATA), 65);
    assert_int_equal(pt_code_exit_status(PT_EINVAL), 65);
    assert_int_equal(pt_code_exit_status(PT_ENOINPUT), 66);
    assert_int_equal(pt_code_exit_status(PT_EUNAVAIL), 69);
    assert_int_equal(pt_code_exit_status(PT_ECANTCREAT), 73);
    assert_int_equal(pt_code_exit_status(PT_EIO), 74);
    assert_string_equal(pt_code_name(PT_EDATA), "PT_EDATA");
}

static void test_quote_escapes_controls_and_cuts_on_utf8(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(pt_error_quote("a\"b\n\x01", 5, 100, buf, sizeof buf), "a\\\"b\\n\\x01");
    /* 分期乐 is 9 bytes; a cut at 4 bytes keeps only the first character. */
    assert_string_equal(pt_error_quote("分期乐", 9, 4, buf, sizeof buf), "分...");
}

static void test_long_path_is_truncated_not_overflowed(void **state)
{
    (void)state;
    char path[600];
    memset(path, 'p', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    struct pt_loc loc;
    pt_loc_set(&loc, path, 1, 1);
    assert_int_equal(strlen(loc.path), sizeof loc.path - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names_file_line_column),
        cmocka_unit_test(test_format_omits_missing_parts),
        cmocka_unit_test(test_exit_statuses_are_sysexits),
        cmocka_unit_test(test_quote_escapes_controls_and_cuts_on_utf8),
        cmocka_unit_test(test_long_path_is_truncated_not_overflowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_date.c: civil dates and the dataset date formats (date.h).
 * Expected day numbers come from Python 3's datetime (independent of
 * Hinnant's algorithm): day = date.fromisoformat(s).toordinal() - 719163. */
#include <string.h>

#include "audit/date.h"
#include "tests/helpers.h"

struct parse_case {
    const char *name;
    const char *text;
    unsigned formats;
    int32_t day;          /* expected; PT_DAY_UNKNOWN = must fail */
    const char *source;
};

static const struct parse_case parse_cases[] = {
    {"epoch", "1970-01-01", PT_DATE_ISO, 0, "python: toordinal(1970-01-01) - 719163 = 0"},
    {"leap day 2000", "2000-02-29", PT_DATE_ISO, 11016, "python toordinal"},
    {"leap day 2024", "2024-02-29", PT_DATE_ISO, 19782, "python toordinal"},
    {"year 1", "0001-01-01", PT_DATE_ISO, -719162, "python toordinal"},
    {"year 9999", "9999-12-31", PT_DATE_ISO, 2932896, "python toordinal"},
    {"day before epoch", "1969-12-31", PT_DATE_ISO, -1, "python toordinal"},
    {"1900 not leap, Mar 1", "1900-03-01", PT_DATE_ISO, -25508, "python toordinal"},
    {"R export timestamp", "2009-08-14 00:00:00", PT_DATE_ISO, 14470, "python toordinal"},
    {"nanosecond timestamp", "2007-08-26 19:09:29.263000000", PT_DATE_ISO, 13751,
     "python toordinal of 2007-08-26"},
    {"board HH:MM", "2024-02-29 13:45", PT_DATE_ISO, 19782, "python toordinal"},
    {"T separator with Z", "2024-02-29T13:45:00Z", PT_DATE_ISO, 19782, "python toordinal"},
    {"T separator with offset", "2024-02-29T13:45:00+08:00", PT_DATE_ISO, 19782,
     "python toordinal"},
    {"surrounding spaces", "  2020-08-20 ", PT_DATE_ISO, 18494, "python toordinal"},
    {"US M/D/YYYY", "8/20/2020", PT_DATE_MDY, 18494, "python toordinal of 2020-08-20"},
    {"US MM/DD/YYYY", "02/29/2024", PT_DATE_MDY, 19782, "python toordinal"},
    {"Chinese", "2024\xE5\xB9\xB4" "2\xE6\x9C\x88" "29\xE6\x97\xA5", PT_DATE_CN, 19782,
     "python toordinal of 2024-02-29"},
    {"Chinese with time", "2020\xE5\xB9\xB4" "08\xE6\x9C\x88" "20\xE6\x97\xA5 09:30", PT_DATE_CN,
     18494, "python toordinal"},
    {"Mon-YYYY", "Dec-2011", PT_DATE_MON_YYYY, 15309, "python toordinal of 2011-12-01"},
    {"Mon-YY", "Dec-11", PT_DATE_MON_YYYY, 15309, "python toordinal of 2011-12-01"},
    {"any format", "12/1/2011", PT_DATE_ANY, 15309, "python toordinal of 2011-12-01"},
    {"Feb 30", "2024-02-30", PT_DATE_ISO, PT_DAY_UNKNOWN, "calendar"},
    {"Feb 29 non-leap 1900", "1900-02-29", PT_DATE_ISO, PT_DAY_UNKNOWN, "calendar"},
    {"zero date", "0000-00-00", PT_DATE_ISO, PT_DAY_UNKNOWN, "calendar"},
    {"99/99/9999", "99/99/9999", PT_DATE_MDY, PT_DAY_UNKNOWN, "calendar"},
    {"D/M not accepted as M/D", "13/1/2020", PT_DATE_MDY, PT_DAY_UNKNOWN, "calendar"},
    {"hour 24", "2024-01-02 24:00", PT_DATE_ISO, PT_DAY_UNKNOWN, "ISO 8601 hours 00-23"},
    {"trailing junk", "2024-01-02x", PT_DATE_ISO, PT_DAY_UNKNOWN, "format"},
    {"empty", "", PT_DATE_ANY, PT_DAY_UNKNOWN, "format"},
    {"format not allowed", "8/20/2020", PT_DATE_ISO, PT_DAY_UNKNOWN, "format mask"},
    {"bad month name", "Dex-2011", PT_DATE_MON_YYYY, PT_DAY_UNKNOWN, "format"},
};

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        struct pt_error err = {0};
        int32_t day = 12345;
        enum pt_code rc = pt_date_parse(c->text, strlen(c->text), c->formats, &day, &err);
        if (c->day == PT_DAY_UNKNOWN) {
            if (rc != PT_EINVAL)
                fail_msg("%s: \"%s\" accepted as %d", c->name, c->text, (int)day);
        } else if (rc != PT_OK || day != c->day) {
            fail_msg("%s: \"%s\" -> rc %d day %d, expected %d (%s): %s", c->name, c->text, rc,
                     (int)day, (int)c->day, c->source, err.msg);
        }
    }
}

static void test_messages_say_expected_and_found(void **state)
{
    (void)state;
    struct pt_error err = {0};
    int32_t day;
    assert_int_equal(pt_date_parse("2024-02-30", 10, PT_DATE_ISO, &day, &err), PT_EINVAL);
    assert_string_equal(err.msg, "expected a real calendar date, found \"2024-02-30\"");
    assert_int_equal(pt_date_parse("13/45/2020", 10, PT_DATE_ISO | PT_DATE_MDY, &day, &err),
                     PT_EINVAL);
    assert_string_equal(err.msg, "expected a real calendar date, found \"13/45/2020\"");
    assert_int_equal(pt_date_parse("yesterday", 9, PT_DATE_ISO | PT_DATE_MDY, &day, &err),
                     PT_EINVAL);
    assert_string_equal(err.msg, "expected a date YYYY-MM-DD or M/D/YYYY, found \"yesterday\"");
}

/* Round trip over every day from 1600-01-01 to 2400-12-31 against an
 * independent day-by-day calendar walk (increment d, roll month/year with the
 * Gregorian leap rule) — no shared formula with Hinnant's. */
static void test_round_trip_matches_calendar_walk(void **state)
{
    (void)state;
    int y = 1600, m = 1, d = 1;
    int32_t day = pt_date_from_ymd(1600, 1, 1);
    assert_int_equal(day, -135140); /* python: date(1600,1,1).toordinal() - 719163 */
    while (y <= 2400) {
        int yy, mm, dd;
        assert_int_equal(pt_date_from_ymd(y, m, d), day);
        pt_date_to_ymd(day, &yy, &mm, &dd);
        if (yy != y || mm != m || dd != d)
            fail_msg("day %d -> %d-%d-%d, expected %d-%d-%d", (int)day, yy, mm, dd, y, m, d);
        d++;
        if (!pt_date_valid(y, m, d)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
        day++;
    }
}

/* date.c reads 10-byte YYYY-MM-DD and MM/DD/YYYY without the general
 * parser. A leading blank sends the same text through the general parser
 * (blanks are trimmed), so the two must agree, code and day, on every
 * input of those shapes: a sweep of every date 1899-2101 in both shapes
 * (real and not: day 0-32, month 0-13), under every format mask, and
 * near misses (a letter or separator in each position). */
static void check_fast_equals_general(const char *t, unsigned formats)
{
    char padded[16] = " ";
    memcpy(padded + 1, t, 10);
    int32_t fast = PT_DAY_UNKNOWN, slow = PT_DAY_UNKNOWN;
    struct pt_error e1, e2;
    enum pt_code a = pt_date_parse(t, 10, formats, &fast, &e1);
    enum pt_code b = pt_date_parse(padded, 11, formats, &slow, &e2);
    if (a != b || (a == PT_OK && fast != slow)) {
        print_error("\"%.10s\" formats %u: %d/%d vs general %d/%d\n", t, formats, (int)a,
                    (int)fast, (int)b, (int)slow);
        fail();
    }
}

static void test_fixed_shapes_agree_with_the_general_parser(void **state)
{
    (void)state;
    static const unsigned masks[] = {PT_DATE_ISO, PT_DATE_MDY, PT_DATE_ISO | PT_DATE_MDY,
                                     PT_DATE_CN, PT_DATE_ANY};
    char t[32];   /* room for any int, so the compiler sees no truncation */
    for (int y = 1899; y <= 2101; y += (y < 1903 || y > 2097 || y % 100 == 0) ? 1 : 7)
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d++)
                for (size_t k = 0; k < sizeof masks / sizeof masks[0]; k++) {
                    snprintf(t, sizeof t, "%04d-%02d-%02d", y, m, d);
                    check_fast_equals_general(t, masks[k]);
                    snprintf(t, sizeof t, "%02d/%02d/%04d", m, d, y);
                    check_fast_equals_general(t, masks[k]);
                }
    static const char *const bases[] = {"2024-02-29", "02/29/2024", "2023-02-29", "0000-01-01"};
    static const char subst[] = "x-/ 0:\t";
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
        for (size_t pos = 0; pos < 10; pos++)
            for (size_t c = 0; c < sizeof subst - 1; c++)
                for (size_t k = 0; k < sizeof masks / sizeof masks[0]; k++) {
                    memcpy(t, bases[b], 11);   /* 10 bytes and the NUL */
                    t[pos] = subst[c];
                    check_fast_equals_general(t, masks[k]);
                }
}

/* The month key written by hand (years 0-9999) gives printf's bytes, on
 * every key from year 0 to past 9999 and on negative keys (printf's). */
static void test_month_key_format_is_printfs(void **state)
{
    (void)state;
    for (int32_t key = -30; key <= 10001 * 12; key++) {
        char got[24], want[24];
        snprintf(want, sizeof want, "%04d-%02d", (int)(key / 12), (int)(key % 12 + 1));
        pt_month_key_format(key, got, sizeof got);
        if (strcmp(got, want) != 0)
            fail_msg("key %d: got %s, want %s", (int)key, got, want);
    }
}

static void test_period_keys(void **state)
{
    (void)state;
    char buf[16];
    int32_t day = pt_date_from_ymd(2024, 11, 30);
    assert_string_equal(pt_month_key_format(pt_date_month_key(day), buf, sizeof buf), "2024-11");
    assert_string_equal(pt_quarter_key_format(pt_date_quarter_key(day), buf, sizeof buf),
                        "2024Q4");
    assert_int_equal(pt_date_year(day), 2024);
    day = pt_date_from_ymd(2024, 3, 31);
    assert_string_equal(pt_quarter_key_format(pt_date_quarter_key(day), buf, sizeof buf),
                        "2024Q1");
    assert_string_equal(pt_date_format(day, buf, sizeof buf), "2024-03-31");
    assert_string_equal(pt_date_format(PT_DAY_UNKNOWN, buf, sizeof buf), "");
}

static void test_add_months_clamps_to_month_end(void **state)
{
    (void)state;
    char buf[16];
    /* hand: Jan 31 + 1 month -> Feb 29 (2024 is leap), + 13 -> 2025-02-28 */
    int32_t jan31 = pt_date_from_ymd(2024, 1, 31);
    assert_string_equal(pt_date_format(pt_date_add_months(jan31, 1), buf, sizeof buf),
                        "2024-02-29");
    assert_string_equal(pt_date_format(pt_date_add_months(jan31, 13), buf, sizeof buf),
                        "2025-02-28");
    assert_string_equal(pt_date_format(pt_date_add_months(jan31, 11), buf, sizeof buf),
                        "2024-12-31");
    assert_string_equal(pt_date_format(pt_date_add_months(pt_date_from_ymd(2024, 3, 15), 12),
                                       buf, sizeof buf),
                        "2025-03-15");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_messages_say_expected_and_found),
        cmocka_unit_test(test_round_trip_matches_calendar_walk),
        cmocka_unit_test(test_fixed_shapes_agree_with_the_general_parser),
        cmocka_unit_test(test_period_keys),
        cmocka_unit_test(test_month_key_format_is_printfs),
        cmocka_unit_test(test_add_months_clamps_to_month_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

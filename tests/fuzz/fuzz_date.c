/* fuzz_date.c: the date parser and the day-number arithmetic (date.h).
 *
 * Properties: an accepted date is a real calendar date in 0001..9999; its
 * day number formats as ISO and parses back to the same day; ymd -> day ->
 * ymd round-trips; month and quarter keys agree with the ymd. The first
 * input byte picks the accepted formats (1..15). */
#include <string.h>

#include "audit/date.h"
#include "tests/fuzz/fuzz.h"

static void check_day(int32_t day)
{
    int y, m, d;
    pt_date_to_ymd(day, &y, &m, &d);
    PT_FUZZ_CHECK(pt_date_valid(y, m, d), "day %ld -> %d-%d-%d invalid", (long)day, y, m, d);
    PT_FUZZ_CHECK(pt_date_from_ymd(y, m, d) == day, "day %ld does not round-trip", (long)day);
    char buf[32], again_buf[32];
    pt_date_format(day, buf, sizeof buf);
    int32_t again = 0;
    struct pt_error err;
    PT_FUZZ_CHECK(pt_date_parse(buf, strlen(buf), PT_DATE_ISO, &again, &err) == PT_OK,
                  "formatted \"%s\" does not parse: %s", buf, err.msg);
    PT_FUZZ_CHECK(again == day, "\"%s\" parses to %ld, not %ld", buf, (long)again, (long)day);
    int32_t mk = pt_date_month_key(day), qk = pt_date_quarter_key(day);
    PT_FUZZ_CHECK(mk == y * 12 + m - 1 && qk == y * 4 + (m - 1) / 3 && pt_date_year(day) == y,
                  "keys of %s", buf);
    pt_month_key_format(mk, buf, sizeof buf);
    snprintf(again_buf, sizeof again_buf, "%04d-%02d", y, m);
    PT_FUZZ_CHECK(strcmp(buf, again_buf) == 0, "month key \"%s\" != \"%s\"", buf, again_buf);
    pt_quarter_key_format(qk, buf, sizeof buf);
    snprintf(again_buf, sizeof again_buf, "%04dQ%d", y, (m - 1) / 3 + 1);
    PT_FUZZ_CHECK(strcmp(buf, again_buf) == 0, "quarter key \"%s\" != \"%s\"", buf, again_buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned formats = (data[0] & 15u) ? (data[0] & 15u) : PT_DATE_ANY;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    int32_t day = PT_DAY_UNKNOWN;
    struct pt_error err;
    if (pt_date_parse(s, n, formats, &day, &err) == PT_OK) {
        PT_FUZZ_CHECK(day >= pt_date_from_ymd(1, 1, 1) && day <= pt_date_from_ymd(9999, 12, 31),
                      "day %ld out of 0001..9999", (long)day);
        check_day(day);
    } else {
        PT_FUZZ_CHECK(err.code == PT_EINVAL && strncmp(err.msg, "expected ", 9) == 0,
                      "error %d \"%s\"", (int)err.code, err.msg);
    }
    /* Any 4 bytes as a day in 0001..9999. */
    if (n >= 4) {
        uint32_t v = (uint32_t)data[1] | (uint32_t)data[2] << 8 | (uint32_t)data[3] << 16 |
                     (uint32_t)data[4] << 24;
        int32_t lo = pt_date_from_ymd(1, 1, 1), hi = pt_date_from_ymd(9999, 12, 31);
        check_day(lo + (int32_t)(v % (uint32_t)(hi - lo + 1)));
    }
    return 0;
}

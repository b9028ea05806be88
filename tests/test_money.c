/* test_money.c: exact decimal and money parsing (money.h).
 * Expected minor units were checked with Python 3's decimal module:
 *   int(Decimal(text).quantize(Decimal('0.01'), ROUND_HALF_EVEN) * 100)
 * and the "rounded" flag with Decimal(text) != that quantized value. */
#include <stdint.h>
#include <string.h>

#include "audit/money.h"
#include "tests/helpers.h"

struct money_case {
    const char *name;
    const char *text;
    int minor_digits;
    unsigned flags;
    enum pt_code rc;
    int64_t minor;
    int rounded;
    const char *source;
};

static const struct money_case money_cases[] = {
    {"plain", "1234.56", 2, 0, PT_OK, 123456, 0, "python decimal"},
    {"Prosper trailing zeros are exact", "330.430000", 2, 0, PT_OK, 33043, 0, "python decimal"},
    {"LendingClub long fraction rounds", "22583.2667671403", 2, 0, PT_OK, 2258327, 1,
     "python decimal: 22583.27, inexact"},
    {"half to even down", "0.125", 2, 0, PT_OK, 12, 1, "python decimal ROUND_HALF_EVEN: 0.12"},
    {"half to even up", "0.135", 2, 0, PT_OK, 14, 1, "python decimal ROUND_HALF_EVEN: 0.14"},
    {"just above half", "0.1250000000000000000000001", 2, 0, PT_OK, 13, 1,
     "python decimal: 0.13 (sticky digit far beyond int64)"},
    {"negative half to even", "-2.345", 2, 0, PT_OK, -234, 1, "python decimal: -2.34"},
    {"integer", "10000", 2, 0, PT_OK, 1000000, 0, "hand"},
    {"leading point", ".165160", 2, 0, PT_OK, 17, 1, "python decimal: 0.17"},
    {"minus zero is zero", "-0", 2, 0, PT_OK, 0, 0, "hand: -0 == 0"},
    {"plus sign", "+5.5", 2, 0, PT_OK, 550, 0, "hand"},
    {"spaces trimmed", "  7.00 ", 2, 0, PT_OK, 700, 0, "hand"},
    {"JPY no minor unit", "1234.5", 0, 0, PT_OK, 1234, 1, "python decimal: 1234 (to even)"},
    {"KWD three digits", "1.2345", 3, 0, PT_OK, 1234, 1, "python decimal: 1.234 (to even)"},
    {"thousands with flag", "1,234,567.89", 2, PT_NUM_THOUSANDS_OK, PT_OK, 123456789, 0, "hand"},
    {"thousands without flag", "1,234.56", 2, 0, PT_EINVAL, 0, 0, "contract"},
    {"bad grouping", "12,34.56", 2, PT_NUM_THOUSANDS_OK, PT_EINVAL, 0, 0, "grouping by 3"},
    {"dollar sign with flag", "$1,000.00", 2, PT_NUM_THOUSANDS_OK | PT_NUM_CURRENCY_OK, PT_OK,
     100000, 0, "hand"},
    {"yuan sign", "\xEF\xBF\xA5" "88.8", 2, PT_NUM_CURRENCY_OK, PT_OK, 8880, 0, "hand"},
    {"minus before dollar", "-$12", 2, PT_NUM_CURRENCY_OK, PT_OK, -1200, 0, "hand"},
    {"dollar without flag", "$12", 2, 0, PT_EINVAL, 0, 0, "contract"},
    {"percent never money", "12%", 2, PT_NUM_PERCENT_OK, PT_EINVAL, 0, 0, "money is not a rate"},
    {"exponent", "1e309", 2, 0, PT_EINVAL, 0, 0, "no exponents"},
    {"NaN", "NaN", 2, 0, PT_EINVAL, 0, 0, "no NaN"},
    {"inf", "-inf", 2, 0, PT_EINVAL, 0, 0, "no infinity"},
    {"full width", "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93", 2, 0, PT_EINVAL, 0, 0, "ASCII only"},
    {"empty", "", 2, 0, PT_EINVAL, 0, 0, "no value"},
    {"sign only", "-", 2, 0, PT_EINVAL, 0, 0, "no digits"},
    {"point only", ".", 2, 0, PT_EINVAL, 0, 0, "no digits"},
    {"two points", "1.2.3", 2, 0, PT_EINVAL, 0, 0, "format"},
    {"max int64", "92233720368547758.07", 2, 0, PT_OK, INT64_MAX, 0, "INT64_MAX"},
    {"over int64", "92233720368547758.08", 2, 0, PT_ERANGE, 0, 0, "INT64_MAX + 1"},
    {"rounding overflows", "92233720368547758.075", 2, 0, PT_ERANGE, 0, 0, "rounds past max"},
    {"huge", "123456789012345678901234567890", 2, 0, PT_ERANGE, 0, 0, "overflow"},
};

static void test_money_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof money_cases / sizeof money_cases[0]; i++) {
        const struct money_case *c = &money_cases[i];
        struct pt_error err = {0};
        int64_t v = -777;
        int rounded = -1;
        enum pt_code rc = pt_money_parse(c->text, strlen(c->text), c->minor_digits, c->flags, &v,
                                         &rounded, &err);
        if (rc != c->rc)
            fail_msg("%s: \"%s\" rc %d, expected %d (%s)", c->name, c->text, rc, c->rc, err.msg);
        if (rc == PT_OK && (v != c->minor || rounded != c->rounded))
            fail_msg("%s: \"%s\" -> %lld rounded %d, expected %lld rounded %d (%s)", c->name,
                     c->text, (long long)v, rounded, (long long)c->minor, c->rounded, c->source);
        if (rc != PT_OK && v != -777)
            fail_msg("%s: output written on error", c->name);
    }
}

struct decimal_case {
    const char *name;
    const char *text;
    unsigned flags;
    enum pt_code rc;
    int64_t units;
    int scale;
    double value;
};

static const struct decimal_case decimal_cases[] = {
    {"rate", "0.003", 0, PT_OK, 3, 3, 0.003},
    {"percent", "0.3%", PT_NUM_PERCENT_OK, PT_OK, 3, 3, 0.003},
    {"percent of integer", "36%", PT_NUM_PERCENT_OK, PT_OK, 36, 2, 0.36},
    {"LendingClub int_rate", "13.56%", PT_NUM_PERCENT_OK, PT_OK, 1356, 4, 0.1356},
    {"trailing zeros dropped", "0.300000", 0, PT_OK, 3, 1, 0.3},
    {"negative", "-1.5", 0, PT_OK, -15, 1, -1.5},
    {"double percent", "12.5%%", PT_NUM_PERCENT_OK, PT_EINVAL, 0, 0, 0},
    {"percent not allowed", "12.5%", 0, PT_EINVAL, 0, 0, 0},
    {"word", "abc", PT_NUM_PERCENT_OK, PT_EINVAL, 0, 0, 0},
    {"19 fraction digits", "0.1234567890123456789", 0, PT_ERANGE, 0, 0, 0},
};

static void test_decimal_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof decimal_cases / sizeof decimal_cases[0]; i++) {
        const struct decimal_case *c = &decimal_cases[i];
        struct pt_error err = {0};
        struct pt_decimal d = {0, 0};
        enum pt_code rc = pt_decimal_parse(c->text, strlen(c->text), c->flags, &d, &err);
        if (rc != c->rc)
            fail_msg("%s: \"%s\" rc %d, expected %d (%s)", c->name, c->text, rc, c->rc, err.msg);
        if (rc != PT_OK)
            continue;
        if (d.units != c->units || d.scale != c->scale)
            fail_msg("%s: %lld/10^%d, expected %lld/10^%d", c->name, (long long)d.units, d.scale,
                     (long long)c->units, c->scale);
        /* The double must be the correctly rounded literal: exact equality. */
        pt_assert_close(pt_decimal_to_double(d), c->value, 0.0);
    }
}

static void test_messages(void **state)
{
    (void)state;
    struct pt_error err = {0};
    int64_t v;
    struct pt_decimal d;
    const char *fw = "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93";
    assert_int_equal(pt_money_parse(fw, strlen(fw), 2, 0, &v, NULL, &err), PT_EINVAL);
    assert_non_null(strstr(err.msg, "full-width digits"));
    assert_int_equal(pt_money_parse("1e309", 5, 2, 0, &v, NULL, &err), PT_EINVAL);
    assert_string_equal(err.msg, "expected a plain decimal number without an exponent (write "
                                 "1000, not 1e3), found \"1e309\"");
    assert_int_equal(pt_decimal_parse("12.5%%", 6, PT_NUM_PERCENT_OK, &d, &err), PT_EINVAL);
    assert_string_equal(err.msg, "expected a decimal number with at most one '%', found "
                                 "\"12.5%%\"");
    assert_int_equal(pt_decimal_parse("x", 1, PT_NUM_PERCENT_OK, &d, &err), PT_EINVAL);
    assert_string_equal(err.msg, "expected a decimal number or percentage, found \"x\"");
}

static void test_format_and_add(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(pt_money_format(-123456, 2, buf, sizeof buf), "-1234.56");
    assert_string_equal(pt_money_format(5, 2, buf, sizeof buf), "0.05");
    assert_string_equal(pt_money_format(-5, 2, buf, sizeof buf), "-0.05");
    assert_string_equal(pt_money_format(1234, 0, buf, sizeof buf), "1234");
    assert_string_equal(pt_money_format(1234, 3, buf, sizeof buf), "1.234");
    assert_string_equal(pt_money_format(INT64_MIN, 2, buf, sizeof buf), "-92233720368547758.08");
    assert_int_equal(pt_currency_minor_digits("JPY"), 0);
    assert_int_equal(pt_currency_minor_digits("KWD"), 3);
    assert_int_equal(pt_currency_minor_digits("CNY"), 2);
    assert_int_equal(pt_currency_minor_digits("XXX"), 2);
    int64_t acc = INT64_MAX - 1;
    struct pt_error err = {0};
    assert_int_equal(pt_money_add(&acc, 1, &err), PT_OK);
    assert_true(acc == INT64_MAX);
    assert_int_equal(pt_money_add(&acc, 1, &err), PT_ERANGE);
    assert_true(acc == INT64_MAX);
}

static uint64_t next_u64(uint64_t *s)
{
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/* format -> parse is the identity on every int64 (digits 0..4). */
static void test_format_parse_round_trip(void **state)
{
    (void)state;
    uint64_t s = 42;
    char buf[40];
    struct pt_error err = {0};
    for (int k = 0; k < 100000; k++) {
        int64_t m = (int64_t)next_u64(&s) >> (next_u64(&s) % 64);
        int md = (int)(next_u64(&s) % 5), rounded = -1;
        int64_t back = 0;
        pt_money_format(m, md, buf, sizeof buf);
        if (pt_money_parse(buf, strlen(buf), md, 0, &back, &rounded, &err) != PT_OK ||
            back != m || rounded != 0)
            fail_msg("%lld (digits %d) -> \"%s\" -> %lld: %s", (long long)m, md, buf,
                     (long long)back, err.msg);
    }
}

/* Random short byte strings from a number-ish alphabet: the parsers never
 * crash (ASan/UBSan build), and whatever they accept re-parses the same
 * after formatting. */
static void test_random_text_never_crashes(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789.,-+%$eE nN\xEF\xBC\x91\xC2\xA5";
    uint64_t s = 7;
    char text[24], buf[40];
    int accepted = 0;
    for (int k = 0; k < 200000; k++) {
        size_t len = next_u64(&s) % sizeof text;
        for (size_t i = 0; i < len; i++)
            text[i] = alphabet[next_u64(&s) % (sizeof alphabet - 1)];
        struct pt_error err = {0};
        struct pt_decimal d;
        int64_t m, back;
        unsigned flags = (unsigned)(next_u64(&s) % 8);
        enum pt_code drc = pt_decimal_parse(text, len, flags, &d, &err);
        assert_true(drc == PT_OK || drc == PT_EINVAL || drc == PT_ERANGE);
        if (pt_money_parse(text, len, 2, flags, &m, NULL, &err) == PT_OK) {
            accepted++;
            pt_money_format(m, 2, buf, sizeof buf);
            assert_int_equal(pt_money_parse(buf, strlen(buf), 2, 0, &back, NULL, &err), PT_OK);
            assert_true(back == m);
        }
    }
    assert_true(accepted > 1000); /* the alphabet does produce numbers */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_table),
        cmocka_unit_test(test_decimal_table),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_format_and_add),
        cmocka_unit_test(test_format_parse_round_trip),
        cmocka_unit_test(test_random_text_never_crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_names.c: name keys, tidy spellings, the registry (names.h).
 * Expected keys are hand-derived from the rules in docs/taxonomy.md
 * ("Company names"): fold case, drop '.' and apostrophes inside words,
 * split on other punctuation and spaces, cut trailing suffix words, join,
 * cut trailing Chinese suffixes. Each row's source says which rule. */
#include <stdlib.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/names.h"
#include "audit/taxonomy_data.h"
#include "tests/helpers.h"

struct key_case {
    const char *name;
    const char *in;
    const char *key;
    const char *source;
};

static const struct key_case key_cases[] = {
    { "comma and dotted Inc", "EQUIFAX, INC.", "equifax", "hand: words equifax|inc, inc cut" },
    { "plain Inc", "Equifax Inc", "equifax", "hand: same firm as EQUIFAX, INC." },
    { "Holdings then Inc", "TRANSUNION INTERMEDIATE HOLDINGS, INC.", "transunionintermediate",
      "hand: inc cut, then holdings cut" },
    { "ampersand Company", "WELLS FARGO & COMPANY", "wellsfargo", "hand: & splits, company cut" },
    { "ampersand Co.", "JPMORGAN CHASE & CO.", "jpmorganchase", "hand: co. -> co, cut" },
    { "N.A.", "CITIBANK, N.A.", "citibank", "hand: N.A. -> na, cut" },
    { "LLC with trailing dot", "Navient Solutions, LLC.", "navientsolutions", "hand" },
    { "L.L.C.", "Acme Lending L.L.C.", "acmelending", "hand: dots vanish inside a word" },
    { "National Association", "BANK OF AMERICA, NATIONAL ASSOCIATION", "bankofamerica",
      "hand: the two words of N.A. cut together" },
    { "N.A. after Bank", "Bank of America, N.A.", "bankofamerica", "hand: na cut" },
    { "only National Association", "National Association", "nationalassociation",
      "hand: nothing left before it, kept" },
    { "Group Inc", "Mr. Cooper Group Inc.", "mrcooper", "hand: inc, then group cut" },
    { "only a suffix word stays", "Company", "company", "hand: the first word is never cut" },
    { "slash splits", "AES/PHEAA", "aespheaa", "hand: / separates, words joined" },
    { "full-width Latin and ideographic space", "\xef\xbc\xac\xef\xbd\x85\xef\xbd\x98\xef\xbd\x89"
      "\xef\xbd\x8e\xe3\x80\x80\xef\xbc\xa6\xef\xbd\x89\xef\xbd\x8e", "lexinfin",
      "hand: U+FF2C.. -> Lexin, U+3000 splits, U+FF26.. -> Fin" },
    { "Co.,Ltd without space", "LexinFintech Co.,Ltd", "lexinfintech",
      "hand: ',' splits co|ltd; ltd then co cut" },
    { "full-width comma", "Lexin\xef\xbc\x8c Inc", "lexin", "hand: U+FF0C -> ',' splits" },
    { "有限公司", "深圳市分期乐网络科技有限公司", "深圳市分期乐网络科技", "hand: 有限公司 cut" },
    { "集团", "乐信集团", "乐信", "hand: 集团 cut" },
    { "(集团)股份有限公司", "某某（集团）股份有限公司", "某某",
      "hand: full-width parens split, 股份有限公司 then 集团 cut" },
    { "only 公司 stays", "公司", "公司", "hand: a suffix is never cut to nothing" },
    { "masked name keeps star", "信*飞", "信*飞", "hand: '*' marks masking, kept" },
    { "masked with App", "信*飞App", "信*飞app", "hand: App is not a legal suffix" },
    { "middle dot", "乐信\xc2\xb7分期乐", "乐信分期乐", "hand: U+00B7 splits" },
    { "book title marks", "《分期乐》", "分期乐", "hand: U+300A/U+300B split" },
    { "curly apostrophe", "Cooper\xe2\x80\x99s Bank", "coopersbank", "hand: U+2019 vanishes" },
    { "blank", "   ", "", "hand: nothing left" },
    { "only punctuation", "--", "", "hand: nothing left" },
    { "invalid UTF-8 byte kept", "\xff" "ABC", "\xff" "abc", "hand: bad byte copied, ABC folded" },
};

static void test_keys_match_hand_rules(void **state)
{
    (void)state;
    char out[256];
    for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
        const struct key_case *c = &key_cases[i];
        size_t n = pt_name_key(c->in, strlen(c->in), out);
        if (strcmp(out, c->key) != 0 || n != strlen(c->key))
            fail_msg("%s: key \"%s\", expected \"%s\" (%s)", c->name, out, c->key, c->source);
    }
}

/* Every prefix (cut inside UTF-8 too) in exact-size buffers (ASan). */
static void test_every_prefix_is_safe(void **state)
{
    (void)state;
    const char *text = "深圳市分期乐网络科技有限公司 ＬＥＸＩＮ, L.L.C.";
    size_t full = strlen(text);
    for (size_t len = 0; len <= full; len++) {
        char *in = malloc(len ? len : 1), *out = malloc(len + 1);
        assert_non_null(in);
        assert_non_null(out);
        memcpy(in, text, len);
        assert_true(pt_name_key(in, len, out) <= len);
        assert_true(pt_name_tidy(in, len, out) <= len);
        free(in);
        free(out);
    }
}

static void test_tidy_trims_and_collapses(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        { "  EQUIFAX,   INC. \t", "EQUIFAX, INC." },
        { "乐信\xe3\x80\x80\xe3\x80\x80集团\xe3\x80\x80", "乐信 集团" },
        { "", "" },
        { " \n ", "" },
        { "A\xc2\xa0" "B", "A B" },
    };
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = pt_name_tidy(cases[i].in, strlen(cases[i].in), out);
        assert_string_equal(out, cases[i].out);
        assert_int_equal(n, strlen(cases[i].out));
    }
}

static uint32_t add(struct pt_names *r, const char *s, int times)
{
    struct pt_error err;
    uint32_t g = 0;
    for (int i = 0; i < times; i++)
        assert_int_equal(pt_names_add(r, s, strlen(s), &g, &err), PT_OK);
    return g;
}

static void test_display_is_most_frequent_spelling(void **state)
{
    (void)state;
    struct pt_names *r;
    struct pt_error err;
    assert_int_equal(pt_names_create(&r, &err), PT_OK);
    uint32_t a = add(r, "EQUIFAX, INC.", 2);
    uint32_t b = add(r, "Equifax Inc", 2);
    uint32_t c = add(r, "  Equifax   Inc ", 1);   /* tidies to "Equifax Inc": 3 in all */
    uint32_t d = add(r, "equifax inc.", 1);
    assert_int_equal(a, b);
    assert_int_equal(a, c);
    assert_int_equal(a, d);
    assert_int_equal(pt_names_n_groups(r), 1);
    assert_string_equal(pt_names_display(r, a), "Equifax Inc");
    assert_int_equal(pt_names_group_count(r, a), 6);
    pt_names_destroy(r);
}

/* Same multiset in two orders: the tie breaks by bytes ("ACME" < "Acme"
 * since 'C' 0x43 < 'c' 0x63), whatever came first. */
static void test_tie_breaks_by_bytes_in_any_order(void **state)
{
    (void)state;
    const char *spell[2] = { "Acme LLC", "ACME, LLC" };
    for (int order = 0; order < 2; order++) {
        struct pt_names *r;
        struct pt_error err;
        assert_int_equal(pt_names_create(&r, &err), PT_OK);
        add(r, spell[order], 2);
        uint32_t g = add(r, spell[1 - order], 2);
        assert_string_equal(pt_names_display(r, g), "ACME, LLC");
        pt_names_destroy(r);
    }
}

static void add_alias_ok(struct pt_names *r, const char *alias, const char *name)
{
    struct pt_error err;
    assert_int_equal(pt_names_add_alias(r, alias, strlen(alias), name, strlen(name), NULL, &err),
                     PT_OK);
}

/* The brief's example: 分期乐, 乐信, LexinFintech, Fenqile, 乐信集团 are one. */
static void test_aliases_merge_lexin_spellings(void **state)
{
    (void)state;
    struct pt_names *r;
    struct pt_error err;
    assert_int_equal(pt_names_create(&r, &err), PT_OK);
    add_alias_ok(r, "分期乐", "乐信集团");
    add_alias_ok(r, "LexinFintech", "乐信集团");
    add_alias_ok(r, "Fenqile", "乐信集团");
    add_alias_ok(r, "乐信", "乐信集团");
    add_alias_ok(r, "Fenqile", "乐信集团");   /* repeated pair is fine */
    uint32_t g = add(r, "分期乐", 3);
    assert_int_equal(add(r, "FENQILE", 1), g);
    assert_int_equal(add(r, "Lexin Fintech Co., Ltd.", 1), g);   /* key lexinfintech */
    assert_int_equal(add(r, "乐信", 1), g);
    assert_int_equal(add(r, "《分期乐》", 1), g);
    uint32_t other = add(r, "招联金融", 1);
    assert_int_not_equal(other, g);
    assert_string_equal(pt_names_display(r, g), "乐信集团");
    assert_int_equal(pt_names_group_count(r, g), 7);
    assert_string_equal(pt_names_display(r, other), "招联金融");
    uint32_t f = 99;
    assert_int_equal(pt_names_find(r, "fenqile", 7, &f), 1);
    assert_int_equal(f, g);
    assert_int_equal(pt_names_find(r, "nobody", 6, &f), 0);
    assert_string_equal(pt_names_alias_target(r, "LEXINFINTECH", 12), "乐信集团");
    char kb[32];
    assert_string_equal(pt_names_canonical_key(r, "FQL", 3, kb), "fql");   /* not aliased */
    assert_string_equal(pt_names_canonical_key(r, "Fenqile", 7, kb), "乐信");   /* 乐信集团 */
    assert_null(pt_names_alias_target(r, "招联金融", strlen("招联金融")));
    pt_names_destroy(r);
}

/* A masked name merges only through an alias, and only its own key. */
static void test_masked_names_need_an_alias(void **state)
{
    (void)state;
    struct pt_names *r;
    struct pt_error err;
    assert_int_equal(pt_names_create(&r, &err), PT_OK);
    add_alias_ok(r, "信*飞", "信用飞");
    add_alias_ok(r, "信用飞 App", "信用飞");   /* chain-free second spelling */
    uint32_t g = add(r, "信*飞", 2);
    assert_string_equal(pt_names_display(r, g), "信用飞");
    uint32_t h = add(r, "信*飞App", 1);   /* key 信*飞app: not aliased */
    assert_int_not_equal(g, h);
    assert_string_equal(pt_names_display(r, h), "信*飞App");
    assert_int_equal(add(r, "信飞", 1) != g, 1);   /* star kept: no merge */
    pt_names_destroy(r);
}

static void test_alias_chain_resolves_to_first_target(void **state)
{
    (void)state;
    struct pt_names *r;
    struct pt_error err;
    assert_int_equal(pt_names_create(&r, &err), PT_OK);
    add_alias_ok(r, "Fenqile", "乐信集团");
    add_alias_ok(r, "FQL", "Fenqile");   /* Fenqile is already an alias of 乐信集团 */
    uint32_t g = add(r, "fql", 1);
    assert_string_equal(pt_names_display(r, g), "乐信集团");
    pt_names_destroy(r);
}

static void test_conflicting_alias_is_data_error(void **state)
{
    (void)state;
    struct pt_names *r;
    struct pt_error err;
    struct pt_loc loc;
    pt_loc_set(&loc, "aliases.csv", 3, 1);
    assert_int_equal(pt_names_create(&r, &err), PT_OK);
    add_alias_ok(r, "Fenqile", "乐信集团");
    assert_int_equal(pt_names_add_alias(r, "FENQILE ", 8, "Other Co", 8, &loc, &err), PT_EDATA);
    assert_int_equal(err.loc.line, 3);
    assert_string_equal(err.msg, "alias \"FENQILE \" names both \"乐信集团\" and \"Other Co\"; "
                                 "expected one firm per alias");
    assert_int_equal(pt_names_add_alias(r, "--", 2, "X", 1, &loc, &err), PT_EDATA);
    assert_int_equal(pt_names_add_alias(r, "X", 1, " ", 1, &loc, &err), PT_EDATA);
    add(r, "Fenqile", 1);
    assert_int_equal(pt_names_add_alias(r, "A", 1, "B", 1, NULL, &err), PT_EINVAL);
    pt_names_destroy(r);
}

static void test_rows_sorted_by_display_then_raw(void **state)
{
    (void)state;
    struct pt_names *r;
    struct pt_error err;
    assert_int_equal(pt_names_create(&r, &err), PT_OK);
    add(r, "Zeta Bank", 1);
    add(r, "EQUIFAX, INC.", 2);
    add(r, "Equifax Inc", 3);
    add(r, "", 1);
    struct pt_name_row *rows;
    size_t n;
    assert_int_equal(pt_names_rows(r, &rows, &n, &err), PT_OK);
    assert_int_equal(n, 4);
    assert_string_equal(rows[0].raw, "");
    assert_string_equal(rows[0].display, "");
    assert_string_equal(rows[1].raw, "EQUIFAX, INC.");
    assert_string_equal(rows[1].display, "Equifax Inc");
    assert_int_equal(rows[1].count, 2);
    assert_string_equal(rows[1].key, "equifax");
    assert_string_equal(rows[2].raw, "Equifax Inc");
    assert_string_equal(rows[3].raw, "Zeta Bank");
    assert_int_equal(rows[3].aliased, 0);
    pt_free(rows);
    pt_names_destroy(r);
}

static enum pt_code alias_row(void *ctx, const struct pt_data_row *row, struct pt_error *err)
{
    return pt_names_add_alias(ctx, row->fields[0], row->lens[0], row->fields[1], row->lens[1],
                              &row->loc, err);
}

/* The project's datasets/aliases.csv (data area) loads without a conflict
 * under these keys, and spellings a reader would merge land on its display
 * names (the file's own rows are the expected values). */
static void test_project_aliases_file_loads_and_merges(void **state)
{
    (void)state;
    static char bytes[1 << 16];
    FILE *f = fopen(pt_test_path("datasets/aliases.csv"), "rb");
    assert_non_null(f);
    size_t n = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    assert_true(n > 0 && n < sizeof bytes);
    struct pt_data_file file = { "datasets/aliases.csv", (const unsigned char *)bytes, n };
    static const char *const cols[] = { "alias", "name" };
    struct pt_names *r;
    struct pt_error err;
    assert_int_equal(pt_names_create(&r, &err), PT_OK);
    if (pt_data_parse(file, cols, 2, alias_row, r, &err) != PT_OK)
        fail_msg("%s:%llu: %s", err.loc.path, (unsigned long long)err.loc.line, err.msg);
    static const struct { const char *raw, *display; } cases[] = {
        { "分期乐", "Fenqile (Lexin)" },
        { "Lexin Fintech Holdings Ltd", "Fenqile (Lexin)" },
        { "深圳市分期乐网络科技有限公司", "Fenqile (Lexin)" },
        { "SHENZHEN FENQILE NETWORK TECHNOLOGY CO LTD", "Fenqile (Lexin)" },
        { "ＦＥＮＱＩＬＥ", "Fenqile (Lexin)" },
        { "PPDAI GROUP INC", "信也科技 (拍拍贷)" },
        { "360 Finance Inc", "Qifu Technology (360 Finance)" },
        { "信*飞App", "信*飞App" },   /* masked, deliberately unmapped */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t g = add(r, cases[i].raw, 1);
        if (strcmp(pt_names_display(r, g), cases[i].display) != 0)
            fail_msg("%s -> %s, expected %s", cases[i].raw, pt_names_display(r, g),
                     cases[i].display);
    }
    pt_names_destroy(r);
}

/* Fails allocation N = 1, 2, ... until the whole scenario succeeds; every
 * failure must be a clean PT_ENOMEM (ASan reports any leak). */
static enum pt_code scenario(void)
{
    struct pt_names *r = NULL;
    struct pt_error err;
    struct pt_name_row *rows = NULL;
    size_t n;
    uint32_t g;
    enum pt_code rc = pt_names_create(&r, &err);
    if (rc != PT_OK)
        return rc;
    static const char *const names[] = { "分期乐", "Equifax Inc", "EQUIFAX, INC.", "分期乐",
                                         "Acme", "B", "C", "D", "E", "F", "G", "H", "I", "J",
                                         "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T" };
    if ((rc = pt_names_add_alias(r, "分期乐", strlen("分期乐"), "乐信集团", strlen("乐信集团"),
                                 NULL, &err)) != PT_OK)
        goto out;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((rc = pt_names_add(r, names[i], strlen(names[i]), &g, &err)) != PT_OK)
            goto out;
    rc = pt_names_rows(r, &rows, &n, &err);
    if (rc == PT_OK && n != sizeof names / sizeof names[0] - 1)
        rc = PT_EDATA;
out:
    pt_free(rows);
    pt_names_destroy(r);
    return rc;
}

static void test_every_allocation_failure_is_clean(void **state)
{
    (void)state;
    unsigned long nth = 1;
    for (;; nth++) {
        pt_alloc_fail_at(nth);
        enum pt_code rc = scenario();
        if (rc == PT_OK)
            break;
        assert_int_equal(rc, PT_ENOMEM);
    }
    pt_alloc_fail_at(0);
    assert_true(nth > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_match_hand_rules),
        cmocka_unit_test(test_tidy_trims_and_collapses),
        cmocka_unit_test(test_every_prefix_is_safe),
        cmocka_unit_test(test_display_is_most_frequent_spelling),
        cmocka_unit_test(test_tie_breaks_by_bytes_in_any_order),
        cmocka_unit_test(test_aliases_merge_lexin_spellings),
        cmocka_unit_test(test_masked_names_need_an_alias),
        cmocka_unit_test(test_alias_chain_resolves_to_first_target),
        cmocka_unit_test(test_conflicting_alias_is_data_error),
        cmocka_unit_test(test_rows_sorted_by_display_then_raw),
        cmocka_unit_test(test_project_aliases_file_loads_and_merges),
        cmocka_unit_test(test_every_allocation_failure_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

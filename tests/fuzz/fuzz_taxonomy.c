/* fuzz_taxonomy.c: the complaint classifier and crosswalks (taxonomy.h).
 *
 * Properties: classify_text returns a nonzero mask of known categories, and
 * `other` only alone; each category in it has a name that parses back;
 * lookups of the CFPB issue / PBOC reason / product renames return 0 or 1
 * and leave a valid category (`other` when unknown); a renamed product is
 * current (renaming it again gives NULL or the same name).
 * Input: "issue\tsub_issue\tproduct\tsub_product\n" then free text. */
#include <string.h>

#include "audit/taxonomy.h"
#include "tests/fuzz/fuzz.h"

static struct pt_taxonomy *tax(void)
{
    /* Built once per process: the embedded tables never change. */
    static struct pt_taxonomy *t;
    if (t == NULL) {
        struct pt_error err;
        PT_FUZZ_CHECK(pt_taxonomy_create(&t, &err) == PT_OK, "taxonomy: %s", err.msg);
    }
    return t;
}

/* Splits s[0..n) at the first c: the head's length, *rest past c. */
static size_t cut(const char *s, size_t n, char c, const char **rest, size_t *rest_n)
{
    const char *p = memchr(s, c, n);
    size_t h = p ? (size_t)(p - s) : n;
    *rest = p ? p + 1 : s + n;
    *rest_n = p ? n - h - 1 : 0;
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct pt_taxonomy *t = tax();
    const char *s = (const char *)data;
    uint32_t all = PT_CAT_BIT(PT_CAT_COUNT) - 1, other = PT_CAT_BIT(PT_CAT_OTHER);
    uint32_t m = pt_taxonomy_classify_text(t, s, size);
    PT_FUZZ_CHECK(m != 0 && (m & ~all) == 0, "mask 0x%x", m);
    PT_FUZZ_CHECK(!(m & other) || m == other, "other with others: 0x%x", m);
    for (enum pt_category c = 0; c < PT_CAT_COUNT; c++)
        if (m & PT_CAT_BIT(c)) {
            const char *name = pt_category_name(c);
            enum pt_category back;
            PT_FUZZ_CHECK(name && pt_category_parse(name, strlen(name), &back) && back == c,
                          "category %d name", (int)c);
        }
    const char *rest, *r2, *r3, *r4;
    size_t rn, n2, n3, n4;
    size_t issue_n = cut(s, size, '\t', &rest, &rn);
    size_t sub_n = cut(rest, rn, '\t', &r2, &n2);
    size_t prod_n = cut(r2, n2, '\t', &r3, &n3);
    size_t subp_n = cut(r3, n3, '\n', &r4, &n4);
    enum pt_category cat = PT_CAT_COUNT;
    int known = pt_taxonomy_cfpb_issue(t, s, issue_n, rest, sub_n, &cat);
    PT_FUZZ_CHECK((known == 0 || known == 1) && cat < PT_CAT_COUNT, "issue -> %d, %d", known,
                  (int)cat);
    PT_FUZZ_CHECK(known || cat == PT_CAT_OTHER, "unknown issue gave %d", (int)cat);
    cat = PT_CAT_COUNT;
    known = pt_taxonomy_pboc_reason(t, s, issue_n, &cat);
    PT_FUZZ_CHECK((known == 0 || known == 1) && cat < PT_CAT_COUNT, "reason -> %d, %d", known,
                  (int)cat);
    const char *cur = pt_taxonomy_cfpb_product(t, r2, prod_n, r3, subp_n);
    if (cur != NULL) {
        const char *again = pt_taxonomy_cfpb_product(t, cur, strlen(cur), r3, subp_n);
        PT_FUZZ_CHECK(again == NULL || strcmp(again, cur) == 0, "\"%s\" renamed again to \"%s\"",
                      cur, again);
    }
    enum pt_category parsed;
    if (pt_category_parse(s, size, &parsed))
        PT_FUZZ_CHECK(parsed < PT_CAT_COUNT && strlen(pt_category_name(parsed)) == size,
                      "parsed category");
    (void)r4;
    (void)n4;
    return 0;
}

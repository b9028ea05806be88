/* fuzz_names.c: company-name keys, tidy spellings and the registry
 * (names.h), as --aliases files and name columns feed them.
 *
 * The input is lines: leading lines "alias<TAB>name" declare aliases, the
 * rest are raw names added to the registry. Properties:
 *  - key and tidy fit in len + 1 bytes, NUL-terminated, never longer;
 *  - key is idempotent and ignores spacing: key(key(s)) == key(s) and
 *    key(tidy(s)) == key(s); tidy(tidy(s)) == tidy(s). Checked on
 *    well-formed UTF-8 (or under PT_FUZZ_STRICT): on other bytes, cutting
 *    separators out of "\xC2,\xA0" leaves a valid U+00A0, so a second
 *    pass differs; the CSV reader quarantines such bytes first;
 *  - nothing lost: the group counts and the published rows each add up to
 *    the number of names added; every group has a display name; a name
 *    added is found again in its own group; rows are sorted. */
#include <string.h>

#include "audit/alloc.h"
#include "audit/names.h"
#include "audit/utf8.h"
#include "tests/fuzz/fuzz.h"

static void check_key(const char *s, size_t n)
{
    char *k = malloc(n + 1), *k2 = malloc(n + 1), *t = malloc(n + 1), *t2 = malloc(n + 1);
    char *kt = malloc(n + 1);
    PT_FUZZ_CHECK(k && k2 && t && t2 && kt, "malloc");
    size_t kn = pt_name_key(s, n, k);
    PT_FUZZ_CHECK(kn <= n && k[kn] == '\0', "key length %zu for %zu bytes", kn, n);
    size_t tn = pt_name_tidy(s, n, t);
    PT_FUZZ_CHECK(tn <= n && t[tn] == '\0', "tidy length %zu for %zu bytes", tn, n);
    if (!pt_fuzz_strict() && pt_utf8_valid_prefix(s, n) != n)
        goto out;
    size_t kn2 = pt_name_key(k, kn, k2);
    PT_FUZZ_CHECK(kn2 == kn && memcmp(k, k2, kn) == 0, "key not idempotent: \"%s\" -> \"%s\"",
                  k, k2);
    size_t tn2 = pt_name_tidy(t, tn, t2);
    PT_FUZZ_CHECK(tn2 == tn && memcmp(t, t2, tn) == 0, "tidy not idempotent: \"%s\" -> \"%s\"",
                  t, t2);
    size_t ktn = pt_name_key(t, tn, kt);
    PT_FUZZ_CHECK(ktn == kn && memcmp(k, kt, kn) == 0, "key(tidy) \"%s\" != key \"%s\"", kt, k);
out:
    free(k);
    free(k2);
    free(t);
    free(t2);
    free(kt);
}

static int sorted(const struct pt_name_row *rows, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int c = strcmp(rows[i - 1].display, rows[i].display);
        if (c > 0 || (c == 0 && strcmp(rows[i - 1].raw, rows[i].raw) > 0))
            return 0;
    }
    return 1;
}

static void check_registry(struct pt_names *r, uint64_t added)
{
    uint64_t total = 0;
    uint32_t ng = pt_names_n_groups(r);
    PT_FUZZ_CHECK(ng <= added, "%u groups for %llu names", ng, (unsigned long long)added);
    for (uint32_t g = 0; g < ng; g++) {
        PT_FUZZ_CHECK(pt_names_display(r, g) != NULL, "group %u has no display", g);
        total += pt_names_group_count(r, g);
    }
    PT_FUZZ_CHECK(total == added, "groups count %llu, added %llu", (unsigned long long)total,
                  (unsigned long long)added);
    struct pt_name_row *rows = NULL;
    size_t n_rows = 0;
    struct pt_error err;
    if (pt_names_rows(r, &rows, &n_rows, &err) != PT_OK)
        return;
    total = 0;
    for (size_t i = 0; i < n_rows; i++)
        total += rows[i].count;
    PT_FUZZ_CHECK(total == added, "rows count %llu, added %llu", (unsigned long long)total,
                  (unsigned long long)added);
    PT_FUZZ_CHECK(sorted(rows, n_rows), "rows not sorted");
    pt_free(rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pt_names *r = NULL;
    struct pt_error err;
    if (pt_names_create(&r, &err) != PT_OK)
        return 0;
    const char *s = (const char *)data, *end = s + size;
    int aliases = 1;
    uint64_t added = 0;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        const char *tab = memchr(s, '\t', n);
        check_key(s, n);
        if (aliases && tab != NULL) {
            /* An alias that does not normalize is refused with a message. */
            if (pt_names_add_alias(r, s, (size_t)(tab - s), tab + 1, n - (size_t)(tab - s) - 1,
                                   NULL, &err) != PT_OK)
                PT_FUZZ_CHECK(err.code == PT_EDATA && err.msg[0] != '\0', "alias error %d",
                              (int)err.code);
        } else {
            aliases = 0;
            uint32_t g = 0, found = 0;
            if (pt_names_add(r, s, n, &g, &err) != PT_OK)
                break;
            added++;
            PT_FUZZ_CHECK(g < pt_names_n_groups(r), "group %u out of range", g);
            PT_FUZZ_CHECK(pt_names_find(r, s, n, &found) && found == g,
                          "\"%.*s\" added to group %u, found in %u", (int)n, s, g, found);
        }
        s += n + 1;
    }
    check_registry(r, added);
    pt_names_destroy(r);
    return 0;
}

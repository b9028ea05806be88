/* fuzz_cstats_keys.c: differential libFuzzer harness for the two-key
 * complaint statistics (tests/fuzz/fuzz.h), the shape whose groups are found
 * through a per-id window over the second key (stats_internal.h, struct
 * cs_window), and for pt_cstats_fold, pt_cstats_merge and the per-group
 * issue counts (counts32.h, pt_counts32x: dense below 256, a map above).
 *
 * The input bytes are decoded into options (two keys, a third key for the
 * fold and the order of the three, no_lags / no_top_issue on each side,
 * where the halves are cut) and
 * a sequence of synthetic complaints: a company among ~20 spellings, some of
 * which normalise to one firm; one of 300 issues (plus blank and padded
 * ones), so both counts32x stores are used; received dates in clusters
 * centuries apart, so month keys of one firm lie > CS_WINDOW_MAX apart and
 * windows both grow and refuse; 0-3 categories; a sent date missing, before
 * the received one, in the dense lag range, the tail or past
 * PT_CSTATS_LAG_MAX. Then, for the one complaint sequence:
 *   1. the two-key table equals a brute-force count made here, row by row
 *      (complaints, timely yes/no/unknown, responses, lags known, median and
 *      p90, top issue with ties to the smallest text, month-over-month and
 *      year-over-year change through the previous month's group), and every
 *      complaint is in exactly one row per category;
 *   2. a three-key table folded into an empty two-key one equals the direct
 *      two-key table field for field (NaN-aware), and the fold is refused
 *      exactly when the header says it must be;
 *   3. two halves counted with their own names registries and merged equal
 *      the whole.
 * Any difference aborts (PT_FUZZ_CHECK). ctest replays
 * tests/fuzz/corpus/cstats_keys/ (seeds from make_seeds.py: pseudo-random
 * bytes, since any bytes decode; seed-012 holds MAX_COMPLAINTS, so
 * libFuzzer's length limit reaches it) and tests/fuzz/regressions/cstats_keys/. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/complaint.h"
#include "audit/date.h"
#include "audit/names.h"
#include "audit/stats_complaints.h"
#include "tests/fuzz/fuzz.h"

#define MAX_COMPLAINTS 300
#define N_ISSUES 300

static const char *const companies[] = {
    "Acme Bank", "ACME BANK", "acme  bank", " Acme Bank ", "Acme Bank, N.A.",
    "Beta Lending LLC", "BETA LENDING LLC", "Beta Lending, LLC", "Gamma Credit",
    "gamma credit", "Delta Finance", "Epsilon", "Zeta Loans Inc.", "Zeta Loans Inc",
    "Eta", "Theta Card Services", "Iota", "Kappa Mortgage", "", "...",
};
#define N_COMPANIES (sizeof companies / sizeof *companies)

static const char *const products[] = {"Mortgage", "Credit card", "Student loan",
                                       " Payday loan ", "Payday loan", ""};
#define N_PRODUCTS (sizeof products / sizeof *products)
static const char *const states[] = {"CA", "NY", "TX", "", " CA"};
static const char *const channels[] = {"Web", "Phone", "Referral", ""};
static const int years[] = {1, 1850, 1940, 2015, 2016, 2020, 2023, 2100, 2190, 9999};

/* The two-key shapes tried: the first four have a dense first key (windows). */
static const enum pt_ckey pairs[][2] = {
    {PT_CKEY_COMPANY, PT_CKEY_MONTH},    {PT_CKEY_COMPANY, PT_CKEY_CATEGORY},
    {PT_CKEY_PRODUCT, PT_CKEY_MONTH},    {PT_CKEY_CATEGORY, PT_CKEY_COMPANY},
    {PT_CKEY_COMPANY, PT_CKEY_YEAR},     {PT_CKEY_ISSUE, PT_CKEY_QUARTER},
    {PT_CKEY_STATE, PT_CKEY_MONTH},      {PT_CKEY_CHANNEL, PT_CKEY_COMPANY},
    {PT_CKEY_CATEGORY, PT_CKEY_MONTH},   {PT_CKEY_MONTH, PT_CKEY_COMPANY},
    {PT_CKEY_COMPANY, PT_CKEY_QUARTER},  {PT_CKEY_COMPANY, PT_CKEY_PRODUCT},
};
#define N_PAIRS (sizeof pairs / sizeof *pairs)
static const enum pt_ckey thirds[] = {PT_CKEY_STATE,   PT_CKEY_CHANNEL, PT_CKEY_YEAR,
                                      PT_CKEY_PRODUCT, PT_CKEY_ISSUE,   PT_CKEY_QUARTER,
                                      PT_CKEY_CATEGORY, PT_CKEY_MONTH};
#define N_THIRDS (sizeof thirds / sizeof *thirds)

struct reader { const uint8_t *p; size_t n; };
static unsigned byte(struct reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

struct item {
    struct pt_complaint c;
    unsigned company, product, issue, state, channel;   /* indexes into the tables */
    char issue_text[16];
};

static char issue_texts[N_ISSUES + 2][16];
static const char *issue_text(unsigned i)   /* N_ISSUES: blank, N_ISSUES + 1: padded 7 */
{
    return issue_texts[i];
}

/* Trimmed of spaces and tabs, as the statistics intern text. */
static size_t trimmed(const char *s, const char **start)
{
    size_t len = strlen(s);
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    *start = s;
    return len;
}

static int same_text(const char *a, const char *row)
{
    const char *s;
    size_t len = trimmed(a, &s);
    return row != NULL && strlen(row) == len && memcmp(row, s, len) == 0;
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static int same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Does complaint x carry the value of key k that the row holds in slot i?
 * firm: the names registry the row's table used. */
static int key_match(const struct item *x, enum pt_ckey k, const struct pt_cstats_row *r,
                     size_t i, const struct pt_names *names, int32_t month_back)
{
    const struct pt_complaint *c = &x->c;
    switch (k) {
    case PT_CKEY_COMPANY: {
        uint32_t g;
        PT_FUZZ_CHECK(pt_names_find(names, c->company, strlen(c->company), &g), "firm lost");
        return (int32_t)g == r->key_num[i];
    }
    case PT_CKEY_PRODUCT: return same_text(c->product, r->key_text[i]);
    case PT_CKEY_ISSUE: return same_text(c->issue, r->key_text[i]);
    case PT_CKEY_STATE: return same_text(c->state, r->key_text[i]);
    case PT_CKEY_CHANNEL: return same_text(c->channel, r->key_text[i]);
    case PT_CKEY_CATEGORY: {
        uint32_t cats = c->categories & ((1u << PT_CAT_COUNT) - 1);
        if (cats == 0)
            cats = 1u << PT_CAT_OTHER;
        return r->key_num[i] >= 0 && r->key_num[i] < PT_CAT_COUNT &&
               (cats >> r->key_num[i] & 1u);
    }
    case PT_CKEY_MONTH:
        return (int64_t)pt_date_month_key(c->date_received) == (int64_t)r->key_num[i] - month_back;
    case PT_CKEY_QUARTER: return pt_date_quarter_key(c->date_received) == r->key_num[i];
    case PT_CKEY_YEAR: return pt_date_year(c->date_received) == r->key_num[i];
    case PT_CKEY_COUNT: break;
    }
    return 0;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static double quantile(const int32_t *v, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * p, lo = floor(h);
    size_t k = (size_t)lo;
    double x0 = v[k];
    if (k + 1 >= n)
        return x0;
    return x0 + (h - lo) * ((double)v[k + 1] - x0);
}

struct brute { const struct item *items; size_t n; const enum pt_ckey *keys; int no_lags;
               int track_issues; int counts_only; };

static uint64_t count_matching(const struct brute *b, const struct pt_cstats_row *r,
                               const struct pt_names *names, int32_t back)
{
    uint64_t n = 0;
    for (size_t j = 0; j < b->n; j++)
        n += key_match(&b->items[j], b->keys[0], r, 0, names, b->keys[0] == PT_CKEY_MONTH ? back : 0) &&
             key_match(&b->items[j], b->keys[1], r, 1, names, b->keys[1] == PT_CKEY_MONTH ? back : 0);
    return n;
}

/* Property 1: the table against a count made complaint by complaint. */
static void check_brute(const struct brute *b, const struct pt_cstats *s,
                        const struct pt_names *names)
{
    static int32_t lags[MAX_COMPLAINTS];
    static uint32_t issue_n[N_ISSUES + 2];
    PT_FUZZ_CHECK(pt_cstats_total(s) == b->n, "total %llu, expected %zu",
                  (unsigned long long)pt_cstats_total(s), b->n);
    uint64_t entries = 0, summed = 0;
    int has_cat = b->keys[0] == PT_CKEY_CATEGORY || b->keys[1] == PT_CKEY_CATEGORY;
    for (size_t j = 0; j < b->n; j++) {
        uint32_t cats = b->items[j].c.categories & ((1u << PT_CAT_COUNT) - 1);
        entries += has_cat ? (cats ? (uint64_t)__builtin_popcount(cats) : 1) : 1;
    }
    int month_slot = b->keys[0] == PT_CKEY_MONTH ? 0 : b->keys[1] == PT_CKEY_MONTH ? 1 : -1;
    for (size_t i = 0; i < pt_cstats_n_rows(s); i++) {
        const struct pt_cstats_row *r = pt_cstats_row(s, i);
        uint64_t n = 0, yes = 0, no = 0, unk = 0, resp[PT_RESP_COUNT] = {0};
        size_t n_lags = 0;
        memset(issue_n, 0, sizeof issue_n);
        for (size_t j = 0; j < b->n; j++) {
            const struct item *x = &b->items[j];
            if (!key_match(x, b->keys[0], r, 0, names, 0) || !key_match(x, b->keys[1], r, 1, names, 0))
                continue;
            n++;
            if (b->counts_only)
                continue;   /* complaints only: every other figure stays empty */
            yes += x->c.timely == PT_TIMELY_YES;
            no += x->c.timely == PT_TIMELY_NO;
            unk += x->c.timely == PT_TIMELY_UNKNOWN;
            resp[x->c.response]++;
            if (!b->no_lags && x->c.date_sent != PT_DAY_UNKNOWN)
                lags[n_lags++] = x->c.date_sent - x->c.date_received;
            if (x->c.issue[0] != '\0')
                issue_n[x->issue]++;
        }
        PT_FUZZ_CHECK(n > 0 && r->complaints == n, "row %zu: %llu complaints, brute force %llu", i,
                      (unsigned long long)r->complaints, (unsigned long long)n);
        summed += n;
        PT_FUZZ_CHECK(r->timely_yes == yes && r->timely_no == no && r->timely_unknown == unk,
                      "row %zu: timely", i);
        PT_FUZZ_CHECK(memcmp(r->response, resp, sizeof resp) == 0, "row %zu: responses", i);
        PT_FUZZ_CHECK(r->lag_known == n_lags, "row %zu: lag_known %llu, brute force %zu", i,
                      (unsigned long long)r->lag_known, n_lags);
        qsort(lags, n_lags, sizeof *lags, cmp_i32);
        PT_FUZZ_CHECK(same_double(r->lag_median, quantile(lags, n_lags, 0.5)) &&
                      same_double(r->lag_p90, quantile(lags, n_lags, 0.9)),
                      "row %zu: lag median %g p90 %g, brute force %g %g", i, r->lag_median,
                      r->lag_p90, quantile(lags, n_lags, 0.5), quantile(lags, n_lags, 0.9));
        if (b->track_issues) {
            /* The padded issue (N_ISSUES + 1) trims to issue 7's text. */
            issue_n[7] += issue_n[N_ISSUES + 1];
            issue_n[N_ISSUES + 1] = 0;
            uint32_t best = 0, best_n = 0;
            for (uint32_t k = 0; k < N_ISSUES; k++)
                if (issue_n[k] > best_n ||
                    (issue_n[k] == best_n && best_n > 0 &&
                     strcmp(issue_text(k), issue_text(best)) < 0)) {
                    best = k;
                    best_n = issue_n[k];
                }
            PT_FUZZ_CHECK(r->top_issue_count == best_n &&
                          same_str(r->top_issue, best_n ? issue_text(best) : NULL),
                          "row %zu: top issue \"%s\" x %llu, brute force \"%s\" x %u", i,
                          r->top_issue ? r->top_issue : "(null)",
                          (unsigned long long)r->top_issue_count,
                          best_n ? issue_text(best) : "(null)", best_n);
        } else {
            PT_FUZZ_CHECK(r->top_issue == NULL && r->top_issue_count == 0, "row %zu: top issue", i);
        }
        if (month_slot >= 0) {
            uint64_t p1 = count_matching(b, r, names, 1), p12 = count_matching(b, r, names, 12);
            double mom = p1 ? (double)n / (double)p1 - 1.0 : NAN;
            double yoy = p12 ? (double)n / (double)p12 - 1.0 : NAN;
            PT_FUZZ_CHECK(same_double(r->mom_change, mom) && same_double(r->yoy_change, yoy),
                          "row %zu: mom %g yoy %g, brute force %g %g", i, r->mom_change,
                          r->yoy_change, mom, yoy);
        }
    }
    PT_FUZZ_CHECK(summed == entries, "rows hold %llu complaints, brute force %llu",
                  (unsigned long long)summed, (unsigned long long)entries);
}

/* Properties 2 and 3: two finished tables with the same keys and options,
 * row for row. Ids of interned text may differ between them, their text
 * may not; firm ids are compared when both tables numbered firms alike. */
static void check_same(const struct pt_cstats *a, const struct pt_cstats *b,
                       const enum pt_ckey *keys, const char *what)
{
    PT_FUZZ_CHECK(pt_cstats_total(a) == pt_cstats_total(b), "%s: total", what);
    PT_FUZZ_CHECK(pt_cstats_n_rows(a) == pt_cstats_n_rows(b), "%s: %zu rows, direct %zu", what,
                  pt_cstats_n_rows(b), pt_cstats_n_rows(a));
    for (size_t i = 0; i < pt_cstats_n_rows(a); i++) {
        const struct pt_cstats_row *x = pt_cstats_row(a, i), *y = pt_cstats_row(b, i);
        for (size_t k = 0; k < 2; k++) {
            PT_FUZZ_CHECK(same_str(x->key_text[k], y->key_text[k]), "%s: row %zu key %zu text", what,
                          i, k);
            int interned = keys[k] == PT_CKEY_PRODUCT || keys[k] == PT_CKEY_ISSUE ||
                           keys[k] == PT_CKEY_STATE || keys[k] == PT_CKEY_CHANNEL;
            PT_FUZZ_CHECK(interned || x->key_num[k] == y->key_num[k], "%s: row %zu key %zu: %d, direct %d",
                          what, i, k, (int)y->key_num[k], (int)x->key_num[k]);
        }
#define SAME_U(f) PT_FUZZ_CHECK(x->f == y->f, "%s: row %zu " #f ": %llu, direct %llu", what, i, \
                                (unsigned long long)y->f, (unsigned long long)x->f)
#define SAME_D(f) PT_FUZZ_CHECK(same_double(x->f, y->f), "%s: row %zu " #f ": %g, direct %g", what, \
                                i, y->f, x->f)
        SAME_U(complaints);
        SAME_D(share);
        SAME_U(timely_yes);
        SAME_U(timely_no);
        SAME_U(timely_unknown);
        SAME_D(timely_rate);
        SAME_D(timely_low);
        SAME_D(timely_high);
        for (int r = 0; r < PT_RESP_COUNT; r++)
            SAME_U(response[r]);
        SAME_U(lag_known);
        SAME_D(lag_median);
        SAME_D(lag_p90);
        PT_FUZZ_CHECK(same_str(x->top_issue, y->top_issue), "%s: row %zu top issue \"%s\", direct \"%s\"",
                      what, i, y->top_issue ? y->top_issue : "(null)",
                      x->top_issue ? x->top_issue : "(null)");
        SAME_U(top_issue_count);
        SAME_D(mom_change);
        SAME_D(yoy_change);
        SAME_U(spike);
        SAME_D(spike_baseline);
        SAME_D(spike_threshold);
        SAME_U(loans);
        SAME_U(complaints_in_period);
        SAME_D(per_10k_loans);
        SAME_U(terms_quoted);
        SAME_D(terms_over_24_share);
        SAME_D(terms_over_36_share);
        SAME_U(narratives);
        SAME_U(neardup);
        SAME_D(neardup_share);
#undef SAME_U
#undef SAME_D
    }
}

static void decode(struct reader *rd, struct item *x)
{
    unsigned b0 = byte(rd), b1 = byte(rd), b2 = byte(rd), b3 = byte(rd), b4 = byte(rd),
             b5 = byte(rd);
    memset(x, 0, sizeof *x);
    x->company = b0 % N_COMPANIES;
    unsigned iss = (b1 | b2 << 8) % (N_ISSUES + 24);
    x->issue = iss < N_ISSUES ? iss : iss < N_ISSUES + 12 ? N_ISSUES : N_ISSUES + 1;
    x->product = (b0 >> 5) % N_PRODUCTS;
    x->state = (b2 >> 4) % (sizeof states / sizeof *states);
    x->channel = (b4 >> 6) % (sizeof channels / sizeof *channels);
    int y = years[(b3 >> 4) % (sizeof years / sizeof *years)];
    int m = (int)(b3 & 15) % 12 + 1;
    int d = (int)(b4 & 31) % 28 + 1;
    struct pt_complaint *c = &x->c;
    c->id = "";
    c->date_received = pt_date_from_ymd(y, m, d);
    switch (b5 & 7) {
    case 0: c->date_sent = PT_DAY_UNKNOWN; break;
    case 1: c->date_sent = c->date_received - (int32_t)(b4 % 40); break;        /* <= 0 */
    case 2: c->date_sent = c->date_received + 60 + (int32_t)(b4 % 10); break;   /* around 64 */
    case 3: c->date_sent = c->date_received + 64 + (int32_t)b4 * 14; break;     /* tail */
    case 4: c->date_sent = c->date_received + PT_CSTATS_LAG_MAX - 1 + (int32_t)(b4 % 4); break;
    default: c->date_sent = c->date_received + (int32_t)(b4 % 12); break;
    }
    c->company = companies[x->company];
    c->product = c->product_raw = products[x->product];
    c->sub_product = c->sub_issue = c->narrative = c->company_response = c->demand = "";
    c->issue = issue_text(x->issue);
    c->state = states[x->state];
    c->channel = channels[x->channel];
    c->timely = (enum pt_timely)(b5 >> 3 & 3) % 3;
    c->response = (enum pt_response)((b5 >> 5) + (b1 & 1)) % PT_RESP_COUNT;
    c->currency = "USD";
    c->status = "";
    c->path = "fuzz";
    /* 0-3 categories, sometimes none (counted as other). */
    uint32_t cats = 0;
    unsigned nc = (b2 >> 2) & 3;
    for (unsigned k = 0; k < nc; k++)
        cats |= PT_CAT_BIT((b1 >> (2 * k) ^ b3 >> k) % PT_CAT_COUNT);
    c->categories = cats;
}

static struct pt_cstats *make(const struct pt_cstats_opts *o, struct pt_names *names)
{
    struct pt_error err;
    struct pt_cstats *s = NULL;
    PT_FUZZ_CHECK(pt_cstats_create(&s, o, names, &err) == PT_OK, "%s", err.msg);
    return s;
}

static void add_all(struct pt_cstats *s, const struct item *items, size_t from, size_t to)
{
    struct pt_error err;
    for (size_t j = from; j < to; j++)
        PT_FUZZ_CHECK(pt_cstats_add(s, &items[j].c, &err) == PT_OK, "%s", err.msg);
}

static void finish(struct pt_cstats *s)
{
    struct pt_error err;
    PT_FUZZ_CHECK(pt_cstats_finish(s, &err) == PT_OK, "%s", err.msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct item items[MAX_COMPLAINTS];
    if (issue_texts[0][0] == '\0') {
        for (unsigned i = 0; i < N_ISSUES; i++)
            snprintf(issue_texts[i], sizeof issue_texts[i], "Issue %03u", (i * 37u) % 1000u);
        strcpy(issue_texts[N_ISSUES + 1], "  Issue 259 ");   /* (7 * 37) % 1000 = 259 */
    }
    if (size < 3)
        return 0;
    struct reader rd = {data, size};
    unsigned o0 = byte(&rd), o1 = byte(&rd), o2 = byte(&rd);
    const enum pt_ckey *keys = pairs[o0 % N_PAIRS];
    enum pt_ckey third = thirds[(o0 >> 4) % N_THIRDS];
    size_t n = 0;
    while (rd.n > 0 && n < MAX_COMPLAINTS)
        decode(&rd, &items[n++]);
    size_t cut = n ? (o2 * (n + 1)) / 256 : 0;

    struct pt_cstats_opts o = {{keys[0], keys[1]}, 2, 1 + (o1 >> 6), 0, 0, 0, 0, 0, 0};
    o.no_lags = o1 & 1;
    o.no_top_issue = (o1 >> 1) & 1;
    o.counts_only = o2 & 1;   /* the cut's low bit: windows of counts, groups made later */
    /* The source's keys in one of four orders (a fold maps them by kind). */
    static const size_t order[4][3] = {{0, 1, 2}, {0, 2, 1}, {2, 0, 1}, {1, 2, 0}};
    const enum pt_ckey three[3] = {keys[0], keys[1], third};
    struct pt_cstats_opts o3 = o;
    o3.n_keys = 3;
    for (size_t k = 0; k < 3; k++)
        o3.keys[k] = three[order[(o1 >> 4) & 3][k]];
    o3.no_lags = o.no_lags && ((o1 >> 2) & 1);      /* the source keeps lags when dst does */
    o3.no_top_issue = o.no_top_issue && ((o1 >> 3) & 1);
    o3.counts_only = o.counts_only && ((o2 >> 1) & 1);   /* the source counts only when dst does */
    int has_company = keys[0] == PT_CKEY_COMPANY || keys[1] == PT_CKEY_COMPANY;
    int has_issue = keys[0] == PT_CKEY_ISSUE || keys[1] == PT_CKEY_ISSUE;
    int track = has_company && !has_issue && !o.no_top_issue && !o.counts_only;

    struct pt_error err;
    struct pt_names *names = NULL, *na = NULL, *nb = NULL;
    PT_FUZZ_CHECK(pt_names_create(&names, &err) == PT_OK, "%s", err.msg);
    PT_FUZZ_CHECK(pt_names_create(&na, &err) == PT_OK, "%s", err.msg);
    PT_FUZZ_CHECK(pt_names_create(&nb, &err) == PT_OK, "%s", err.msg);

    /* 1. direct against brute force */
    struct pt_cstats *direct = make(&o, names);
    add_all(direct, items, 0, n);
    finish(direct);
    struct brute b = {items, n, keys, o.no_lags || o.counts_only, track, o.counts_only};
    check_brute(&b, direct, names);

    /* 2. fold of keys + third into keys */
    int dup_key = third == keys[0] || third == keys[1];
    if (!dup_key) {
        struct pt_cstats *src = make(&o3, names), *dst = make(&o, names);
        add_all(src, items, 0, n);
        int src_track = !o3.no_top_issue && !o3.counts_only && (has_company || third == PT_CKEY_COMPANY) &&
                        !has_issue && third != PT_CKEY_ISSUE;
        int expect_ok = (!track || src_track) && third != PT_CKEY_CATEGORY;
        enum pt_code rc = pt_cstats_fold(dst, src, &err);
        PT_FUZZ_CHECK((rc == PT_OK) == expect_ok, "fold returned %d, expected %s (%s)", (int)rc,
                      expect_ok ? "PT_OK" : "a refusal", rc == PT_OK ? "" : err.msg);
        if (rc == PT_OK) {
            finish(dst);
            check_same(direct, dst, keys, "fold");
        }
        pt_cstats_destroy(src);
        pt_cstats_destroy(dst);
    }

    /* 3. two halves, each with its own registry, merged */
    struct pt_cstats *ha = make(&o, na), *hb = make(&o, nb);
    add_all(ha, items, 0, cut);
    add_all(hb, items, cut, n);
    PT_FUZZ_CHECK(pt_cstats_merge(ha, hb, &err) == PT_OK, "merge: %s", err.msg);
    finish(ha);
    check_same(direct, ha, keys, "merge");

    pt_cstats_destroy(ha);
    pt_cstats_destroy(hb);
    pt_cstats_destroy(direct);
    pt_names_destroy(names);
    pt_names_destroy(na);
    pt_names_destroy(nb);
    return 0;
}

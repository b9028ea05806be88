/* terms.c: quoted loan terms -> numbers -> implied rate (terms.h).
 *
 * A small hand-written matcher instead of regular expressions: each
 * pattern is a sequence of clauses (verb, amount with unit, count, ...)
 * and each clause either matches at the cursor or the pattern fails.
 * Amounts are parsed exactly into minor units (at most 2 decimals; a
 * third decimal is not a price, so the pattern fails). */
#include "audit/terms.h"

#include <string.h>

#define MAX_PAYMENTS 600
#define EN_GAP 100       /* bytes between an English principal and its payments */
#define AFTER_WINDOW 120 /* bytes after a match searched for received/deduction */
#define MAX_MINOR (INT64_C(1) << 50)

struct text {
    const char *s;
    size_t n;
};

/* Matches w at *i (ASCII case ignored); advances *i on success. */
static int lit(const struct text *t, size_t *i, const char *w)
{
    size_t k = strlen(w);
    if (*i + k > t->n)
        return 0;
    for (size_t j = 0; j < k; j++) {
        unsigned char a = (unsigned char)t->s[*i + j], b = (unsigned char)w[j];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a + 32);
        if (a != b)
            return 0;
    }
    *i += k;
    return 1;
}

/* The first of ws (NULL-terminated, longest first) matching at *i. */
static int any(const struct text *t, size_t *i, const char *const *ws)
{
    for (; *ws; ws++)
        if (lit(t, i, *ws))
            return 1;
    return 0;
}

/* Spaces and in-clause punctuation: ASCII space/tab/comma/colon, and
 * ，、： and U+3000. Sentence ends (。.!?;) are not skipped. */
static void skip_sep(const struct text *t, size_t *i)
{
    static const char *const seps[] = { "，", "、", "：", "\xe3\x80\x80", " ", "\t", ",", ":",
                                        NULL };
    while (any(t, i, seps)) {
    }
}

static void skip_ws(const struct text *t, size_t *i)
{
    while (*i < t->n && (t->s[*i] == ' ' || t->s[*i] == '\t'))
        (*i)++;
}

static int is_digit(const struct text *t, size_t i)
{
    return i < t->n && t->s[i] >= '0' && t->s[i] <= '9';
}

/* digits (with ',' between groups of 3) [. 1-2 digits] -> minor units (x100). */
static int amount(const struct text *t, size_t *i, int64_t *minor)
{
    size_t j = *i;
    int64_t v = 0;
    int digits = 0, group = -1;
    if (!is_digit(t, j))
        return 0;
    while (j < t->n) {
        if (is_digit(t, j)) {
            if (++digits > 13)
                return 0;
            v = v * 10 + (t->s[j] - '0');
            if (group >= 0)
                group++;
            j++;
        } else if (t->s[j] == ',' && is_digit(t, j + 1) && (group < 0 || group == 3) &&
                   (group >= 0 || digits <= 3)) {
            group = 0;
            j++;
        } else {
            break;
        }
    }
    if (group >= 0 && group != 3)
        return 0;
    v *= 100;
    if (j < t->n && t->s[j] == '.' && is_digit(t, j + 1)) {
        j++;
        int dec = 0;
        for (; is_digit(t, j); j++, dec++) {
            if (dec == 2)
                return 0;   /* 3 decimals: not a price */
            v += (t->s[j] - '0') * (dec == 0 ? 10 : 1);
        }
    }
    *minor = v;
    *i = j;
    return 1;
}

/* A Chinese amount with its unit: AMOUNT (万)? (元|块)?, with a unit required. */
static int zh_amount(const struct text *t, size_t *i, int64_t *minor)
{
    static const char *const units[] = { "元", "块", NULL };
    size_t j = *i;
    int64_t v;
    if (!amount(t, &j, &v))
        return 0;
    int wan = lit(t, &j, "万");
    int unit = any(t, &j, units);
    if (!wan && !unit)
        return 0;
    if (wan)
        v *= 10000;
    if (v <= 0 || v > MAX_MINOR)
        return 0;
    *minor = v;
    *i = j;
    return 1;
}

static int en_amount(const struct text *t, size_t *i, int64_t *minor)
{
    size_t j = *i;
    int64_t v;
    if (!lit(t, &j, "$"))
        return 0;
    skip_ws(t, &j);
    if (!amount(t, &j, &v) || v <= 0 || v > MAX_MINOR)
        return 0;
    *minor = v;
    *i = j;
    return 1;
}

static int count(const struct text *t, size_t *i, int *n)
{
    size_t j = *i;
    int v = 0;
    while (is_digit(t, j)) {
        v = v * 10 + (t->s[j++] - '0');
        if (v > MAX_PAYMENTS)
            return 0;
    }
    if (j == *i || v < 1)
        return 0;
    *n = v;
    *i = j;
    return 1;
}

/* 1 when a sentence ends at i: 。！？；!?; newline, or '.' not followed by
 * a digit. */
static int sentence_end(const struct text *t, size_t i)
{
    static const char *const ends[] = { "。", "！", "？", "；", NULL };
    char c = t->s[i];
    if (c == '!' || c == '?' || c == ';' || c == '\n')
        return 1;
    if (c == '.' && !is_digit(t, i + 1))
        return 1;
    size_t j = i;
    return any(t, &j, ends);
}

static void init_terms(struct pt_terms *x, const char *pattern, size_t start)
{
    memset(x, 0, sizeof *x);
    x->pattern = pattern;
    x->start = start;
    x->periods_per_year = 12.0;
}

/* (实际到账|实际到手|到手|到账) (只有|仅|才|了)? R right after the principal:
 * returns R (below p) and advances, else 0. */
static int64_t zh_received(const struct text *t, size_t *i, int64_t p)
{
    static const char *const got[] = { "实际到账", "实际到手", "到手", "到账", NULL };
    static const char *const only[] = { "只有", "仅", "才", "了", NULL };
    size_t j = *i;
    int64_t v;
    if (!any(t, &j, got))
        return 0;
    any(t, &j, only);
    skip_sep(t, &j);
    if (!zh_amount(t, &j, &v) || v >= p)
        return 0;
    skip_sep(t, &j);
    *i = j;
    return v;
}

/* Up to two clauses (up to the next ，,；) that talk only about the upfront
 * deduction: they contain 扣 or 砍头息 and no 借, 贷 or 还 (so repayment
 * talk is never skipped). 扣(了|除)? D元 inside sets the deduction. */
static int64_t zh_deduction_clauses(const struct text *t, size_t *i, int64_t p)
{
    static const char *const ends[] = { "，", ",", "；", "。", NULL };
    static const char *const banned[] = { "借", "贷", "还", NULL };
    int64_t d = 0;
    for (int k = 0; k < 2; k++) {
        size_t j = *i, end = *i;
        int about = 0, bad = 0;
        while (end < t->n) {
            size_t e = end;
            if (any(t, &e, ends))
                break;
            size_t w = end;
            bad |= any(t, &w, banned);
            w = end;
            about |= lit(t, &w, "扣") || lit(t, &w, "砍头息");
            end++;
        }
        if (!about || bad || end == t->n || sentence_end(t, end))
            break;
        for (; j < end; j++) {
            size_t m = j;
            int64_t v;
            if (lit(t, &m, "扣")) {
                if (!lit(t, &m, "了"))
                    lit(t, &m, "除");
                if (zh_amount(t, &m, &v) && v < p && d == 0)
                    d = v;
            }
        }
        *i = end;
        skip_sep(t, i);
    }
    return d;
}

/* zh-installments: (借款|借了|贷款|借) P 分 N (期|个月) (还款|还)? (每个月|每月|每期|月供)
 * (要|需要|需|应)? (还款|还|支付|付)? (本息)? A, clauses separated by ，、：
 * or spaces. */
static int zh_installments(const struct text *t, size_t at, struct pt_terms *x)
{
    static const char *const verbs[] = { "借款", "借了", "贷款", "借", NULL };
    static const char *const periods[] = { "期", "个月", NULL };
    static const char *const repay[] = { "还款", "还", NULL };
    static const char *const each[] = { "每个月", "每月", "每期", "月供", NULL };
    static const char *const must[] = { "需要", "要", "需", "应", NULL };
    static const char *const pay[] = { "还款", "还", "支付", "付", NULL };
    size_t i = at;
    int64_t p, a;
    int n;
    if (!any(t, &i, verbs))
        return 0;
    lit(t, &i, "了");
    skip_sep(t, &i);
    if (!zh_amount(t, &i, &p))
        return 0;
    skip_sep(t, &i);
    int64_t r = zh_received(t, &i, p), d = zh_deduction_clauses(t, &i, p);
    lit(t, &i, "共");
    if (!lit(t, &i, "分") || !count(t, &i, &n) || !any(t, &i, periods))
        return 0;
    any(t, &i, repay);
    skip_sep(t, &i);
    if (!any(t, &i, each))
        return 0;
    any(t, &i, must);
    any(t, &i, pay);
    lit(t, &i, "本息");
    skip_sep(t, &i);
    if (!zh_amount(t, &i, &a))
        return 0;
    init_terms(x, "zh-installments", at);
    x->end = i;
    x->received_minor = r;
    x->deduction_minor = d;
    x->principal_minor = p;
    x->n_payments = n;
    x->payment_minor = a;
    x->total_minor = a * n;
    return 1;
}

/* After a Chinese match: (实际到账|实际到手|到手|到账) (只有|仅|才|了)? R
 * sets received; 砍头息 (是|为|了)? D sets the deduction. The window ends
 * at the next loan or after AFTER_WINDOW bytes. */
static void zh_after(const struct text *t, size_t from, size_t to, struct pt_terms *x)
{
    static const char *const got[] = { "实际到账", "实际到手", "到手", "到账", NULL };
    static const char *const only[] = { "只有", "仅", "才", "了", NULL };
    static const char *const is[] = { "是", "为", "了", NULL };
    for (size_t i = from; i < to; i++) {
        size_t j = i;
        int64_t v;
        if (x->received_minor == 0 && any(t, &j, got)) {
            any(t, &j, only);
            skip_sep(t, &j);
            if (zh_amount(t, &j, &v) && v < x->principal_minor)
                x->received_minor = v;
        }
        j = i;
        if (x->deduction_minor == 0 && lit(t, &j, "砍头息")) {
            any(t, &j, is);
            skip_sep(t, &j);
            if (zh_amount(t, &j, &v) && v < x->principal_minor)
                x->deduction_minor = v;
        }
    }
}

static int word_start(const struct text *t, size_t i)
{
    if (i == 0)
        return 1;
    unsigned char c = (unsigned char)t->s[i - 1];
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

/* N (monthly|bi-weekly|biweekly|weekly)? (payments|installments) of $A */
static int en_payments(const struct text *t, size_t *i, struct pt_terms *x)
{
    static const char *const kinds[] = { "payments", "installments", NULL };
    size_t j = *i;
    int n;
    int64_t a;
    double ppy = 12.0;
    int assumed = 1;
    if (!count(t, &j, &n))
        return 0;
    skip_ws(t, &j);
    if (lit(t, &j, "monthly")) {
        assumed = 0;
    } else if (lit(t, &j, "bi-weekly") || lit(t, &j, "biweekly")) {
        ppy = 26.0;
        assumed = 0;
    } else if (lit(t, &j, "weekly")) {
        ppy = 52.0;
        assumed = 0;
    }
    skip_ws(t, &j);
    if (!any(t, &j, kinds))
        return 0;
    skip_ws(t, &j);
    if (!lit(t, &j, "of"))
        return 0;
    skip_ws(t, &j);
    if (!en_amount(t, &j, &a))
        return 0;
    x->n_payments = n;
    x->payment_minor = a;
    x->total_minor = a * n;
    x->periods_per_year = ppy;
    x->frequency_assumed = assumed;
    *i = j;
    return 1;
}

/* (paid back|pay back|repaid|repay|paid a total of) $T over N (months|month) */
static int en_total(const struct text *t, size_t *i, struct pt_terms *x)
{
    static const char *const verbs[] = { "paid a total of", "paid back", "pay back", "repaid",
                                         "repay", NULL };
    static const char *const months[] = { "monthly payments", "months", "month", NULL };
    size_t j = *i;
    int n;
    int64_t total;
    if (!any(t, &j, verbs))
        return 0;
    skip_ws(t, &j);
    if (!en_amount(t, &j, &total))
        return 0;
    skip_ws(t, &j);
    if (!lit(t, &j, "over"))
        return 0;
    skip_ws(t, &j);
    if (!count(t, &j, &n))
        return 0;
    skip_ws(t, &j);
    if (!any(t, &j, months))
        return 0;
    x->n_payments = n;
    x->total_minor = total;
    x->payment_minor = total / n;   /* exact when the total divides; see the solve */
    x->payment_from_total = 1;
    *i = j;
    return 1;
}

/* en-payments / en-total: (borrowed|took out a loan of|...) $P, then in
 * the same sentence within EN_GAP bytes one of the two clauses above. */
static int en_loan(const struct text *t, size_t at, struct pt_terms *x)
{
    static const char *const verbs[] = { "took out a loan of", "took out a loan for", "borrowed",
                                         "loan of", "loan for", "borrow", NULL };
    size_t i = at;
    int64_t p;
    if (!word_start(t, at) || !any(t, &i, verbs))
        return 0;
    skip_ws(t, &i);
    if (!en_amount(t, &i, &p))
        return 0;
    for (size_t j = i; j < t->n && j < i + EN_GAP && !sentence_end(t, j); j++) {
        if (!word_start(t, j))
            continue;
        size_t k = j;
        init_terms(x, "", at);
        if (en_payments(t, &k, x))
            x->pattern = "en-payments";
        else if (en_total(t, &k, x))
            x->pattern = "en-total";
        else
            continue;
        x->principal_minor = p;
        x->end = k;
        return 1;
    }
    return 0;
}

/* After an English match: (only received|received|only got|got) $R. */
static void en_after(const struct text *t, size_t from, size_t to, struct pt_terms *x)
{
    static const char *const got[] = { "only received", "received only", "received",
                                       "only got", "got", NULL };
    for (size_t i = from; i < to && x->received_minor == 0; i++) {
        size_t j = i;
        int64_t v;
        if (!word_start(t, i) || !any(t, &j, got))
            continue;
        skip_ws(t, &j);
        if (en_amount(t, &j, &v) && v < x->principal_minor)
            x->received_minor = v;
    }
}

/* The "received" span for a match starts where the match began (English
 * writes "borrowed $500 but only received $400 and paid 6 payments ..."). */
static void finish(const struct text *t, struct pt_terms *x, size_t limit)
{
    size_t to = x->end + AFTER_WINDOW < limit ? x->end + AFTER_WINDOW : limit;
    if (x->pattern[0] == 'z')
        zh_after(t, x->end, to, x);
    else
        en_after(t, x->start, to, x);
    if (x->received_minor == 0)
        x->received_minor = x->principal_minor - x->deduction_minor;
    else if (x->deduction_minor == 0)
        x->deduction_minor = x->principal_minor - x->received_minor;
}

void pt_terms_extract(const char *text, size_t len, struct pt_terms *out, size_t max_out,
                      size_t *n_out)
{
    const struct text t = { text, len };
    size_t n = 0;
    for (size_t i = 0; i < len && n < max_out;) {
        /* every pattern starts with 借 or 贷 (lead bytes E5/E8: "\xe5\x80\x9f",
         * "\xe8\xb4\xb7") or b/t/l (borrowed, took, loan) */
        unsigned char c = (unsigned char)text[i] | 0x20;
        int may = c == 0xe5 || c == 0xe8 || c == 'b' || c == 't' || c == 'l';
        if (may && (zh_installments(&t, i, &out[n]) || en_loan(&t, i, &out[n]))) {
            i = out[n].end;
            n++;
        } else {
            i++;
        }
    }
    for (size_t k = 0; k < n; k++)
        finish(&t, &out[k], k + 1 < n ? out[k + 1].start : len);
    *n_out = n;
}

enum pt_code pt_terms_rate(const struct pt_terms *t, struct pt_rate *out, struct pt_error *err)
{
    double i;
    /* payment_from_total: total / n as a real number, not the truncated
     * cents, so "paid back $1,100 over 6 months" is 6 x 183.333... */
    double payment = t->payment_from_total ? (double)t->total_minor / t->n_payments
                                           : (double)t->payment_minor;
    enum pt_code rc = pt_apr_level_rate((double)t->received_minor, payment, t->n_payments, &i,
                                        err);
    if (rc != PT_OK)
        return rc;
    pt_rate_from_periodic(i, t->periods_per_year, out);
    return PT_OK;
}

void pt_terms_assess(const char *text, size_t len, struct pt_terms_case *out, size_t max_out,
                     size_t *n_out)
{
    struct pt_terms found[16];
    size_t n;
    if (max_out > sizeof found / sizeof found[0])
        max_out = sizeof found / sizeof found[0];
    pt_terms_extract(text, len, found, max_out, &n);
    for (size_t k = 0; k < n; k++) {
        struct pt_terms_case *c = &out[k];
        struct pt_error err;
        memset(c, 0, sizeof *c);
        c->terms = found[k];
        c->rate_ok = pt_terms_rate(&found[k], &c->rate, &err) == PT_OK;
        if (!c->rate_ok)
            memset(&c->rate, 0, sizeof c->rate);
        c->over_24 = c->rate_ok && c->rate.apr > 0.24;
        c->over_36 = c->rate_ok && c->rate.apr > 0.36;
    }
    *n_out = n;
}

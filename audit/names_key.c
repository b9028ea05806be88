/* names_key.c: matching keys and tidy spellings of names (names.h).
 *
 * The key is built in one pass over the UTF-8 text: letters are folded,
 * punctuation and spaces end a word, '.' and apostrophes vanish inside a
 * word (so L.L.C. and N.A. read as llc and na). Words are written with one
 * space between them so trailing legal-suffix words can be cut, then the
 * spaces are squeezed out and trailing Chinese suffixes (有限公司 ...) cut.
 * Nothing here allocates. */
#include <string.h>

#include "audit/names.h"

/* Decodes one UTF-8 sequence at s (n > 0 bytes left): sets *cp and returns
 * its length; an invalid or truncated sequence is one byte with *cp = -1. */
static size_t utf8_next(const unsigned char *s, size_t n, long *cp)
{
    unsigned c = s[0];
    size_t len;
    long v;
    if (c < 0x80) {
        *cp = (long)c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        *cp = -1;
        return 1;
    }
    if (n < len) {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

static int is_space_cp(long cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x3000 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0xFEFF || cp == 0x1680 || cp == 0x202F ||
           cp == 0x205F;
}

/* Non-ASCII punctuation that separates words: Latin-1 signs (« · »),
 * general punctuation (dashes, curly quotes, …), CJK symbols and
 * punctuation (、。《》「」【】), the katakana middle dot, vertical, CJK
 * compatibility and small forms, half-width CJK punctuation. Full-width
 * ASCII punctuation (，（）：) is mapped to ASCII before this test. */
static int is_punct_cp(long cp)
{
    return (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
           (cp >= 0x2010 && cp <= 0x206F) || (cp >= 0x3001 && cp <= 0x303F) || cp == 0x30FB ||
           (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
           (cp >= 0xFF5F && cp <= 0xFF65);
}

/* Trailing words dropped from the key (lower case, dots removed). */
static const char *const suffix_words[] = {
    "inc", "incorporated", "llc", "co", "company", "corp", "corporation", "ltd", "limited",
    "na", "plc", "holding", "holdings", "group", "lp", "llp", "pc",
};

/* Trailing Chinese suffixes, longest first; cut repeatedly so that
 * 某某（集团）股份有限公司 -> 某某. */
static const char *const suffix_cjk[] = {
    "股份有限公司", "有限责任公司", "有限公司", "公司", "集团",
};

static int is_suffix_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof suffix_words / sizeof suffix_words[0]; i++)
        if (strlen(suffix_words[i]) == n && memcmp(suffix_words[i], w, n) == 0)
            return 1;
    return 0;
}

/* Cuts trailing suffix words from "w1 w2 w3" (keeping the first word) and
 * squeezes the separating spaces out; returns the new length. */
static size_t cut_words(char *out, size_t n)
{
    for (;;) {
        char *sp = NULL;
        for (size_t i = n; i > 0; i--)
            if (out[i - 1] == ' ') {
                sp = out + i - 1;
                break;
            }
        if (sp == NULL)
            break;
        static const char na[] = " national association";   /* = N.A. */
        size_t nn = sizeof na - 1;
        if (n > nn && memcmp(out + n - nn, na, nn) == 0) {
            n -= nn;   /* a word is always left before its leading space */
            continue;
        }
        if (!is_suffix_word(sp + 1, (size_t)(out + n - sp - 1)))
            break;
        n = (size_t)(sp - out);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (out[i] != ' ')
            out[k++] = out[i];
    return k;
}

static size_t cut_cjk(const char *out, size_t n)
{
    int cut = 1;
    while (cut) {
        cut = 0;
        for (size_t i = 0; i < sizeof suffix_cjk / sizeof suffix_cjk[0]; i++) {
            size_t m = strlen(suffix_cjk[i]);
            if (n > m && memcmp(out + n - m, suffix_cjk[i], m) == 0) {
                n -= m;
                cut = 1;
                break;
            }
        }
    }
    return n;
}

size_t pt_name_key(const char *s, size_t len, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = 0;
    int in_word = 0, need_sep = 0;
    for (size_t i = 0; i < len;) {
        long cp;
        size_t n = utf8_next(u + i, len - i, &cp);
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;   /* full-width ASCII -> ASCII */
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        int drop = cp == '.' || cp == '\'' || cp == 0x2018 || cp == 0x2019;
        int sep = !drop && (is_space_cp(cp) || is_punct_cp(cp) ||
                            (cp >= 0 && cp < 0x80 && cp != '*' && !(cp >= 'a' && cp <= 'z') &&
                             !(cp >= '0' && cp <= '9')));
        if (sep) {
            need_sep = in_word;
        } else if (!drop) {
            if (need_sep)
                out[k++] = ' ';
            need_sep = 0;
            in_word = 1;
            if (cp >= 0 && cp < 0x80) {
                out[k++] = (char)cp;   /* full-width: 3 bytes in, 1 out */
            } else {
                memcpy(out + k, s + i, n);
                k += n;
            }
        }
        i += n;
    }
    k = cut_words(out, k);
    k = cut_cjk(out, k);
    out[k] = '\0';
    return k;
}

size_t pt_name_tidy(const char *s, size_t len, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = 0;
    int pending = 0;
    for (size_t i = 0; i < len;) {
        long cp;
        size_t n = utf8_next(u + i, len - i, &cp);
        if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x3000) {
            pending = k > 0;
        } else {
            if (pending)
                out[k++] = ' ';
            pending = 0;
            memcpy(out + k, s + i, n);
            k += n;
        }
        i += n;
    }
    out[k] = '\0';
    return k;
}


/* utf8.c: see utf8.h. Follows the table of well-formed byte sequences in
 * The Unicode Standard, chapter 3, table 3-7: the second byte's range
 * depends on the first byte (E0: A0-BF, ED: 80-9F, F0: 90-BF, F4: 80-8F). */
#include "audit/utf8.h"

#include <stdint.h>
#include <string.h>

int pt_utf8_seq(const char *s, size_t avail)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    int n;
    unsigned char lo = 0x80, hi = 0xbf;   /* allowed range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0)
            lo = 0xa0;      /* overlong */
        else if (c == 0xed)
            hi = 0x9f;      /* surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0)
            lo = 0x90;      /* overlong */
        else if (c == 0xf4)
            hi = 0x8f;      /* above U+10FFFF */
    } else {
        return 0;           /* 80-C1 (continuation, overlong 2-byte), F5-FF */
    }
    for (int i = 1; i < n; i++) {
        if ((size_t)i >= avail)
            return -1;
        unsigned char d = u[i];
        if (d < lo || d > hi)
            return 0;
        lo = 0x80;
        hi = 0xbf;
    }
    return n;
}

size_t pt_utf8_valid_prefix(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path, 8 bytes at a time (memcpy: no alignment needs). */
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, s + i, 8), (w & 0x8080808080808080u) == 0)) {
            i += 8;
            continue;
        }
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int n = pt_utf8_seq(s + i, len - i);
        if (n <= 0)
            break;
        i += (size_t)n;
    }
    return i;
}

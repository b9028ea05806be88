/* csv_decode.c: the reader's encodings (csv_reader.h).
 *
 * The encoding is decided once, from the first 64 KiB after a BOM: valid
 * UTF-8 (a character cut by the window's edge counts as valid when it
 * completes), or nearly so (window_is_utf8), means UTF-8, anything else
 * GB18030, the encoding of the Chinese complaint boards' exports. A UTF-8
 * BOM decides UTF-8 by itself.
 * It is never re-guessed: a later field that does not decode is the
 * record's problem (quarantined as `encoding`), not the file's. GB18030 is
 * converted with the C library's iconv (glibc implements GB18030-2005);
 * its own BOM (84 31 95 33, U+FEFF) is stripped. */
#include <errno.h>
#include <string.h>

#include "audit/alloc.h"
#include "audit/csv_reader_impl.h"
#include "audit/utf8.h"

#define DETECT_BYTES (64u * 1024u)

const char *pt_encoding_name(enum pt_encoding enc)
{
    switch (enc) {
    case PT_ENC_UTF8: return "utf-8";
    case PT_ENC_GB18030: return "gb18030";
    case PT_ENC_AUTO: break;
    }
    return "auto";
}

enum pt_code pt_encoding_parse(const char *text, enum pt_encoding *out, struct pt_error *err)
{
    if (strcmp(text, "auto") == 0)
        *out = PT_ENC_AUTO;
    else if (strcmp(text, "utf-8") == 0 || strcmp(text, "utf8") == 0)
        *out = PT_ENC_UTF8;
    else if (strcmp(text, "gb18030") == 0)
        *out = PT_ENC_GB18030;
    else {
        char q[64];
        return pt_error_set(err, PT_EUSAGE, NULL,
                            "--encoding: expected auto, utf-8 or gb18030, found \"%s\"",
                            pt_error_quote(text, strlen(text), 32, q, sizeof q));
    }
    return PT_OK;
}

static int has_prefix(const struct pt_csv_reader *r, const char *bom, size_t n)
{
    return r->block_len - r->block_pos >= n && memcmp(r->block + r->block_pos, bom, n) == 0;
}

static void skip_bytes(struct pt_csv_reader *r, size_t n)
{
    r->block_pos += n;
    r->offset += n;
}

/* UTF-8 unless the first 64 KiB say otherwise. Counts well-formed
 * multi-byte sequences and bytes that start none (a sequence crossing the
 * window's edge is judged with the bytes after it). All well-formed: UTF-8.
 * Otherwise UTF-8 still if the bad bytes are under a tenth of the good
 * sequences: a UTF-8 export with a stray Windows-1252 byte stays UTF-8 (that
 * row is quarantined) instead of turning every name into GB18030 mojibake.
 * GB18030 Chinese text is far from that: about 4 bad bytes per sequence
 * that happens to be well-formed UTF-8 (measured on the board fixtures and
 * the shared heimao sample re-encoded: 794/200, 10200/2580). */
static int window_is_utf8(const struct pt_csv_reader *r)
{
    const char *s = r->block + r->block_pos;
    size_t n = r->block_len - r->block_pos;
    size_t w = n < DETECT_BYTES ? n : DETECT_BYTES;
    size_t good = 0, bad = 0, i = 0;
    while (i < w) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int q = pt_utf8_seq(s + i, n - i);
        if (q > 0) {
            good++;
            i += (size_t)q;
        } else {
            bad++;
            i++;
        }
    }
    return bad == 0 || bad * 10 < good;
}

enum pt_code pt_reader_detect_encoding(struct pt_csv_reader *r, struct pt_error *err)
{
    if (r->enc != PT_ENC_GB18030 && has_prefix(r, "\xef\xbb\xbf", 3)) {
        skip_bytes(r, 3);
        r->enc = PT_ENC_UTF8;
    }
    if (r->enc == PT_ENC_AUTO)
        r->enc = window_is_utf8(r) ? PT_ENC_UTF8 : PT_ENC_GB18030;
    if (r->enc != PT_ENC_GB18030)
        return PT_OK;
    if (has_prefix(r, "\x84\x31\x95\x33", 4))
        skip_bytes(r, 4);
    r->cd = iconv_open("UTF-8", "GB18030");
    if (r->cd == (iconv_t)-1)
        return pt_error_set(err, PT_EUNAVAIL, &r->loc0,
                            "this C library's iconv cannot convert GB18030: %s", strerror(errno));
    r->cd_open = 1;
    return PT_OK;
}

void pt_reader_close_decoder(struct pt_csv_reader *r)
{
    if (r->cd_open)
        iconv_close(r->cd);
    r->cd_open = 0;
    pt_free(r->conv);
    r->conv = NULL;
    r->conv_cap = 0;
    pt_fields_free(&r->dec);
}

static enum pt_code check_utf8(struct pt_csv_reader *r)
{
    for (size_t i = 0; i < r->cur.n_fields; i++) {
        const char *s = r->cur.buf + r->cur.offs[i];
        size_t len = r->cur.lens[i];
        size_t v = pt_utf8_valid_prefix(s, len);
        if (v < len) {
            pt_reader_mark_bad(r, PT_BAD_ENCODING, (long)i,
                               "expected UTF-8, found byte 0x%02X at byte %zu of the field",
                               (unsigned char)s[v], v + 1);
            break;
        }
    }
    r->out = &r->cur;
    return PT_OK;
}

/* Converts one field into r->conv; returns 0, 1 = does not decode (at
 * *bad_at), -1 = out of memory. */
static int convert_field(struct pt_csv_reader *r, const char *s, size_t len, size_t *out_len,
                         size_t *bad_at)
{
    if (len > ((size_t)-1 - 8) / 2)
        return -1;
    size_t need = 2 * len + 8;   /* GB18030 -> UTF-8 grows at most 3/2 */
    if (need > r->conv_cap) {
        void *p = pt_realloc(r->conv, need);
        if (p == NULL)
            return -1;
        r->conv = p;
        r->conv_cap = need;
    }
    iconv(r->cd, NULL, NULL, NULL, NULL);
    char *in = (char *)(uintptr_t)s;   /* iconv's prototype lacks const */
    size_t in_left = len;
    char *out = r->conv;
    size_t out_left = r->conv_cap;
    if (iconv(r->cd, &in, &in_left, &out, &out_left) == (size_t)-1) {
        *bad_at = len - in_left;
        return 1;   /* EILSEQ, or EINVAL: a character cut at the field's end */
    }
    if (iconv(r->cd, NULL, NULL, &out, &out_left) == (size_t)-1) {
        *bad_at = len;
        return 1;
    }
    *out_len = r->conv_cap - out_left;
    return 0;
}

static enum pt_code convert_gb18030(struct pt_csv_reader *r, struct pt_error *err)
{
    pt_fields_clear(&r->dec);
    for (size_t i = 0; i < r->cur.n_fields; i++) {
        size_t out_len = 0, bad_at = 0;
        int rc = convert_field(r, r->cur.buf + r->cur.offs[i], r->cur.lens[i], &out_len, &bad_at);
        if (rc < 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory converting GB18030");
        if (rc > 0) {
            unsigned char b = bad_at < r->cur.lens[i]
                                  ? (unsigned char)r->cur.buf[r->cur.offs[i] + bad_at] : 0;
            pt_reader_mark_bad(r, PT_BAD_ENCODING, (long)i,
                               "expected GB18030, found byte 0x%02X at byte %zu of the field "
                               "that does not decode", b, bad_at + 1);
            break;
        }
        if (pt_fields_push(&r->dec, r->conv, out_len) != 0)
            return pt_error_set(err, PT_ENOMEM, NULL, "out of memory converting GB18030");
    }
    r->out = &r->dec;
    return PT_OK;
}

size_t pt_reader_raw_to_utf8(struct pt_csv_reader *r, const char *raw, size_t n, char *out,
                             size_t size)
{
    size_t o = 0;
    char *in = (char *)(uintptr_t)raw;
    size_t in_left = n;
    iconv(r->cd, NULL, NULL, NULL, NULL);
    while (in_left > 0 && size - o > 5) {
        char *op = out + o;
        size_t out_left = size - o - 5;   /* keep room for one \xHH and a NUL */
        size_t rc = iconv(r->cd, &in, &in_left, &op, &out_left);
        o = (size_t)(op - out);
        if (rc != (size_t)-1 || errno == E2BIG)
            break;
        /* EILSEQ: show the byte and go on. EINVAL: a character cut by the
         * end of the kept text: show all its bytes. */
        int cut = errno == EINVAL;
        do {
            snprintf(out + o, 5, "\\x%02X", (unsigned char)*in);
            o += 4;
            in++;
            in_left--;
        } while (cut && in_left > 0 && size - o > 5);
        iconv(r->cd, NULL, NULL, NULL, NULL);
    }
    return o;
}

enum pt_code pt_reader_decode_row(struct pt_csv_reader *r, struct pt_error *err)
{
    if (r->enc == PT_ENC_GB18030)
        return convert_gb18030(r, err);
    return check_utf8(r);
}

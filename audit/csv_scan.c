/* csv_scan.c: see csv_scan.h.
 *
 * The grammar is libcsv's strict state machine (libcsv.c, csv_parse) with
 * a space function that returns 0 and CSV_REPALL_NL, restated per field:
 *   field start  '"' opens a quoted field; ',' is an empty field; CR/LF
 *                ends the record (at the record start: a blank line);
 *                anything else starts an unquoted field.
 *   unquoted     runs to the next ',' CR LF; a '"' in it is CSV_EPARSE.
 *   quoted       runs to the next '"' not followed by '"' ("" is one
 *                quote); the byte after it must be ',' CR LF or the end
 *                (anything else is CSV_EPARSE); no closing quote is an
 *                error at csv_fini (CSV_STRICT_FINI).
 *   line end     CR, LF or CRLF (the reader swallows the LF of a CRLF).
 *   buffer end   csv_fini: a record in progress ends, its last field
 *                included ("a," gives two fields).
 * Every error case falls back instead of being reported, because the
 * reader owns error messages and quarantine.
 * Speed: the field loop looks for its stop bytes with SSE2 (x86-64 baseline,
 * no dispatch) or memchr, then a second pass over the finished record, hot
 * in L1, counts line ends and checks NUL and, when asked, UTF-8. */
#include "audit/csv_scan.h"

#include <string.h>

#include "audit/alloc.h"
#include "audit/csv_reader.h"
#include "audit/utf8.h"

#if defined(__SSE2__) && !defined(PT_SCAN_NO_SIMD)
#include <emmintrin.h>
#define PT_SCAN_SSE2 1
#endif

#define DEFAULT_MAX_FIELDS 1024u
#define DEFAULT_SCRATCH (1u << 20)

enum pt_code pt_csv_scan_init(struct pt_csv_scan *s, const char *buf, size_t len, size_t begin,
                              size_t end, uint64_t line, const struct pt_scan_options *opt,
                              struct pt_error *err)
{
    memset(s, 0, sizeof *s);
    if (begin > end || end > len)
        return pt_error_set(err, PT_EINVAL, NULL,
                            "scan range [%zu, %zu) does not fit a buffer of %zu bytes", begin,
                            end, len);
    if (opt != NULL)
        s->opt = *opt;
    if (s->opt.max_field_bytes == 0)
        s->opt.max_field_bytes = PT_CSV_DEFAULT_MAX_FIELD;
    if (s->opt.max_fields == 0)
        s->opt.max_fields = DEFAULT_MAX_FIELDS;
    if (s->opt.scratch_bytes == 0)
        s->opt.scratch_bytes = DEFAULT_SCRATCH;
    s->fields = pt_calloc(s->opt.max_fields, sizeof *s->fields);
    s->scratch = pt_malloc(s->opt.scratch_bytes);
    if (s->fields == NULL || s->scratch == NULL) {
        pt_csv_scan_free(s);
        return pt_error_set(err, PT_ENOMEM, NULL, "out of memory for the CSV scanner");
    }
    pt_csv_scan_reset(s, buf, len, begin, end, line, s->opt.more_input);
    return PT_OK;
}

void pt_csv_scan_reset(struct pt_csv_scan *s, const char *buf, size_t len, size_t begin,
                       size_t end, uint64_t line, int more_input)
{
    s->buf = buf;
    s->len = len;
    s->pos = begin <= len ? begin : len;
    s->end = end <= len ? end : len;
    s->line = line;
    s->opt.more_input = more_input;
    memset(&s->stop, 0, sizeof s->stop);
    s->done = 0;
    s->bom = 0;
}

void pt_csv_scan_free(struct pt_csv_scan *s)
{
    if (s == NULL)
        return;
    pt_free(s->fields);
    pt_free(s->scratch);
    s->fields = NULL;
    s->scratch = NULL;
}

const struct pt_scan_stop *pt_csv_scan_stop(const struct pt_csv_scan *s)
{
    return &s->stop;
}

/* First byte in p[i..n) that is ',' '"' CR or LF; n if none. */
static size_t find_unquoted_stop(const char *p, size_t i, size_t n)
{
#ifdef PT_SCAN_SSE2
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits != 0)
            return i + (size_t)__builtin_ctz(bits);
        i += 16;
    }
#endif
    for (; i < n; i++) {
        char c = p[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            return i;
    }
    return n;
}

/* Bits set in a 16-bit movemask. x86-64's baseline has no POPCNT, so
 * __builtin_popcount is a libgcc call; this is a few ALU operations. */
static inline unsigned pop16(unsigned x)
{
    x = x - ((x >> 1) & 0x5555u);
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    return (x + (x >> 8)) & 0x1Fu;
}

/* What the per-record pass found in bytes [a, b). */
struct rec_bytes {
    uint64_t lines;     /* line ends: CR, LF, CRLF counted once */
    int nul;
    int high;           /* a byte >= 0x80 */
};

#ifdef PT_SCAN_SSE2
/* Line ends in one 16-byte block given its CR and LF masks. */
static uint64_t block_lines(unsigned mcr, unsigned mlf, unsigned *prev_cr)
{
    unsigned after_cr = ((mcr << 1) | *prev_cr) & 0xFFFFu;
    *prev_cr = (mcr >> 15) & 1u;
    return (uint64_t)pop16(mcr) + (uint64_t)pop16(mlf & ~after_cr & 0xFFFFu);
}
#endif

/* NUL and high bytes are folded into two vectors (OR, unsigned min) and
 * tested once at the end; line ends are counted only in the 32-byte
 * blocks that hold any (most of a record holds none). */
static void check_bytes(const char *p, size_t a, size_t b, struct rec_bytes *rb)
{
    unsigned prev_cr = 0;   /* the byte before the current one is CR */
    size_t i = a;
#ifdef PT_SCAN_SSE2
    const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    __m128i any = _mm_setzero_si128(), least = _mm_set1_epi8(-1);
    for (; i + 32 <= b; i += 32) {
        __m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16));
        any = _mm_or_si128(any, _mm_or_si128(v0, v1));
        least = _mm_min_epu8(least, _mm_min_epu8(v0, v1));
        __m128i c0 = _mm_cmpeq_epi8(v0, cr), l0 = _mm_cmpeq_epi8(v0, lf);
        __m128i c1 = _mm_cmpeq_epi8(v1, cr), l1 = _mm_cmpeq_epi8(v1, lf);
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(c0, l0), _mm_or_si128(c1, l1))) == 0) {
            prev_cr = 0;
            continue;
        }
        rb->lines += block_lines((unsigned)_mm_movemask_epi8(c0), (unsigned)_mm_movemask_epi8(l0),
                                 &prev_cr);
        rb->lines += block_lines((unsigned)_mm_movemask_epi8(c1), (unsigned)_mm_movemask_epi8(l1),
                                 &prev_cr);
    }
    rb->high |= _mm_movemask_epi8(any) != 0;
    rb->nul |= _mm_movemask_epi8(_mm_cmpeq_epi8(least, _mm_setzero_si128())) != 0;
#endif
    for (; i < b; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\r')
            rb->lines++;
        else if (c == '\n' && !prev_cr)
            rb->lines++;
        rb->nul |= c == 0;
        rb->high |= c >= 0x80;
        prev_cr = c == '\r';
    }
}

static enum pt_scan_status fall_back(struct pt_csv_scan *s, size_t start, size_t at,
                                     const char *why)
{
    s->stop.offset = start;
    s->stop.line = s->line;
    s->stop.at = at;
    s->stop.why = why;
    s->done = PT_SCAN_FALLBACK;
    return PT_SCAN_FALLBACK;
}

/* more_input: the record at start runs past the buffer end. A record
 * right after a stripped BOM reports offset 0 so the caller keeps the BOM
 * and the next scan strips it again. */
static enum pt_scan_status need_more(struct pt_csv_scan *s, size_t start)
{
    s->stop.offset = start == 3 && s->bom ? 0 : start;
    s->stop.line = s->line;
    s->stop.incomplete = 1;
    s->done = PT_SCAN_END;
    return PT_SCAN_END;
}

/* Copies the quoted field body p[a..b) into scratch without its doubled
 * quotes. Returns the length, or (size_t)-1 if scratch is full. */
static size_t unescape(struct pt_csv_scan *s, size_t *used, size_t a, size_t b)
{
    char *out = s->scratch + *used;
    size_t room = s->opt.scratch_bytes - *used;
    size_t n = 0;
    while (a < b) {
        const char *q = memchr(s->buf + a, '"', b - a);
        size_t stop = q ? (size_t)(q - s->buf) + 1 : b;   /* keep one quote of "" */
        if (stop - a > room - n)
            return (size_t)-1;
        memcpy(out + n, s->buf + a, stop - a);
        n += stop - a;
        a = q ? stop + 1 : b;
    }
    *used += n;
    return n;
}

/* A quoted field whose opening quote is at i. Sets *body_end (offset of
 * the closing quote) and *escaped; returns the offset after the closing
 * quote, or 0 with *why set when the field is not well-formed. */
static size_t quoted_field(const struct pt_csv_scan *s, size_t i, size_t *body_end, int *escaped,
                           const char **why, size_t *why_at)
{
    const char *p = s->buf;
    size_t n = s->len, j = i + 1;
    for (;;) {
        const char *q = memchr(p + j, '"', n - j);
        if (q == NULL) {
            *why = s->opt.more_input ? NULL : "quoted field not closed at end of input";
            *why_at = i;
            return 0;
        }
        j = (size_t)(q - p);
        if (j + 1 < n && p[j + 1] == '"') {
            *escaped = 1;
            j += 2;
            continue;
        }
        *body_end = j;
        j++;
        if (j < n && p[j] != ',' && p[j] != '\r' && p[j] != '\n') {
            *why = "byte other than ',' or a line end after a closing quote";
            *why_at = j;
            return 0;
        }
        return j;
    }
}

/* Ends the record at i (a CR, LF or the buffer end): swallows CRLF's LF,
 * runs the byte checks and fills rec. */
static enum pt_scan_status finish_record(struct pt_csv_scan *s, size_t start, size_t i,
                                         size_t n_fields, struct pt_scan_record *rec)
{
    size_t next = i;
    if (s->opt.more_input && (i == s->len || (i + 1 == s->len && s->buf[i] == '\r')))
        return need_more(s, start);   /* no line end yet, or a CR whose LF may follow */
    if (i < s->len) {
        next = i + 1;
        if (s->buf[i] == '\r' && next < s->len && s->buf[next] == '\n')
            next++;
    }
    struct rec_bytes rb = {0, 0, 0};
    check_bytes(s->buf, start, next, &rb);
    if (rb.nul)
        return fall_back(s, start, start, "NUL byte in the record");
    if (rb.high && s->opt.require_utf8) {
        size_t ok = pt_utf8_valid_prefix(s->buf + start, next - start);
        if (ok != next - start)
            return fall_back(s, start, start + ok, "ill-formed UTF-8 in the record");
    }
    if (s->opt.expect_fields != 0 && n_fields != 0 && n_fields != s->opt.expect_fields)
        return fall_back(s, start, start, "field count differs from the expected one");
    rec->fields = s->fields;
    rec->n_fields = n_fields;
    rec->line = s->line;
    rec->offset = start;
    rec->end = next;
    s->line += rb.lines;
    s->pos = next;
    return PT_SCAN_RECORD;
}

static int wanted(const struct pt_csv_scan *s, size_t col)
{
    return s->opt.select == NULL || (col < s->opt.n_select && s->opt.select[col] != 0);
}

/* Stores field col = p[a..b) (a quoted body if quoted). Returns 0, or -1
 * with *why set. */
static int store_field(struct pt_csv_scan *s, size_t col, size_t a, size_t b, int escaped,
                       size_t *used, const char **why)
{
    if (col >= s->opt.max_fields) {
        *why = "more fields than the scanner's field array holds";
        return -1;
    }
    if (b - a > s->opt.max_field_bytes) {
        *why = "field longer than the size limit";
        return -1;
    }
    struct pt_scan_field *f = &s->fields[col];
    f->raw = s->buf + a;
    f->raw_len = b - a;
    f->escaped = escaped;
    if (!wanted(s, col)) {
        f->ptr = NULL;
        f->len = 0;
        return 0;
    }
    if (!escaped) {
        f->ptr = s->buf + a;
        f->len = b - a;
        return 0;
    }
    size_t at = *used;
    size_t n = unescape(s, used, a, b);
    if (n == (size_t)-1) {
        *why = "quoted field larger than the scanner's scratch buffer";
        return -1;
    }
    f->ptr = s->scratch + at;
    f->len = n;
    return 0;
}

enum pt_scan_status pt_csv_scan_next(struct pt_csv_scan *s, struct pt_scan_record *rec)
{
    if (s->done)
        return (enum pt_scan_status)s->done;
    size_t start = s->pos, i = start, col = 0, used = 0;
    const char *p = s->buf, *why = NULL;
    if (start >= s->end) {
        s->stop.offset = start;
        s->stop.line = s->line;
        s->done = PT_SCAN_END;
        return PT_SCAN_END;
    }
    if (start == 0 && s->line == 1 && s->opt.more_input && s->len < 3 &&
        memcmp(p, "\xEF\xBB\xBF", s->len) == 0)
        return need_more(s, start);   /* maybe a BOM: wait for 3 bytes */
    if (start == 0 && s->line == 1 && s->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        if (!s->opt.strip_bom)
            return fall_back(s, 0, 0, "UTF-8 byte order mark");
        start = i = s->pos = 3;
        s->bom = 1;
        if (start >= s->end && s->opt.more_input && s->end == s->len)
            return need_more(s, start);   /* keep the BOM with what follows it */
        if (start >= s->end)
            return pt_csv_scan_next(s, rec);
    }
    if (p[i] == '\r' || p[i] == '\n')
        return finish_record(s, start, i, 0, rec);   /* blank line */
    for (;;) {
        size_t a, b, after, why_at = i;
        int escaped = 0;
        if (i < s->len && p[i] == '"') {
            after = quoted_field(s, i, &b, &escaped, &why, &why_at);
            if (after == 0 && why == NULL)
                return need_more(s, start);   /* a closing quote at the end is caught below */
            if (after == 0)
                return fall_back(s, start, why_at, why);
            a = i + 1;
        } else {
            a = i;
            after = b = find_unquoted_stop(p, i, s->len);
            if (after < s->len && p[after] == '"')
                return fall_back(s, start, after, "quote inside an unquoted field");
        }
        if (store_field(s, col, a, b, escaped, &used, &why) != 0)
            return fall_back(s, start, a, why);
        col++;
        if (after < s->len && p[after] == ',') {
            i = after + 1;
            continue;
        }
        return finish_record(s, start, after, col, rec);
    }
}

void pt_csv_scan_parity_feed(struct pt_scan_parity *st, const char *p, size_t n)
{
    unsigned prev_cr = st->prev_cr != 0;
    size_t i = 0;
#ifdef PT_SCAN_SSE2
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned mq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote));
        unsigned mcr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr));
        unsigned mlf = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf));
        if (mq != 0)
            st->quotes += (uint64_t)pop16(mq);
        if ((mcr | mlf) != 0) {
            unsigned after_cr = ((mcr << 1) | prev_cr) & 0xFFFFu;
            st->lines += (uint64_t)pop16(mcr) + (uint64_t)pop16(mlf & ~after_cr & 0xFFFFu);
        }
        prev_cr = (mcr >> 15) & 1u;
    }
#endif
    for (; i < n; i++) {
        char c = p[i];
        st->quotes += c == '"';
        st->lines += c == '\r' || (c == '\n' && !prev_cr);
        prev_cr = c == '\r';
    }
    st->prev_cr = (int)prev_cr;
}

int pt_csv_scan_split_walk(const char *p, size_t n, const struct pt_scan_parity *st,
                           size_t *split, uint64_t *lines_before)
{
    unsigned odd = (unsigned)(st->quotes & 1u);
    uint64_t lines = st->lines;
    size_t i = 0;
    if (st->prev_cr && n > 0 && p[0] == '\n')
        i = 1;   /* the LF of a CRLF that the prefix counted already */
    for (; i < n; i++) {
        char c = p[i];
        if (c == '"') {
            odd ^= 1u;
        } else if (c == '\r' || c == '\n') {
            lines++;
            if (c == '\r' && i + 1 == n)
                return -1;   /* a CR at the window's end: its LF may follow */
            size_t next = i + 1 + (c == '\r' && p[i + 1] == '\n');
            if (!odd) {
                if (next >= n)
                    return -1;
                *split = next;
                *lines_before = lines;
                return 0;
            }
            i = next - 1;
        }
    }
    return -1;
}

int pt_csv_scan_split(const char *buf, size_t len, size_t begin, uint64_t line_at_begin,
                      size_t target, size_t *split, uint64_t *split_line)
{
    if (target <= begin || target >= len)
        return -1;
    struct pt_scan_parity st = {0, 0, 0};
    pt_csv_scan_parity_feed(&st, buf + begin, target - begin);
    size_t at;
    uint64_t lines;
    if (pt_csv_scan_split_walk(buf + target, len - target, &st, &at, &lines) != 0)
        return -1;
    *split = target + at;
    *split_line = line_at_begin + lines;
    return 0;
}

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
 * Speed: one pass per record over 64-byte blocks that start at the record
 * start. Each block becomes bitmaps (SSE2, the x86-64 baseline, no
 * dispatch; a byte loop elsewhere): structural bytes (, " CR LF), quotes,
 * line ends and bytes >= 0x80. The grammar above then runs per set bit, not
 * per byte: outside quotes it visits the structural bits (a field is the
 * bytes between two of them), inside quotes only the quote bits, so a
 * record of 18 fields costs some 20 bit steps. The same bitmaps answer the
 * per-record checks without a second pass: a line end before the
 * terminator can only be quoted data (then the lines are counted byte by
 * byte, rare), a high bit in the record asks for UTF-8 validation, and the
 * blocks' byte minimum flags a possible NUL (then memchr decides exactly,
 * since the last block runs past the record). */
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
    pt_csv_scan_select(s, s->opt.select, s->opt.n_select);
    pt_csv_scan_reset(s, buf, len, begin, end, line, s->opt.more_input);
    return PT_OK;
}

void pt_csv_scan_select(struct pt_csv_scan *s, const unsigned char *select, size_t n_select)
{
    s->opt.select = select;
    s->opt.n_select = n_select;
    s->want_lo = 0;
    for (size_t i = 0; i < 64; i++)
        if (select == NULL || (i < n_select && select[i] != 0))
            s->want_lo |= (uint64_t)1 << i;
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

/* Bits set in a 16-bit movemask. x86-64's baseline has no POPCNT, so
 * __builtin_popcount is a libgcc call; this is a few ALU operations. */
static inline unsigned pop16(unsigned x)
{
    x = x - ((x >> 1) & 0x5555u);
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    return (x + (x >> 8)) & 0x1Fu;
}

/* Line ends in p[a..b): CR, LF, CRLF once. For records with quoted line
 * ends (a narrative's paragraphs), so 16 bytes at a time where SSE2 is. */
static uint64_t count_lines(const char *p, size_t a, size_t b)
{
    uint64_t lines = 0;
    unsigned prev_cr = 0;   /* the byte before the current one is CR */
    size_t i = a;
#ifdef PT_SCAN_SSE2
    const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    for (; i + 16 <= b; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned mcr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr));
        unsigned mlf = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf));
        if ((mcr | mlf) != 0) {
            unsigned after_cr = ((mcr << 1) | prev_cr) & 0xFFFFu;
            lines += (uint64_t)pop16(mcr) + (uint64_t)pop16(mlf & ~after_cr & 0xFFFFu);
        }
        prev_cr = (mcr >> 15) & 1u;
    }
#endif
    for (; i < b; i++) {
        lines += p[i] == '\r' || (p[i] == '\n' && !prev_cr);
        prev_cr = p[i] == '\r';
    }
    return lines;
}

/* Bitmaps of one 64-byte block: bit k describes byte base + k. */
struct block {
    uint64_t st;      /* , " CR LF */
    uint64_t quote;   /* " */
    uint64_t nl;      /* CR LF */
    uint64_t high;    /* bytes >= 0x80 */
};

#ifdef PT_SCAN_SSE2
static inline uint64_t mask16(__m128i m) { return (uint64_t)(unsigned)_mm_movemask_epi8(m); }
#endif

/* Fills b for p[base..base + 64), or for p[base..n) padded with spaces
 * (which set no bit) when fewer bytes are left. Sets *nul when the block
 * holds a NUL byte (perhaps past the record: finish_record decides). */
static void load_block(const char *p, size_t base, size_t n, struct block *b, int *nul)
{
    char pad[64];
    const char *q = p + base;
    if (n - base < 64) {
        memset(pad, ' ', sizeof pad);
        memcpy(pad, q, n - base);
        q = pad;
    }
#ifdef PT_SCAN_SSE2
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    __m128i low = _mm_set1_epi8(-1);
    uint64_t st = 0, qm = 0, nl = 0, hi = 0;
    for (unsigned k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(q + 16 * k));
        __m128i eq_q = _mm_cmpeq_epi8(v, quote);
        __m128i eq_nl = _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf));
        __m128i eq_st = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), eq_q), eq_nl);
        low = _mm_min_epu8(low, v);
        st |= mask16(eq_st) << (16 * k);
        qm |= mask16(eq_q) << (16 * k);
        nl |= mask16(eq_nl) << (16 * k);
        hi |= mask16(v) << (16 * k);
    }
    b->st = st;
    b->quote = qm;
    b->nl = nl;
    b->high = hi;
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(low, _mm_setzero_si128())) != 0)
        *nul = 1;
#else
    memset(b, 0, sizeof *b);
    for (unsigned k = 0; k < 64; k++) {
        unsigned char c = (unsigned char)q[k];
        uint64_t bit = (uint64_t)1 << k;
        if (c == '"')
            b->quote |= bit;
        if (c == '\r' || c == '\n')
            b->nl |= bit;
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            b->st |= bit;
        if (c >= 0x80)
            b->high |= bit;
        if (c == 0)
            *nul = 1;
    }
#endif
}

/* Bits [0, k) of a block; k <= 64. */
static inline uint64_t below(size_t k) { return k >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1; }

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

/* What the record's blocks showed, for finish_record. */
struct rec_flags {
    int quoted_nl;    /* a line end before the terminator (quoted data) */
    int high;         /* a byte >= 0x80 in the record */
    int maybe_nul;    /* a block holding the record holds a NUL */
};

/* Ends the record at i (a CR, LF or the buffer end): swallows CRLF's LF,
 * runs the byte checks and fills rec. */
static enum pt_scan_status finish_record(struct pt_csv_scan *s, size_t start, size_t i,
                                         size_t n_fields, const struct rec_flags *fl,
                                         struct pt_scan_record *rec)
{
    size_t next = i;
    if (s->opt.more_input && (i == s->len || (i + 1 == s->len && s->buf[i] == '\r')))
        return need_more(s, start);   /* no line end yet, or a CR whose LF may follow */
    if (i < s->len) {
        next = i + 1;
        if (s->buf[i] == '\r' && next < s->len && s->buf[next] == '\n')
            next++;
    }
    if (fl->maybe_nul && memchr(s->buf + start, '\0', next - start) != NULL)
        return fall_back(s, start, start, "NUL byte in the record");
    if (fl->high && s->opt.require_utf8) {
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
    s->line += fl->quoted_nl ? count_lines(s->buf, start, next) : i < s->len;
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
    struct rec_flags fl = {0, 0, 0};
    if (p[i] == '\r' || p[i] == '\n')
        return finish_record(s, start, i, 0, &fl, rec);   /* blank line */
    /* The grammar of the header comment, one set bit at a time. st and q:
     * the block's structural and quote bits not read yet; field: where the
     * current field starts (its opening quote when quoted); close: the
     * closing quote of a quoted field once seen; skip: low bits of the next
     * block already read (the second quote of a "" cut by the block end).
     * The options are copied to locals: the stores into fields[] could
     * otherwise alias them and force a reload per field. */
    const size_t n = s->len;
    const uint64_t want_lo = s->want_lo;
    struct pt_scan_field *const fields = s->fields;
    /* Fields stored inline: columns below this (the field array's size, at
     * most the 64 of want_lo) unless a field could pass the size limit,
     * which needs more bytes than the buffer has left (the reader's 1 MiB
     * block against its 64 MiB limit). The rest go through store_field. */
    size_t inline_cols = s->opt.max_fields < 64 ? s->opt.max_fields : 64;
    if (n - start > s->opt.max_field_bytes)
        inline_cols = 0;
    size_t field = start, close = 0;
    int quoted = 0, in_quotes = 0, escaped = 0, nul = 0;
    unsigned skip = 0;
    uint64_t nl = 0, high = 0;   /* the record's line-end and high bits in earlier blocks */
    struct block b;
    for (size_t base = start; base < n; base += 64) {
        load_block(p, base, n, &b, &nul);
        uint64_t st = b.st & ~below(skip), q = b.quote & ~below(skip);
        skip = 0;
        for (;;) {
            if (in_quotes) {   /* only quotes count: doubled, or the closing one */
                if (q == 0)
                    break;
                size_t k = (size_t)__builtin_ctzll(q), j = base + k;
                if (j + 1 < n && p[j + 1] == '"') {
                    escaped = 1;
                    skip = k == 63;
                    q &= ~below(k + 2);
                    continue;
                }
                if (j + 1 < n && p[j + 1] != ',' && p[j + 1] != '\r' && p[j + 1] != '\n')
                    return fall_back(s, start, j + 1,
                                     "byte other than ',' or a line end after a closing quote");
                in_quotes = 0;
                close = j;
                st &= ~below(k + 1);   /* the quoted bytes' commas and line ends are data */
                continue;
            }
            if (st == 0)
                break;
            size_t k = (size_t)__builtin_ctzll(st), j = base + k;
            char c = p[j];
            st &= st - 1;
            if (c == '"') {
                if (j != field)
                    return fall_back(s, start, j, "quote inside an unquoted field");
                quoted = in_quotes = 1;
                q = b.quote & ~below(k + 1);
                continue;
            }
            /* ',' CR or LF ends the field; the common case is stored here,
             * anything to undo or refuse by store_field */
            size_t a = field + (size_t)quoted, len = (quoted ? close : j) - a;
            if (escaped || col >= inline_cols) {
                if (store_field(s, col, a, a + len, escaped, &used, &why) != 0)
                    return fall_back(s, start, a, why);
            } else {
                struct pt_scan_field *f = &fields[col];
                int want = (int)((want_lo >> col) & 1u);
                f->raw = p + a;
                f->raw_len = len;
                f->escaped = 0;
                f->ptr = want ? p + a : NULL;
                f->len = want ? len : 0;
            }
            col++;
            if (c == ',') {
                field = j + 1;
                quoted = escaped = 0;
                continue;
            }
            fl.quoted_nl = ((nl | (b.nl & below(k))) != 0);
            fl.high = ((high | (b.high & below(k))) != 0);
            fl.maybe_nul = nul;
            return finish_record(s, start, j, col, &fl, rec);
        }
        nl |= b.nl;
        high |= b.high;
    }
    /* The buffer ends inside the record. */
    if (in_quotes) {
        if (s->opt.more_input)
            return need_more(s, start);   /* the closing quote may follow */
        return fall_back(s, start, field, "quoted field not closed at end of input");
    }
    size_t a = quoted ? field + 1 : field;
    if (store_field(s, col, a, quoted ? close : n, escaped, &used, &why) != 0)
        return fall_back(s, start, a, why);
    fl.quoted_nl = nl != 0;
    fl.high = high != 0;
    fl.maybe_nul = nul;
    return finish_record(s, start, n, col + 1, &fl, rec);
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

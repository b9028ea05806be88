/* cli_progress.c: see cli_progress.h. CLI side: it may read the clock and
 * ask whether stderr is a terminal and how wide it is.
 *
 * Why "\r" + line + "\033[K" and not padding with spaces: the line is
 * overwritten in place and only what is left of a longer previous line is
 * cleared, so nothing flickers and a label of wide characters (2 columns,
 * more bytes) needs no column arithmetic for the padding. The width is asked
 * of the terminal at every draw (5 times a second at most), so a resized
 * window does not make the line wrap, which '\r' could not undo. */
#include "audit/cli_progress.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "audit/error.h"   /* PT_PRINTF */
#include "audit/utf8.h"

#define REDRAW_SECONDS 0.2
#define ETA_AFTER_SECONDS 0.5
#define ETA_MAX_SECONDS 359999.0   /* 99:59:59 */
#define DEFAULT_WIDTH 79
#define MAX_WIDTH 400

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- the formatter (pure) ------------------------------------------------ */

/* Columns of code point cp on a terminal: 2 for East Asian wide and
 * fullwidth characters (the ranges of Markus Kuhn's mk_wcwidth, plus the
 * emoji blocks that terminals draw wide), 0 for combining diacritics, else
 * 1. Enough for file names; the locale is not consulted. */
static size_t char_cols(uint32_t cp)
{
    if (cp >= 0x0300 && cp <= 0x036f)
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
        (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe6f) || (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
        (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
        return 2;
    return 1;
}

/* The character at s: returns its length in bytes; *cols its width; *bad
 * = 1 when it shows as '?' (not UTF-8, C0/C1 control or DEL: a file name
 * must not be able to send escape sequences to the terminal). */
static size_t label_char(const char *s, size_t *cols, int *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    int n = pt_utf8_seq(s, strnlen(s, 4));
    *cols = 1;
    *bad = 1;
    if (n <= 0)
        return 1;
    uint32_t cp = n == 1 ? u[0]
                  : n == 2 ? (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f)
                  : n == 3 ? (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 |
                                 (u[2] & 0x3f)
                           : (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3f) << 12 |
                                 (uint32_t)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
        return (size_t)n;
    *bad = 0;
    *cols = char_cols(cp);
    return (size_t)n;
}

/* Copies whole characters of label into out (cap bytes) while they fit in
 * max_cols columns. Returns the bytes written; *cols the columns; *all = 1
 * when the whole label fit. */
static size_t put_label(char *out, size_t cap, const char *label, size_t max_cols,
                        size_t *cols, int *all)
{
    size_t n = 0, used = 0;
    const char *s = label;
    while (*s != '\0') {
        size_t w;
        int bad;
        size_t len = label_char(s, &w, &bad);
        size_t out_len = bad ? 1 : len;
        if (used + w > max_cols || n + out_len > cap)
            break;
        if (bad)
            out[n] = '?';
        else
            memcpy(out + n, s, len);
        n += out_len;
        used += w;
        s += len;
    }
    *cols = used;
    *all = *s == '\0';
    return n;
}

/* Appends to buf[*len..size) like snprintf, never past the end. */
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...) PT_PRINTF(4, 5);
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    if (*len + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

/* "345.6/691.2 MB   50%  123.4 MB/s  ETA 0:00:03", or "5.0 MB  2.5 MB/s"
 * for an unknown total. ASCII only, so bytes = columns. */
static size_t format_numbers(char *buf, size_t size, uint64_t done, uint64_t total,
                             double elapsed)
{
    static const char *const units[] = {"MB", "GB", "TB", "PB"};
    double div = 1e6;
    size_t u = 0, len = 0;
    double biggest = (double)(total > done ? total : done);
    while (u + 1 < sizeof units / sizeof units[0] && biggest / div >= 99999.95) {
        div *= 1e3;
        u++;
    }
    buf[0] = '\0';
    if (total == 0) {
        append(buf, size, &len, "%.1f %s", (double)done / div, units[u]);
    } else {
        unsigned pct = done >= total ? 100u : (unsigned)((double)done * 100.0 / (double)total);
        if (done < total && pct > 99)
            pct = 99;   /* 100% only when it is */
        append(buf, size, &len, "%.1f/%.1f %s  %3u%%", (double)done / div, (double)total / div,
               units[u], pct);
    }
    if (elapsed > 0)
        append(buf, size, &len, "  %.1f MB/s", (double)done / 1e6 / elapsed);
    if (total != 0 && elapsed >= ETA_AFTER_SECONDS && done > 0) {
        /* Up to the next whole second, so 0:00:00 means done; the 1e-6 keeps
         * an exact 2 s that comes out as 2.0000000000000004 at 2. */
        double left = done >= total ? 0.0 : (double)(total - done) * elapsed / (double)done;
        double up = ceil(left - 1e-6);
        if (up > ETA_MAX_SECONDS) {
            append(buf, size, &len, "  ETA >99h");
        } else {
            unsigned long s = up > 0 ? (unsigned long)up : 0;
            append(buf, size, &len, "  ETA %lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
        }
    }
    return len;
}

size_t pt_cli_progress_format(char *buf, size_t size, size_t width, const char *label,
                              uint64_t done, uint64_t total, double elapsed)
{
    char nums[512];
    size_t n_nums = format_numbers(nums, sizeof nums, done, total, elapsed);
    if (size == 0)
        return 0;
    buf[0] = '\0';
    size_t room = width > n_nums + 2 ? width - n_nums - 2 : 0;   /* "label  numbers" */
    size_t len = 0, cols = 0;
    if (label != NULL && label[0] != '\0' && room > 0) {
        int all;
        len = put_label(buf, size - 1, label, room, &cols, &all);
        if (!all) {   /* cut, with "..." after at least one character, or no label */
            len = room >= 4 && size > 4 ? put_label(buf, size - 4, label, room - 3, &cols, &all)
                                        : 0;
            if (len > 0)
                memcpy(buf + len, "...", 3);
            len += len > 0 ? 3 : 0;
            cols = len > 0 ? cols + 3 : 0;
        }
        if (len > 0 && len + 2 < size) {
            memcpy(buf + len, "  ", 2);
            len += 2;
            cols += 2;
        }
    }
    size_t take = n_nums;
    if (cols + take > width)
        take = width > cols ? width - cols : 0;
    if (len + take >= size)
        take = size - 1 - len;
    memcpy(buf + len, nums, take);
    buf[len + take] = '\0';
    return cols + take;
}

/* --- the display ------------------------------------------------------------ */

/* Columns the line may use: one less than the terminal's (writing the last
 * column makes some terminals wrap), 79 when it does not say. */
static size_t term_width(FILE *out)
{
    struct winsize ws;
    if (ioctl(fileno(out), TIOCGWINSZ, &ws) != 0 || ws.ws_col < 2)
        return DEFAULT_WIDTH;
    size_t w = (size_t)ws.ws_col - 1;
    return w > MAX_WIDTH ? MAX_WIDTH : w;
}

void pt_cli_progress_init(struct pt_cli_progress *p, FILE *out, const char *path, int quiet)
{
    memset(p, 0, sizeof *p);
    if (!quiet && out != NULL && isatty(fileno(out)))
        p->out = out;
    const char *slash = path != NULL ? strrchr(path, '/') : NULL;
    p->label = path == NULL ? "" : slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

struct pt_progress pt_cli_progress_hook(struct pt_cli_progress *p)
{
    struct pt_progress h = {NULL, NULL};
    if (p != NULL && p->out != NULL) {
        h.fn = pt_cli_progress_update;
        h.ctx = p;
    }
    return h;
}

void pt_cli_progress_tick(struct pt_cli_progress *p, uint64_t bytes_done, uint64_t bytes_total,
                          double now)
{
    if (p->out == NULL || p->complete)
        return;
    if (!p->started) {
        p->t0 = now;
        p->started = 1;
    }
    if (bytes_total != 0 && bytes_done >= bytes_total) {
        pt_cli_progress_finish(p);   /* what follows (merging, writing) is not reading */
        p->complete = 1;
        return;
    }
    if (now - (p->drawn ? p->last : p->t0) < REDRAW_SECONDS)
        return;
    char line[4 * MAX_WIDTH + 1];
    pt_cli_progress_format(line, sizeof line, term_width(p->out), p->label, bytes_done,
                           bytes_total, now - p->t0);
    fprintf(p->out, "\r%s\033[K", line);
    fflush(p->out);
    p->last = now;
    p->drawn = 1;
}

void pt_cli_progress_update(void *ctx, uint64_t bytes_done, uint64_t bytes_total)
{
    struct pt_cli_progress *p = ctx;
    if (p != NULL && p->out != NULL)
        pt_cli_progress_tick(p, bytes_done, bytes_total, now_seconds());
}

void pt_cli_progress_finish(struct pt_cli_progress *p)
{
    if (p->out != NULL && p->drawn) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
    }
    p->drawn = 0;
}

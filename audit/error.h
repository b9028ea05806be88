/* error.h: the one error model of the ptaudit library.
 *
 * A function that can fail returns enum pt_code (PT_OK == 0) and takes a
 * struct pt_error * as its last parameter, which it fills once, through
 * pt_error_set, on failure and leaves alone on success. The struct has
 * fixed-size buffers: filling it never allocates, so out-of-memory can still
 * be reported, and copying it is safe. The CLI maps codes to sysexits(3)
 * statuses with pt_code_exit_status (CONTRACT.md, "Exit codes").
 * A bad input row is not an error: it is quarantined (quarantine.h). */
#ifndef PTAUDIT_ERROR_H
#define PTAUDIT_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define PT_NODISCARD __attribute__((warn_unused_result))
#define PT_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PT_NODISCARD
#define PT_PRINTF(fmt, args)
#endif

enum pt_code {
    PT_OK = 0,
    PT_EUSAGE,       /* bad option or argument value (exit 64) */
    PT_EDATA,        /* input data unusable: unknown format, missing column (65) */
    PT_EINVAL,       /* a value cannot be used: flows of one sign, term 0 (65) */
    PT_ENOCONV,      /* the rate solver found no unique root (65) */
    PT_ERANGE,       /* a value or a sum overflows its representation (65) */
    PT_ENOINPUT,     /* input missing or unreadable (66) */
    PT_EUNAVAIL,     /* capability not built yet (69) */
    PT_ECANTCREAT,   /* cannot create output (73) */
    PT_EIO,          /* read or write error, full disk (74) */
    PT_ENOMEM,       /* allocation failed (71, EX_OSERR) */
    PT_EOF           /* not an error: end of input (never returned to the CLI) */
};

/* A position in an input; 1-based, 0 = not applicable. */
struct pt_loc {
    char path[256];      /* the input as the user named it ("-" = stdin) */
    uint64_t line;       /* physical line where the record starts */
    uint32_t column;     /* 1-based CSV field index */
};

struct pt_error {
    enum pt_code code;
    struct pt_loc loc;
    char msg[512];
};

/* Fills *err (if err is not NULL) with code, a copy of *loc (NULL = none)
 * and the printf-formatted message; returns code so callers can write
 * `return pt_error_set(err, PT_EDATA, loc, "...")`. */
enum pt_code pt_error_set(struct pt_error *err, enum pt_code code,
                          const struct pt_loc *loc, const char *fmt, ...)
    PT_PRINTF(4, 5);

/* Sets loc->path from path (truncated to fit, always terminated). */
void pt_loc_set(struct pt_loc *loc, const char *path, uint64_t line, uint32_t column);

/* Writes "path:line:column: message" (the parts that apply) into buf;
 * returns buf. */
const char *pt_error_format(const struct pt_error *err, char *buf, size_t size);

/* The symbolic name of a code ("PT_EDATA"). Static, do not free. */
const char *pt_code_name(enum pt_code code);

/* The sysexits(3) status the CLI exits with for a code. */
int pt_code_exit_status(enum pt_code code);

/* Copies at most max_bytes of untrusted text into buf for a message:
 * control characters and '"' become escapes (\n, \x01, \"), and a cut is
 * marked with "...". Never splits a UTF-8 sequence. Returns buf. */
const char *pt_error_quote(const char *text, size_t len, size_t max_bytes,
                           char *buf, size_t size);

#endif

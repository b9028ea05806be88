/* legal.h: the legal rate lines a true APR is compared with.
 *
 * over_24 / over_36: APR > 24% and > 36%, the two lines of China's private
 * lending rules (2015 SPC Provisions) and the US Military Lending Act's 36%
 * MAPR. over_4lpr: APR > 4 x the one-year Loan Prime Rate in force on the
 * loan date (SPC 2020 amendment, 法释〔2020〕17号, in force 2020-08-20); it is
 * n/a for currencies other than CNY and for loans dated before 2020-08-20,
 * unknown without a date or past the recorded LPR history (data/lpr_1y.csv,
 * embedded at build time). All comparisons are strict (>), as CONTRACT.md.
 * The LPR table lives in caller-owned storage; nothing here allocates. */
#ifndef PTAUDIT_LEGAL_H
#define PTAUDIT_LEGAL_H

#include <stddef.h>
#include <stdint.h>

#include "audit/error.h"

enum pt_legal_flag { PT_LEGAL_NO = 0, PT_LEGAL_YES, PT_LEGAL_NA, PT_LEGAL_UNKNOWN };

/* "no", "yes", "n/a", "unknown". Static, do not free. */
const char *pt_legal_flag_name(enum pt_legal_flag f);

#define PT_LPR_MAX 128
#define PT_LPR_RULE_START_YMD 2020, 8, 20   /* 4 x LPR applies to loans from this day */

struct pt_lpr_change {
    int32_t day;          /* effective from (days since 1970-01-01) */
    int32_t rate_bp;      /* one-year LPR in basis points (385 = 3.85%); -1 = not recorded */
};
struct pt_lpr_table {
    struct pt_lpr_change changes[PT_LPR_MAX];   /* ascending days */
    size_t n;
};

/* Parses an LPR history CSV (header effective_date,lpr_1y_percent; '#'
 * lines are comments; an empty rate marks the end of the record) into *t.
 * PT_EDATA with "lpr_1y.csv:LINE: expected ..., found ..." on a bad row or
 * dates out of order. */
PT_NODISCARD enum pt_code pt_lpr_table_parse(struct pt_lpr_table *t, const char *text,
                                             size_t len, struct pt_error *err);
/* The history shipped in the binary (data/lpr_1y.csv). */
PT_NODISCARD enum pt_code pt_lpr_table_builtin(struct pt_lpr_table *t, struct pt_error *err);

/* The one-year LPR in force on day, as a fraction (0.0385): 1 if known,
 * 0 before the first fixing or where not recorded. */
int pt_lpr_on(const struct pt_lpr_table *t, int32_t day, double *rate);

struct pt_legal {
    enum pt_legal_flag over_24, over_36, over_4lpr;
    double line_4lpr;     /* 4 x LPR as a fraction when over_4lpr is yes/no, else 0 */
};

/* Compares apr (a fraction) with the lines. currency: ISO code (NULL or
 * "XXX" = unknown, which makes over_4lpr n/a: only CNY loans fall under the
 * Chinese rule); day: loan date or PT_DAY_UNKNOWN. */
void pt_legal_check(const struct pt_lpr_table *t, double apr, const char *currency, int32_t day,
                    struct pt_legal *out);

#endif

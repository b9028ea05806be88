/* complaint.h: the canonical complaint record and the complaint loaders.
 *
 * Every complaint source (the CFPB export in its three layouts, Chinese
 * complaint boards, any CSV through a column map) is turned into one
 * struct pt_complaint per accepted record, handed to a callback; nothing
 * holds all rows (CONTRACT.md, "Complaint inputs", canonical fields).
 * A record that cannot be used is quarantined with its reason; for every
 * input rows read == accepted + rejected + filtered.
 * Ownership: every string of a struct pt_complaint is borrowed, NUL-
 * terminated ("" when the source has no value) and valid only during the
 * callback; copy what you keep. Options are borrowed for the call. */
#ifndef PTAUDIT_COMPLAINT_H
#define PTAUDIT_COMPLAINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/csv_reader.h"
#include "audit/error.h"
#include "audit/progress.h"
#include "audit/quarantine.h"
#include "audit/taxonomy.h"   /* enum pt_category, PT_CAT_BIT */

enum pt_complaint_format {
    PT_COMPLAINT_AUTO = 0,
    PT_COMPLAINT_CFPB,
    PT_COMPLAINT_BOARD,
    PT_COMPLAINT_MAPPED
};

/* Sub-layouts, detected from header names. */
enum pt_complaint_layout {
    PT_CLAYOUT_NONE = 0,
    PT_CLAYOUT_CFPB_14,        /* 2013-2016: no narrative, no Complaint ID */
    PT_CLAYOUT_CFPB_18,        /* with consent/disputed, narrative, Complaint ID */
    PT_CLAYOUT_CFPB_2026,      /* the 18-column one without consent/disputed */
    PT_CLAYOUT_BOARD_SITE,     /* 投诉编号, 投诉对象, 投诉问题 ... */
    PT_CLAYOUT_BOARD_SCRAPER,  /* date,title,summary,object,demands,href */
    PT_CLAYOUT_MAPPED
};

/* "Timely response?": Yes / No / blank or anything else. */
enum pt_timely { PT_TIMELY_UNKNOWN = 0, PT_TIMELY_YES, PT_TIMELY_NO };

/* "Company response to consumer", in the classes the statistics count. */
enum pt_response {
    PT_RESP_UNKNOWN = 0,       /* empty */
    PT_RESP_MONETARY,          /* Closed with monetary relief */
    PT_RESP_NON_MONETARY,      /* Closed with non-monetary relief */
    PT_RESP_EXPLANATION,       /* Closed with explanation */
    PT_RESP_CLOSED,            /* Closed, Closed without relief */
    PT_RESP_IN_PROGRESS,       /* In progress */
    PT_RESP_UNTIMELY,          /* Untimely response */
    PT_RESP_OTHER,             /* anything else (e.g. 2012's "Closed with relief") */
    PT_RESP_COUNT
};

struct pt_complaint {
    const char *id;               /* source id, else "FILE#RECORD" */
    int32_t date_received;        /* day number (date.h); always known */
    int32_t date_sent;            /* PT_DAY_UNKNOWN when missing */
    const char *company;          /* as the source spells it (display names: names.h) */
    const char *product;          /* current CFPB product name after renames */
    const char *product_raw;      /* as read */
    const char *sub_product;
    const char *issue;
    const char *sub_issue;
    const char *narrative;
    const char *state;
    const char *channel;          /* "Submitted via" */
    const char *company_response;
    enum pt_response response;
    enum pt_timely timely;
    const char *demand;           /* board: 投诉要求 / demands */
    int64_t amount_minor;         /* 涉诉金额 in minor units, when has_amount */
    int has_amount;
    const char *currency;         /* "USD" (cfpb), "CNY" (board), else --currency or "XXX" */
    const char *status;           /* board: 投诉进度 */
    uint32_t categories;          /* PT_CAT_BIT(enum pt_category) set; never 0 */
    const char *path;             /* the input as named ("-" = stdin) */
    uint64_t line;                /* physical line where the record starts */
    uint64_t record;              /* 1-based data record number */
};

/* Classification helpers (pure, no allocation). */
enum pt_timely pt_timely_parse(const char *s, size_t len);
enum pt_response pt_response_classify(const char *s, size_t len);
/* "monetary_relief", "non_monetary_relief", ... Static, do not free. */
const char *pt_response_name(enum pt_response r);

/* Called once per accepted complaint. A code other than PT_OK stops the
 * load and is returned by the loader (the callback fills err). */
typedef enum pt_code (*pt_complaint_fn)(void *ctx, const struct pt_complaint *c,
                                        struct pt_error *err);

/* Decides whether a loaded complaint is in scope (--since/--until/
 * --company/--product). Returns 1 to keep, 0 to count it as filtered.
 * NULL = keep everything. */
typedef int (*pt_complaint_filter_fn)(void *ctx, const struct pt_complaint *c);

/* --since/--until/--company/--product (CONTRACT.md "Filters"). Companies
 * match on display names: the --aliases target when an alias matches,
 * else the name's matching key (names.h), on both sides. Products match
 * the current or the raw product name, ignoring ASCII case. */
#define PT_FILTER_MAX_COMPANIES 64
struct pt_names;
struct pt_complaint_filter {
    int32_t since, until;                  /* inclusive days; PT_DAY_UNKNOWN = open */
    const struct pt_names *names;          /* borrowed; aliases loaded */
    char *companies[PT_FILTER_MAX_COMPANIES];  /* owned: canonical keys */
    size_t n_companies;
    const char *product;                   /* borrowed; NULL = any */
};
/* Zeroes *f, with open dates. */
void pt_complaint_filter_init(struct pt_complaint_filter *f, const struct pt_names *names);
/* Adds a --company value. PT_EUSAGE past the maximum, PT_ENOMEM. */
PT_NODISCARD enum pt_code pt_complaint_filter_add_company(struct pt_complaint_filter *f,
                                                          const char *name,
                                                          struct pt_error *err);
void pt_complaint_filter_free(struct pt_complaint_filter *f);
/* pt_complaint_filter_fn over a struct pt_complaint_filter (ctx). */
int pt_complaint_filter_match(void *ctx, const struct pt_complaint *c);

struct pt_colmap;

struct pt_complaint_load_opts {
    enum pt_complaint_format format;   /* AUTO = detect from the header */
    const struct pt_taxonomy *taxonomy; /* borrowed: renames, crosswalk, keywords;
                                          NULL = no renames, every category other */
    struct pt_csv_options csv;
    const char *currency;              /* inputs without one; NULL = "XXX" */
    const struct pt_colmap *map;       /* mapped: the loaded --map (borrowed) */
    pt_complaint_filter_fn filter;
    void *filter_ctx;
    int narratives;                    /* 1: every complaint carries its narrative (text
                                          signals read it); 0: a CFPB narrative is read only
                                          when the category needs it, else "" */
    int no_categories;                 /* 1: the caller never reads categories (no table has
                                          a category key): every complaint's are "other",
                                          unclassified, which saves the crosswalk lookup and
                                          the keyword pass per row */
    struct pt_progress progress;       /* bytes of the input consumed, both threads' summed
                                          (progress.h); fn NULL = none */
};

/* What a load found, for the accounting on stderr and the manifest. */
struct pt_complaint_load_info {
    enum pt_complaint_format format;
    enum pt_complaint_layout layout;
    enum pt_encoding encoding;
    uint64_t renamed_products;         /* rows whose product was mapped to a newer name */
};

/* "cfpb", "board", "mapped", "auto". Static. */
const char *pt_complaint_format_name(enum pt_complaint_format f);
/* "cfpb-14col (2013-2016)", ... Static. */
const char *pt_complaint_layout_name(enum pt_complaint_layout l);
/* Parses --from; PT_EUSAGE with "expected auto, cfpb, board or mapped". */
PT_NODISCARD enum pt_code pt_complaint_format_parse(const char *text,
                                                    enum pt_complaint_format *out,
                                                    struct pt_error *err);

/* Loads one input: in is borrowed (path names it in messages and ids),
 * q/acc are borrowed and updated (acc balances on PT_OK). Each accepted,
 * in-scope complaint goes to fn. PT_EDATA for an unknown format or a
 * missing required column (the message lists what was expected), or a
 * map that does not fit the header (colmap.h); PT_EIO, PT_ENOMEM; or the
 * callback's code. */
PT_NODISCARD enum pt_code pt_complaints_load(FILE *in, const char *path,
                                             const struct pt_complaint_load_opts *opt,
                                             struct pt_quarantine *q, struct pt_accounting *acc,
                                             pt_complaint_fn fn, void *ctx,
                                             struct pt_complaint_load_info *info,
                                             struct pt_error *err);

/* Two threads over one file (load_complaints_split.c). The file is cut
 * at a record boundary near its middle (quote parity, csv_scan.h); this
 * thread reads the first part into fn/ctx as pt_complaints_load does, a
 * second thread the rest into a part the caller makes, which the caller
 * then merges into its own state (names registry, statistics: see
 * pt_cstats_merge). The result is the one a single pass gives: rejects in
 * file order, accounting summed, and if the cut turns out not to be a
 * record boundary (a stray quote before it fools the parity), the second
 * part is dropped and the first thread reads on to the end. Used only for
 * a UTF-8 regular file of at least min_bytes named by a path (the second
 * thread opens it again); otherwise, or with split == NULL, it is
 * pt_complaints_load. */
struct pt_complaint_part {
    pt_complaint_fn fn;                        /* set by make */
    void *ctx;
    struct pt_complaint_load_opts opt;         /* a copy of the caller's; make may change
                                                  filter_ctx to the part's own filter */
};
struct pt_complaint_split {
    uint64_t min_bytes;                        /* 0 = 32 MiB */
    void *ctx;                                 /* the caller's, for the three calls */
    /* Makes a part's own state (called on this thread: before the second
     * starts, and while reading for a stolen range). PT_ENOMEM. */
    enum pt_code (*make)(void *ctx, struct pt_complaint_part *part, struct pt_error *err);
    /* Adds a part into the caller's state after both threads are done, in
     * file order. */
    enum pt_code (*merge)(void *ctx, struct pt_complaint_part *part, struct pt_error *err);
    /* Releases the part (always called once after make succeeded). */
    void (*drop)(void *ctx, struct pt_complaint_part *part);
    /* The second thread, done first, takes the far half of what the first
     * has left when that is at least this many bytes (0 = 8 MiB): a third
     * part, made on the first thread and merged between the two. */
    uint64_t min_steal_bytes;
    /* The first thread says where it is every this many rows (0 = 256). */
    unsigned publish_rows;
};
PT_NODISCARD enum pt_code pt_complaints_load_split(FILE *in, const char *path,
                                                   const struct pt_complaint_load_opts *opt,
                                                   struct pt_quarantine *q,
                                                   struct pt_accounting *acc,
                                                   pt_complaint_fn fn, void *ctx,
                                                   struct pt_complaint_load_info *info,
                                                   const struct pt_complaint_split *split,
                                                   struct pt_error *err);

#endif

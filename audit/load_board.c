/* load_board.c: Chinese complaint boards (黑猫投诉, tousu.sina.com.cn).
 *
 * Two layouts (CONTRACT.md): the site's own field names (投诉编号 id,
 * 投诉对象 company, 投诉问题 issue, 投诉要求 demand, 涉诉金额 amount,
 * 投诉进度 status, 发布时间 date; optional 投诉标题, 投诉内容), and the
 * common scraper layout date,title,summary,object,demands,href
 * (../shared/datasets/heimao_tousu_sample_3rows.csv): company = object,
 * else title; issue = summary; demand = demands; id = the first run of at
 * least 5 digits in href before any '?' (/complaint/view/17390396995/),
 * else FILE#RECORD. Dates YYYY-MM-DD, YYYY-MM-DD HH:MM, YYYY年M月D日.
 * Encodings are the reader's business (UTF-8 or GB18030, BOM or not).
 * Categories: the PBOC JR/T 0169-2018 reason when 投诉问题 is one, ORed
 * with the keyword rules on title, issue, demand and text. Currency CNY;
 * an amount is "8000", "8,000.00", "¥8000" or "8000元". */
#include "audit/load_complaints_internal.h"

#include <string.h>

#include "audit/date.h"
#include "audit/money.h"
#include "audit/taxonomy.h"

enum { B_ID, B_COMPANY, B_ISSUE, B_DEMAND, B_AMOUNT, B_STATUS, B_DATE, B_TITLE, B_TEXT,
       B_HREF, B_COUNT };

static const char *const site_names[B_COUNT] = {
    "投诉编号", "投诉对象", "投诉问题", "投诉要求", "涉诉金额", "投诉进度", "发布时间",
    "投诉标题", "投诉内容", NULL,
};
static const char *const scraper_names[B_COUNT] = {
    NULL, "object", "summary", "demands", NULL, NULL, "date", "title", NULL, "href",
};

static void find_columns(const struct pt_csv_reader *r, const char *const *names, long *col)
{
    for (int f = 0; f < B_COUNT; f++)
        col[f] = names[f] ? pt_csv_reader_column(r, names[f]) : -1;
}

enum pt_complaint_layout pt_board_layout(const struct pt_csv_reader *r)
{
    long col[B_COUNT];
    find_columns(r, site_names, col);
    if (col[B_COMPANY] >= 0 && col[B_DATE] >= 0)
        return PT_CLAYOUT_BOARD_SITE;
    find_columns(r, scraper_names, col);
    if (col[B_DATE] >= 0 && (col[B_COMPANY] >= 0 || col[B_TITLE] >= 0) &&
        (col[B_HREF] >= 0 || col[B_ISSUE] >= 0))
        return PT_CLAYOUT_BOARD_SCRAPER;
    return PT_CLAYOUT_NONE;
}

/* The complaint number in a board URL, copied into buf; NULL if none. */
static const char *href_id(const char *href, size_t len, char *buf, size_t size)
{
    size_t i = 0;
    while (i < len && href[i] != '?') {
        if (href[i] >= '0' && href[i] <= '9') {
            size_t j = i;
            while (j < len && href[j] >= '0' && href[j] <= '9')
                j++;
            if (j - i >= 5 && j - i < size) {
                memcpy(buf, href + i, j - i);
                buf[j - i] = '\0';
                return buf;
            }
            i = j;
        } else {
            i++;
        }
    }
    return NULL;
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

/* 涉诉金额: empty -> no amount; "元" / "人民币" suffixes dropped. */
static enum pt_code amount(struct cl_ctx *x, const struct pt_record *rec, long col,
                           struct pt_complaint *c, int *rejected, struct pt_error *err)
{
    size_t len;
    const char *v = cl_field(rec, col, &len);
    while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    if (len >= 3 && memcmp(v + len - 3, "元", 3) == 0)
        len -= 3;
    if (len == 0 || is_blank(v))
        return PT_OK;
    struct pt_error perr;
    int rounded = 0;
    if (pt_money_parse(v, len, 2, PT_NUM_THOUSANDS_OK | PT_NUM_CURRENCY_OK, &c->amount_minor,
                       &rounded, &perr) == PT_OK) {
        c->has_amount = 1;
        return PT_OK;
    }
    *rejected = 1;
    return cl_reject(x, col, PT_REASON_BAD_NUMBER, perr.msg, err);
}

static uint32_t categories(const struct cl_ctx *x, const struct pt_complaint *c,
                           const char *title)
{
    uint32_t mask = 0;
    enum pt_category cat;
    if (x->opt->taxonomy != NULL &&
        pt_taxonomy_pboc_reason(x->opt->taxonomy, c->issue, strlen(c->issue), &cat))
        mask = PT_CAT_BIT(cat);
    const char *texts[] = {title, c->issue, c->demand, c->narrative};
    uint32_t words = cl_classify(x->opt, texts, 4);
    if (mask != 0 && words == PT_CAT_BIT(PT_CAT_OTHER))
        return mask;
    return mask | words;
}

static enum pt_code one_row(struct cl_ctx *x, const long *col, int scraper,
                            const struct pt_record *rec, struct pt_error *err)
{
    struct pt_complaint c;
    memset(&c, 0, sizeof c);
    int rejected = 0;
    enum pt_code rc;
    if ((rc = cl_date(x, rec, col[B_DATE], PT_DATE_ISO | PT_DATE_CN, 1, &c.date_received,
                      &rejected, err)) != PT_OK || rejected)
        return rc;
    const char *title = cl_field(rec, col[B_TITLE], NULL);
    long company_col = col[B_COMPANY];
    if (scraper && (company_col < 0 || is_blank(cl_field(rec, company_col, NULL))))
        company_col = col[B_TITLE];
    if ((rc = cl_required(x, rec, company_col, &c.company, &rejected, err)) != PT_OK ||
        rejected)
        return rc;
    if ((rc = amount(x, rec, col[B_AMOUNT], &c, &rejected, err)) != PT_OK || rejected)
        return rc;
    char idbuf[64];
    size_t len;
    const char *id = cl_field(rec, col[B_ID], &len);
    if (scraper) {
        const char *href = cl_field(rec, col[B_HREF], &len);
        id = href_id(href, len, idbuf, sizeof idbuf);
    }
    c.id = id != NULL && !is_blank(id) ? id : cl_default_id(x, rec);
    c.date_sent = PT_DAY_UNKNOWN;
    c.issue = cl_field(rec, col[B_ISSUE], NULL);
    c.demand = cl_field(rec, col[B_DEMAND], NULL);
    c.status = cl_field(rec, col[B_STATUS], NULL);
    c.narrative = cl_field(rec, col[B_TEXT], NULL);
    c.product = c.product_raw = c.sub_product = c.sub_issue = "";
    c.state = c.channel = c.company_response = "";
    c.response = PT_RESP_UNKNOWN;
    c.timely = PT_TIMELY_UNKNOWN;
    c.currency = "CNY";
    c.categories = x->opt->no_categories ? PT_CAT_BIT(PT_CAT_OTHER) : categories(x, &c, title);
    return cl_emit(x, &c, rec, err);
}

enum pt_code pt_load_board_rows(struct cl_ctx *x, struct pt_error *err)
{
    int scraper = x->info->layout == PT_CLAYOUT_BOARD_SCRAPER;
    long col[B_COUNT];
    find_columns(x->r, scraper ? scraper_names : site_names, col);
    struct pt_record rec;
    enum pt_code rc = pt_csv_reader_check_unique(x->r, col, B_COUNT, err);
    if (rc != PT_OK)
        return rc;
    while ((rc = pt_csv_reader_next(x->r, &rec, err)) == PT_OK)
        if ((rc = one_row(x, col, scraper, &rec, err)) != PT_OK)
            return rc;
    return rc == PT_EOF ? PT_OK : rc;
}

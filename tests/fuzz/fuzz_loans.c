/* fuzz_loans.c: the loan loaders (loan.h) on arbitrary bytes.
 *
 * The first input byte picks --from (auto, offers, flows, lendingclub,
 * prosper); the rest is the CSV. Properties, beyond "no crash, no UB, no
 * leak":
 *  - the load ends in PT_OK, PT_EDATA (unknown format, missing column, bad
 *    header) or PT_EIO, never anything else;
 *  - on PT_OK the accounting balances: read = accepted + rejected (no
 *    filters here), and each accepted row is one loan given to the
 *    callback (flows: several rows per loan);
 *  - every loan handed out has principal > 0, amount financed > 0, a finite
 *    APR, a non-empty loan_id, and flags that agree with the APR. */
#include <math.h>
#include <string.h>

#include "audit/loan.h"
#include "tests/fuzz/fuzz.h"

static enum pt_code check_loan(void *ctx, const struct pt_loan *l, enum pt_loan_verdict *v,
                               struct pt_error *err)
{
    uint64_t *n = ctx;
    (void)v;
    (void)err;
    (*n)++;
    PT_FUZZ_CHECK(l->principal_minor > 0, "principal %lld", (long long)l->principal_minor);
    PT_FUZZ_CHECK(l->amount_financed_minor > 0, "financed %lld",
                  (long long)l->amount_financed_minor);
    PT_FUZZ_CHECK(isfinite(l->apr), "apr %g", l->apr);
    PT_FUZZ_CHECK(l->loan_id != NULL && l->loan_id[0] != '\0', "empty loan_id");
    PT_FUZZ_CHECK((l->over_24 == PT_LEGAL_YES) == (l->apr > 0.24), "over_24 vs apr %.17g",
                  l->apr);
    return PT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum pt_loan_format formats[] = {PT_LOAN_AUTO, PT_LOAN_OFFERS, PT_LOAN_FLOWS,
                                                  PT_LOAN_LENDINGCLUB, PT_LOAN_PROSPER};
    static char empty[1];
    if (size < 1)
        return 0;
    /* fmemopen refuses a size of 0: an empty CSV is a 1-byte buffer whose
     * byte is consumed first. */
    FILE *in = size > 1 ? fmemopen((void *)(uintptr_t)(data + 1), size - 1, "rb")
                        : fmemopen(empty, 1, "rb");
    if (in == NULL)
        return 0;
    if (size == 1)
        (void)fgetc(in);
    struct pt_loan_options opt;
    struct pt_quarantine q;
    struct pt_accounting acc;
    struct pt_loan_stats st;
    struct pt_error err;
    uint64_t n = 0;
    memset(&opt, 0, sizeof opt);
    memset(&acc, 0, sizeof acc);
    opt.format = formats[data[0] % 5];
    pt_quarantine_init(&q, NULL);
    enum pt_code rc = pt_loans_load(in, "fuzz.csv", &opt, &q, &acc, check_loan, &n, &st, &err);
    fclose(in);
    PT_FUZZ_CHECK(rc == PT_OK || rc == PT_EDATA || rc == PT_EIO, "code %s: %s",
                  pt_code_name(rc), err.msg);
    if (rc == PT_OK) {
        PT_FUZZ_CHECK(acc.rows_read == acc.rows_accepted + acc.rows_rejected,
                      "read %llu != accepted %llu + rejected %llu",
                      (unsigned long long)acc.rows_read, (unsigned long long)acc.rows_accepted,
                      (unsigned long long)acc.rows_rejected);
        /* flows: one loan for several accepted rows */
        PT_FUZZ_CHECK(st.format == PT_LOAN_FLOWS || n == acc.rows_accepted,
                      "%llu loans for %llu accepted rows", (unsigned long long)n,
                      (unsigned long long)acc.rows_accepted);
    }
    return 0;
}

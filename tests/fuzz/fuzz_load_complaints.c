/* fuzz_load_complaints.c: libFuzzer harness for the complaint loaders and
 * statistics (tests/fuzz/fuzz.h). Any input bytes go through format
 * detection, the CFPB or board loader, and the statistics by
 * company,month,category with near-duplicates; the run must end in a code,
 * never a crash or a leak, and a completed load must balance its
 * accounting. ctest replays tests/fuzz/corpus/load_complaints/; to search:
 *   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DPT_FUZZ=ON
 *   cmake --build build-fuzz --target fuzz_load_complaints
 *   build-fuzz/fuzz_load_complaints -max_total_time=60 tests/fuzz/corpus/load_complaints
 * Seeds in tests/fuzz/corpus/load_complaints/ are the first bytes of
 * datasets/cfpb_complaints_2023_a.csv, datasets/cfpb_complaints_2016_14col.csv,
 * tests/data/board/board_fields_gb18030.csv and the whole
 * datasets/heimao_tousu_sample_3rows.csv (provenance: datasets/SOURCES.md).
 * Runs: 60 s, 25,128 inputs (stand-in reader); 56 s, 40,642 inputs with
 * main's csv_reader, neardup and terms: no finding.
 * Every crash found becomes a named case in tests/test_load_complaints.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit/complaint.h"
#include "audit/names.h"
#include "audit/stats_complaints.h"
#include "audit/taxonomy.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Built once (its automaton is the slow part) and kept: reachable from
     * this static, so the leak checker does not count it. */
    static struct pt_taxonomy *tax;
    struct pt_error err;
    if (tax == NULL)
        PT_FUZZ_CHECK(pt_taxonomy_create(&tax, &err) == PT_OK, "%s", err.msg);
    FILE *in = fmemopen((void *)(uintptr_t)data, size, "rb");
    if (in == NULL)
        return 0;
    struct pt_names *names = NULL;
    struct pt_cstats *stats = NULL;
    struct pt_cstats_opts sopt = {{PT_CKEY_COMPANY, PT_CKEY_MONTH, PT_CKEY_CATEGORY}, 3, 0, 1, 64, 1, 0, 0, 0};
    struct pt_complaint_load_opts lopt = {0};
    lopt.taxonomy = tax;
    struct pt_quarantine q;
    struct pt_accounting acc = {0};
    pt_quarantine_init(&q, NULL);
    if (pt_names_create(&names, &err) == PT_OK &&
        pt_cstats_create(&stats, &sopt, names, &err) == PT_OK) {
        enum pt_code rc = pt_complaints_load(in, "fuzz", &lopt, &q, &acc, pt_cstats_add_cb,
                                             stats, NULL, &err);
        PT_FUZZ_CHECK(rc != PT_OK || pt_accounting_balanced(&acc),
                      "read %llu != accepted %llu + rejected %llu + filtered %llu",
                      (unsigned long long)acc.rows_read, (unsigned long long)acc.rows_accepted,
                      (unsigned long long)acc.rows_rejected,
                      (unsigned long long)acc.rows_filtered);
        if (rc == PT_OK && pt_cstats_finish(stats, &err) == PT_OK) {
            FILE *out = fopen("/dev/null", "w");
            if (out != NULL) {
                if (pt_cstats_write(stats, out, PT_TABLE_CSV, &err) != PT_OK)
                    (void)0;
                fclose(out);
            }
        }
    }
    pt_cstats_destroy(stats);
    pt_names_destroy(names);
    fclose(in);
    return 0;
}

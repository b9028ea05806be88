# Area: loans (sources and tests appended here by this area only).
list(APPEND PT_CORE_SOURCES audit/quantile.c audit/histogram.c audit/annuity.c
     audit/load_common.c audit/load_detect.c audit/load_lendingclub.c audit/load_prosper.c
     audit/load_offers.c audit/load_flows.c audit/stats_rates.c audit/loan_table.c audit/idset.c)
list(APPEND PT_TEST_NAMES quantile histogram annuity stats_rates loans idset loan_table)

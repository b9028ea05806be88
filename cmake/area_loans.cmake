# Area: loans (sources and tests appended here by this area only).
list(APPEND PT_CORE_SOURCES audit/quantile.c audit/histogram.c audit/annuity.c)
list(APPEND PT_TEST_NAMES quantile histogram annuity)
# The loaders need csv_reader.c (csv) and legal.c (rates); until both are
# merged into main they are left out so that this branch keeps building.
if(EXISTS ${PROJECT_SOURCE_DIR}/audit/csv_reader.c AND EXISTS ${PROJECT_SOURCE_DIR}/audit/legal.c)
  list(APPEND PT_CORE_SOURCES audit/load_common.c audit/load_detect.c
       audit/load_lendingclub.c audit/load_prosper.c audit/load_offers.c audit/load_flows.c
       audit/stats_rates.c audit/loan_table.c)
  list(APPEND PT_TEST_NAMES stats_rates loans)
endif()

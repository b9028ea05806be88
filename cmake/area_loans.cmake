# Area: loans (sources and tests appended here by this area only).
list(APPEND PT_CORE_SOURCES audit/quantile.c audit/histogram.c audit/annuity.c)
list(APPEND PT_TEST_NAMES quantile histogram annuity)

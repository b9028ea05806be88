# Area: loans (sources and tests appended here by this area only).
list(APPEND PT_CORE_SOURCES audit/quantile.c audit/histogram.c
     audit/load_common.c audit/load_detect.c audit/load_lendingclub.c audit/load_prosper.c
     audit/load_offers.c audit/load_flows.c audit/stats_rates.c audit/loan_table.c audit/idset.c
     audit/loan_pipe.c audit/fmt_fixed.c)
list(APPEND PT_TEST_NAMES quantile histogram stats_rates loans idset loan_table loan_pipe fmt_fixed)
# Replay of the loan loaders' fuzz corpus (tests/fuzz/fuzz_loans.c) under the
# normal ASan+UBSan build. (To fuzz for real, add `loans` to
# PT_FUZZ_TARGETS in cmake/area_fuzz.cmake, owned by the fuzz area.)
if(PT_TESTS)
  enable_testing()
  add_executable(replay_loans_corpus tests/fuzz/fuzz_loans.c tests/fuzz/replay_main.c)
  target_link_libraries(replay_loans_corpus PRIVATE ptaudit_core)
  add_test(NAME fuzz_replay_loans COMMAND replay_loans_corpus
           ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/loans)
  set_tests_properties(fuzz_replay_loans PROPERTIES LABELS "fuzz_replay")
endif()

# Area: complaints (sources and tests appended here by this area only).
# Model, statistics and table output (need date, names, taxonomy, table).
list(APPEND PT_CORE_SOURCES audit/complaint.c audit/stats_complaints.c audit/stats_derive.c
     audit/loan_counts.c audit/stats_terms.c audit/stats_complaints_out.c audit/terms_list.c
     audit/stats_merge.c audit/stats_counts.c audit/counts32.c)
list(APPEND PT_TEST_NAMES stats_complaints)
# Near-duplicate narratives use neardup.c (text area) once it is in the tree.
if(EXISTS ${PROJECT_SOURCE_DIR}/audit/neardup.c)
  set_source_files_properties(audit/stats_complaints.c tests/test_stats_complaints.c
    PROPERTIES COMPILE_DEFINITIONS PT_HAVE_NEARDUP=1)
  set(_pt_neardup_def PT_HAVE_NEARDUP=1)
endif()
# The loaders, the aliases reader and the CLI read through csv_reader.c
# (csv area): they are built once it is in the tree, so the build stays
# green while the areas land; until then `ptaudit complaints` exits 69.
if(EXISTS ${PROJECT_SOURCE_DIR}/audit/csv_reader.c)
  list(APPEND PT_CORE_SOURCES audit/load_complaints.c audit/load_complaints_split.c audit/load_cfpb.c audit/load_board.c
       audit/load_mapped_complaints.c audit/aliases.c)
  list(APPEND PT_TEST_NAMES load_complaints load_complaints_split counts32)
  set(_pt_cli_defs PT_HAVE_COMPLAINT_LOADERS=1 ${_pt_neardup_def})
  # --loans reads loan files with the loans area's loaders.
  if(EXISTS ${PROJECT_SOURCE_DIR}/audit/load_common.c AND EXISTS ${PROJECT_SOURCE_DIR}/audit/legal.c)
    list(APPEND _pt_cli_defs PT_HAVE_LOAN_LOADERS=1)
  endif()
  set_source_files_properties(audit/cli_complaints.c PROPERTIES
    COMPILE_DEFINITIONS "${_pt_cli_defs}")
endif()
# Fuzz harness of the loaders (tests/fuzz/fuzz.h conventions): replayed
# over its corpus in every test build; built for libFuzzer with PT_FUZZ
# (the fuzz area's option).
if(EXISTS ${PROJECT_SOURCE_DIR}/audit/csv_reader.c)
  if(PT_TESTS)
    add_executable(replay_load_complaints tests/fuzz/fuzz_load_complaints.c
                   tests/fuzz/replay_main.c)
    target_link_libraries(replay_load_complaints PRIVATE ptaudit_core)
    add_test(NAME fuzz_replay_load_complaints COMMAND replay_load_complaints
             ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/load_complaints)
    set_tests_properties(fuzz_replay_load_complaints PROPERTIES LABELS "fuzz_replay")
  endif()
  if(PT_FUZZ)
    add_executable(fuzz_load_complaints tests/fuzz/fuzz_load_complaints.c)
    target_compile_options(fuzz_load_complaints PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_load_complaints PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_load_complaints PRIVATE ptaudit_core)
  endif()
endif()

# Area: perf (sources and tests appended here by this area only).
# CMakeLists.txt includes this fragment after the library and test targets
# exist, so the sources are added to the targets directly (and to the lists
# as well, in case the include moves up).
set(PT_PERF_CORE_SOURCES audit/csv_scan.c audit/csv_scan_file.c audit/progress.c)
set(PT_PERF_CLI_SOURCES audit/cli_progress.c)
list(APPEND PT_CORE_SOURCES ${PT_PERF_CORE_SOURCES})
list(APPEND PT_CLI_SOURCES ${PT_PERF_CLI_SOURCES})
if(TARGET ptaudit_core)
  target_sources(ptaudit_core PRIVATE ${PT_PERF_CORE_SOURCES})
  target_sources(ptaudit PRIVATE ${PT_PERF_CLI_SOURCES})
endif()
if(PT_TESTS AND TARGET ptaudit_core_testing)
  target_sources(ptaudit_core_testing PRIVATE ${PT_PERF_CORE_SOURCES})
  # Same registration as the foreach in CMakeLists.txt, done here because
  # that loop has already run.
  function(pt_perf_test name)
    add_executable(test_${name} tests/test_${name}.c tests/helpers.c ${ARGN})
    target_link_libraries(test_${name} PRIVATE ptaudit_core_testing ${CMOCKA_LIBRARY})
    add_test(NAME ${name} COMMAND test_${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT
      "PT_SOURCE_DIR=${PROJECT_SOURCE_DIR};PT_BUILD_DIR=${PROJECT_BINARY_DIR}")
  endfunction()
  # Scanner vs libcsv, record by record (SSE2 build of the library).
  pt_perf_test(csv_scan)
  # The same differential tests over the portable (no SIMD) scanner: the
  # object compiled here shadows the library's copy.
  add_executable(test_csv_scan_portable tests/test_csv_scan.c tests/helpers.c audit/csv_scan.c)
  target_compile_definitions(test_csv_scan_portable PRIVATE PT_SCAN_NO_SIMD)
  target_link_libraries(test_csv_scan_portable PRIVATE ptaudit_core_testing ${CMOCKA_LIBRARY})
  add_test(NAME csv_scan_portable COMMAND test_csv_scan_portable)
  set_tests_properties(csv_scan_portable PROPERTIES ENVIRONMENT
    "PT_SOURCE_DIR=${PROJECT_SOURCE_DIR};PT_BUILD_DIR=${PROJECT_BINARY_DIR}")
  # Progress line formatting (CLI-side module, compiled in).
  pt_perf_test(cli_progress audit/cli_progress.c)
  # The meter the readers of one input add their bytes to.
  pt_perf_test(progress)
  # The progress line drawn and erased on a pseudo-terminal (77 = no pty tool).
  add_test(NAME cli_progress_tty COMMAND sh ${PROJECT_SOURCE_DIR}/tests/cli/progress_tty.sh
           $<TARGET_FILE:ptaudit> ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli_progress_tty PROPERTIES SKIP_RETURN_CODE 77)
endif()
# The differential fuzz harness, replayed over the CSV fixtures and bundled
# datasets under ASan+UBSan (libFuzzer runs: see tests/fuzz/fuzz_csv_scan.c;
# the fuzz area may add csv_scan to PT_FUZZ_TARGETS with its own corpus).
if(PT_TESTS AND EXISTS ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.c)
  add_executable(replay_csv_scan_fixtures tests/fuzz/fuzz_csv_scan.c tests/fuzz/replay_main.c)
  target_link_libraries(replay_csv_scan_fixtures PRIVATE ptaudit_core)
  add_test(NAME fuzz_replay_csv_scan_fixtures COMMAND replay_csv_scan_fixtures
           ${PROJECT_SOURCE_DIR}/tests/data/board ${PROJECT_SOURCE_DIR}/datasets)
endif()

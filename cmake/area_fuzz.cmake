# Area: fuzz — libFuzzer harnesses (tests/fuzz/fuzz_<target>.c), the replay
# of their committed corpora under the normal build's ASan+UBSan, the short
# CI fuzz run (label fuzz) and the bad-input corpus (tests/bad/).
# bench/FUZZ.md says how to fuzz for real; docs/limits.md what the limits are.
set(PT_FUZZ_TARGETS money date escape names taxonomy)
# Harnesses of modules other areas are still landing: added once they are.
if("audit/csv_reader.c" IN_LIST PT_CORE_SOURCES)
  list(APPEND PT_FUZZ_TARGETS csv_reader)
endif()
if("audit/colmap.c" IN_LIST PT_CORE_SOURCES)
  list(APPEND PT_FUZZ_TARGETS colmap)
endif()
if("audit/schedule.c" IN_LIST PT_CORE_SOURCES AND "audit/stats_rates.c" IN_LIST PT_CORE_SOURCES
   AND "audit/period.c" IN_LIST PT_CORE_SOURCES)
  list(APPEND PT_FUZZ_TARGETS args)
endif()
if("audit/apr.c" IN_LIST PT_CORE_SOURCES)
  list(APPEND PT_FUZZ_TARGETS flows)
endif()
if("audit/aliases.c" IN_LIST PT_CORE_SOURCES)
  list(APPEND PT_FUZZ_TARGETS aliases)
endif()
# Two-key complaint tables (windows), fold and merge against a brute-force
# count: tests/fuzz/fuzz_cstats_keys.c.
if("audit/stats_merge.c" IN_LIST PT_CORE_SOURCES AND "audit/counts32.c" IN_LIST PT_CORE_SOURCES)
  list(APPEND PT_FUZZ_TARGETS cstats_keys)
endif()

# Harnesses other areas own and replay themselves (area_loans.cmake,
# area_complaints.cmake): fuzzed here too, not replayed twice.
set(PT_FUZZ_OTHERS "")
if(EXISTS ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_loans.c)
  list(APPEND PT_FUZZ_OTHERS loans)
endif()
# csv_scan (area_perf.cmake, included after this file): the fast-path scanner
# against libcsv, differential; seeds in tests/fuzz/corpus/csv_scan.
if(EXISTS ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_csv_scan.c AND
   EXISTS ${PROJECT_SOURCE_DIR}/audit/csv_scan.c)
  list(APPEND PT_FUZZ_OTHERS csv_scan)
endif()
if(EXISTS ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_load_complaints.c AND
   "audit/csv_reader.c" IN_LIST PT_CORE_SOURCES)
  list(APPEND PT_FUZZ_OTHERS load_complaints)
endif()

option(PT_FUZZ "Build the libFuzzer harnesses fuzz_<target> (needs clang)" OFF)
if(PT_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PT_FUZZ=ON needs clang with libFuzzer (Debian package clang): "
                        "cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DPT_FUZZ=ON")
  endif()
  # Coverage instrumentation for everything built after this line (the
  # library included); only the harnesses link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_custom_target(fuzz_all)
  foreach(t IN LISTS PT_FUZZ_TARGETS PT_FUZZ_OTHERS)
    if(NOT TARGET fuzz_${t})   # area_complaints.cmake defines its own
      add_executable(fuzz_${t} tests/fuzz/fuzz_${t}.c)
      target_link_libraries(fuzz_${t} PRIVATE ptaudit_core)
      target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    endif()
    add_dependencies(fuzz_all fuzz_${t})
  endforeach()
endif()

if(PT_TESTS)
  enable_testing()
  # Replay: each harness with a plain main() over its committed corpus,
  # with whatever compiler builds the rest, so CI checks every committed
  # input under ASan+UBSan.
  foreach(t IN LISTS PT_FUZZ_TARGETS)
    add_executable(replay_${t} tests/fuzz/fuzz_${t}.c tests/fuzz/replay_main.c)
    target_link_libraries(replay_${t} PRIVATE ptaudit_core)
    add_test(NAME fuzz_replay_${t} COMMAND replay_${t} ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${t})
    set_tests_properties(fuzz_replay_${t} PROPERTIES LABELS "fuzz_replay")
  endforeach()
  # The scanner's harness is built by area_perf.cmake; replay our corpus too.
  if("csv_scan" IN_LIST PT_FUZZ_OTHERS)
    add_test(NAME fuzz_replay_csv_scan COMMAND $<TARGET_FILE:replay_csv_scan_fixtures>
             ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/csv_scan)
    set_tests_properties(fuzz_replay_csv_scan PROPERTIES LABELS "fuzz_replay")
  endif()
  # Findings: one test per input under tests/fuzz/regressions/<target>/,
  # DISABLED while tests/fuzz/regressions/OPEN lists it (owner not done).
  file(STRINGS ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/OPEN _pt_open REGEX "^[^#]")
  file(GLOB _pt_regressions CONFIGURE_DEPENDS
       RELATIVE ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions
       ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/*/*)
  foreach(r IN LISTS _pt_regressions)
    get_filename_component(_t ${r} DIRECTORY)
    get_filename_component(_f ${r} NAME)
    add_test(NAME fuzz_regress_${_t}_${_f}
             COMMAND replay_${_t} ${PROJECT_SOURCE_DIR}/tests/fuzz/regressions/${r})
    set_tests_properties(fuzz_regress_${_t}_${_f} PROPERTIES LABELS "fuzz_replay"
                         ENVIRONMENT "PT_FUZZ_STRICT=1")
    foreach(o IN LISTS _pt_open)
      if(o MATCHES "^${r}\t")
        set_tests_properties(fuzz_regress_${_t}_${_f} PROPERTIES DISABLED TRUE)
      endif()
    endforeach()
  endforeach()
  # A few seconds of real fuzzing per harness when clang has libFuzzer;
  # skipped (exit 77) with a message otherwise. Builds into a clang build
  # dir inside this one, reused between runs.
  set(PT_FUZZ_CI_SECONDS 2 CACHE STRING "Seconds of fuzzing per harness in the fuzz_ci test")
  add_test(NAME fuzz_ci COMMAND sh ${PROJECT_SOURCE_DIR}/tests/fuzz/ci_fuzz.sh
           ${PROJECT_BINARY_DIR}/fuzz-clang ${PT_FUZZ_CI_SECONDS} ${PT_FUZZ_TARGETS}
           ${PT_FUZZ_OTHERS})
  set_tests_properties(fuzz_ci PROPERTIES LABELS "fuzz" SKIP_RETURN_CODE 77 TIMEOUT 600
    ENVIRONMENT "PT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endif()

if(PT_TESTS)
  # Bad-input corpus (tests/bad/cases.tsv) against the binary: exit status,
  # message, read/accepted/rejected; pending cases are reported as skipped.
  find_package(Python3 COMPONENTS Interpreter)
  if(NOT Python3_Interpreter_FOUND)
    message(FATAL_ERROR "python3 not found: install the Debian package python3 (tests/bad/run.py)")
  endif()
  add_test(NAME bad_inputs COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/bad/run.py
           $<TARGET_FILE:ptaudit> ${PROJECT_SOURCE_DIR})
  set_tests_properties(bad_inputs PROPERTIES LABELS "bad" TIMEOUT 900)
endif()

# `cmake --build build --target valgrind`: the suite under valgrind memcheck
# in a non-sanitized build dir (tests/valgrind.sh; Debian package valgrind).
add_custom_target(valgrind
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/valgrind.sh ${PROJECT_BINARY_DIR}/valgrind
  USES_TERMINAL)

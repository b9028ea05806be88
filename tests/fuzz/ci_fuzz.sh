#!/bin/sh
# CI-time fuzzing (ctest fuzz_ci, label fuzz): builds the libFuzzer harnesses
# with clang into BUILD_DIR (kept between runs, so only the first run pays
# the build) and runs each for SECONDS on one core, starting from a scratch
# copy of its committed corpus (the committed corpus is never written).
# Exit 0 when no harness found anything, 1 on a finding (the input is kept
# under BUILD_DIR/artifacts/ and its path printed), 77 (ctest: skipped)
# when clang or libFuzzer is missing.
# Usage: ci_fuzz.sh BUILD_DIR SECONDS TARGET...   (env PT_SOURCE_DIR)
set -u
build=$1
secs=$2
shift 2
src=${PT_SOURCE_DIR:?PT_SOURCE_DIR must name the source tree}
cc=${PT_FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "fuzz_ci: skipped: $cc not found (Debian package clang provides libFuzzer)"
    exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
    >"$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
    echo "fuzz_ci: skipped: $cc cannot link -fsanitize=fuzzer (libFuzzer runtime missing)"
    exit 77
fi
if ! cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
        -DPT_FUZZ=ON -DPT_TESTS=OFF >"$build.log" 2>&1 ||
   ! cmake --build "$build" -j 2 --target fuzz_all >>"$build.log" 2>&1; then
    tail -n 30 "$build.log"
    echo "fuzz_ci: FAIL: the clang fuzz build failed (log: $build.log)"
    exit 1
fi
mkdir -p "$build/artifacts"
failed=0
for t in "$@"; do
    work="$probe/$t"
    mkdir -p "$work"
    log="$build/artifacts/$t.log"
    # New inputs go to the scratch dir (first); the committed corpus is read.
    if "$build/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
            -artifact_prefix="$build/artifacts/$t-" "$work" "$src/tests/fuzz/corpus/$t" \
            >"$log" 2>&1; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz_ci: $t: ${secs}s, ${execs:-?} executions, no finding"
    else
        failed=1
        grep -E 'ERROR|property failed|SUMMARY|Test unit written' "$log" | head -n 8
        echo "fuzz_ci: FAIL: $t (log: $log)"
    fi
done
exit $failed

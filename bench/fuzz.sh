#!/bin/sh
# Fuzzes each harness for SECONDS (default 60) on ONE core and appends one
# line per harness to bench/FUZZ.md: date, harness, seconds, executions,
# coverage, findings. With --merge, the committed corpus
# tests/fuzz/corpus/<target>/ is replaced by the -merge=1 minimization of
# itself plus what this and earlier runs found (build-fuzz/corpus/<target>/).
# Findings (crash-*, leak-*, timeout-*, oom-*) stay in build-fuzz/artifacts/.
# Needs clang with libFuzzer (Debian package clang). Run from anywhere:
#   bench/fuzz.sh [--merge] [SECONDS] [TARGET...]   (default: every harness)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
merge=0
if [ "${1:-}" = "--merge" ]; then merge=1; shift; fi
secs=${1:-60}
[ $# -gt 0 ] && shift
build=$root/build-fuzz
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
    -DPT_FUZZ=ON -DPT_TESTS=OFF >/dev/null
cmake --build "$build" -j 2 --target fuzz_all >/dev/null
targets=$*
if [ -z "$targets" ]; then
    targets=$(cd "$build" && ls fuzz_* | sed -n 's/^fuzz_\([a-z_]*\)$/\1/p' | grep -v '^all$')
fi
mkdir -p "$build/artifacts"
log_md=$root/bench/FUZZ.md
for t in $targets; do
    work=$build/corpus/$t
    mkdir -p "$work"
    before=$(ls "$build/artifacts" | grep -c "^$t-" || true)
    log=$build/artifacts/$t.log
    set +e
    "$build/fuzz_$t" -max_total_time="$secs" -jobs=1 -workers=1 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$t-" "$work" "$root/tests/fuzz/corpus/$t" \
        >"$log" 2>&1
    set -e
    after=$(ls "$build/artifacts" | grep -c "^$t-" || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    found=$((after - before))
    what="none"
    if [ "$found" -gt 0 ]; then
        what="$found: $(grep -m1 -E 'property failed|ERROR: (Address|Leak|UndefinedBehavior|libFuzzer)|runtime error' "$log" | cut -c1-120 | tr '|' '/')"
    fi
    line="| $(date -u +%Y-%m-%d\ %H:%MZ) | $t | $secs | ${execs:-?} | ${cov:-?} | $what |"
    echo "$line"
    echo "$line" >>"$log_md"
    if [ $merge = 1 ]; then
        new=$build/merge-$t
        rm -rf "$new"
        mkdir -p "$new"
        "$build/fuzz_$t" -merge=1 "$new" "$root/tests/fuzz/corpus/$t" "$work" >/dev/null 2>&1
        rm -rf "$root/tests/fuzz/corpus/$t"
        mv "$new" "$root/tests/fuzz/corpus/$t"
        echo "$t: corpus $(ls "$root/tests/fuzz/corpus/$t" | wc -l) files," \
             "$(du -sk "$root/tests/fuzz/corpus/$t" | cut -f1) KiB"
    fi
done

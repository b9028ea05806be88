#!/bin/sh
# Fuzzes each harness for SECONDS (default 60) on ONE core and appends one
# line per harness to bench/FUZZ.md: date, harness, seconds, executions,
# coverage, findings. With --merge, the committed corpus
# tests/fuzz/corpus/<target>/ becomes its seeds plus the edge-coverage
# -merge=1 minimization of everything found so far (build-fuzz/corpus/<t>/).
# SECONDS 0 with --merge only merges.
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
    if [ "$secs" != 0 ]; then   # libFuzzer reads 0 as "no limit"
        before=$(ls "$build/artifacts" | grep -c "^$t-" || true)
        log=$build/artifacts/$t.log
        set +e
        "$build/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
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
    fi
    if [ $merge = 1 ]; then
        # Edge coverage only (-use_counters=0 -use_cmp=0): the smallest set
        # of inputs that reaches every edge reached so far, which stays well
        # under the 200-file budget; the seeds (seed-*, regress-*) are kept
        # as they are, being readable hostile values and dataset pieces.
        new=$build/merge-$t
        committed=$root/tests/fuzz/corpus/$t
        rm -rf "$new"
        mkdir -p "$new"
        "$build/fuzz_$t" -merge=1 -use_counters=0 -use_cmp=0 "$new" "$committed" "$work" \
            >/dev/null 2>&1
        find "$committed" -type f ! -name 'seed-*' ! -name 'regress-*' -delete
        kept=$(cat "$committed"/* 2>/dev/null | wc -c)
        for f in "$new"/*; do
            [ -f "$f" ] || continue
            dup=0
            for g in "$committed"/seed-* "$committed"/regress-*; do
                if [ -f "$g" ] && cmp -s "$f" "$g"; then dup=1; break; fi
            done
            [ $dup = 1 ] || cp "$f" "$committed/"
        done
        echo "$t: corpus $(ls "$committed" | wc -l) files, $(cat "$committed"/* | wc -c) bytes" \
             "(seeds $kept bytes)"
    fi
done

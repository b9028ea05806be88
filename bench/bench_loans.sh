#!/bin/sh
# bench_loans.sh: loans/s and peak RSS of `ptaudit loans` on generated
# offers. Usage: bench/bench_loans.sh PTAUDIT [ROWS] [BY] [THREADS]
# (ROWS default 100000; BY default platform; THREADS 1 or 2, passed as
# --threads when given, else the program's default, 2. Keep ROWS <= 1000000 on shared machines; a 10M run
# needs ~1 GB of disk for the input, ~1 GB of memory and about 10x the 1M
# time). Build Release first: cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release.
set -eu
bin=$1
rows=${2:-100000}
by=${3:-platform}
threads=${4:-}
here=$(dirname "$0")
tmp=${TMPDIR:-/tmp}/ptaudit_bench_offers_$rows.csv
[ -s "$tmp" ] || python3 "$here/gen_offers.py" --rows "$rows" --seed 1 > "$tmp"
bytes=$(wc -c < "$tmp")
set -- loans -q "$tmp" --by "$by" --to csv
[ -z "$threads" ] || set -- "$@" --threads "$threads"
/usr/bin/time -f '%e %U %M' -o "$tmp.time" "$bin" "$@" > /dev/null
read -r secs user kb < "$tmp.time"
awk -v n="$rows" -v s="$secs" -v u="$user" -v kb="$kb" -v b="$bytes" -v by="$by" \
    -v t="${threads:-default}" 'BEGIN {
    printf "offers rows %d (%.1f MB), --by %s, --threads %s: %.2f s (user %.2f s), %.0f loans/s, %.1f MB/s, peak RSS %.1f MB\n",
           n, b / 1e6, by, t, s, u, (s > 0 ? n / s : 0), (s > 0 ? b / 1e6 / s : 0), kb / 1024 }'
rm -f "$tmp.time"

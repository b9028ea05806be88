#!/usr/bin/env bash
# bench/issue7.sh: every figure of issue #7 in one run (about 10 minutes on
# 2 cores; needs ~4 GB of disk in bench/data and /tmp). Run on a quiet
# machine: the ratios are measured side by side, but a busy second core
# makes ptaudit's two threads look slower than they are.
#
#   1. bench/run.sh on the 1M-row file with narratives (691 MB)
#   2. bench/run.sh on the 5M-row file without narratives (1.5 GB)
#   3. bench/bench_loans.sh on 10M generated offers (--by platform)
#   4. ptaudit report over each complaint file (1M rows with narratives,
#      5M without) plus 1M offers, against the two summaries alone
#      (complaints --by company, loans --by platform), each the minimum wall
#      time of RUNS runs, with peak RSS.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
RUNS=${RUNS:-3}
cd "$SRC"
bash "$HERE/run.sh" --rows 1000000 --narratives on --runs "$RUNS"
echo
bash "$HERE/run.sh" --rows 5000000 --narratives off --runs "$RUNS"
echo
PT=$SRC/build-release/ptaudit
for by in platform loan; do
  sh "$HERE/bench_loans.sh" "$PT" 10000000 "$by"
done
echo
OFFERS=${TMPDIR:-/tmp}/ptaudit_bench_offers_1000000.csv
[ -s "$OFFERS" ] || python3 "$HERE/gen_offers.py" --rows 1000000 --seed 1 > "$OFFERS"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
best() {   # label, command...: min wall seconds and max RSS of RUNS runs
  local label=$1; shift
  local t=9e9 m=0 i
  for i in $(seq "$RUNS"); do
    rm -rf "$OUT/r"
    /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" > /dev/null 2>&1
    read -r s kb < "$OUT/time"
    t=$(awk -v a="$t" -v b="$s" 'BEGIN { print (b < a ? b : a) }')
    m=$(awk -v a="$m" -v b="$kb" 'BEGIN { print (b > a ? b : a) }')
  done
  printf '%-40s %8.2f s %8.1f MB\n' "$label" "$t" "$(awk -v k="$m" 'BEGIN { print k / 1024 }')"
  echo "$t" > "$OUT/last"
}
# The report over each complaint file (the 1M-row one with narratives and
# the full-size 5M-row one without) plus 1M offers, against the summaries.
best "loans --by platform" "$PT" loans -q "$OFFERS"; l=$(cat "$OUT/last")
best "loans --by loan --to csv" "$PT" loans -q "$OFFERS" --by loan --to csv; lb=$(cat "$OUT/last")
for CFPB in "$HERE/data/cfpb_1000000_narr_on.csv" "$HERE/data/cfpb_5000000_narr_off.csv"; do
  echo "# report over $CFPB + $OFFERS (gnuplot: $(command -v gnuplot || echo none))"
  best "complaints --by company" "$PT" complaints -q "$CFPB"; c=$(cat "$OUT/last")
  best "report (--narratives off)" "$PT" report -q --loans "$OFFERS" --complaints "$CFPB" --out "$OUT/r"
  r=$(cat "$OUT/last")
  awk -v r="$r" -v c="$c" -v l="$l" -v lb="$lb" 'BEGIN {
    printf "report / (complaints + loans --by platform) = %.2f (target < 2)\n", r / (c + l)
    printf "report / (complaints + loans --by loan)     = %.2f (the report writes every loan too)\n", r / (c + lb) }'
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# bench/run.sh: the issue #7 benchmark in one command.
#
#   bench/run.sh [--rows N] [--narratives on|off] [--runs R] [--peers "TOOL..."]
#
# Generates the CFPB file with ../shared/tools/gen_cfpb.py into bench/data/
# if missing (seed 1), builds Release into build-release/, times
#   ptaudit complaints FILE --by company   (default: two threads), the full
#   summary (--by company --by product --by month, one reading), --threads 1,
#   --by company,month, and --narratives on (the text signals)
#   bench_scan scan FILE 2 / 1             (fast path: csv_scan, 2 and 1 threads)
#   bench_scan libcsv FILE                 (plain libcsv pass, csv_reader.c's setup)
# checks that the three bench_scan outputs are byte-identical and agree with
# Python's csv module, then runs the peers present through
# ../shared/tools/bench-peers.sh (DuckDB via bench/node, miller, pandas; missing
# ones are skipped with a note) and prints one table: seconds, MB/s, rows/s,
# peak RSS and the ratio to DuckDB's MB/s in the same run. Timing as
# bench-peers.sh does it: hyperfine (WARMUP=1, RUNS) around /usr/bin/time.
# Keep runs small on a shared machine (default 200k rows); the 1M / 5M runs
# of the issue are for a quiet machine.
set -euo pipefail
ROWS=200000
NARR=on
RUNS=${RUNS:-3}
PEERS="cat libcsv-company scan duckdb duckdb-full mlr-count pandas"
while [ $# -gt 0 ]; do
  case $1 in
    --rows) ROWS=$2; shift 2 ;;
    --narratives) NARR=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--rows N] [--narratives on|off] [--runs R] [--peers \"TOOL...\"]" >&2; exit 64 ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
# hyperfine, miller, pandas from Debian (as root; otherwise it prints the
# apt-get line, the timings fall back to /usr/bin/time and missing peers
# are skipped).
sh "$SRC/scripts/deps.sh" --bench >&2 || echo "# some benchmark packages are missing (see above)" >&2
SHARED=${PT_SHARED_DIR:-}
for d in "$SHARED" "$SRC/../shared" "$SRC/../../shared"; do
  if [ -n "$d" ] && [ -f "$d/tools/gen_cfpb.py" ]; then SHARED=$(cd "$d" && pwd); break; fi
done
[ -f "$SHARED/tools/gen_cfpb.py" ] || { echo "bench/run.sh: shared/tools/gen_cfpb.py not found (set PT_SHARED_DIR)" >&2; exit 66; }
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
DATA=$HERE/data
WORK=$DATA/work
mkdir -p "$DATA" "$WORK"
FILE=$DATA/cfpb_${ROWS}_narr_${NARR}.csv
if [ ! -s "$FILE" ]; then
  echo "# generating $FILE" >&2
  "$PY" "$SHARED/tools/gen_cfpb.py" --rows "$ROWS" --narratives "$NARR" --seed 1 > "$FILE.tmp"
  mv "$FILE.tmp" "$FILE"
fi
BYTES=$(stat -c %s "$FILE")

BUILD=$SRC/build-release
cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPT_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j2 --target bench_scan ptaudit >/dev/null
BENCH=$BUILD/bench/bench_scan
PTAUDIT=$BUILD/ptaudit

echo "# machine: $(uname -srm); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# file: $FILE ($BYTES bytes), rows=$ROWS narratives=$NARR runs=$RUNS"

# --- exactness: the fast path's output equals the libcsv pass and Python's csv
"$BENCH" scan "$FILE" 2 > "$WORK/out.scan2" 2>/dev/null
"$BENCH" scan "$FILE" 1 > "$WORK/out.scan1" 2>/dev/null
"$BENCH" libcsv "$FILE" > "$WORK/out.libcsv" 2>/dev/null
cat > "$WORK/pycheck.py" <<'PYEOF'
# Independent check: Python's csv module, per company: complaints, Yes, No.
import csv, sys
n = {}
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    r = csv.reader(f)
    h = next(r)
    ci, ti = h.index('Company'), h.index('Timely response?')
    rows = 0
    for row in r:
        if not row:
            continue
        rows += 1
        g = n.setdefault(row[ci], [0, 0, 0])
        g[0] += 1
        g[1] += row[ti] == 'Yes'
        g[2] += row[ti] == 'No'
out = sys.stdout.buffer
for k in sorted(n, key=lambda s: s.encode('utf-8')):
    out.write(('%s\t%d\t%d\t%d\n' % (k, *n[k])).encode('utf-8'))
out.write(b'#rows\t%d\n#rejected\t0\n#blank\t0\n' % rows)
PYEOF
"$PY" "$WORK/pycheck.py" "$FILE" > "$WORK/out.python"
same=yes
for o in scan1 libcsv python; do
  cmp -s "$WORK/out.scan2" "$WORK/out.$o" || { same=no; echo "# MISMATCH: bench_scan scan 2 vs $o (diff $WORK/out.scan2 $WORK/out.$o)"; }
done
echo "# identical per-company output (scan 2 threads = scan 1 thread = libcsv = Python csv): $same"
DATAROWS=$(awk -F'\t' '$1 == "#rows" { print $2 }' "$WORK/out.scan2")

# --- timings
time_one() {   # name, command: prints "name seconds sd MB/s rows/s rssMB"
  local name=$1 cmd=$2 rss=$WORK/rss.$1
  : > "$rss"
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/$name.json" \
      "/usr/bin/time -f %M -a -o '$rss' $cmd > '$WORK/tout.$name'" >/dev/null 2>"$WORK/err.$name" || {
      echo "# $name failed: $(tail -2 "$WORK/err.$name")" >&2; return 0; }
    read -r mean sd < <("$PY" -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(r['mean'], r['stddev'] or 0)" "$WORK/$name.json")
  else   # the same with /usr/bin/time: one warmup, then RUNS timed runs
    local i secs=$WORK/secs.$name
    : > "$secs"
    for i in $(seq 0 "$RUNS"); do
      /usr/bin/time -f '%e %M' -o "$WORK/one.$name" sh -c "$cmd > '$WORK/tout.$name'" 2>"$WORK/err.$name" || {
        echo "# $name failed: $(tail -2 "$WORK/err.$name")" >&2; return 0; }
      [ "$i" -gt 0 ] && cut -d' ' -f1 "$WORK/one.$name" >> "$secs" && cut -d' ' -f2 "$WORK/one.$name" >> "$rss"
    done
    read -r mean sd < <(awk '{ s += $1; q += $1 * $1; n++ } END {
      m = s / n; v = n > 1 ? (q - n * m * m) / (n - 1) : 0; printf "%.4f %.4f\n", m, (v > 0 ? sqrt(v) : 0) }' "$secs")
  fi
  local peak; peak=$(sort -n "$rss" | tail -1)
  awk -v t="$name" -v m="$mean" -v sd="$sd" -v b="$BYTES" -v r="$DATAROWS" -v k="${peak:-0}" 'BEGIN {
    printf "%-16s %9.3f %8.3f %9.1f %12.0f %10.1f\n", t, m, sd, b / m / 1e6, r / m, k / 1024 }'
}
TABLE=$WORK/table.txt
: > "$TABLE"
# ptaudit: the default (two threads for a big UTF-8 file), one thread, and
# the company x month table (counts, timely rate, response mix, lag
# median/p90, top issue, MoM/YoY, spikes per company and month), the
# heaviest summary; outputs of one and two threads must be identical.
"$PTAUDIT" complaints -q "$FILE" --by company --to csv > "$WORK/pt2.csv" 2>/dev/null
"$PTAUDIT" complaints -q "$FILE" --by company --to csv --threads 1 > "$WORK/pt1.csv" 2>/dev/null
if cmp -s "$WORK/pt1.csv" "$WORK/pt2.csv"; then
  echo "# ptaudit complaints --threads 2 = --threads 1 (byte-identical --by company table): yes"
else
  echo "# MISMATCH: ptaudit --threads 1 vs 2 (diff $WORK/pt1.csv $WORK/pt2.csv)"
fi
"$PY" - "$WORK/pt2.csv" "$WORK/out.python" <<'PYEOF'
# ptaudit's totals against Python's csv module (the names registry merges
# spellings, so compare sums: complaints, Yes, No).
import csv, sys
t = [0, 0, 0]
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        n = int(r['complaints']); t[0] += n
        u = int(r['timely_unknown']); rate = r['timely_rate']
        yes_no = n - u
        t[1] += round(float(rate) * yes_no) if rate else 0
        t[2] += yes_no - (round(float(rate) * yes_no) if rate else 0)
p = [0, 0, 0]
for line in open(sys.argv[2], encoding='utf-8'):
    if line.startswith('#'):
        continue
    k, a, b, c = line.rstrip('\n').rsplit('\t', 3)
    p[0] += int(a); p[1] += int(b); p[2] += int(c)
print('# ptaudit totals (complaints, Yes, No) = Python csv: %s %s %s' %
      ('yes' if t == p else 'NO', t, p))
PYEOF
time_one ptaudit "'$PTAUDIT' complaints -q '$FILE' --by company" >> "$TABLE"
# The full summary (issue #7: within 1.2x of --by company): company, product
# and month tables, each with the response mix and days to send, from one
# reading; DuckDB's peer is duckdb-full (the same aggregates from one table).
time_one ptaudit-full "'$PTAUDIT' complaints -q '$FILE' --by company --by product --by month" >> "$TABLE"
time_one ptaudit-1thread "'$PTAUDIT' complaints -q '$FILE' --by company --threads 1" >> "$TABLE"
time_one ptaudit-co,month "'$PTAUDIT' complaints -q '$FILE' --by company,month" >> "$TABLE"
time_one ptaudit-narr-on "'$PTAUDIT' complaints -q '$FILE' --by company --narratives on" >> "$TABLE"
time_one bench_scan-2t "'$BENCH' scan '$FILE' 2" >> "$TABLE"
time_one bench_scan-1t "'$BENCH' scan '$FILE' 1" >> "$TABLE"
time_one bench_libcsv "'$BENCH' libcsv '$FILE'" >> "$TABLE"
if [ ! -d "$HERE/node/node_modules/@duckdb/node-api" ] && command -v npm >/dev/null; then
  echo "# installing DuckDB for node into bench/node (npm install @duckdb/node-api)" >&2
  (mkdir -p "$HERE/node" && cd "$HERE/node" && npm install --no-audit --no-fund @duckdb/node-api >/dev/null 2>&1) ||
    echo "# npm install failed: DuckDB is skipped" >&2
fi
DUCKDB_NODE=$HERE/node RUNS=$RUNS WARMUP=1 WORK=$WORK/peers ROWS=$DATAROWS \
  bash "$SHARED/tools/bench-peers.sh" "$FILE" $PEERS 2>"$WORK/peers.err" | grep -v '^#' | grep -v '^tool ' >> "$TABLE" || true
sed 's/^/# /' "$WORK/peers.err" >&2
[ -f "$WORK/peers/out.duckdb" ] && echo "# duckdb: $(cat "$WORK/peers/out.duckdb")"

echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk 'BEGIN { printf "%-16s %9s %8s %9s %12s %10s %9s\n", "tool", "seconds", "sd", "MB/s", "rows/s", "peakRSS_MB", "x_duckdb" }
     { line[NR] = $0; mbs[NR] = $4; if ($1 == "duckdb") d = $4 }
     END { for (i = 1; i <= NR; i++) printf "%s %9s\n", line[i], d ? sprintf("%.2f", mbs[i] / d) : "n/a" }' "$TABLE"
awk '$1 == "ptaudit" { c = $2 } $1 == "ptaudit-full" { f = $2 }
     END { if (c && f) printf "# full summary / --by company = %.2f (target <= 1.2)\n", f / c }' "$TABLE"

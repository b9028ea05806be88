#!/bin/sh
# The progress line on a terminal (CONTRACT.md: stderr only when it is a
# terminal; --quiet silences it; cli_progress.h). Each run happens on a
# pseudo-terminal (util-linux `script`, else python3's pty module) with
# stdin a pipe that stalls for half a second between two parts of the
# input, so the reader's first callback after the stall comes more than
# 0.2 s after its start and the line is drawn however fast the build is.
# Checked in the captured bytes: a drawn line ("\r" + label + MB/s +
# "\033[K"), then the erase "\r\033[K" right before the first "ptaudit:"
# message; --quiet and a stderr that is not a terminal get none of it.
# Usage: progress_tty.sh PTAUDIT SOURCE_DIR. Exit 77 (skipped) without a
# pty tool.
set -u
bin=$1
src=$2
cd "$src" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    tty_run() { script -qec "$1" /dev/null </dev/null >"$2" 2>&1; }
elif command -v python3 >/dev/null 2>&1 && python3 -c 'import pty' 2>/dev/null; then
    tty_run() {
        python3 -c '
import os, pty, sys
out = bytearray()
def read(fd):
    data = os.read(fd, 65536)
    out.extend(data)
    return data
pty.spawn(["sh", "-c", sys.argv[1]], read)
sys.stdout.buffer.write(bytes(out))' "$1" </dev/null >"$2" 2>/dev/null
    }
else
    echo "progress_tty: skipped: neither util-linux script nor python3 pty is available"
    exit 77
fi

esc=$(printf '\033')
cr=$(printf '\r')
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; }

# Inputs over 1 MiB on each side of the stall (the reader calls back once
# per 1 MiB block): header + the extract's records 3 times, then 3 more.
cfpb=datasets/cfpb_complaints_2023_a.csv
head -n 1 "$cfpb" >"$tmp/c1.csv"
: >"$tmp/c2.csv"
for i in 1 2 3; do
    tail -n +2 "$cfpb" >>"$tmp/c1.csv"
    tail -n +2 "$cfpb" >>"$tmp/c2.csv"
done
lc=datasets/lendingclub_2007_2008_kuhnrl30.csv
cp "$lc" "$tmp/l1.csv"
tail -n +2 "$lc" >"$tmp/l2.csv"   # the same loans again
stall() { echo "{ cat '$1'; sleep 0.5; cat '$2'; }"; }

# check NAME FILE LABEL: what comes before the first message (or all of
# it, when nothing else is printed) holds a line drawn with LABEL and ends
# with the erase.
check() {
    name=$1 file=$2 label=$3
    before=$(awk '{ i = index($0, "ptaudit:"); if (i) { printf "%s", substr($0, 1, i - 1); exit }
                    printf "%s", $0 }' "$file")
    drawn=$(printf '%s' "$before" | tr "$cr" '\n' | grep -c "^$label  .* MB/s.*$esc\[K\$")
    case "$before" in
        *"$cr$esc[K") erased=1 ;;
        *) erased=0 ;;
    esac
    if [ "$drawn" -ge 1 ] && [ $erased = 1 ]; then
        ok
    else
        bad "$name: drawn $drawn, erased $erased" \
            "captured: $(od -c "$file" | head -n 12 | tr '\n' ' ')"
    fi
}

tty_run "$(stall "$tmp/c1.csv" "$tmp/c2.csv") | '$bin' complaints - --to csv >/dev/null" "$tmp/c.out"
check "complaints from a stalled pipe" "$tmp/c.out" "-"
grep -aq "${esc}\[Kptaudit: -: cfpb, cfpb 18-column, encoding utf-8" "$tmp/c.out" &&
    grep -aq "^ptaudit: -: 6198 rows read, 6198 accepted" "$tmp/c.out" && ok ||
    bad "complaints: the messages after the erase are not intact"

tty_run "$(stall "$tmp/l1.csv" "$tmp/l2.csv") | '$bin' loans - --to csv >/dev/null" "$tmp/l.out"
check "loans from a stalled pipe" "$tmp/l.out" "-"

tty_run "$(stall "$tmp/c1.csv" "$tmp/c2.csv") | '$bin' report --complaints - \
--loans datasets/cn_installment_offers.csv --out '$tmp/rep'" "$tmp/r.out"
check "report, one line for both files" "$tmp/r.out" "2 files"
[ -f "$tmp/rep/report.md" ] && ok || bad "report: no report.md"

# --quiet on a terminal, and a stderr that is not one: nothing drawn.
tty_run "$(stall "$tmp/c1.csv" "$tmp/c2.csv") | '$bin' complaints -q - --to csv >/dev/null" "$tmp/q.out"
if grep -aq "MB/s\|$esc" "$tmp/q.out"; then bad "--quiet drew progress"; else ok; fi
sh -c "$(stall "$tmp/c1.csv" "$tmp/c2.csv") | '$bin' complaints - --to csv" >/dev/null 2>"$tmp/n.err"
if grep -aq "MB/s\|$esc\|$cr" "$tmp/n.err"; then bad "stderr to a file got progress"; else ok; fi

# A regular file: known total, two threads. Drawn only when the run lasts
# over 0.2 s (a slow build); then it must show the percentage.
head -n 1 "$cfpb" >"$tmp/big.csv"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    tail -n +2 "$cfpb" >>"$tmp/big.csv"
done
tty_run "'$bin' complaints '$tmp/big.csv' >/dev/null" "$tmp/b.out"
if grep -aq "MB/s" "$tmp/b.out"; then
    check "complaints from a regular file" "$tmp/b.out" "big.csv"
    grep -aq "big.csv  [0-9.]*/[0-9.]* MB  *[0-9]*%" "$tmp/b.out" && ok ||
        bad "regular file: no percentage"
else
    echo "progress_tty: the regular-file run took under 0.2 s: nothing to draw (fine)"
fi

echo "progress_tty: $pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# Black-box CLI tests: each case in cases.txt runs the binary and checks the
# exit status and, where given, an exact stderr/stdout line
# (datamash-error-msgs.pl style). Usage: run.sh PTAUDIT SOURCE_DIR
set -u
bin=$1
src=$2
cd "$src" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
# Each area keeps its own tests/cli/cases_AREA.txt.
# Format of cases_*.txt (tab-separated): name, expected exit, expected first
# stderr line ("-" = not checked), command line (run by sh with $PTAUDIT).
for cases in tests/cli/cases_*.txt; do
while IFS='	' read -r name want_rc want_err cmdline; do
    case "$name" in ''|'#'*) continue ;; esac
    PTAUDIT=$bin
    export PTAUDIT
    ( eval "$cmdline" ) >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    got_err=$(head -n 1 "$tmp/err")
    ok=1
    [ "$rc" = "$want_rc" ] || ok=0
    if [ "$want_err" != "-" ] && [ "$got_err" != "$want_err" ]; then ok=0; fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name: exit $rc (want $want_rc); stderr: $got_err"
        [ "$want_err" = "-" ] || echo "     want stderr: $want_err"
    fi
done < "$cases"
done
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# The golden report: runs `ptaudit report` on the hostile-name fixtures
# (tests/data/report, made by make_fixtures.py) and compares every file
# byte for byte with tests/golden/report_small/, after masking the resolved
# input paths, the only bytes that depend on where the report ran
# (CONTRACT.md "ptaudit verify"). Rendered images are not compared.
# Usage: golden.sh PTAUDIT [--update]   (run from the source root)
# --update rewrites the golden folder: review the diff and say why in the commit.
set -eu
bin=$1
mode=${2:-check}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" report --quiet \
    --loans tests/data/report/loans_hostile.csv \
    --complaints tests/data/report/complaints_hostile.csv \
    --period 2024Q4 --min-cell 10 --as-of 2025-01-15 --narratives on \
    --title 'Golden: x`touch /tmp/p` | <b>' \
    --out "$tmp/out" 2>"$tmp/stderr"
# Mask "resolved": "/abs/path" in the manifest and the submission.
for f in manifest.json submission.json; do
    sed 's/\("resolved":[[:space:]]*\)"[^"]*"/\1"<masked>"/' "$tmp/out/$f" >"$tmp/masked"
    mv "$tmp/masked" "$tmp/out/$f"
done
find "$tmp/out" \( -name '*.svg' -o -name '*.png' \) -exec rm -f {} +
# Git keeps no empty folders (plots/ before any chart exists).
find "$tmp/out" -type d -empty -delete
want=tests/golden/report_small
if [ "$mode" = "--update" ]; then
    rm -rf "$want"
    mkdir -p "$want"
    cp -R "$tmp/out/." "$want/"
    echo "golden: $want rewritten; review with git diff"
    exit 0
fi
if ! diff -r "$want" "$tmp/out" >"$tmp/diff" 2>&1; then
    head -n 40 "$tmp/diff" >&2
    echo "golden: output differs from $want (if intended: sh tests/report/golden.sh PTAUDIT --update)" >&2
    exit 1
fi
[ ! -e /tmp/p ] || { echo "golden: /tmp/p exists: a hostile name ran a command" >&2; exit 1; }
echo "golden: identical"

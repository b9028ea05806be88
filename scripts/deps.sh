#!/bin/sh
# Installs the Debian packages ptaudit builds, tests and renders with.
# As root: `apt-get update` once, then `apt-get install -y` of what is missing.
# Otherwise: prints the exact sudo line and stops (exit 1).
# Usage: scripts/deps.sh [--test|--bench]   (what only the tests / the benchmarks need)
set -eu
pkgs="gcc make cmake libc6-dev libcsv-dev libcjson-dev nettle-dev uthash-dev libxxhash-dev gnuplot-nox"
if [ "${1:-}" = "--bench" ]; then
    # bench/run.sh: hyperfine times the runs; miller and pandas are the
    # issue's peers (DuckDB comes from npm into bench/node)
    pkgs="$pkgs python3 hyperfine miller python3-pandas"
fi
if [ "${1:-}" = "--test" ]; then
    # clang + libclang-rt-14-dev (libFuzzer, not pulled in without recommends): ctest
    # fuzz_ci, skipped without them; valgrind: the valgrind target (docs/limits.md)
    pkgs="$pkgs libcmocka-dev python3 clang libclang-rt-14-dev valgrind"
fi
missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "ptaudit needs these Debian packages:$missing" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "Installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing </dev/null

#!/bin/sh
# The whole suite under valgrind memcheck (issue #8 item 4): configures a
# build WITHOUT sanitizers in BUILD_DIR (ASan and valgrind do not mix), where
# every ctest whose command is one of our executables (unit tests, fuzz
# replays) runs as `valgrind ... EXE`, and tests/bad/run.py wraps ptaudit
# the same way (PT_BAD_WRAPPER). Any memcheck error or definite/indirect
# leak exits 99 and fails its test. fuzz_ci is left out (it builds clang
# binaries with their own sanitizers).
# Usage: tests/valgrind.sh BUILD_DIR [CTEST ARGS...]
# (or: cmake --build build --target valgrind). Needs the Debian package valgrind.
set -eu
build=$1
shift
src=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind not found: install the Debian package valgrind (apt-get install valgrind)" >&2
    exit 1
fi
vg="valgrind;--error-exitcode=99;--leak-check=full;--show-leak-kinds=definite,indirect"
vg="$vg;--errors-for-leak-kinds=definite,indirect;-q"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DPT_SANITIZE=OFF -DPT_FUZZ=OFF \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=$vg" >/dev/null
cmake --build "$build" -j 2
PT_BAD_WRAPPER=$(echo "$vg" | tr ';' ' ')
export PT_BAD_WRAPPER
ctest --test-dir "$build" --output-on-failure --timeout 1800 -E '^fuzz_ci$' "$@"

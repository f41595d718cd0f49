#!/usr/bin/env bash
# The heavy checks, kept out of the normal suite (scripts/test.sh) for time: builds the whole
# project with AddressSanitizer and UndefinedBehaviorSanitizer (the asan preset, build/asan) and
# runs every test program under them, then a longer monkey run (EMUPLAY_MONKEY_ACTIONS, default
# 5000). Installs what is missing first, like test.sh. Takes about an hour and a half on two
# cores from a clean tree. Extra arguments go to ctest (e.g. -R sandbox).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" --no-build
cd "$ROOT"
[ -f build/asan/CMakeCache.txt ] || cmake --preset asan
cmake --build --preset asan -j "$(nproc 2>/dev/null || echo 2)"
export QT_QPA_PLATFORM=offscreen
# Qt and fontconfig keep allocations until exit on purpose: leaks are not what this looks for.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Sanitized code runs up to ten times slower: the tests' waits for pages and processes grow
# with it (tests/common/timeouts.h), as CTest's per-program limit does (the preset's 3000 s).
export EMUPLAY_TEST_TIMEOUT_SCALE=10
export QTEST_FUNCTION_TIMEOUT=3000000 # QtTest's own limit per test function (default 300 s)
ctest --preset asan -j "$(nproc 2>/dev/null || echo 2)" "$@"
EMUPLAY_MONKEY_ACTIONS="${EMUPLAY_MONKEY_ACTIONS:-5000}" ctest --preset asan -R '^test_monkey$'

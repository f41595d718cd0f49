#!/usr/bin/env bash
# Fuzzes the readers of untrusted files with libFuzzer (clang, AddressSanitizer, UBSan), each for
# a bounded time: FUZZ_SECONDS per target (default 60). The targets are tests/fuzz/fuzz_*.cpp:
# the CSV reader, a simulator's printed output, the tutorial reader and the session reader (the
# whole main window behind it). They are built with the fuzz preset (build/fuzz; the first build
# compiles the engine and the user interface with clang, about half an hour on two cores). Seed
# corpora are in tests/fuzz/corpus/; new inputs go to build/fuzz/corpus-* (the seeds in tests/
# stay as they are) and a crashing input to build/fuzz/crash-*, to be copied into
# tests/fuzz/corpus/ once fixed, where the normal suite replays it (test_fuzz_corpus_*).
# Installs clang and its libFuzzer if missing. Extra arguments: the targets to run (default all).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
"$ROOT/scripts/setup.sh" --no-build
NEEDED=(clang libclang-rt-14-dev)
missing=()
for p in "${NEEDED[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Install first: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cd "$ROOT"
[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz
cmake --build --preset fuzz -j "$(nproc 2>/dev/null || echo 2)"

OUT="$ROOT/build/fuzz"
export QT_QPA_PLATFORM=offscreen
# Qt and fontconfig keep allocations until exit on purpose: leaks are not what this looks for.
export ASAN_OPTIONS="detect_leaks=0"
# target: corpus folder in tests/fuzz/corpus and the largest input tried (a saved session of one
# lesson is up to ~30 KB; the other files are small).
declare -A CORPUS=([csv_reader]=csv [program_output]=program_output [tutorial]=tutorial [session]=session)
declare -A MAX_LEN=([csv_reader]=4096 [program_output]=4096 [tutorial]=8192 [session]=65536)
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(csv_reader program_output tutorial session)
status=0
for target in "${targets[@]}"; do
  work="$OUT/corpus-$target"
  mkdir -p "$work"
  echo "== fuzz_$target: ${SECONDS_PER_TARGET} s"
  if "$OUT/tests/fuzz/fuzz_$target" -max_total_time="$SECONDS_PER_TARGET" -max_len="${MAX_LEN[$target]}" \
       -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$OUT/crash-$target-" \
       "$work" "$ROOT/tests/fuzz/corpus/${CORPUS[$target]}" 2> "$OUT/fuzz_$target.log"; then
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$OUT/fuzz_$target.log" || true
  else
    status=1
    tail -40 "$OUT/fuzz_$target.log"
  fi
done
exit $status

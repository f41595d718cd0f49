#!/usr/bin/env bash
# Fuzzes the readers of untrusted text with libFuzzer (clang, AddressSanitizer, UBSan), each for
# a bounded time: FUZZ_SECONDS per target (default 60). Targets and their seed corpora are in
# tests/fuzz/; new inputs go to build/fuzz/corpus-* (the seeds in tests/ stay as they are) and a
# crashing input to build/fuzz/crash-*, to be copied into tests/fuzz/corpus/ once fixed, where
# the normal suite replays it (test_fuzz_corpus_*). Installs clang and its libFuzzer if missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
NEEDED=(clang libclang-rt-14-dev libeigen3-dev)
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

OUT="$ROOT/build/fuzz"
mkdir -p "$OUT"
FLAGS=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I"$ROOT" -isystem /usr/include/eigen3)
# name: corpus folder and the engine sources the target needs (the readers are plain C++).
declare -A SOURCES=(
  [csv_reader]="engine/data/csv_reader.cpp engine/core/errors.cpp engine/core/matrix_checks.cpp
                engine/design/parameter_space.cpp engine/sandbox/sandbox_runs.cpp engine/sim/flat_json.cpp"
  [program_output]="engine/sim/flat_json.cpp engine/core/errors.cpp"
)
declare -A CORPUS=([csv_reader]=csv [program_output]=program_output)
status=0
for target in "${!SOURCES[@]}"; do
  binary="$OUT/fuzz_$target"
  sources=()
  for s in ${SOURCES[$target]}; do sources+=("$ROOT/$s"); done
  clang++ "${FLAGS[@]}" "$ROOT/tests/fuzz/fuzz_$target.cpp" "${sources[@]}" -o "$binary"
  work="$OUT/corpus-$target"
  mkdir -p "$work"
  echo "== fuzz_$target: ${SECONDS_PER_TARGET} s"
  if "$binary" -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$OUT/crash-$target-" "$work" "$ROOT/tests/fuzz/corpus/${CORPUS[$target]}" \
       2> "$OUT/fuzz_$target.log"; then
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$OUT/fuzz_$target.log" || true
  else
    status=1
    tail -40 "$OUT/fuzz_$target.log"
  fi
done
exit $status

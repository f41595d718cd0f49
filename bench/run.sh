#!/usr/bin/env bash
# Builds the release preset and runs every benchmark (bench_*), writing bench/results/NAME.json
# (one JSON object per line). Run on an otherwise idle machine; single-threaded unless stated.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
mkdir -p "$ROOT/bench/results"
for exe in "$ROOT"/build/release/bench/bench_*; do
  [ -x "$exe" ] || continue
  name=$(basename "$exe")
  echo "== $name"
  "$exe" | tee "$ROOT/bench/results/$name.json"
done
# Comparison with scikit-learn (needs Debian's python3-sklearn; skipped without it).
if /usr/bin/python3 -c "import sklearn" 2>/dev/null; then
  echo "== gp_vs_sklearn"
  /usr/bin/python3 "$ROOT/bench/gp_vs_sklearn.py" | tee "$ROOT/bench/results/gp_vs_sklearn.json"
else
  echo "== gp_vs_sklearn skipped: apt-get install python3-sklearn to run it"
fi

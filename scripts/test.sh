#!/usr/bin/env bash
# Installs what is missing, builds (incrementally) and runs every test headless through CTest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
ctest --preset "${EMUPLAY_PRESET:-release}" -j "$(nproc 2>/dev/null || echo 2)" "$@"

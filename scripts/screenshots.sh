#!/usr/bin/env bash
# Regenerates the pictures in docs/ from the app itself: builds incrementally (scripts/setup.sh,
# as run.sh does), renders each lesson off screen with `emuplay --screenshot DIR --page ID`, one
# fresh process per lesson so each picture shows the lesson as a newcomer first sees it, and
# writes docs/ID.png.
#
#   scripts/screenshots.sh            every picture the README shows
#   scripts/screenshots.sh ID ...     only these lessons (ids as in `emuplay --page ID`)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${EMUPLAY_PRESET:-release}"
APP="$ROOT/build/$PRESET/app/emuplay"

# The README's pictures, in the order it shows them.
PAGES=(welcome gaussian-processes bo-2d car-bo emulate-the-car olympic-marathon mf-1d mf-car formula-one deployed-system sandbox-simulator)
if [ "$#" -gt 0 ]; then
  PAGES=("$@")
fi

"$ROOT/scripts/setup.sh"

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$ROOT/docs"
for id in "${PAGES[@]}"; do
  # Qt's off-screen plugin chatters on stderr: show it only when the page fails.
  if ! log="$(QT_QPA_PLATFORM=offscreen "$APP" --screenshot "$OUT" --page "$id" 2>&1)"; then
    echo "$log" >&2
    exit 1
  fi
  cp "$OUT/$id.png" "$ROOT/docs/$id.png"
  printf '%-32s %4d KB\n' "docs/$id.png" "$(( $(stat -c %s "$ROOT/docs/$id.png") / 1024 ))"
done

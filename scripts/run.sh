#!/usr/bin/env bash
# Installs what is missing, builds (incrementally) and starts the Emulation Playground GUI.
# Arguments are passed to emuplay, e.g. `scripts/run.sh --page gaussian-processes`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
exec "$ROOT/build/${EMUPLAY_PRESET:-release}/app/emuplay" "$@"

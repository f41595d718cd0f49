#!/usr/bin/env bash
# Shared by run.sh, test.sh and package.sh: installs the Debian packages that are missing (as
# root; prints the exact sudo line otherwise), then configures and builds the release preset
# incrementally. `setup.sh --no-build` only installs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET="${EMUPLAY_PRESET:-release}"

PACKAGES=(
  g++ cmake make ccache
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-qpa-plugins libqt6opengl6-dev libgl-dev
  libeigen3-dev libbox2d-dev liblbfgspp-dev
  pkgconf libgif-dev libavcodec-dev libavformat-dev libswscale-dev libavutil-dev
  fonts-dejavu-core
  dpkg-dev file
)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_missing() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 1
  fi
  echo "Installing: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
}

build() {
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  cd "$ROOT"
  if [ ! -f "build/$PRESET/CMakeCache.txt" ]; then
    cmake --preset "$PRESET"
  fi
  cmake --build --preset "$PRESET" -j "$jobs"
}

install_missing
[ "${1:-}" = "--no-build" ] || build

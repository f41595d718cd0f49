#!/usr/bin/env bash
# Builds the Debian package: installs what is missing, configures the portable `package` preset
# (Release without -march=native, no tests), builds emuplay and emuplay-cli and runs cpack.
# Prints the path of the .deb; install it with `apt install ./build/package/emuplay_*.deb`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" --no-build
cd "$ROOT"
# Configure every time, so that the cache holds the preset's EMUPLAY_NATIVE=OFF whatever was
# set before: a package built for this machine's processor may crash on another one.
cmake --preset package
cmake --build --preset package -j "$(nproc 2>/dev/null || echo 2)"
cpack --config build/package/CPackConfig.cmake -B build/package | tee build/package/cpack.log
deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' build/package/cpack.log)
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
  echo "package.sh: cpack reported no .deb (see build/package/cpack.log)" >&2
  exit 1
fi
echo "$deb"

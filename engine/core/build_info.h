#pragma once
// Versions of the engine and of the libraries it is built on (for About boxes and the CLI).

#include <string>

namespace emu {

/// Emulation Playground's version, e.g. "0.1.0".
std::string emuplayVersion();
/// Eigen's version as "world.major.minor".
std::string eigenVersion();

} // namespace emu

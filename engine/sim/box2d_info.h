#pragma once
// Facts about the Box2D library the simulators are built on (for the About box and the CLI).

#include <string>

namespace emu {

/// Box2D's version as "major.minor.revision".
std::string box2dVersion();

} // namespace emu

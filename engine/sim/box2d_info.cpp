#include "engine/sim/box2d_info.h"

#include <box2d/b2_common.h>

namespace emu {

std::string box2dVersion()
{
    return std::to_string(b2_version.major) + "." + std::to_string(b2_version.minor) + "." +
           std::to_string(b2_version.revision);
}

} // namespace emu

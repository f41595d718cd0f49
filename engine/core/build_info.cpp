#include "engine/core/build_info.h"

#include "engine/core/version.h"

#include <Eigen/Core>

namespace emu {

std::string emuplayVersion()
{
    return EMUPLAY_VERSION;
}

std::string eigenVersion()
{
    return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
           std::to_string(EIGEN_MINOR_VERSION);
}

} // namespace emu

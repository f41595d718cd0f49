#pragma once
// Wall-clock timing of engine work: the seconds that results report.

#include <chrono>

namespace emu {

using Clock = std::chrono::steady_clock;

/// Wall-clock seconds since `start`.
inline double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

} // namespace emu

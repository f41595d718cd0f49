#pragma once
// Internal to the emulator code of engine/sim: timing and fitting with nested progress.

#include "engine/core/progress.h"

#include <chrono>

namespace emu {

class GaussianProcess;
struct FitOptions;

namespace detail {

using Clock = std::chrono::steady_clock;

/// Wall-clock seconds since `start`.
double secondsSince(Clock::time_point start);

/// gp.fit(options) reporting into [from, to] of `parent` and stopping when `parent` is cancelled.
void fitWithProgress(GaussianProcess& gp, const FitOptions& options, Progress& parent, double from,
                     double to);

} // namespace detail
} // namespace emu

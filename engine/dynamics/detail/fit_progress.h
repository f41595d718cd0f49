#pragma once
// Internal to the emulator code of engine/sim: timing and fitting with nested progress.

#include "engine/core/progress.h"
#include "engine/core/stopwatch.h"

namespace emu {

class GaussianProcess;
struct FitOptions;

namespace detail {

using emu::Clock;
using emu::secondsSince;

/// gp.fit(options) reporting into [from, to] of `parent` and stopping when `parent` is cancelled.
void fitWithProgress(GaussianProcess& gp, const FitOptions& options, Progress& parent, double from,
                     double to);

} // namespace detail
} // namespace emu

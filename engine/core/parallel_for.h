#pragma once
// Runs independent pieces of work on a few threads: for slow external programs (each waits on
// its own process) rather than for arithmetic, which Eigen and the job runner already spread.

#include "engine/core/types.h"

#include <functional>

namespace emu {

/// Calls body(i) for i = 0 … n−1 on up to `threads` threads, the calling thread one of them;
/// each thread takes the next index when it is done, so a slow piece holds up no other. body
/// must be safe to run for different i at once. The first exception a body throws is rethrown
/// here once every thread has stopped (the indices not yet taken are skipped).
void parallelFor(Index n, int threads, const std::function<void(Index)>& body);

} // namespace emu

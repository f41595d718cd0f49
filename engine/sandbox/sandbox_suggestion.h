#pragma once
// The sandbox's multi-input emulator and its Bayesian optimisation: a GP over all inputs of one
// chosen output (makeBayesianOptimizationModel: Matérn 5/2 ARD, constant mean, fitted noise),
// trained on every run, and the point that maximises expected improvement for minimising the
// output, or maximising it (the GP is then trained on −y). One suggestion at a time: the user
// sees it and accepts it (runs the simulator there) or not.

#include "engine/core/types.h"

#include <cstdint>

namespace emu {

class ParameterSpace;
struct SandboxRuns;

struct SandboxSuggestion
{
    RowVector x;          ///< where to run next
    double mean = 0.0;    ///< the emulator's prediction of the output there
    double sd = 0.0;      ///< its standard deviation
    double bestSoFar = 0.0; ///< the best output among the runs (min or max)
};

/// Fits the emulator of `output` on `runs` and maximises expected improvement over `inputs`.
/// Throws InvalidInput for fewer than 2 runs, a bad output index or runs outside `inputs`.
SandboxSuggestion suggestSandboxRun(const ParameterSpace& inputs, const SandboxRuns& runs,
                                    Index output, bool maximise, std::uint64_t seed);

} // namespace emu

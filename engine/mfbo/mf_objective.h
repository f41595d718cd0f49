#pragma once
// What a multi-fidelity optimisation runs (MfObjective): levels of one quantity on one box, each
// run at a cost; registered test problems as objectives, with their noise; and a test
// problem's best value, which regrets are measured from.

#include "engine/core/types.h"
#include "engine/design/parameter_space.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace emu {

class MultiFidelityProblem;

/// One run's value and what it cost.
struct MfRunOutcome
{
    double value = 0.0;
    double cost = 0.0;
};

/// What a multi-fidelity optimisation runs: levels of one quantity on one box, lowest first.
struct MfObjective
{
    std::string name;
    ParameterSpace space;
    std::vector<double> costs; ///< the cost of one run at each level (positive)
    /// Per level (empty: none): the cost is the run's wall time in seconds, `costs` the
    /// estimate before the first run.
    std::vector<bool> measuredCosts;
    /// Values at the rows of X (n×d) at `level`; may throw.
    std::function<Vector(Index level, const Matrix& X)> evaluate;
    /// Optional: one run at x that also says what it cost (a simulator's steps, say). When set,
    /// the loop runs through it and records that cost at every level, `costs` being the
    /// estimates before the first run of each.
    std::function<MfRunOutcome(Index level, const RowVector& x)> runWithCost;
};

/// A registered problem as an objective, with its own costs or `costs` in their place; a level
/// with noise adds it to every run, drawn from a generator seeded with `noiseSeed`.
MfObjective problemObjective(const MultiFidelityProblem& problem, std::vector<double> costs = {},
                             std::uint64_t noiseSeed = 0);

/// The least noiseless value of sign × a test problem's top level (sign −1: minus its greatest),
/// found by the acquisition optimiser (16,384 Sobol anchors, the best 10 polished): what its
/// regrets are measured from.
struct MfMinimum
{
    RowVector x;
    double value = 0.0;
};
MfMinimum highestLevelMinimum(const MultiFidelityProblem& problem, double sign = 1.0, std::uint64_t seed = 0);

/// The objective with every value negated: maximising f is minimising −f.
MfObjective negated(MfObjective objective);

} // namespace emu

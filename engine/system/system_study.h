#pragma once
// What the lesson and the CLI ask of a system and its emulators: the downstream effect of an
// intervention, predicted and then measured; Sobol indices of every output on the
// interventions; and the two emulators compared for accuracy against the runs they cost.
//
// Measured effects use common random numbers: the runs before and after the change share their
// random inputs, so the difference is the intervention's and not the days' luck.
//
// Comparison: for each budget n and seed, a whole-system emulator of n runs and a component-wise
// one of n runs per component (the same cost: a whole-system run costs what one run of every
// component does) predict the expected outputs at held-out interventions (a Latin hypercube);
// the truth there is the mean of `replicates` system runs. Error per output:
//     normalised error = RMSE(prediction − truth) / sd(truth over the held-out points),
// so 0 is perfect and 1 is no better than predicting the average.
//
// After a change (a component retrained or reconfigured, a condition moved, the wiring changed),
// compareAfterChange() asks what each emulator costs to be right again about the changed system:
// the whole-system emulator is trained anew on n runs of it (the one trained before, "stale", is
// scored too); the component-wise one, trained on the system before, is adapted (adaptedTo):
// only the components that changed get n new runs, priced at their own cost.

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/sensitivity/sobol_indices.h"
#include "engine/system/system.h"
#include "engine/system/system_emulation.h"

#include <cstdint>
#include <vector>

namespace emu {

/// A change of the interventions as paired runs of the system measure it.
struct MeasuredChange
{
    RowVector change; ///< mean change of each output over the pairs
    RowVector se;     ///< its standard error
    Index runs = 0;   ///< pairs that ran
};

/// Runs the system `runs` times at each setting with shared random inputs. Failed runs are left
/// out (both of a pair); throws InvalidInput if fewer than 2 pairs succeed.
MeasuredChange measureChange(const System& system, const RowVector& before, const RowVector& after, Index runs,
                             std::uint64_t seed, Progress& progress = Progress::none());

/// Whether the measured change of output o lies within k standard deviations of the predicted
/// one, counting the doubt of both: |measured − predicted| ≤ k √(sd² + se²).
bool changeAgrees(const PredictedChange& predicted, const MeasuredChange& measured, Index o, double k = 2.0);

/// Sobol indices of every output's expected value on the interventions, from the whole-system
/// emulator's mean (one entry per output).
std::vector<SobolIndices> interventionSobolIndices(const System& system, const WholeSystemEmulator& emulator,
                                                   const SobolSettings& settings,
                                                   Progress& progress = Progress::none());

/// Settings of compareSystemEmulators().
struct SystemComparisonSettings
{
    std::vector<Index> budgets{10, 20, 40, 80, 160}; ///< runs (of the system, or of every component)
    int seeds = 10;
    Index heldOut = 50;    ///< held-out intervention settings
    Index replicates = 200; ///< system runs averaged for the truth at each
    int samples = 200;     ///< composition samples per prediction
    std::uint64_t seed = 1;
};

/// Normalised errors of both emulators over budgets and seeds.
struct SystemComparison
{
    std::vector<Index> budgets;
    std::vector<std::string> outputs;
    /// [budget][seed] → normalised error per output
    std::vector<std::vector<RowVector>> whole;
    std::vector<std::vector<RowVector>> composed;
    /// After a change only: the whole-system emulator trained before it, not retrained.
    std::vector<std::vector<RowVector>> stale;
    /// Per budget: what the runs made to train (or, after a change, to adapt) each cost.
    std::vector<double> wholeCost;
    std::vector<double> composedCost;
    /// The median over seeds, budgets × outputs.
    Matrix medianWhole() const;
    Matrix medianComposed() const;
    Matrix medianStale() const;
    /// Per output: the smallest budget whose median error is at most `target` (−1: none).
    static std::vector<Index> runsToReach(const Matrix& medians, const std::vector<Index>& budgets,
                                          double target);
};

/// The emulators' seed for the comparison's seed number `seedIndex` (0, 1, …).
std::uint64_t comparisonSeed(const SystemComparisonSettings& settings, int seedIndex);

SystemComparison compareSystemEmulators(const System& system, const SystemComparisonSettings& settings,
                                        Progress& progress = Progress::none());
/// The comparison after `before` became `after` (see the file comment); the truth is the
/// changed system's. Throws InvalidInput if their interventions differ.
SystemComparison compareAfterChange(const System& before, const System& after, const SystemComparisonSettings& settings,
                                    Progress& progress = Progress::none());

} // namespace emu

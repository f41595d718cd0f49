#pragma once
// Cost-aware multi-fidelity BO on a registered test problem, run to the end of its budget with
// the recommendation's regret on the true top level after every run: the curve of regret against
// cost spent that the benchmark and the Formula One lesson compare methods by.
//
// Regret = sign × f_top(recommendation) − min over the box of sign × f_top (≥ 0 up to the
// search's accuracy), with sign −1 for a maximised problem. Runs of a noisy level are measured
// with noise seeded by the loop's seed; the regret uses the noiseless top level.

#include "engine/core/progress.h"
#include "engine/mfbo/mf_bo_loop.h"

#include <limits>
#include <string>
#include <vector>

namespace emu {

class MultiFidelityProblem;

/// What runMfBoStudy() runs.
struct MfBoStudySettings
{
    std::string problemId = "forrester";
    bool maximise = false; ///< maximise the problem's top level instead of minimising it
    MfBoSettings loop;     ///< budget, acquisition, seed, …
};

/// The regret of a run after each of its runs that followed a fit.
struct MfRegretCurve
{
    std::vector<double> spent;  ///< cost spent after the run
    std::vector<double> regret; ///< the recommendation's regret then
};

/// Outcome of runMfBoStudy().
struct MfBoStudyResult
{
    std::vector<MfBoRun> runs;
    std::vector<double> spentPerLevel;
    MfRegretCurve curve;
    double minimum = 0.0;                 ///< least value of sign × f_top
    std::vector<double> iterationSeconds; ///< suggest() of every iteration after the design
    std::vector<Index> iterationRuns;     ///< the runs observed when each was suggested
};

/// The problem's objective for a study: noise seeded by the loop's seed, negated to maximise.
MfObjective studyObjective(const MultiFidelityProblem& problem, const MfBoStudySettings& settings);
/// The regret of recommending `x` on the problem's noiseless top level.
double recommendationRegret(const RowVector& x, const MultiFidelityProblem& problem, bool maximise,
                            double minimum);
/// Runs the loop to the end of its budget; throws InvalidInput for an unknown problem or bad
/// settings, Cancelled when cancelled. `minimum`: the problem's known least value of sign × f_top
/// (NaN: searched for with highestLevelMinimum()).
MfBoStudyResult runMfBoStudy(const MfBoStudySettings& settings, Progress& progress = Progress::none(),
                             double minimum = std::numeric_limits<double>::quiet_NaN());

} // namespace emu

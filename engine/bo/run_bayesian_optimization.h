#pragma once
// One-call Bayesian optimisation of a benchmark function, for the CLI and for scripted
// comparisons: initial design → BayesianOptimizationLoop with a GP → plain result with the
// regret against the function's known minimum. runRandomSearch() is the baseline with the same
// result type.
//
// Regret = best value found − global minimum (≥ 0; 0 means the minimum was found).

#include "engine/bo/bo_state.h"
#include "engine/core/progress.h"
#include "engine/core/types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace emu {

class GaussianProcess;
class TestFunction;

/// What runBayesianOptimization() does.
struct BoRunOptions
{
    std::string functionId = "branin"; ///< benchmark function id (functionRegistry())
    Index dimension = 0;               ///< for variable-dimension functions; 0: default
    std::string acquisitionId = "ei";  ///< acquisitionRegistry() id
    /// Acquisition parameters to override, e.g. {"jitter", 0.1}.
    std::vector<std::pair<std::string, double>> acquisitionParameters;
    std::string designId = "lhs";      ///< initial design method (designRegistry())
    int initialPoints = 10;            ///< size of the initial design (≥ 1)
    int iterations = 40;               ///< loop iterations after the design
    std::string kernelId = "matern52"; ///< GP kernel (ARD)
    LoopSettings loop;                 ///< batch size, refits, optimiser; loop.seed is unused
    std::uint64_t seed = 0;            ///< seeds the design and the loop
};

/// Outcome of runBayesianOptimization() / runRandomSearch().
struct BoRunResult
{
    std::string functionId;
    std::string acquisitionId;       ///< "random" for random search
    Index initialPoints = 0;         ///< the first rows of points are the initial design
    Matrix points;                   ///< every evaluated point in order (n×d)
    Vector values;                   ///< the objective at each (n)
    Vector bestSoFar;                ///< best value among the first i+1 evaluations (n)
    Vector regretPerIteration;       ///< regret after the design (entry 0) and each iteration;
                                     ///< random search: after each evaluation
    RowVector bestPoint;             ///< the best point found
    double bestValue = 0.0;          ///< the best value found
    double minimumValue = 0.0;       ///< the function's known global minimum
    double regret = 0.0;             ///< bestValue − minimumValue
    BoState state;                   ///< the loop's full history (empty for random search)
    double totalSeconds = 0.0;       ///< wall-clock time of the whole run
    double fitSeconds = 0.0;         ///< of which fitting hyperparameters
    double acquisitionSeconds = 0.0; ///< of which updating and maximising the acquisition
    double evaluationSeconds = 0.0;  ///< of which evaluating the function
};

/// The GP the convenience runs use: the kernel with ARD, constant mean, normalised outputs,
/// and a small fitted noise (benchmark functions are deterministic, but a noise floor keeps
/// the fit well conditioned).
std::unique_ptr<GaussianProcess>
makeBayesianOptimizationModel(Index inputDim, const std::string& kernelId = "matern52");

/// Runs options.functionId; throws InvalidInput for unknown ids or invalid counts, Cancelled if
/// progress is cancelled.
BoRunResult runBayesianOptimization(const BoRunOptions& options,
                                    Progress& progress = Progress::none());
/// Runs on the given function (options.functionId and dimension are ignored).
BoRunResult runBayesianOptimization(const TestFunction& function, const BoRunOptions& options,
                                    Progress& progress = Progress::none());
/// `evaluations` uniform random points in the function's space (seeded): the baseline.
BoRunResult runRandomSearch(const TestFunction& function, int evaluations, std::uint64_t seed);

} // namespace emu

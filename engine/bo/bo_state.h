#pragma once
// Plain value structs of the Bayesian-optimisation loop: its settings, stopping conditions and
// full history. They hold no pointers into the engine, so the UI can copy a snapshot to the GUI
// thread, replay it iteration by iteration, and save it.
//
// Replay: iteration i was suggested by the model fitted to the first `dataCount` rows of X/y
// with the log hyperparameters `hyperparameters` (replayModel() in bayesian_optimization_loop.h
// rebuilds it), so storing the model itself per iteration is never needed.

#include "engine/bo/acquisition_optimizer.h"
#include "engine/core/types.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace emu {

/// Settings of a BayesianOptimizationLoop.
struct LoopSettings
{
    int batchSize = 1;          ///< q points per suggestion; q > 1 uses local penalisation
    int refitEvery = 1;         ///< refit hyperparameters every k iterations; 0: never refit
    int fitRestarts = 3;        ///< random restarts of the first fit
    int refitRestarts = 1;      ///< random restarts of later fits (warm-started from the last)
    int fitMaxIterations = 100; ///< optimiser iterations per fit start
    AcquisitionOptimizerSettings optimizer; ///< anchors and polishing of the acquisition
    std::uint64_t seed = 0;                 ///< seeds fits, acquisition updates and anchors
};

/// When BayesianOptimizationLoop::run() stops: at the first condition met (0 turns one off).
struct StoppingCondition
{
    int maxIterations = 0;           ///< iterations of this run() call
    int maxEvaluations = 0;          ///< evaluations in the whole history (initial design too)
    int noImprovementIterations = 0; ///< consecutive iterations without a lower best value
    double targetValue = -std::numeric_limits<double>::infinity(); ///< best value ≤ target
};

/// Why run() returned.
enum class StopReason
{
    MaxIterations,
    EvaluationBudget,
    NoImprovement,
    TargetReached,
    Cancelled, ///< the Progress was cancelled; the history holds every completed iteration
};

/// "max-iterations", "evaluation-budget", "no-improvement", "target-reached", "cancelled".
std::string stopReasonName(StopReason reason);

/// One suggest → evaluate → observe round.
struct BoIteration
{
    int index = 0;            ///< 0, 1, 2, … in the order of the history
    Index dataCount = 0;      ///< observations the model had when suggesting (a prefix of X)
    Matrix suggested;         ///< the suggested points (q×d)
    Vector acquisitionValues; ///< the acquisition at each suggested point (q)
    Vector values;            ///< the objective at each observed point (q)
    double bestValue = 0.0;   ///< best observed value after this iteration
    bool refitted = false;    ///< whether the hyperparameters were fitted for this suggestion
    Vector hyperparameters;   ///< log hyperparameters used (GaussianProcess; empty otherwise)
    double fitSeconds = 0.0;  ///< time spent fitting hyperparameters
    double acquisitionSeconds = 0.0; ///< time spent updating and maximising the acquisition
    double evaluationSeconds = 0.0;  ///< time spent in the objective (step()/run() only)
};

/// The full history of a loop.
struct BoState
{
    Matrix X;         ///< every observed point in order, initial design first (n×d)
    Vector y;         ///< the objective at each point (n)
    Vector bestSoFar; ///< bestSoFar(i) = min(y(0..i)) (n)
    std::vector<BoIteration> iterations; ///< in order
    std::string acquisitionId;           ///< the acquisition in use
    std::string modelName;               ///< the model's name()

    /// Number of observations.
    Index size() const { return y.size(); }
    /// Row of the lowest observation; −1 if there is none.
    Index bestIndex() const;
    /// The lowest observed value; +inf if there is none.
    double bestValue() const;
    /// The point of the lowest observation (1×d; empty if there is none).
    RowVector bestPoint() const;
};

} // namespace emu

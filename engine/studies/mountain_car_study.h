#pragma once
// The mountain car experiments of the talk as plain functions returning plain result structs:
// what `emuplay-cli mountain-car` prints and the mountain car pages animate.
//
//  (a) A random linear controller: θ uniform in ControllerDomain (seeded) and its episode.
//  (b) Direct Bayesian optimisation of the episode reward R(θ) on a simulator, ignoring the
//      car's dynamics: an initial design of controllers, then EI iterations, each iteration one
//      episode. The talk's budget is 25 + 50 = 75 episodes of at most 500 steps, i.e. 37,500
//      simulator calls; episodes stop at the goal, so the calls actually made are fewer (they
//      equal the sum of the episodes' steps).
//  (c) The posterior and acquisition of (b) at any iteration on a (θp, θv) grid at fixed θ0,
//      for heat maps, so a page never touches the loop's internals.
//
// Conventions of (b):
//  - BO minimises. R(θ) = 100 [goal] − 0.1 Σ u_t² is at most 100 and the best controllers sit
//    just inside a +100 cliff (they barely reach the goal with the least effort), so a GP of −R
//    spends its variance on the cliff and cannot see the few reward units that separate good
//    from best controllers. The default objective is therefore the log reward gap
//        y(θ) = log(101 − R(θ))
//    a monotone transform (same minimiser) that shrinks the cliff to the size of the differences
//    near the top: over 60 seeds of the talk's experiment the best reward found rises from 97.6
//    (y = −R) to 98.1 (random search with the same 75 episodes: 97.4; the best controller of a
//    million random ones: 99.2). DirectBoObjective::NegativeReward (y = −R) is kept to compare.
//    BoState's values and bestSoFar are y; every reward elsewhere in the result is R.
//  - The GP works on the unit cube: u_j = (θ_j − lower_j)/(upper_j − lower_j) in the order
//    (θp, θv, θ0). θv spans ±1/0.07 ≈ ±14.3 while θp and θ0 span about 2, so one lengthscale
//    box fits all three inputs only after this scaling. BoState.X (and the suggested points in
//    BoState.iterations) are unit-cube rows; every other θ in the result is in controller units.
//  - The model is a Matérn 5/2 ARD GP with a constant mean, normalised outputs and a fitted
//    noise variance: the noise term absorbs what is left of the cliff instead of forcing tiny
//    lengthscales that would make the posterior useless away from the data.
//  - Deterministic: the same settings (seed included) give the same history.

#include "engine/bo/bo_state.h"
#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/sim/episode_trace.h"
#include "engine/sim/rollout.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class Acquisition;
class GaussianProcess;
class Model;
class ParameterSpace;

// --- (a) random controller ---------------------------------------------------------------

/// A seeded random controller and its episode.
struct RandomControllerResult
{
    LinearController controller; ///< uniform in ControllerDomain
    EpisodeTrace trace;          ///< its episode in full
};

/// Draws LinearController::random(seed) and runs it on the simulator `simulatorId`. Throws
/// InvalidInput for an unknown simulator or invalid episode settings.
RandomControllerResult runRandomController(const std::string& simulatorId, std::uint64_t seed,
                                           const EpisodeSettings& episode = {});

// --- (b) direct Bayesian optimisation --------------------------------------------------------

/// What the GP models and BO minimises (see the file comment).
enum class DirectBoObjective
{
    LogRewardGap,   ///< y = log(101 − R): the default, better at telling good from best
    NegativeReward, ///< y = −R
};

/// "log-gap" or "negative-reward" (files, the CLI).
std::string directBoObjectiveId(DirectBoObjective objective);
/// The objective y of a reward R.
double directBoObjectiveValue(DirectBoObjective objective, double reward);
/// The reward R of an objective value y (the inverse of directBoObjectiveValue).
double rewardFromObjective(DirectBoObjective objective, double value);

/// What runDirectBayesianOptimization() does; the defaults are the talk's experiment.
struct DirectBoSettings
{
    std::string simulatorId = "classic"; ///< simulatorRegistry() id
    int initialPoints = 25;              ///< controllers of the initial design (≥ 1)
    int iterations = 50;               ///< BO iterations after the design, one episode each (≥ 0)
    std::string acquisitionId = "ei";  ///< acquisitionRegistry() id
    std::string designId = "lhs";      ///< designRegistry() id of the initial design
    std::string kernelId = "matern52"; ///< kernelRegistry() id (used with ARD)
    int refitEvery = 1;                ///< refit the GP every k iterations (0: fit only once)
    DirectBoObjective objective = DirectBoObjective::LogRewardGap; ///< what BO minimises
    std::uint64_t seed = 0;  ///< seeds the design, the fits and the acquisition
    EpisodeSettings episode; ///< start state, at most 500 steps, goal
};

/// One episode of the experiment (a design point or an iteration), in order.
struct DirectBoEvaluation
{
    LinearController controller; ///< θ in controller units
    double reward = 0.0;         ///< R(θ)
    bool reachedGoal = false;
    int steps = 0;                ///< steps of this episode (= its simulator calls)
    double bestReward = 0.0;      ///< best R among the evaluations so far, this one included
    std::uint64_t callsSoFar = 0; ///< simulator calls of all evaluations so far
    int iteration = -1;           ///< BO iteration that suggested it; −1 for the design
    bool chosen = false;          ///< chosen by the user in place of the iteration's suggestion
};

/// Outcome of runDirectBayesianOptimization().
struct DirectBoResult
{
    DirectBoSettings settings;        ///< as given (validated)
    LinearController best;            ///< the controller with the highest reward seen
    double bestReward = 0.0;          ///< its reward
    bool reachedGoal = false;         ///< whether the best controller reaches the goal
    int stepsToGoal = -1;             ///< its episode length if it reaches the goal, else −1
    std::uint64_t simulatorCalls = 0; ///< calls actually made (= sum of the episodes' steps)
    std::uint64_t callBudget = 0;     ///< (initialPoints + iterations) × episode.maxSteps
    std::vector<DirectBoEvaluation> evaluations; ///< design first, then one per iteration
    BoState state; ///< the loop's history: unit-cube X, objective values y (see the file comment)
    double seconds = 0.0;            ///< wall-clock time of the whole experiment
    double fitSeconds = 0.0;         ///< of which fitting GP hyperparameters
    double acquisitionSeconds = 0.0; ///< of which maximising the acquisition
    double simulationSeconds = 0.0;  ///< of which running episodes
};

/// Throws InvalidInput for invalid settings (unknown acquisition, kernel or design ids, bad
/// counts, a non-finite start or goal); the simulator id is not checked.
void validateDirectBoSettings(const DirectBoSettings& settings);

/// The GP of the experiment (settings.kernelId with ARD on 3 unit-cube inputs; see the file
/// comment), without data. Throws InvalidInput for an unknown kernel.
std::unique_ptr<GaussianProcess> makeDirectBoModel(const DirectBoSettings& settings);

/// The GP's input space: the unit cube with the controller's parameter names (θp, θv, θ0).
ParameterSpace directBoUnitSpace();
/// The loop settings of the experiment: the loop's defaults with its seed and refit schedule.
LoopSettings directBoLoopSettings(const DirectBoSettings& settings);

/// Controller rows (θp, θv, θ0) → unit-cube rows (the GP's inputs); InvalidInput unless 3 columns.
Matrix controllerToUnitCube(const Matrix& thetas);
/// Unit-cube rows → controller rows (θp, θv, θ0); rows inside the cube land inside the domain.
Matrix controllerFromUnitCube(const Matrix& units);

/// Runs the experiment; reports progress after every episode and throws Cancelled when
/// `progress` is cancelled (between episodes and inside each iteration). Throws InvalidInput
/// for invalid settings (unknown ids, negative counts) before any simulation.
DirectBoResult runDirectBayesianOptimization(const DirectBoSettings& settings = {},
                                             Progress& progress = Progress::none());
/// The same on a given simulator, e.g. an emulator (settings.simulatorId is replaced by its
/// id()); simulatorCalls counts the calls it made during the run.
DirectBoResult runDirectBayesianOptimization(Simulator& simulator, const DirectBoSettings& settings,
                                             Progress& progress = Progress::none());

// --- (c) posterior and acquisition surfaces ------------------------------------------------

/// The GP posterior and the acquisition on a (θp, θv) grid at fixed θ0, as the model was at
/// one iteration. Same layout as RewardLandscape: entry (i, j) is (thetaP(i), thetaV(j)).
/// The posterior is given twice: for the objective y the GP models (mean and sd), and mapped
/// to rewards through the monotone y → R, which carries quantiles over exactly: the median of
/// R and a 95% band (for y = −R the median is the mean).
struct DirectBoSurface
{
    std::size_t iteration = 0; ///< the iteration shown (= iterations.size(): after the last)
    Index dataCount = 0;       ///< evaluations the model had (the first dataCount of the result)
    double theta0 = 0.0;
    Vector thetaP;              ///< grid values along rows
    Vector thetaV;              ///< grid values along columns
    Matrix objectiveMean;       ///< posterior mean of the latent objective y(θ)
    Matrix objectiveSd;         ///< posterior standard deviation of y(θ)
    Matrix rewardMedian;        ///< R at the posterior median of y
    Matrix rewardLower;         ///< R at the 2.5% (high-y) quantile of y: the band's low edge
    Matrix rewardUpper;         ///< R at the 97.5% (low-y) quantile of y: the band's high edge
    Matrix acquisition;         ///< the acquisition of the run (to be maximised)
    bool hasSuggestion = false; ///< whether this iteration suggested a point (not after the last)
    LinearController suggested; ///< the controller the iteration suggested (any θ0)
};

/// The surfaces of `result` at iteration `iteration` (0 ≤ iteration ≤ iterations.size(); the
/// last value shows the model on all evaluations with the final hyperparameters). The model is
/// rebuilt from the recorded hyperparameters, so nothing is refitted. Acquisitions with random
/// parts (MES, IVR) are updated with a seed of their own, so their surface may differ slightly
/// from the one the loop maximised. Grid points outside the controller domain are evaluated at
/// the nearest point inside it. Throws InvalidInput for a bad iteration, grid or θ0.
DirectBoSurface directBoSurface(const DirectBoResult& result, std::size_t iteration, double theta0,
                                const LandscapeGrid& grid = {});
/// The surfaces of a given model (unit-cube inputs) and acquisition, already update()d, at θ0:
/// the grid part of directBoSurface() (iteration, hasSuggestion and suggested are left unset).
/// Throws InvalidInput for a bad θ0 or grid.
DirectBoSurface directBoModelSurface(const Model& model, const Acquisition& acquisition,
                                     DirectBoObjective objective, double theta0,
                                     const LandscapeGrid& grid = {});

} // namespace emu

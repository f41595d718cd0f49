#include "engine/experiments/mountain_car_experiments.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/design/designs.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/sim/simulator_registry.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace emu {

namespace {

using Clock = std::chrono::steady_clock;

/// The 1 of y = log(1 + 100 − R): one reward unit, so y = 0 at R = 100 and the gaps of the
/// best controllers (about 1 to 5) span a couple of units of y.
constexpr double rewardGapOffset = 1.0;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The GP's input space: the unit cube with the controller's parameter names.
ParameterSpace unitControllerSpace()
{
    ParameterSpace space;
    for (const std::string& name : ControllerDomain::names())
        space.addContinuous(name, 0.0, 1.0);
    return space;
}

} // namespace

void validateDirectBoSettings(const DirectBoSettings& s)
{
    if (!findAcquisition(s.acquisitionId))
        makeAcquisition(s.acquisitionId);
    if (!findKernel(s.kernelId))
        makeKernel(s.kernelId, 1);
    if (!findDesign(s.designId))
        makeDesign(s.designId, unitControllerSpace(), 0, 0);
    if (s.initialPoints < 1)
        throw InvalidInput(
            "direct Bayesian optimisation needs at least one initial controller (got " +
            std::to_string(s.initialPoints) + ")");
    if (s.iterations < 0)
        throw InvalidInput(
            "direct Bayesian optimisation needs a non-negative number of iterations (got " +
            std::to_string(s.iterations) + ")");
    if (s.refitEvery < 0)
        throw InvalidInput("refitEvery must be ≥ 0 (got " + std::to_string(s.refitEvery) + ")");
    if (s.episode.maxSteps < 1)
        throw InvalidInput("episodes need at least one step (maxSteps = " +
                           std::to_string(s.episode.maxSteps) + ")");
    if (!std::isfinite(s.episode.start.p) || !std::isfinite(s.episode.start.v) ||
        !std::isfinite(s.episode.goalPosition))
        throw InvalidInput("the episode start state and goal must be finite");
}

namespace {

/// The loop settings of the experiment: the loop's defaults with the experiment's seed and refit
/// schedule.
LoopSettings loopSettings(const DirectBoSettings& s)
{
    LoopSettings loop;
    loop.seed = s.seed;
    loop.refitEvery = s.refitEvery;
    return loop;
}

/// Appends the episodes of the controllers `thetas` to the result's evaluations.
void record(DirectBoResult& r, const Matrix& thetas, const std::vector<EpisodeSummary>& episodes,
            int iteration)
{
    for (std::size_t k = 0; k < episodes.size(); ++k) {
        const EpisodeSummary& e = episodes[k];
        DirectBoEvaluation ev;
        ev.controller = LinearController::fromRow(thetas, Index(k));
        ev.reward = e.reward;
        ev.reachedGoal = e.reachedGoal;
        ev.steps = e.steps;
        ev.bestReward =
            r.evaluations.empty() ? e.reward : std::max(r.evaluations.back().bestReward, e.reward);
        ev.callsSoFar =
            (r.evaluations.empty() ? 0 : r.evaluations.back().callsSoFar) + std::uint64_t(e.steps);
        ev.iteration = iteration;
        r.evaluations.push_back(ev);
    }
}

/// `count` evenly spaced values from low to high (just `low` for one value), as rewardLandscape.
Vector axisValues(double low, double high, Index count)
{
    if (count == 1)
        return Vector::Constant(1, low);
    return Vector::LinSpaced(count, low, high);
}

} // namespace

std::string directBoObjectiveId(DirectBoObjective objective)
{
    return objective == DirectBoObjective::LogRewardGap ? "log-gap" : "negative-reward";
}

double directBoObjectiveValue(DirectBoObjective objective, double reward)
{
    if (objective == DirectBoObjective::NegativeReward)
        return -reward;
    // R ≤ goalBonus always; the max() only guards against rounding.
    return std::log(
        std::max(rewardGapOffset + EpisodeReward::goalBonus - reward, rewardGapOffset * 1e-12));
}

double rewardFromObjective(DirectBoObjective objective, double value)
{
    if (objective == DirectBoObjective::NegativeReward)
        return -value;
    return rewardGapOffset + EpisodeReward::goalBonus - std::exp(value);
}

RandomControllerResult runRandomController(const std::string& simulatorId, std::uint64_t seed,
                                           const EpisodeSettings& episode)
{
    const std::unique_ptr<Simulator> simulator = makeSimulator(simulatorId);
    RandomControllerResult result;
    result.controller = LinearController::random(seed);
    result.trace = runEpisode(*simulator, result.controller, episode);
    return result;
}

std::unique_ptr<GaussianProcess> makeDirectBoModel(const DirectBoSettings& settings)
{
    GpSettings gp;
    gp.mean = MeanFunction::Constant;
    gp.normalizeOutputs = true;
    gp.noiseVariance = 1e-4;
    gp.minNoiseVariance = 1e-6;
    return std::make_unique<GaussianProcess>(
        makeKernel(settings.kernelId, LinearController::parameterCount, true), gp);
}

Matrix controllerToUnitCube(const Matrix& thetas)
{
    requireColumns(thetas, LinearController::parameterCount,
                   "controller rows (thetaP, thetaV, theta0)");
    const Matrix b = ControllerDomain::bounds();
    Matrix u(thetas.rows(), thetas.cols());
    for (Index j = 0; j < thetas.cols(); ++j)
        u.col(j) = (thetas.col(j).array() - b(j, 0)) / (b(j, 1) - b(j, 0));
    return u;
}

Matrix controllerFromUnitCube(const Matrix& units)
{
    requireColumns(units, LinearController::parameterCount, "unit-cube controller rows");
    const Matrix b = ControllerDomain::bounds();
    Matrix thetas(units.rows(), units.cols());
    for (Index j = 0; j < units.cols(); ++j)
        for (Index i = 0; i < units.rows(); ++i) {
            const double u = units(i, j);
            // The convex combination maps 0 and 1 exactly onto the bounds; the clamp keeps
            // rounding from pushing a point of the cube a few ulps outside the domain.
            const double theta = (1.0 - u) * b(j, 0) + u * b(j, 1);
            thetas(i, j) = u >= 0.0 && u <= 1.0 ? std::clamp(theta, b(j, 0), b(j, 1)) : theta;
        }
    return thetas;
}

DirectBoResult runDirectBayesianOptimization(const DirectBoSettings& settings, Progress& progress)
{
    if (!findSimulator(settings.simulatorId))
        makeSimulator(settings.simulatorId); // throws the message listing the valid ids
    const std::unique_ptr<Simulator> simulator = makeSimulator(settings.simulatorId);
    return runDirectBayesianOptimization(*simulator, settings, progress);
}

DirectBoResult runDirectBayesianOptimization(Simulator& simulator, const DirectBoSettings& settings,
                                             Progress& progress)
{
    validateDirectBoSettings(settings);
    const auto started = Clock::now();
    DirectBoResult result;
    result.settings = settings;
    result.settings.simulatorId = simulator.id();
    const int total = settings.initialPoints + settings.iterations;
    result.callBudget = std::uint64_t(total) * std::uint64_t(settings.episode.maxSteps);
    const std::uint64_t callsBefore = simulator.calls();

    // Runs the controllers of `units` and keeps their episodes for record().
    std::vector<EpisodeSummary> lastEpisodes;
    Matrix lastThetas;
    const ObjectiveFunction objective = [&](const Matrix& units) {
        const auto start = Clock::now();
        lastThetas = controllerFromUnitCube(units);
        lastEpisodes = simulator.runEpisodes(lastThetas, settings.episode);
        Vector values(units.rows());
        for (Index i = 0; i < values.size(); ++i)
            values(i) =
                directBoObjectiveValue(settings.objective, lastEpisodes[std::size_t(i)].reward);
        result.simulationSeconds += secondsSince(start);
        return values;
    };

    // Initial design, built on the unit cube (the same design as on the controller box, mapped
    // linearly, without a round trip that could leave the cube by rounding). One episode at a
    // time, so a slow simulator (Box2D) reports and cancels.
    const Matrix design =
        makeDesign(settings.designId, unitControllerSpace(), settings.initialPoints, settings.seed);
    Vector y0(design.rows());
    for (Index i = 0; i < design.rows(); ++i) {
        progress.checkCancelled();
        y0(i) = objective(design.row(i))(0);
        record(result, lastThetas, lastEpisodes, -1);
        progress.report(double(i + 1), double(total),
                        "initial controller " + std::to_string(i + 1));
    }

    BayesianOptimizationLoop loop(unitControllerSpace(), makeDirectBoModel(settings),
                                  makeAcquisition(settings.acquisitionId), loopSettings(settings));
    loop.observe(design, y0);
    for (int it = 0; it < settings.iterations; ++it) {
        progress.checkCancelled();
        const BoIteration& done = loop.step(objective, progress);
        record(result, lastThetas, lastEpisodes, it);
        result.fitSeconds += done.fitSeconds;
        result.acquisitionSeconds += done.acquisitionSeconds;
        progress.report(double(settings.initialPoints + it + 1), double(total),
                        "iteration " + std::to_string(it + 1) + ", best reward " +
                            std::to_string(result.evaluations.back().bestReward));
    }

    result.state = loop.state();
    result.simulatorCalls = simulator.calls() - callsBefore;
    std::size_t best = 0;
    for (std::size_t i = 1; i < result.evaluations.size(); ++i)
        if (result.evaluations[i].reward > result.evaluations[best].reward)
            best = i;
    const DirectBoEvaluation& b = result.evaluations[best];
    result.best = b.controller;
    result.bestReward = b.reward;
    result.reachedGoal = b.reachedGoal;
    result.stepsToGoal = b.reachedGoal ? b.steps : -1;
    result.seconds = secondsSince(started);
    return result;
}

DirectBoSurface directBoSurface(const DirectBoResult& result, std::size_t iteration, double theta0,
                                const LandscapeGrid& grid)
{
    const BoState& state = result.state;
    if (iteration > state.iterations.size())
        throw InvalidInput("iteration " + std::to_string(iteration) +
                           " does not exist (the run has " +
                           std::to_string(state.iterations.size()) + " iterations)");
    if (state.size() == 0)
        throw InvalidInput("the run has no evaluations to show");
    if (!std::isfinite(theta0) || theta0 < ControllerDomain::theta0Min ||
        theta0 > ControllerDomain::theta0Max)
        throw InvalidInput("theta0 = " + std::to_string(theta0) +
                           " is outside the controller domain [" +
                           std::to_string(ControllerDomain::theta0Min) + ", " +
                           std::to_string(ControllerDomain::theta0Max) + "]");
    if (grid.thetaPCount < 1 || grid.thetaVCount < 1 || !std::isfinite(grid.thetaPMin) ||
        !std::isfinite(grid.thetaPMax) || !std::isfinite(grid.thetaVMin) ||
        !std::isfinite(grid.thetaVMax) || grid.thetaPMin > grid.thetaPMax ||
        grid.thetaVMin > grid.thetaVMax)
        throw InvalidInput(
            "the surface grid needs at least one value per axis and finite, ordered ranges");

    DirectBoSurface out;
    out.iteration = iteration;
    out.theta0 = theta0;
    out.thetaP = axisValues(grid.thetaPMin, grid.thetaPMax, grid.thetaPCount);
    out.thetaV = axisValues(grid.thetaVMin, grid.thetaVMax, grid.thetaVCount);

    const std::unique_ptr<GaussianProcess> prototype = makeDirectBoModel(result.settings);
    std::unique_ptr<Model> model;
    if (iteration < state.iterations.size()) {
        model = replayModel(*prototype, state, iteration);
        out.hasSuggestion = true;
        out.suggested = LinearController::fromRow(
            controllerFromUnitCube(state.iterations[iteration].suggested), 0);
    } else {
        model = prototype->clone();
        auto* gp = static_cast<GaussianProcess*>(model.get());
        if (!state.iterations.empty() && state.iterations.back().hyperparameters.size() > 0)
            gp->setLogParams(state.iterations.back().hyperparameters);
        gp->setData(state.X, state.y);
        if (state.iterations.empty()) {
            // No iteration ever fitted the model: fit it as the loop's first fit would have.
            const LoopSettings loop = loopSettings(result.settings);
            FitOptions options;
            options.restarts = loop.fitRestarts;
            options.maxIterations = loop.fitMaxIterations;
            options.seed = result.settings.seed;
            gp->fit(options);
        }
    }
    out.dataCount = model->inputs().rows();

    const Index rows = out.thetaP.size(), cols = out.thetaV.size();
    Matrix thetas(rows * cols, LinearController::parameterCount);
    for (Index i = 0; i < rows; ++i)
        for (Index j = 0; j < cols; ++j)
            thetas.row(i * cols + j) << out.thetaP(i), out.thetaV(j), theta0;
    // Grid points outside the domain are projected onto it: the model never saw such θ.
    const ParameterSpace space = unitControllerSpace();
    const Matrix units = space.project(controllerToUnitCube(thetas));
    const Prediction p = model->predict(units);
    std::unique_ptr<Acquisition> acquisition = makeAcquisition(state.acquisitionId);
    acquisition->update(*model, space, result.settings.seed ^ (std::uint64_t(iteration) << 32));
    const Vector a = acquisition->evaluate(*model, units);

    const DirectBoObjective objective = result.settings.objective;
    constexpr double z975 = 1.959963984540054;
    out.objectiveMean.resize(rows, cols);
    out.objectiveSd.resize(rows, cols);
    out.rewardMedian.resize(rows, cols);
    out.rewardLower.resize(rows, cols);
    out.rewardUpper.resize(rows, cols);
    out.acquisition.resize(rows, cols);
    for (Index i = 0; i < rows; ++i)
        for (Index j = 0; j < cols; ++j) {
            const Index k = i * cols + j;
            const double mean = p.mean(k), sd = std::sqrt(std::max(0.0, p.variance(k)));
            out.objectiveMean(i, j) = mean;
            out.objectiveSd(i, j) = sd;
            // y → R is decreasing, so the high quantile of y is the low edge of R.
            out.rewardMedian(i, j) = rewardFromObjective(objective, mean);
            out.rewardLower(i, j) = rewardFromObjective(objective, mean + z975 * sd);
            out.rewardUpper(i, j) = rewardFromObjective(objective, mean - z975 * sd);
            out.acquisition(i, j) = a(k);
        }
    return out;
}

} // namespace emu

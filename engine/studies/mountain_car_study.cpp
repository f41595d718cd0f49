#include "engine/studies/mountain_car_study.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/design/designs.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/direct_bo_run.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

/// The 1 of y = log(1 + 100 − R): one reward unit, so y = 0 at R = 100 and the gaps of the
/// best controllers (about 1 to 5) span a couple of units of y.
constexpr double rewardGapOffset = 1.0;

} // namespace

void validateDirectBoSettings(const DirectBoSettings& s)
{
    if (!acquisitionRegistry().find(s.acquisitionId))
        makeAcquisition(s.acquisitionId);
    if (!kernelRegistry().find(s.kernelId))
        makeKernel(s.kernelId, 1);
    if (!designRegistry().find(s.designId))
        makeDesign(s.designId, directBoUnitSpace(), 0, 0);
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

/// `count` evenly spaced values from low to high (just `low` for one value), as rewardLandscape.
Vector axisValues(double low, double high, Index count)
{
    if (count == 1)
        return Vector::Constant(1, low);
    return Vector::LinSpaced(count, low, high);
}

/// Throws InvalidInput unless θ0 lies in the controller domain and the grid is usable.
void requireSurfaceArguments(double theta0, const LandscapeGrid& grid)
{
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
}

} // namespace

ParameterSpace directBoUnitSpace()
{
    ParameterSpace space;
    for (const std::string& name : ControllerDomain::names())
        space.addContinuous(name, 0.0, 1.0);
    return space;
}

LoopSettings directBoLoopSettings(const DirectBoSettings& s)
{
    LoopSettings loop;
    loop.seed = s.seed;
    loop.refitEvery = s.refitEvery;
    return loop;
}

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
    if (!simulatorRegistry().find(settings.simulatorId))
        makeSimulator(settings.simulatorId); // throws the message listing the valid ids
    const std::unique_ptr<Simulator> simulator = makeSimulator(settings.simulatorId);
    return runDirectBayesianOptimization(*simulator, settings, progress);
}

DirectBoResult runDirectBayesianOptimization(Simulator& simulator, const DirectBoSettings& settings,
                                             Progress& progress)
{
    DirectBoRun run(simulator, settings);
    const int total = settings.initialPoints + settings.iterations;
    while (!run.isFinished()) {
        progress.checkCancelled();
        const DirectBoEvaluation& e = run.evaluate(progress);
        const int done = run.evaluationCount();
        progress.report(double(done), double(total),
                        e.iteration < 0 ? "initial controller " + std::to_string(done)
                                        : "iteration " + std::to_string(e.iteration + 1) +
                                              ", best reward " + std::to_string(e.bestReward));
    }
    return run.result();
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
    requireSurfaceArguments(theta0, grid);

    const std::unique_ptr<GaussianProcess> prototype = makeDirectBoModel(result.settings);
    std::unique_ptr<Model> model;
    if (iteration < state.iterations.size()) {
        model = replayModel(*prototype, state, iteration);
    } else {
        model = prototype->clone();
        auto* gp = static_cast<GaussianProcess*>(model.get());
        if (!state.iterations.empty() && state.iterations.back().hyperparameters.size() > 0)
            gp->setLogParams(state.iterations.back().hyperparameters);
        gp->setData(state.X, state.y);
        if (state.iterations.empty()) {
            // No iteration ever fitted the model: fit it as the loop's first fit would have.
            const LoopSettings loop = directBoLoopSettings(result.settings);
            FitOptions options;
            options.restarts = loop.fitRestarts;
            options.maxIterations = loop.fitMaxIterations;
            options.seed = result.settings.seed;
            gp->fit(options);
        }
    }
    std::unique_ptr<Acquisition> acquisition = makeAcquisition(state.acquisitionId);
    acquisition->update(*model, directBoUnitSpace(),
                        result.settings.seed ^ (std::uint64_t(iteration) << 32));
    DirectBoSurface out =
        directBoModelSurface(*model, *acquisition, result.settings.objective, theta0, grid);
    out.iteration = iteration;
    if (iteration < state.iterations.size()) {
        out.hasSuggestion = true;
        out.suggested = LinearController::fromRow(
            controllerFromUnitCube(state.iterations[iteration].suggested), 0);
    }
    return out;
}

DirectBoSurface directBoModelSurface(const Model& model, const Acquisition& acquisition,
                                     DirectBoObjective objective, double theta0,
                                     const LandscapeGrid& grid)
{
    requireSurfaceArguments(theta0, grid);
    DirectBoSurface out;
    out.theta0 = theta0;
    out.thetaP = axisValues(grid.thetaPMin, grid.thetaPMax, grid.thetaPCount);
    out.thetaV = axisValues(grid.thetaVMin, grid.thetaVMax, grid.thetaVCount);
    out.dataCount = model.inputs().rows();

    const Index rows = out.thetaP.size(), cols = out.thetaV.size();
    Matrix thetas(rows * cols, LinearController::parameterCount);
    for (Index i = 0; i < rows; ++i)
        for (Index j = 0; j < cols; ++j)
            thetas.row(i * cols + j) << out.thetaP(i), out.thetaV(j), theta0;
    // Grid points outside the domain are projected onto it: the model never saw such θ.
    const Matrix units = directBoUnitSpace().project(controllerToUnitCube(thetas));
    const Prediction p = model.predict(units);
    const Vector a = acquisition.evaluate(model, units);

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

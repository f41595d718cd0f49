#include "engine/studies/sensitivity_study.h"

#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/core/rng.h"
#include "engine/core/stopwatch.h"
#include "engine/design/designs.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"

#include <cmath>

namespace emu {

namespace {

constexpr Index inputCount = LinearController::parameterCount + 1;
constexpr Index startColumn = LinearController::parameterCount; ///< p0 follows (θp, θv, θ0)
const char* const inputsWhat = "car inputs (thetaP, thetaV, theta0, startPosition)";

/// The unit cube with the names of `space`: the emulator's input space.
ParameterSpace namedUnitCube(const ParameterSpace& space)
{
    ParameterSpace cube;
    for (const std::string& name : space.names())
        cube.addContinuous(name, 0.0, 1.0);
    return cube;
}

/// Indices with every evaluation an episode on `simulator`.
CarSensitivityResult analyseOnSimulator(Simulator& simulator, const CarSensitivitySettings& s,
                                        const ParameterSpace& space, Progress& progress)
{
    CarSensitivityResult out;
    const auto rewards = [&](const Matrix& X) {
        const Clock::time_point start = Clock::now();
        Vector r = carRewardsFromStarts(simulator, X, s.episode);
        out.simulationSeconds += secondsSince(start);
        return r;
    };
    out.indices = estimateSobolIndices(rewards, space, SobolSettings{s.samples, s.seed}, progress);
    out.episodes = out.indices.evaluations;
    return out;
}

/// Indices of the mean of a GP trained on s.trainingEpisodes episodes of `simulator`.
CarSensitivityResult analyseOnEmulator(Simulator& simulator, const CarSensitivitySettings& s,
                                       const ParameterSpace& space, Progress& progress)
{
    CarSensitivityResult out;
    // Seeds of their own for the design and the fit: the Sobol samples use s.seed itself, so
    // they are the same points as on the simulator, and the design must not share their stream.
    Rng seeds(s.seed);
    const std::uint64_t designSeed = seeds.nextSeed();
    const std::uint64_t fitSeed = seeds.nextSeed();

    progress.checkCancelled();
    Clock::time_point start = Clock::now();
    const Matrix design = makeDesign(s.designId, space, s.trainingEpisodes, designSeed);
    const Vector rewards = carRewardsFromStarts(simulator, design, s.episode);
    out.simulationSeconds = secondsSince(start);
    out.episodes = design.rows();
    progress.report(0.1, 1.0, "training episodes");

    start = Clock::now();
    std::shared_ptr<GaussianProcess> gp = makeBayesianOptimizationModel(inputCount, s.kernelId);
    gp->setData(space.toUnitCube(design), rewards);
    FitOptions fit;
    fit.restarts = s.restarts;
    fit.seed = fitSeed;
    {
        ChildProgress fitting(progress, 0.1, 0.8);
        gp->fit(fit, fitting.get());
    }
    out.fitSeconds = secondsSince(start);
    out.emulator = gp;

    ChildProgress analysing(progress, 0.8, 1.0);
    out.indices = estimateSobolIndices(*gp, namedUnitCube(space), SobolSettings{s.samples, s.seed},
                                       analysing.get());
    return out;
}

} // namespace

std::string carSensitivityModeId(CarSensitivityMode mode)
{
    return mode == CarSensitivityMode::Simulator ? "simulator" : "emulator";
}

ParameterSpace carSensitivitySpace()
{
    ParameterSpace space;
    const Matrix bounds = ControllerDomain::bounds();
    const std::vector<std::string> names = ControllerDomain::names();
    for (Index j = 0; j < LinearController::parameterCount; ++j)
        space.addContinuous(names[std::size_t(j)], bounds(j, 0), bounds(j, 1));
    space.addContinuous("startPosition", MountainCar::randomStartLow, MountainCar::randomStartHigh);
    return space;
}

Vector carRewardsFromStarts(Simulator& simulator, const Matrix& inputs,
                            const EpisodeSettings& episode)
{
    requireColumns(inputs, inputCount, inputsWhat);
    requireFinite(inputs, inputsWhat);
    Vector rewards(inputs.rows());
    EpisodeSettings settings = episode;
    for (Index i = 0; i < inputs.rows(); ++i) {
        // One episode per call: runEpisodes shares one start among its rows, and here every
        // row starts elsewhere (a classic episode costs microseconds, so little is lost).
        settings.start.p = inputs(i, startColumn);
        const Matrix controller = inputs.block(i, 0, 1, LinearController::parameterCount);
        rewards(i) = episodeRewards(simulator, controller, settings)(0);
    }
    return rewards;
}

void validateCarSensitivitySettings(const CarSensitivitySettings& s)
{
    if (!simulatorRegistry().find(s.simulatorId))
        makeSimulator(s.simulatorId); // throws the message listing the valid ids
    if (s.samples < 2)
        throw InvalidInput("Sobol indices need at least 2 base samples N (got " +
                           std::to_string(s.samples) + ")");
    if (s.episode.maxSteps < 1)
        throw InvalidInput("episodes need at least one step (maxSteps = " +
                           std::to_string(s.episode.maxSteps) + ")");
    if (!std::isfinite(s.episode.start.v) || !std::isfinite(s.episode.goalPosition))
        throw InvalidInput("the episode start velocity and goal must be finite");
    if (s.mode != CarSensitivityMode::Emulator)
        return;
    if (s.trainingEpisodes < 2)
        throw InvalidInput("the emulator needs at least 2 training episodes (got " +
                           std::to_string(s.trainingEpisodes) + ")");
    if (s.restarts < 0)
        throw InvalidInput("the number of restarts must be ≥ 0 (got " + std::to_string(s.restarts) +
                           ")");
    if (!designRegistry().find(s.designId))
        makeDesign(s.designId, carSensitivitySpace(), 0, 0); // throws listing the valid ids
    if (!kernelRegistry().find(s.kernelId))
        makeKernel(s.kernelId, 1); // throws listing the valid ids
}

CarSensitivityResult runCarSensitivity(const CarSensitivitySettings& settings, Progress& progress)
{
    validateCarSensitivitySettings(settings);
    const Clock::time_point start = Clock::now();
    const std::unique_ptr<Simulator> simulator = makeSimulator(settings.simulatorId);
    const ParameterSpace space = carSensitivitySpace();
    CarSensitivityResult out = settings.mode == CarSensitivityMode::Simulator
                                   ? analyseOnSimulator(*simulator, settings, space, progress)
                                   : analyseOnEmulator(*simulator, settings, space, progress);
    out.settings = settings;
    out.space = space;
    out.simulatorCalls = simulator->calls();
    out.seconds = secondsSince(start);
    return out;
}

} // namespace emu

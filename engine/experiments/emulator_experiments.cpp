#include "engine/experiments/emulator_experiments.h"

#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/sim/emulated_mountain_car.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"

#include <algorithm>

namespace emu {

namespace {

void validate(const EmulatorBoSettings& s)
{
    if (!findSimulator(s.simulatorId))
        makeSimulator(s.simulatorId); // throws the message listing the valid ids
    validateDirectBoSettings(s.optimization);
    if (s.testPoints < 0)
        throw InvalidInput("the number of test points must be ≥ 0 (got " +
                           std::to_string(s.testPoints) + ")");
}

} // namespace

DirectBoSettings emulatorOptimizationDefaults()
{
    DirectBoSettings s;
    s.designId = "random";
    return s;
}

EmulatedOptimization optimizeOnEmulator(Simulator& emulated, Simulator& simulator,
                                        const DirectBoSettings& bo, Progress& progress)
{
    DirectBoResult optimization;
    {
        ChildProgress p(progress, 0.0, 0.95);
        optimization = runDirectBayesianOptimization(emulated, bo, p.get());
    }
    return validateOnSimulator(std::move(optimization), simulator, progress);
}

EmulatedOptimization validateOnSimulator(DirectBoResult optimization, Simulator& simulator,
                                         Progress& progress)
{
    if (optimization.evaluations.empty())
        throw InvalidInput("an optimisation without evaluations has no controller to validate");
    EmulatedOptimization o;
    o.optimization = std::move(optimization);
    o.optimizationSeconds = o.optimization.seconds;
    o.best = o.optimization.best;
    o.emulatedReward = o.optimization.bestReward;
    o.emulatedReachedGoal = o.optimization.reachedGoal;
    for (const DirectBoEvaluation& e : o.optimization.evaluations)
        if (e.controller.thetaP == o.best.thetaP && e.controller.thetaV == o.best.thetaV &&
            e.controller.theta0 == o.best.theta0) {
            o.emulatedSteps = e.steps;
            break;
        }
    progress.checkCancelled();
    const auto validationStart = Clock::now();
    o.validation = runEpisode(simulator, o.best, o.optimization.settings.episode);
    o.validationSeconds = secondsSince(validationStart);
    progress.report(1.0, 1.0, "validated on the simulator");
    return o;
}

DirectBoSettings directBaselineSettings(const EmulatorBoSettings& settings)
{
    DirectBoSettings direct;
    direct.simulatorId = settings.simulatorId;
    direct.seed = settings.seed;
    direct.episode = settings.optimization.episode;
    return direct;
}

EmulatorBoResult runEmulatorBayesianOptimization(const EmulatorBoSettings& settings,
                                                 Progress& progress)
{
    validate(settings);
    EmulatorBoResult r;
    r.settings = settings;
    r.settings.emulator.seed = settings.seed;
    r.settings.optimization.seed = settings.seed;
    r.settings.optimization.simulatorId = "emulator";
    const DirectBoSettings& bo = r.settings.optimization;
    r.directCallBudget = std::uint64_t(bo.initialPoints + bo.iterations) *
                         std::uint64_t(bo.episode.maxSteps);
    // Progress: training, BO on the emulator, validation; with a baseline the direct run
    // takes the last part.
    const double end = settings.runDirect ? 0.6 : 1.0;
    const double trained = 0.3 * end, optimised = 0.95 * end;

    const std::unique_ptr<Simulator> simulator = makeSimulator(settings.simulatorId);
    const auto started = Clock::now();
    {
        ChildProgress p(progress, 0.0, trained, "training the emulator");
        r.emulator = std::make_shared<const DynamicsEmulator>(
            DynamicsEmulator::train(*simulator, r.settings.emulator, p.get()));
    }
    r.trainingSeconds = secondsSince(started);
    r.trainingCalls = simulator->calls();

    EmulatedMountainCar car(r.emulator);
    ChildProgress optimising(progress, trained, optimised, "optimising on the emulator");
    EmulatedOptimization o = optimizeOnEmulator(car, *simulator, bo, optimising.get());
    r.optimization = std::move(o.optimization);
    r.best = o.best;
    r.emulatedReward = o.emulatedReward;
    r.emulatedReachedGoal = o.emulatedReachedGoal;
    r.emulatedSteps = o.emulatedSteps;
    r.validation = std::move(o.validation);
    r.optimizationSeconds = o.optimizationSeconds;
    r.validationSeconds = o.validationSeconds;
    r.validationCalls = r.validation.simulatorCalls;
    r.simulatorCalls = simulator->calls();
    r.reward = r.validation.reward;
    r.reachedGoal = r.validation.reachedGoal;
    r.stepsToGoal = r.reachedGoal ? r.validation.steps : -1;
    r.seconds = secondsSince(started);
    progress.report(optimised, 1.0, "validated on the simulator");

    if (settings.testPoints > 0) {
        progress.checkCancelled();
        const auto testStart = Clock::now();
        const std::unique_ptr<Simulator> tester = makeSimulator(settings.simulatorId);
        r.testError = r.emulator->test(*tester, settings.testPoints, settings.seed);
        r.testSeconds = secondsSince(testStart);
    }
    if (settings.runDirect) {
        ChildProgress p(progress, end, 1.0, "direct optimisation");
        r.direct = runDirectBayesianOptimization(directBaselineSettings(settings), p.get());
    }
    progress.report(1.0, 1.0, "done");
    return r;
}

EmulatorSweepResult runEmulatorSweep(const EmulatorSweepSettings& settings, Progress& progress)
{
    validate(settings.base);
    if (settings.trainingCalls.empty() || settings.designs.empty() || settings.seeds.empty())
        throw InvalidInput("the sweep needs at least one training size, design and seed");
    const std::vector<std::string> ids = emulatorDesignIds();
    for (const std::string& d : settings.designs)
        if (std::find(ids.begin(), ids.end(), d) == ids.end())
            throw InvalidInput("unknown emulator design \"" + d +
                               "\"; designs: random, lhs, sobol, active");
    for (int n : settings.trainingCalls)
        if (n < 2 || n > 2000)
            throw InvalidInput("sweep training sizes must lie in [2, 2000] (got " +
                               std::to_string(n) + ")");

    const auto started = Clock::now();
    EmulatorSweepResult result;
    const double cells =
        double(settings.designs.size() * settings.trainingCalls.size() * settings.seeds.size());
    for (const std::string& design : settings.designs)
        for (int n : settings.trainingCalls)
            for (std::uint64_t seed : settings.seeds) {
                EmulatorBoSettings s = settings.base;
                s.emulator.designId = design;
                s.emulator.trainingCalls = n;
                s.seed = seed;
                const double k = double(result.rows.size());
                const std::string label = design + ", N = " + std::to_string(n);
                ChildProgress p(progress, k / cells, (k + 1.0) / cells, label);
                const EmulatorBoResult r = runEmulatorBayesianOptimization(s, p.get());
                EmulatorSweepRow row;
                row.design = design;
                row.trainingCalls = n;
                row.seed = seed;
                row.simulatorCalls = r.simulatorCalls;
                row.limitedCalls = r.emulator->limitedCount();
                row.best = r.best;
                row.emulatedReward = r.emulatedReward;
                row.reward = r.reward;
                row.reachedGoal = r.reachedGoal;
                row.steps = r.validation.steps;
                row.positionNrmse = r.testError.position.normalizedRmse;
                row.velocityNrmse = r.testError.velocity.normalizedRmse;
                row.seconds = r.seconds;
                result.rows.push_back(row);
            }
    result.seconds = secondsSince(started);
    return result;
}

} // namespace emu

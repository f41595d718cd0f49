#include "engine/studies/emulator_study.h"

#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"

#include <algorithm>

namespace emu {

namespace {

void validate(const EmulatorBoSettings& s)
{
    if (!simulatorRegistry().find(s.simulatorId))
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

void optimizeAndTest(std::shared_ptr<const StepModel> model, Simulator& simulator,
                     const DirectBoSettings& bo, int testPoints, std::uint64_t seed,
                     Clock::time_point started, EmulatedRunResult& out, Progress& progress)
{
    const std::string simulatorId = simulator.id();
    EmulatedMountainCar car(std::move(model));
    out.run = optimizeOnEmulator(car, simulator, bo, progress);
    out.reward = out.run.validation.reward;
    out.reachedGoal = out.run.validation.reachedGoal;
    out.stepsToGoal = out.reachedGoal ? out.run.validation.steps : -1;
    out.seconds = secondsSince(started);
    if (testPoints > 0) {
        progress.checkCancelled();
        const auto testStart = Clock::now();
        const std::unique_ptr<Simulator> tester = makeSimulator(simulatorId);
        out.testError = car.model().test(*tester, testPoints, seed);
        out.testSeconds = secondsSince(testStart);
    }
}

EmulatorBoResult runEmulatorBayesianOptimization(const EmulatorBoSettings& settings,
                                                 Progress& progress)
{
    validate(settings);
    EmulatorBoResult r;
    r.settings = asRun(settings, "emulator");
    const DirectBoSettings& bo = r.settings.optimization;
    r.directCallBudget = std::uint64_t(bo.initialPoints + bo.iterations) *
                         std::uint64_t(bo.episode.maxSteps);
    // Progress: training, then BO on the emulator, validation and test; with a baseline the
    // direct run takes the last part.
    const double end = settings.runDirect ? 0.6 : 1.0;
    const double trained = 0.3 * end;

    const std::unique_ptr<Simulator> simulator = makeSimulator(settings.simulatorId);
    const auto started = Clock::now();
    {
        ChildProgress p(progress, 0.0, trained, "training the emulator");
        r.emulator = std::make_shared<const DynamicsEmulator>(
            DynamicsEmulator::train(*simulator, r.settings.emulator, p.get()));
    }
    r.trainingSeconds = secondsSince(started);
    r.trainingCalls = simulator->calls();
    {
        ChildProgress p(progress, trained, end, "optimising on the emulator");
        optimizeAndTest(r.emulator, *simulator, bo, settings.testPoints, settings.seed, started, r,
                        p.get());
    }
    r.validationCalls = r.run.validation.simulatorCalls;
    r.simulatorCalls = simulator->calls();
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
                row.best = r.run.best;
                row.emulatedReward = r.run.emulatedReward;
                row.reward = r.reward;
                row.reachedGoal = r.reachedGoal;
                row.steps = r.run.validation.steps;
                row.positionNrmse = r.testError.position.normalizedRmse;
                row.velocityNrmse = r.testError.velocity.normalizedRmse;
                row.seconds = r.seconds;
                result.rows.push_back(row);
            }
    result.seconds = secondsSince(started);
    return result;
}

} // namespace emu

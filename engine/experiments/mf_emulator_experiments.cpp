#include "engine/experiments/mf_emulator_experiments.h"

#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/sim/simulator_registry.h"

#include <limits>

namespace emu {

namespace {

/// A Progress reporting into [from, to] of `parent` and cancelled with it.
class SubProgress
{
public:
    SubProgress(Progress& parent, double from, double to, std::string prefix)
        : m_child([this, &parent, from, to, prefix](double fraction, const std::string& stage) {
              parent.report(from + fraction * (to - from), 1.0,
                            stage.empty() ? prefix : prefix + ": " + stage);
              if (parent.isCancelled())
                  m_child.cancel();
          })
    {
        parent.checkCancelled();
    }
    Progress& get() { return m_child; }

private:
    Progress m_child;
};

void validate(const MfEmulatorBoSettings& s)
{
    for (const std::string& id : {s.highSimulatorId, s.lowSimulatorId})
        if (!findSimulator(id))
            makeSimulator(id); // throws the message listing the valid ids
    validateDirectBoSettings(s.optimization);
    if (s.testPoints < 0)
        throw InvalidInput("the number of test points must be ≥ 0 (got " +
                           std::to_string(s.testPoints) + ")");
}

} // namespace

MfEmulatorBoResult runMfEmulatorBayesianOptimization(const MfEmulatorBoSettings& settings,
                                                     Progress& progress)
{
    validate(settings);
    MfEmulatorBoResult r;
    r.settings = settings;
    r.settings.emulator.seed = settings.seed;
    r.settings.optimization.seed = settings.seed;
    r.settings.optimization.simulatorId = "mf-emulator";
    const std::unique_ptr<Simulator> low = makeSimulator(settings.lowSimulatorId);
    const std::unique_ptr<Simulator> high = makeSimulator(settings.highSimulatorId);

    const auto started = Clock::now();
    {
        SubProgress p(progress, 0.0, 0.4, "training the multi-fidelity emulator");
        r.emulator = std::make_shared<const MultiFidelityDynamicsEmulator>(
            MultiFidelityDynamicsEmulator::train(*low, *high, r.settings.emulator, p.get()));
    }
    r.trainingSeconds = secondsSince(started);
    r.lowCalls = low->calls();
    r.highTrainingCalls = high->calls();

    MultiFidelityEmulatedMountainCar car(r.emulator);
    {
        SubProgress p(progress, 0.4, 1.0, "optimising on the emulator");
        r.run = optimizeOnEmulator(car, *high, r.settings.optimization, p.get());
    }
    r.validationCalls = r.run.validation.simulatorCalls;
    r.highCalls = high->calls();
    r.reward = r.run.validation.reward;
    r.reachedGoal = r.run.validation.reachedGoal;
    r.stepsToGoal = r.reachedGoal ? r.run.validation.steps : -1;
    r.seconds = secondsSince(started);

    if (settings.testPoints > 0) {
        progress.checkCancelled();
        const auto testStart = Clock::now();
        const std::unique_ptr<Simulator> tester = makeSimulator(settings.highSimulatorId);
        r.testError = r.emulator->test(*tester, settings.testPoints, settings.seed);
        r.testSeconds = secondsSince(testStart);
    }
    progress.report(1.0, 1.0, "done");
    return r;
}

MfComparisonResult runMfEmulatorComparison(const MfEmulatorBoSettings& settings, Progress& progress)
{
    validate(settings);
    MfEmulatorSettings mf = settings.emulator;
    mf.model = "linear"; // set per row; validated before any simulation
    validateMfEmulatorSettings(mf);
    MfComparisonResult result;
    result.settings = settings;
    const auto started = Clock::now();
    const double nan = std::numeric_limits<double>::quiet_NaN();

    const int highSizes[2] = {mf.highCalls, mf.lowCalls + mf.highCalls};
    for (int k = 0; k < 2; ++k) {
        EmulatorBoSettings s;
        s.simulatorId = settings.highSimulatorId;
        s.emulator.trainingCalls = highSizes[k];
        s.emulator.designId = "lhs";
        s.optimization = settings.optimization;
        s.testPoints = settings.testPoints;
        s.seed = settings.seed;
        SubProgress p(progress, 0.25 * k, 0.25 * (k + 1),
                      "high-fidelity emulator, N = " + std::to_string(highSizes[k]));
        const EmulatorBoResult r = runEmulatorBayesianOptimization(s, p.get());
        MfComparisonRow row;
        row.emulator = "high";
        row.highCalls = r.trainingCalls;
        row.validationCalls = r.validationCalls;
        row.testError = r.testError;
        row.rhoPosition = row.rhoVelocity = nan;
        row.best = r.best;
        row.emulatedReward = r.emulatedReward;
        row.reward = r.reward;
        row.reachedGoal = r.reachedGoal;
        row.steps = r.validation.steps;
        row.seconds = r.seconds;
        row.trainingSeconds = r.trainingSeconds;
        row.highEmulator = r.emulator;
        result.rows.push_back(row);
    }
    const std::string models[2] = {"linear", "nonlinear"};
    for (int k = 0; k < 2; ++k) {
        MfEmulatorBoSettings s = settings;
        s.emulator.model = models[k];
        SubProgress p(progress, 0.5 + 0.25 * k, 0.75 + 0.25 * k,
                      models[k] + " multi-fidelity emulator");
        const MfEmulatorBoResult r = runMfEmulatorBayesianOptimization(s, p.get());
        MfComparisonRow row;
        row.emulator = models[k];
        row.lowCalls = r.lowCalls;
        row.highCalls = r.highTrainingCalls;
        row.validationCalls = r.validationCalls;
        row.testError = r.testError;
        row.rhoPosition = r.emulator->rho(0);
        row.rhoVelocity = r.emulator->rho(1);
        row.best = r.run.best;
        row.emulatedReward = r.run.emulatedReward;
        row.reward = r.reward;
        row.reachedGoal = r.reachedGoal;
        row.steps = r.run.validation.steps;
        row.seconds = r.seconds;
        row.trainingSeconds = r.trainingSeconds;
        row.mfEmulator = r.emulator;
        result.rows.push_back(row);
    }
    result.seconds = secondsSince(started);
    progress.report(1.0, 1.0, "done");
    return result;
}

} // namespace emu

#include "engine/studies/mf_emulator_study.h"

#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/sim/simulator_registry.h"

#include <limits>

namespace emu {

namespace {

void validate(const MfEmulatorBoSettings& s)
{
    for (const std::string& id : {s.highSimulatorId, s.lowSimulatorId})
        if (!simulatorRegistry().find(id))
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
    r.settings = asRun(settings, "mf-emulator");
    const std::unique_ptr<Simulator> low = makeSimulator(settings.lowSimulatorId);
    const std::unique_ptr<Simulator> high = makeSimulator(settings.highSimulatorId);

    const auto started = Clock::now();
    {
        ChildProgress p(progress, 0.0, 0.4, "training the multi-fidelity emulator");
        r.emulator = std::make_shared<const MultiFidelityDynamicsEmulator>(
            MultiFidelityDynamicsEmulator::train(*low, *high, r.settings.emulator, p.get()));
    }
    r.trainingSeconds = secondsSince(started);
    r.lowCalls = low->calls();
    r.highTrainingCalls = high->calls();

    {
        ChildProgress p(progress, 0.4, 1.0, "optimising on the emulator");
        optimizeAndTest(r.emulator, *high, r.settings.optimization, settings.testPoints,
                        settings.seed, started, r, p.get());
    }
    r.validationCalls = r.run.validation.simulatorCalls;
    r.highCalls = high->calls();
    progress.report(1.0, 1.0, "done");
    return r;
}

namespace {

/// The columns every row of the comparison takes from its emulator's pipeline.
MfComparisonRow comparisonRow(const std::string& emulator, const EmulatedRunResult& r,
                              std::shared_ptr<const StepModel> model)
{
    MfComparisonRow row;
    row.emulator = emulator;
    row.testError = r.testError;
    row.best = r.run.best;
    row.emulatedReward = r.run.emulatedReward;
    row.reward = r.reward;
    row.reachedGoal = r.reachedGoal;
    row.steps = r.run.validation.steps;
    row.seconds = r.seconds;
    row.trainingSeconds = r.trainingSeconds;
    row.model = std::move(model);
    return row;
}

MfComparisonRow highFidelityOnlyRow(const MfEmulatorBoSettings& settings, int trainingCalls,
                                    Progress& progress)
{
    EmulatorBoSettings s;
    s.simulatorId = settings.highSimulatorId;
    s.emulator.trainingCalls = trainingCalls;
    s.emulator.designId = "lhs";
    s.optimization = settings.optimization;
    s.testPoints = settings.testPoints;
    s.seed = settings.seed;
    const EmulatorBoResult r = runEmulatorBayesianOptimization(s, progress);
    MfComparisonRow row = comparisonRow("high", r, r.emulator);
    row.highCalls = r.trainingCalls;
    row.validationCalls = r.validationCalls;
    row.rhoPosition = row.rhoVelocity = std::numeric_limits<double>::quiet_NaN();
    return row;
}

MfComparisonRow multiFidelityRow(const MfEmulatorBoSettings& settings, const std::string& model,
                                 Progress& progress)
{
    MfEmulatorBoSettings s = settings;
    s.emulator.model = model;
    const MfEmulatorBoResult r = runMfEmulatorBayesianOptimization(s, progress);
    MfComparisonRow row = comparisonRow(model, r, r.emulator);
    row.lowCalls = r.lowCalls;
    row.highCalls = r.highTrainingCalls;
    row.validationCalls = r.validationCalls;
    row.rhoPosition = r.emulator->rho(0);
    row.rhoVelocity = r.emulator->rho(1);
    return row;
}

} // namespace

MfComparisonRow runMfComparisonRow(const MfEmulatorBoSettings& settings, int index,
                                   Progress& progress)
{
    if (index < 0 || index >= kMfComparisonRows)
        throw InvalidInput("the comparison has rows 0 to " + std::to_string(kMfComparisonRows - 1) +
                           ", not " + std::to_string(index));
    validate(settings);
    MfEmulatorSettings mf = settings.emulator;
    mf.model = "linear"; // set per row; validated before any simulation
    validateMfEmulatorSettings(mf);
    switch (index) {
    case 0:
        return highFidelityOnlyRow(settings, mf.highCalls, progress);
    case 1:
        return highFidelityOnlyRow(settings, mf.lowCalls + mf.highCalls, progress);
    case 2:
        return multiFidelityRow(settings, "linear", progress);
    default:
        return multiFidelityRow(settings, "nonlinear", progress);
    }
}

MfComparisonResult runMfEmulatorComparison(const MfEmulatorBoSettings& settings, Progress& progress)
{
    MfComparisonResult result;
    result.settings = settings;
    const auto started = Clock::now();
    const char* names[kMfComparisonRows] = {"high-fidelity emulator, N_high",
                                            "high-fidelity emulator, N_low + N_high",
                                            "linear multi-fidelity emulator",
                                            "nonlinear multi-fidelity emulator"};
    for (int k = 0; k < kMfComparisonRows; ++k) {
        const double share = 1.0 / kMfComparisonRows;
        ChildProgress p(progress, share * k, share * (k + 1), names[k]);
        result.rows.push_back(runMfComparisonRow(settings, k, p.get()));
    }
    result.seconds = secondsSince(started);
    progress.report(1.0, 1.0, "done");
    return result;
}

} // namespace emu

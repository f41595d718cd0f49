#pragma once
// Data-efficient emulation of the mountain car, the talk's "first emulate the dynamics, then do
// Bayesian optimisation of the emulator", as plain functions returning plain result structs.
//
//  (a) runEmulatorBayesianOptimization(): N simulator calls, chosen by a design, train a
//      DynamicsEmulator of one step (dynamics_emulator.h). Bayesian optimisation of the episode
//      reward then runs entirely on the emulator's mean (EmulatedMountainCar), exactly as direct
//      BO runs on the simulator (mountain_car_study.h): 25 random controllers + 50 EI
//      iterations by default, the same GP on the unit cube and the same objective
//      y = log(101 − R). It makes no simulator call. Finally the controller with the best
//      emulated reward is run once on the simulator: the validation episode, whose reward is
//      the result. Simulator calls: N + the validation episode's steps, against the
//      (25 + 50) × 500 = 37,500 calls direct BO may use.
//  (b) runEmulatorSweep(): (a) for every training size N and design (and seed): a table of
//      simulator calls against the reward achieved on the simulator.
//
// Held-out one-step errors (testPoints) and the optional direct-BO baseline use simulator
// instances of their own: they measure the method for the user and are not part of its calls.
// Deterministic: the same settings (seed included) give the same results.

#include "engine/core/progress.h"
#include "engine/dynamics/dynamics_emulator.h"
#include "engine/dynamics/step_model.h"
#include "engine/sim/episode_trace.h"
#include "engine/studies/mountain_car_study.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace emu {

/// Direct-BO settings for the optimisation on the emulator: the defaults of direct BO with a
/// random initial design (the talk's 25 random controllers + 50 EI iterations).
DirectBoSettings emulatorOptimizationDefaults();

/// Bayesian optimisation of the controller on an emulated car and the validation of its best
/// controller on the real simulator: the second half of (a), shared by every emulator.
struct EmulatedOptimization
{
    DirectBoResult optimization;     ///< on the emulated car (rewards emulated)
    LinearController best;           ///< the controller with the best emulated reward
    double emulatedReward = 0.0;     ///< its reward on the emulated car
    bool emulatedReachedGoal = false;
    int emulatedSteps = 0;
    EpisodeTrace validation;         ///< its episode on the simulator
    double optimizationSeconds = 0.0;
    double validationSeconds = 0.0;
};

/// Runs BO with `bo` on `emulated`, then validateOnSimulator(). Progress over the whole;
/// Cancelled when cancelled.
EmulatedOptimization optimizeOnEmulator(Simulator& emulated, Simulator& simulator,
                                        const DirectBoSettings& bo,
                                        Progress& progress = Progress::none());

/// The validation half of optimizeOnEmulator(), for an optimisation that ran on an emulated car
/// by other means (a live DirectBoRun on a page): the controller with the best emulated reward,
/// run once on `simulator` with the optimisation's episode settings (its calls advance by the
/// episode's steps). optimizationSeconds is the optimisation's own time. Throws InvalidInput for
/// an optimisation without evaluations, Cancelled when cancelled.
EmulatedOptimization validateOnSimulator(DirectBoResult optimization, Simulator& simulator,
                                         Progress& progress = Progress::none());

/// What every emulator pipeline gives once its step model is trained, whatever the model: the
/// optimisation on its car validated on the simulator, and the held-out test.
struct EmulatedRunResult
{
    EmulatedOptimization run;    ///< BO on the emulated car and the validation episode
    EmulatorTestError testError; ///< held-out one-step errors (points = 0 without a test)
    double reward = 0.0;         ///< the best controller's reward on the simulator: the result
    bool reachedGoal = false;    ///< whether it reaches the goal on the simulator
    int stepsToGoal = -1;        ///< its steps on the simulator if it reaches the goal, else −1
    double seconds = 0.0;         ///< wall-clock time of the method (training, BO, validation)
    double trainingSeconds = 0.0; ///< of which training the emulator (design, calls, fits)
    double testSeconds = 0.0;     ///< the held-out test (not part of `seconds`)
};

/// The second half of every emulator pipeline, the same for every step model: BO with `bo` on
/// the model's car, validation of its best controller on `simulator`, then `testPoints`
/// held-out calls of a simulator of its own (same id, seeded by `seed`; none for 0). Fills
/// `out` but trainingSeconds; `started` is when training began (for `seconds`). Progress over
/// the whole; Cancelled when cancelled.
void optimizeAndTest(std::shared_ptr<const StepModel> model, Simulator& simulator,
                     const DirectBoSettings& bo, int testPoints, std::uint64_t seed,
                     std::chrono::steady_clock::time_point started, EmulatedRunResult& out,
                     Progress& progress = Progress::none());

/// The settings of an emulator pipeline (single- or multi-fidelity) as it runs: its one `seed`
/// drives the emulator's training and the optimisation, whose runs name `modelLabel` as their
/// simulator.
template <class PipelineSettings>
PipelineSettings asRun(PipelineSettings settings, const char* modelLabel)
{
    settings.emulator.seed = settings.seed;
    settings.optimization.seed = settings.seed;
    settings.optimization.simulatorId = modelLabel;
    return settings;
}

/// What runEmulatorBayesianOptimization() does.
struct EmulatorBoSettings
{
    std::string simulatorId = "classic"; ///< simulatorRegistry() id of the real simulator
    EmulatorSettings emulator;           ///< N, design and fits (its seed is replaced by `seed`)
    /// BO on the emulator (its simulatorId and seed are replaced; episode settings apply to the
    /// emulated episodes and to the validation episode alike).
    DirectBoSettings optimization = emulatorOptimizationDefaults();
    int testPoints = 1000;  ///< held-out transitions for one-step errors; 0: no test
    bool runDirect = false; ///< also run direct BO on the simulator, for comparison
    std::uint64_t seed = 0; ///< seeds the design, the fits, the BO and the test points
};

/// Outcome of runEmulatorBayesianOptimization().
struct EmulatorBoResult : EmulatedRunResult
{
    EmulatorBoSettings settings; ///< as given (validated), seeds filled in
    std::shared_ptr<const DynamicsEmulator> emulator; ///< the trained emulator

    std::uint64_t trainingCalls = 0;   ///< N (simulator calls of the emulator's training)
    std::uint64_t validationCalls = 0; ///< steps of the validation episode
    std::uint64_t simulatorCalls = 0;  ///< trainingCalls + validationCalls
    std::uint64_t directCallBudget = 0; ///< (initial + iterations) × maxSteps of direct BO
    std::optional<DirectBoResult> direct; ///< the direct-BO baseline, if settings.runDirect
};

/// The direct-BO baseline of (a): direct BO's defaults on settings.simulatorId, with the seed
/// and the episode settings of the optimisation on the emulator.
DirectBoSettings directBaselineSettings(const EmulatorBoSettings& settings);

/// Runs (a); reports progress and throws Cancelled when cancelled; throws InvalidInput for
/// invalid settings (unknown ids, bad counts) before any simulation.
EmulatorBoResult runEmulatorBayesianOptimization(const EmulatorBoSettings& settings = {},
                                                 Progress& progress = Progress::none());

/// What runEmulatorSweep() varies; everything else comes from `base`.
struct EmulatorSweepSettings
{
    EmulatorBoSettings base;                          ///< the experiment of every cell
    std::vector<int> trainingCalls{100, 250, 500, 1000}; ///< N per row group
    std::vector<std::string> designs{"random", "lhs", "sobol", "active"};
    std::vector<std::uint64_t> seeds{0};              ///< one row per seed
};

/// One cell of the sweep.
struct EmulatorSweepRow
{
    std::string design;
    int trainingCalls = 0;
    std::uint64_t seed = 0;
    std::uint64_t simulatorCalls = 0; ///< training + validation
    Index limitedCalls = 0;           ///< training transitions left out of the GPs (limits)
    LinearController best;
    double emulatedReward = 0.0;
    double reward = 0.0;              ///< on the simulator
    bool reachedGoal = false;
    int steps = 0;                    ///< of the validation episode
    double positionNrmse = 0.0;       ///< held-out one-step nrmse of Δp (0 without a test)
    double velocityNrmse = 0.0;       ///< of Δv
    double seconds = 0.0;             ///< of the method
};

/// Outcome of runEmulatorSweep(): rows ordered by design, then N, then seed.
struct EmulatorSweepResult
{
    std::vector<EmulatorSweepRow> rows;
    double seconds = 0.0;
};

/// Runs (b); progress over all cells, Cancelled when cancelled; InvalidInput for an empty or
/// invalid list (before any simulation).
EmulatorSweepResult runEmulatorSweep(const EmulatorSweepSettings& settings = {},
                                     Progress& progress = Progress::none());

} // namespace emu

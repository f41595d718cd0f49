#pragma once
// The talk's "best controller with the multi-fidelity emulator", as plain functions returning
// plain result structs.
//
//  (a) runMfEmulatorBayesianOptimization(): N_low low-fidelity + N_high high-fidelity calls
//      (nested designs) train a MultiFidelityDynamicsEmulator of one step
//      (multi_fidelity_dynamics_emulator.h), linear (AR1) or nonlinear (NARGP). Bayesian
//      optimisation of the controller then runs on its high-level mean (EmulatedMountainCar)
//      exactly as on the single-fidelity emulator
//      (emulator_study.h: optimizeOnEmulator(), 25 random controllers + 50 EI
//      iterations), and the best controller is validated once on the high-fidelity simulator.
//      Calls: N_low low + N_high high + the validation episode's steps (high).
//  (b) runMfEmulatorComparison(): four emulators trained with the same seed and validated on
//      the same high-fidelity simulator and the same held-out high-fidelity calls:
//        high-only N_high  (DynamicsEmulator, Latin hypercube of N_high high calls)
//        high-only N_low + N_high (the same number of calls, all of high fidelity)
//        linear MF N_low + N_high
//        nonlinear MF N_low + N_high
//
// Held-out one-step errors use a simulator instance of their own and
// StepModel::testInputs(limits, testPoints, seed), the same inputs for every emulator; they are
// not part of the method's calls. Deterministic: the same settings give the same results.

#include "engine/core/progress.h"
#include "engine/dynamics/multi_fidelity_dynamics_emulator.h"
#include "engine/studies/emulator_study.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

/// What runMfEmulatorBayesianOptimization() does.
struct MfEmulatorBoSettings
{
    std::string highSimulatorId = "classic"; ///< the high fidelity: "classic" or "box2d" (any id)
    std::string lowSimulatorId = "low";      ///< the low fidelity: "low" or "classic" (any id)
    MfEmulatorSettings emulator;             ///< model, calls, fits (its seed is replaced)
    /// BO on the emulator (its simulatorId and seed are replaced).
    DirectBoSettings optimization = emulatorOptimizationDefaults();
    int testPoints = 1000;  ///< held-out high-fidelity transitions; 0: no test
    std::uint64_t seed = 0; ///< seeds the design, the fits, the BO and the test points
};

/// Outcome of runMfEmulatorBayesianOptimization().
struct MfEmulatorBoResult : EmulatedRunResult
{
    MfEmulatorBoSettings settings; ///< as given, seeds filled in
    std::shared_ptr<const MultiFidelityDynamicsEmulator> emulator;
    std::uint64_t lowCalls = 0;          ///< low-fidelity calls (training)
    std::uint64_t highTrainingCalls = 0; ///< high-fidelity calls of training
    std::uint64_t validationCalls = 0;   ///< high-fidelity calls of the validation episode
    std::uint64_t highCalls = 0;         ///< highTrainingCalls + validationCalls
};

/// Runs (a); progress, Cancelled; InvalidInput for invalid settings before any simulation.
MfEmulatorBoResult runMfEmulatorBayesianOptimization(const MfEmulatorBoSettings& settings = {},
                                                     Progress& progress = Progress::none());

/// One emulator of the comparison.
struct MfComparisonRow
{
    std::string emulator;             ///< "high", "high" (larger), "linear", "nonlinear"
    std::uint64_t lowCalls = 0;       ///< training calls of the low fidelity
    std::uint64_t highCalls = 0;      ///< training calls of the high fidelity
    std::uint64_t validationCalls = 0; ///< high-fidelity calls of the validation episode
    EmulatorTestError testError;      ///< held-out one-step errors (high fidelity)
    double rhoPosition = 0.0;         ///< linear: ρ of Δp (NaN otherwise)
    double rhoVelocity = 0.0;         ///< linear: ρ of Δv (NaN otherwise)
    LinearController best;
    double emulatedReward = 0.0;
    double reward = 0.0;              ///< on the high simulator
    bool reachedGoal = false;
    int steps = 0;                    ///< of the validation episode
    double seconds = 0.0;             ///< of the method
    double trainingSeconds = 0.0;
    /// The trained emulator (a DynamicsEmulator for the high-fidelity rows, a
    /// MultiFidelityDynamicsEmulator for the others), e.g. to run the optimisation again live.
    std::shared_ptr<const StepModel> model;
};

/// Outcome of runMfEmulatorComparison(): rows high N_high, high N_low + N_high, linear, nonlinear.
struct MfComparisonResult
{
    MfEmulatorBoSettings settings; ///< the base settings (model ignored)
    std::vector<MfComparisonRow> rows;
    double seconds = 0.0;
};

/// The rows of the comparison, in table order.
constexpr int kMfComparisonRows = 4;

/// Row `index` (0 … kMfComparisonRows − 1) of the comparison from `settings` (its
/// emulator.model is ignored), on its own: the rows share nothing, so a caller with several
/// cores may run them at the same time. Progress, Cancelled; InvalidInput for invalid settings
/// or index before any simulation.
MfComparisonRow runMfComparisonRow(const MfEmulatorBoSettings& settings, int index,
                                   Progress& progress = Progress::none());

/// Runs (b): every row, one after the other; progress over all four.
MfComparisonResult runMfEmulatorComparison(const MfEmulatorBoSettings& settings = {},
                                           Progress& progress = Progress::none());

} // namespace emu

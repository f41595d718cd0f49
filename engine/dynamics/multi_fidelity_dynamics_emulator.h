#pragma once
// A multi-fidelity emulator of the mountain car's dynamics: the talk's "best controller with
// the multi-fidelity emulator". One step of a high-fidelity simulator (classic or Box2D) is
// learned from a few calls of it plus calls of a cheaper, corrupted low-fidelity simulator
// (low_fidelity_mountain_car.h, or the classic equations under Box2D).
//
// Data (nested designs, X_high ⊂ X_low): a Latin hypercube of N_low inputs x = (p, v, u) in the
// training box B of the high simulator's limits (state_limits.h), of which N_high are
// picked for spread (nestedDesign(); with N_high = N_low both simulators see the same inputs).
// The low simulator is called at X_low, the high one at X_high: exactly N_low + N_high calls.
//
// One model per output o ∈ {Δp, Δv}, on the unit-cube inputs z of B, with the fidelity level as
// the last input column (multi_fidelity_data.h; 0 = low, 1 = high):
//   linear     Kennedy–O'Hagan AR1 (linear_multi_fidelity_model.h):
//                  Δ_o^high(z) = ρ_o Δ_o^low(z) + δ_o(z),   Matérn 5/2 ARD kernels,
//              fitted level by level (settings.linearFit "recursive": the joint posterior for
//              nested, noise-free data, which these nearly are, in a seventh of the time of
//              "joint", the maximum likelihood of both levels at once).
//   nonlinear  NARGP (nonlinear_multi_fidelity_model.h):
//                  Δ_o^high(z) = g_o(z, Δ_o^low(z)),
//              level by level.
// The emulated step is the high level's mean, with the high simulator's limits applied outside
// the models (StateLimits::apply, as in the single-fidelity emulator):
//     x' = limits(x + μ_high(z)).
// For the nonlinear model the rollout mean is the plug-in mean μ_1(z, μ_0(z)) (the training
// inputs of its top level), not the Monte Carlo mean: deterministic, and ~100× cheaper per step
// than S = 100 samples; the held-out coverage uses the Monte Carlo variance.
// Transitions whose next state lies on a limit of their own simulator (StateLimits::onLimit)
// show the limit, not the dynamics, and are left out of the models at their level (they still
// count as calls).
//
// Box2D as the high fidelity, the classic equations as the low one: B is the Box2D car's box,
// p in [-1.8, 0.6] (its terrain goes on up a ramp where the classic car has its wall), and the
// emulated car follows the Box2D car's rules (walls at both ends, no speed limit). Classic
// calls beyond p = -1.2 end at the classic wall and are left out at the low level, so there
// the high level learns from the Box2D calls alone.
//
// Cost: a mean step costs one posterior mean per output, no variance (kernel rows against the
// training points of each level), a few microseconds: an emulated 500-step episode costs 1.4 ms
// (linear) or 2.5 ms (nonlinear) (bench_mf_car).

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/dynamics/dynamics_emulator.h"
#include "engine/sim/simulator.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class Model;

/// How a MultiFidelityDynamicsEmulator is trained.
struct MfEmulatorSettings
{
    std::string model = "linear"; ///< the one-step model: "linear" (AR1) or "nonlinear" (NARGP)
    /// How the linear model is fitted: "recursive" (level by level, Le Gratiet; see the file
    /// comment) or "joint" (all parameters on all data at once).
    std::string linearFit = "recursive";
    int lowCalls = 250;         ///< N_low: low-fidelity calls (≥ highCalls)
    int highCalls = 250;        ///< N_high: high-fidelity calls (≥ 2)
    int fitRestarts = 2;        ///< random restarts of every fit
    int fitMaxIterations = 100; ///< optimiser iterations per start
    int sampleCount = 100;      ///< nonlinear: Monte Carlo samples of the predictive variance
    std::uint64_t seed = 0;     ///< seeds the design, the fits and the Monte Carlo draws
};

/// Throws InvalidInput unless the settings are valid (known model and linear fit, 2 ≤ highCalls
/// ≤ lowCalls ≤ 2000, restarts ≥ 0, iterations ≥ 1, samples ≥ 1).
void validateMfEmulatorSettings(const MfEmulatorSettings& settings);

/// The one-step model ids in menu order: "linear", "nonlinear".
std::vector<std::string> mfEmulatorModelIds();
/// The linear model's fit methods: "recursive", "joint".
std::vector<std::string> mfLinearFitIds();

/// Two multi-fidelity models of the increments (Δp, Δv) of one step; see the file comment.
class MultiFidelityDynamicsEmulator : public StepModel
{
public:
    /// Trains on settings.lowCalls calls of `low` and settings.highCalls calls of `high`; their
    /// counters advance by exactly that many. Reports progress, throws Cancelled when
    /// cancelled, InvalidInput for invalid settings (before any call).
    static MultiFidelityDynamicsEmulator train(Simulator& low, Simulator& high,
                                               const MfEmulatorSettings& settings = {},
                                               Progress& progress = Progress::none());
    /// Fits to given transitions per level: rows (p, v, u) and rows (p', v'). Only the fit
    /// settings and the model are used; the call counts are 0. InvalidInput on shape or NaN.
    /// `lowLimits` and `highLimits` are the limits of the simulators the data came from.
    static MultiFidelityDynamicsEmulator
    fromTransitions(const Matrix& lowInputs, const Matrix& lowNext, const Matrix& highInputs,
                    const Matrix& highNext, const MfEmulatorSettings& settings = {},
                    const StateLimits& lowLimits = StateLimits::classic(),
                    const StateLimits& highLimits = StateLimits::classic(),
                    Progress& progress = Progress::none());

    MultiFidelityDynamicsEmulator(const MultiFidelityDynamicsEmulator& other);
    MultiFidelityDynamicsEmulator& operator=(const MultiFidelityDynamicsEmulator& other);
    MultiFidelityDynamicsEmulator(MultiFidelityDynamicsEmulator&&) noexcept;
    MultiFidelityDynamicsEmulator& operator=(MultiFidelityDynamicsEmulator&&) noexcept;
    ~MultiFidelityDynamicsEmulator() override;

    /// "mf-emulator".
    std::string carId() const override { return "mf-emulator"; }
    /// "linear multi-fidelity emulator of the classic car (250 low + 250 high)".
    std::string description() const override;
    /// The high simulator's id.
    std::string simulatorId() const override { return m_highId; }
    /// Measured order of magnitude: ≈ 20 µs per step against ≈ 20 ns for a classic step.
    double relativeCost() const override { return 1000.0; }

    /// The settings it was trained with.
    const MfEmulatorSettings& settings() const { return m_settings; }
    /// Ids of the simulators the data came from ("data" for fromTransitions()).
    const std::string& lowSimulatorId() const { return m_lowId; }
    /// The high simulator's limits: its training box and the rules every emulated step obeys.
    const StateLimits& limits() const override { return m_highLimits; }
    /// Calls made for training at each level.
    std::uint64_t lowCalls() const { return m_lowCalls; }
    std::uint64_t highCalls() const { return m_highCalls; }
    /// Transitions in the models' data at each level (calls minus limited ones).
    Index lowSize() const { return m_lowSize; }
    Index highSize() const { return m_highSize; }
    /// The model of output o (0: Δp, 1: Δv), inputs: unit cube plus fidelity column.
    const Model& model(Index output) const { return *m_models[std::size_t(output)]; }
    /// Linear model: ρ of output o (how the low level's increment scales into the high one);
    /// NaN for the nonlinear model.
    double rho(Index output) const;
    /// Wall-clock seconds of the design and the simulator calls, and of the fits.
    double designSeconds() const { return m_designSeconds; }
    double fitSeconds() const { return m_fitSeconds; }

    /// High-level means (m×2: Δp, Δv) of the increments at rows (p, v, u) (the rollout mean of
    /// the file comment) and, if `variance` is given, their predictive variances.
    /// InvalidInput on shape or NaN.
    Matrix predictIncrements(const Matrix& statesAndActions, Matrix* variance = nullptr,
                             bool includeNoise = false) const override;
    /// An empty workspace: the models allocate as they predict.
    std::unique_ptr<StepModel::Workspace> newWorkspace() const override;
    /// Means at a given level (0 low, 1 high) at rows (p, v, u), for plots.
    Matrix predictLevel(Index level, const Matrix& statesAndActions) const;
    /// The mean next state: limits().apply(s, high-level mean increment). u used as given.
    CarState meanStep(const CarState& s, double u, StepModel::Workspace& work) const override;

protected:
    /// The batch's high-level mean increments, limits applied (one prediction, not two).
    Matrix meanNextStates(const Matrix& statesAndActions, const Matrix& increments) const override;

private:
    MultiFidelityDynamicsEmulator();
    void fit(const Matrix& lowInputs, const Matrix& lowNext, const Matrix& highInputs,
             const Matrix& highNext, Progress& progress);
    /// Unit-cube inputs and increments of the transitions not on a limit of `limits`.
    void unlimited(const Matrix& inputs, const Matrix& next, const StateLimits& limits,
                   Matrix& units, Matrix& increments) const;
    /// Means of output o's high level at unit-cube rows (no fidelity column).
    Vector highMean(Index output, const Matrix& units) const;

    MfEmulatorSettings m_settings;
    std::string m_lowId = "data";
    std::string m_highId = "data";
    StateLimits m_lowLimits;
    StateLimits m_highLimits;
    std::vector<std::unique_ptr<Model>> m_models;
    std::uint64_t m_lowCalls = 0;
    std::uint64_t m_highCalls = 0;
    Index m_lowSize = 0;
    Index m_highSize = 0;
    double m_designSeconds = 0.0;
    double m_fitSeconds = 0.0;
};

} // namespace emu

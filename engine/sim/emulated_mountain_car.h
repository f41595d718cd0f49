#pragma once
// Driving the car on its emulator (dynamics_emulator.h) instead of the simulator.
//
// Emulated rollout. EmulatedMountainCar is a Simulator whose step is the emulator's mean:
//     x_{t+1} = limits(x_t + μ(x_t, u_t))
// where limits are the emulated simulator's own rules (state_limits.h; for the classic car v
// clipped to [-0.07, 0.07], the step in p shrunk by what the clip removed, p clipped to
// [-1.2, 0.6] and v set to 0 at the left wall). Where the simulator has walls and a speed
// limit they also keep the emulator inside the box it was trained on, where it can be trusted
// (a GP extrapolates back to its constant mean). Episodes then follow the same rules as
// on any simulator (episode_trace.h): the same controller, the goal p ≥ 0.45 ends the episode,
// at most 500 steps, R = 100 [goal] - 0.1 Σ u². So runEpisode(), runEpisodes(), landscapes and
// direct Bayesian optimisation all work on it unchanged; its calls() count emulator steps.
//
// Sampled rollouts. The mean path hides how unsure the emulator is. sampleEmulatedEpisodes()
// propagates the uncertainty step by step: every sample k draws its next increments from the
// GPs' predictive marginals at its own current state,
//     Δ_o ~ N(μ_o(x_t^k, u_t^k), Var_o(x_t^k, u_t^k))   independently per output and step,
// then applies the same limits and the same goal logic. The samples of one step are predicted
// in one batch (one kernel matrix and one triangular solve per output). Draws use one Rng
// seeded from the settings, in the order (step, sample, output), so the same seed gives the
// same paths. Independent draws per step ignore the correlation of the GP along a path, so the
// band is a rough picture of the emulator's uncertainty, not an exact posterior of trajectories.
//
// Comparison. compareWithSimulator() runs one controller on both and reports both traces,
// the per-step differences of the free-running paths (errors accumulate: the emulator never
// sees the true state again), the one-step errors along the simulator's path (how good each
// single prediction is), and both rewards.

#include "engine/core/progress.h"
#include "engine/sim/dynamics_emulator.h"
#include "engine/sim/simulator.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace emu {

/// A Simulator whose step is a DynamicsEmulator's mean (see the file comment).
class EmulatedMountainCar : public Simulator
{
public:
    /// Shares the (immutable) emulator; throws InvalidInput if it is null.
    explicit EmulatedMountainCar(std::shared_ptr<const DynamicsEmulator> emulator);

    std::string id() const override { return "emulator"; }
    std::string displayName() const override;
    /// The fidelity of the simulator it emulates (1 unless it emulates "low" or "box2d").
    int fidelity() const override;
    /// Measured order of magnitude: ≈ 3 ns per training point per step (≈ 1.5 µs at N = 500)
    /// against ≈ 20 ns for a classic step.
    double relativeCost() const override { return 0.15 * double(m_emulator->size()); }
    /// The limits of the simulator it emulates: the emulator applies them to every step.
    StateLimits limits() const override { return m_emulator->limits(); }

    const DynamicsEmulator& emulator() const { return *m_emulator; }
    std::shared_ptr<const DynamicsEmulator> sharedEmulator() const { return m_emulator; }

protected:
    State computeStep(const State& s, double u) override;
    void computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                         std::vector<EpisodeSummary>& out) override;

private:
    std::shared_ptr<const DynamicsEmulator> m_emulator;
    DynamicsEmulator::Workspace m_work;
};

/// How sampleEmulatedEpisodes() draws its paths.
struct EmulatedSampleSettings
{
    int samples = 20;         ///< K sampled paths (1 … 1000)
    bool includeNoise = true; ///< add the fitted noise variance to the predictive variance
    std::uint64_t seed = 0;   ///< seeds every draw
};

/// K sampled emulated episodes of one controller and the band they span.
struct EmulatedSamples
{
    std::vector<EpisodeTrace> samples; ///< one per path (simulatorId "emulator", no calls)
    /// Per step t = 0 … longest episode: the smallest and largest p over the samples, a sample
    /// that has ended (goal) counting with its final position.
    std::vector<double> positionLower;
    std::vector<double> positionUpper;
    int goalCount = 0;        ///< samples that reached the goal
    double meanReward = 0.0;  ///< mean reward over the samples
};

/// Samples K emulated episodes (see the file comment); reports progress and checks for
/// cancellation every step. Throws InvalidInput for a non-finite controller or start,
/// maxSteps < 0, or a sample count outside [1, 1000].
EmulatedSamples sampleEmulatedEpisodes(const DynamicsEmulator& emulator,
                                       const LinearController& controller,
                                       const EpisodeSettings& episode = {},
                                       const EmulatedSampleSettings& settings = {},
                                       Progress& progress = Progress::none());

/// One controller on the simulator and on the emulator, side by side.
struct EmulatorComparison
{
    EpisodeTrace simulated; ///< on the simulator (its calls are counted there)
    EpisodeTrace emulated;  ///< on the emulator's mean (no simulator calls)
    /// p and v of emulated − simulated at t = 0 … min(steps of both).
    std::vector<double> positionError;
    std::vector<double> velocityError;
    /// Along the simulated path: the emulator's mean step from the true x_t minus the true
    /// x_{t+1}, for t = 0 … simulated.steps − 1.
    std::vector<double> oneStepPositionError;
    std::vector<double> oneStepVelocityError;
    double maxAbsPositionError = 0.0; ///< over positionError
    double rmsPositionError = 0.0;
    double maxAbsVelocityError = 0.0;
    double rmsOneStepPositionError = 0.0;
    double rmsOneStepVelocityError = 0.0;
};

/// Runs `controller` on `simulator` (counting its calls) and on the emulator's mean, with the
/// same episode settings, and measures the differences. Throws InvalidInput like runEpisode().
EmulatorComparison compareWithSimulator(const DynamicsEmulator& emulator, Simulator& simulator,
                                        const LinearController& controller,
                                        const EpisodeSettings& episode = {});

} // namespace emu

#pragma once
// Driving the car on an emulator of its dynamics (step_model.h: the single-fidelity
// dynamics_emulator.h or the multi-fidelity multi_fidelity_dynamics_emulator.h) instead of the
// simulator.
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
// emulator's predictive marginals at its own current state,
//     Δ_o ~ N(μ_o(x_t^k, u_t^k), Var_o(x_t^k, u_t^k))   independently per output and step,
// then applies the same limits and the same goal logic. The samples of one step are predicted
// in one batch (for the GP emulator, one kernel matrix and one triangular solve per output).
// Draws use one Rng
// seeded from the settings, in the order (step, sample, output), so the same seed gives the
// same paths. Independent draws per step ignore the correlation of the GP along a path, so the
// band is a rough picture of the emulator's uncertainty, not an exact posterior of trajectories.
//
// Comparison. compareWithSimulator() runs one controller on both and reports both traces,
// the per-step differences of the free-running paths (errors accumulate: the emulator never
// sees the true state again), the one-step errors along the simulator's path (how good each
// single prediction is), and both rewards.

#include "engine/core/progress.h"
#include "engine/dynamics/step_model.h"
#include "engine/sim/simulator.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace emu {

/// A Simulator whose step is a step model's mean (see the file comment).
class EmulatedMountainCar : public Simulator
{
public:
    /// Shares the (immutable) emulator; throws InvalidInput if it is null.
    explicit EmulatedMountainCar(std::shared_ptr<const StepModel> model);

    /// The model's car id ("emulator", "mf-emulator").
    std::string id() const override { return m_model->carId(); }
    std::string displayName() const override { return m_model->description(); }
    /// The fidelity of the simulator it emulates (from the simulator registry).
    int fidelity() const override;
    double relativeCost() const override { return m_model->relativeCost(); }
    /// The limits of the simulator it emulates: the emulator applies them to every step.
    StateLimits limits() const override { return m_model->limits(); }

    const StepModel& model() const { return *m_model; }

protected:
    State computeStep(const State& s, double u) override;
    void computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                         std::vector<EpisodeSummary>& out) override;

private:
    std::shared_ptr<const StepModel> m_model;
    std::unique_ptr<StepModel::Workspace> m_work;
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
    std::vector<EpisodeTrace> samples; ///< one per path (simulatorId: the model's carId(), no calls)
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
EmulatedSamples sampleEmulatedEpisodes(const StepModel& emulator,
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
EmulatorComparison compareWithSimulator(const StepModel& emulator, Simulator& simulator,
                                        const LinearController& controller,
                                        const EpisodeSettings& episode = {});

} // namespace emu

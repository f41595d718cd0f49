#pragma once
// The interface every mountain car simulator implements: one step from any state, a whole batch
// of steps for emulator training, an episode mode that keeps full internal state between steps
// (a physics car has more state than (p, v)), and whole batches of controller episodes.
//
//     x_{t+1} = f(x_t, u_t),   x = (p, v),   u in [-1, 1] (clipped)
//
// Every evaluation of f is counted: step() and advance() count one call, stepBatch() one call
// per row, runEpisodes() one call per step taken. The counter is what the data-efficiency
// lessons compare ("500 simulator calls for the emulator versus 37,500 for direct BO").
//
// Non-virtual public functions validate and count, then call the protected virtual compute*
// functions (non-virtual interface), so every simulator rejects NaN the same way and none can
// forget to count. A Simulator is not thread-safe: use one instance per thread.

#include "engine/core/types.h"
#include "engine/sim/episode_trace.h"
#include "engine/sim/mountain_car.h"
#include "engine/sim/state_limits.h"

#include <cstdint>
#include <string>
#include <vector>

namespace emu {

class Simulator
{
public:
    using State = CarState;

    Simulator() = default;
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;
    virtual ~Simulator() = default;

    /// Stable identifier used by the registry, files and the CLI ("classic", "low", "box2d").
    virtual std::string id() const = 0;
    /// Name for menus.
    virtual std::string displayName() const = 0;
    /// Fidelity level: 0 = low-fidelity equations, 1 = classic (high fidelity), 2 = physics.
    virtual int fidelity() const = 0;
    /// Nominal cost of one call relative to the classic simulator (= 1).
    virtual double relativeCost() const = 0;
    /// Its state box and what happens at its edges, for the emulators that learn its dynamics.
    virtual StateLimits limits() const = 0;
    /// Whether pose() describes a physical car (chassis and wheels) worth animating.
    virtual bool hasPose() const { return false; }

    /// One step x' = f(x, u) from any state, independent of any episode in progress.
    /// Throws InvalidInput if s or u is not finite; u is clipped to [-1, 1].
    State step(const State& s, double u);
    /// Rows (p, v, u) -> rows (p', v'); one call per row. Throws InvalidInput on a wrong
    /// column count or a non-finite entry (naming the row).
    Matrix stepBatch(const Matrix& statesAndActions);

    /// Starts an episode at `s` (not counted as a call).
    void reset(const State& s);
    /// Advances the episode by one step with action u (clipped) and returns the new state.
    State advance(double u);
    /// The current episode state.
    const State& state() const { return m_state; }
    /// The pose of the car in the current episode (meaningful only if hasPose()).
    virtual CarPose pose() const { return {}; }

    /// Runs one episode per row of `thetas` (rows (thetaP, thetaV, theta0)), all from the same
    /// settings; counts the steps taken. Throws InvalidInput on a non-finite parameter or start.
    /// An episode in progress is interrupted: the next advance() restarts it from state().
    std::vector<EpisodeSummary> runEpisodes(const Matrix& thetas, const EpisodeSettings& settings);

    /// Simulator calls since construction or the last resetCalls().
    std::uint64_t calls() const { return m_calls; }
    /// Sets the call counter to zero.
    void resetCalls() { m_calls = 0; }

protected:
    /// f(s, u) with finite s and u already clipped to [-1, 1].
    virtual State computeStep(const State& s, double u) = 0;
    /// Rows (p, v, u) -> rows (p', v'), validated, u not yet clipped. Default: computeStep per row.
    virtual void computeStepBatch(const Matrix& statesAndActions, Matrix& next);
    /// Prepares the internal episode state at `s` (validated). Default: nothing to prepare.
    virtual void resetEpisode(const State& s);
    /// One episode step from the current state `current` (u clipped). Default: computeStep.
    virtual State advanceEpisode(const State& current, double u);
    /// One episode per row of `thetas` (validated) into `out` (sized). Default: reset + advance.
    virtual void computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                                 std::vector<EpisodeSummary>& out);

private:
    State m_state = MountainCar::defaultStart();
    bool m_episodeReady = false; ///< whether the subclass's episode state matches m_state
    std::uint64_t m_calls = 0;
};

} // namespace emu

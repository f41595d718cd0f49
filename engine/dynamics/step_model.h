#pragma once
// One step of the car's dynamics learned from simulator calls: the interface every dynamics
// emulator offers (the single-fidelity DynamicsEmulator, the MultiFidelityDynamicsEmulator), so
// that one emulated car (emulated_mountain_car.h), one pipeline (engine/studies), one CLI path and
// one page component serve them all.
//
// A step model predicts the increments (Δp, Δv) of one step at rows (p, v, u) of the training box
// of the simulator it emulates, and applies that simulator's limits to the mean next state:
//     x' = limits(x + μ(x, u))
// Held-out test. test() draws `points` transitions uniformly in the training box (seeded, never a
// design of the same seed), runs them on a simulator and compares: errors of the mean next state,
// coverage of mean ± 2 sd of the increments; transitions ending on a limit are left out, as in
// training (oneStepTestError()).

#include "engine/core/types.h"
#include "engine/sim/mountain_car.h"
#include "engine/sim/state_limits.h"

#include <cstdint>
#include <memory>
#include <string>

namespace emu {

class Simulator;

/// One-step accuracy of one output on held-out simulator calls.
struct EmulatorOutputError
{
    double rmse = 0.0;           ///< root-mean-square error of the predictive mean
    double maxAbsError = 0.0;    ///< largest absolute error
    double outputSd = 0.0;       ///< standard deviation of the true output on the test points
    double normalizedRmse = 0.0; ///< rmse / outputSd
    double coverage2sd = 0.0;    ///< fraction of test points within mean ± 2 predictive sd
};

/// One-step accuracy of both outputs on held-out simulator calls.
struct EmulatorTestError
{
    int points = 0;                   ///< test transitions the errors are over
    int limitedPoints = 0;            ///< test transitions left out: they ended on a limit
    std::uint64_t simulatorCalls = 0; ///< calls the test made (= points + limitedPoints)
    EmulatorOutputError position;     ///< of Δp
    EmulatorOutputError velocity;     ///< of Δv
};

/// One-step errors of predicted next states against simulated ones: rows (p, v, u) of the
/// inputs, the true next states (p', v'), the predicted next states (limits applied) and the
/// predictive variances of the increments (m×2, for coverage). Errors are of p' and v'; outputSd
/// is the spread of the true increments Δp, Δv. Transitions whose true next state is on a limit
/// of `limits` are left out, as in training: they show the simulator's rule, which an emulator
/// applies exactly only where the rule is exact (the Box2D car's walls stand beyond its
/// terrain's ends, so its centre stops up to 0.08 further).
EmulatorTestError oneStepTestError(const Matrix& statesAndActions, const Matrix& nextStates,
                                   const Matrix& predictedNext, const Matrix& incrementVariance,
                                   const StateLimits& limits);

/// The dynamics of one step, learned; see the file comment.
class StepModel
{
public:
    static constexpr Index inputCount = 3;  ///< (p, v, u)
    static constexpr Index outputCount = 2; ///< (Δp, Δv)

    /// Scratch memory of meanStep() and incrementMarginals(): a rollout allocates it once, not
    /// once per step. Only the model that made it may use it.
    class Workspace
    {
    public:
        virtual ~Workspace() = default;
    };

    virtual ~StepModel() = default;

    /// Id of the car that drives on this model's mean ("emulator", "mf-emulator"): the
    /// simulator id of its episodes and of the optimisation runs on it.
    virtual std::string carId() const = 0;
    /// For menus and labels, e.g. "GP emulator of the classic car (N = 482)".
    virtual std::string description() const = 0;
    /// Id of the simulator it emulates (for a multi-fidelity model, the high fidelity).
    virtual std::string simulatorId() const = 0;
    /// That simulator's limits: its training box and the rules every emulated step obeys.
    virtual const StateLimits& limits() const = 0;
    /// Cost of one emulated step relative to a step of the classic equations (= 1).
    virtual double relativeCost() const = 0;

    /// Predictive means (m×2: Δp, Δv) and, if `variance` is given, variances of the increments
    /// at rows (p, v, u), in one batch. InvalidInput on shape or NaN.
    virtual Matrix predictIncrements(const Matrix& statesAndActions, Matrix* variance = nullptr,
                                     bool includeNoise = false) const = 0;
    /// A workspace for this model's meanStep() and incrementMarginals().
    virtual std::unique_ptr<Workspace> newWorkspace() const = 0;
    /// The mean next state limits().apply(s, μ(s, u)): the fast path of rollouts (no checks;
    /// u used as given). `work` must come from this model's newWorkspace().
    virtual CarState meanStep(const CarState& s, double u, Workspace& work) const = 0;
    /// Means and variances (m×2 each) of the increments at the rows (p, v, u), for sampled
    /// rollouts: one batch per step. No checks. The default calls predictIncrements().
    virtual void incrementMarginals(const Matrix& statesAndActions, bool includeNoise,
                                    Matrix& mean, Matrix& variance, Workspace& work) const;

    /// The held-out test inputs of test(): `points` rows (p, v, u) drawn uniformly in the
    /// training box of `limits` from a seed mixed with a constant, so they never coincide with a
    /// design of the same seed. InvalidInput for points < 1.
    static Matrix testInputs(const StateLimits& limits, int points, std::uint64_t seed);
    /// One-step errors against `points` held-out transitions (file comment), computed with
    /// `simulator` (which makes `points` calls: use an instance of its own to keep counts
    /// apart). Coverage uses the predictive sd with noise. InvalidInput for points < 1.
    EmulatorTestError test(Simulator& simulator, int points, std::uint64_t seed) const;

protected:
    /// The mean next states (limits applied) at rows (p, v, u), for test(), given the batch's
    /// mean increments. The default runs meanStep() row by row (a model whose fast path differs
    /// from its batch prediction is tested on the fast path the rollouts use).
    virtual Matrix meanNextStates(const Matrix& statesAndActions, const Matrix& increments) const;
};

} // namespace emu

#pragma once
// The ask/tell loop of Bayesian optimisation and sequential experimental design (Emukit's
// OuterLoop): a ParameterSpace, a Model and an Acquisition.
//
//   suggest()  fits the model's hyperparameters when due (every `refitEvery` iterations,
//              warm-started from the current values), update()s the acquisition, and maximises
//              it (AcquisitionOptimizer); q > 1 points by local penalisation. The suggestion is
//              remembered as the pending iteration.
//   observe()  appends evaluations to the history and the model's data; if a suggestion is
//              pending, it completes that iteration.
//   step()     suggest → objective → observe.
//   run()      steps until a StoppingCondition holds or the Progress is cancelled.
//
// The same loop does experimental design with acquisition = model variance or IVR: those ignore
// the values, so the "objective" can be any function (or a measurement).
//
// Failure safety: the history only changes when observe() succeeds. If the objective throws or
// returns a wrong number of values, or the model rejects the data, the exception propagates and
// the state (history, model data) is exactly what it was before the step; the loop can go on.
//
// Determinism: the seeds of each fit, acquisition update and anchor set are derived from
// settings.seed and the iteration index, so the same seed, objective and initial data give the
// same history.

#include "engine/bo/acquisition.h"
#include "engine/bo/bo_state.h"
#include "engine/core/progress.h"
#include "engine/design/parameter_space.h"
#include "engine/model/model.h"

#include <functional>
#include <memory>
#include <optional>

namespace emu {

/// The objective: values at every row of X (n×d), minimised. May throw.
using ObjectiveFunction = std::function<Vector(const Matrix& X)>;

/// Ask/tell Bayesian optimisation; see the file comment.
class BayesianOptimizationLoop
{
public:
    /// Takes the model and acquisition; data already in the model become the first rows of the
    /// history (they must lie in the space). Throws InvalidInput for null pointers, a model
    /// whose inputDim() differs from the space's dimension, or invalid settings.
    BayesianOptimizationLoop(ParameterSpace space, std::unique_ptr<Model> model,
                             std::unique_ptr<Acquisition> acquisition,
                             const LoopSettings& settings = {});
    BayesianOptimizationLoop(BayesianOptimizationLoop&&) noexcept;
    BayesianOptimizationLoop& operator=(BayesianOptimizationLoop&&) noexcept;
    ~BayesianOptimizationLoop();

    const ParameterSpace& space() const { return m_space; }
    const Model& model() const { return *m_model; }
    const Acquisition& acquisition() const { return *m_acquisition; }
    /// Mutable access, e.g. to change ξ or β between iterations.
    Acquisition& acquisition() { return *m_acquisition; }
    /// Replaces the acquisition (drops a pending suggestion).
    void setAcquisition(std::unique_ptr<Acquisition> acquisition);
    const LoopSettings& settings() const { return m_settings; }
    /// Replaces the settings (validated; drops a pending suggestion).
    void setSettings(const LoopSettings& settings);
    /// The full history.
    const BoState& state() const { return m_state; }
    /// Whether suggest() was called and its points not yet observed.
    bool hasPendingSuggestion() const { return m_pending.has_value(); }

    /// The next settings().batchSize points (q×d). Needs at least one observation.
    Matrix suggest(Progress& progress = Progress::none());
    /// The next `count` points (count ≥ 1).
    Matrix suggest(Index count, Progress& progress = Progress::none());
    /// Appends observations (rows of X inside the space, finite y); completes a pending
    /// suggestion. Leaves everything unchanged if it throws.
    void observe(const Matrix& X, const Vector& y);
    /// Marks observations as the iterations that made them, as a saved history recorded them:
    /// record k observed values.size() rows from its dataCount on (the suggestion or points
    /// chosen in its place), and the records follow each other up to the last observation.
    /// Their values and best values are read from the history; the rest (suggestions,
    /// acquisition values, hyperparameters) is kept.
    /// Drops a pending suggestion. Throws InvalidInput, changing nothing, for records that do
    /// not tile the observations so (requireIterationsTile()), or that replace iterations
    /// already recorded.
    void restoreIterations(std::vector<BoIteration> records);
    /// Completes the pending suggestion: evaluates X (the suggestion itself, or points chosen in
    /// its place, e.g. by a user) with the objective, records the time, and observes them.
    /// Throws InvalidInput without a pending suggestion; if anything throws, the suggestion is
    /// dropped and the history is unchanged.
    const BoIteration& evaluatePending(const Matrix& X, const ObjectiveFunction& objective);
    /// suggest → objective → observe; returns the completed iteration.
    const BoIteration& step(const ObjectiveFunction& objective,
                            Progress& progress = Progress::none());
    /// Steps until `stop` holds (see StoppingCondition) or progress is cancelled; reports the
    /// fraction of the iteration or evaluation budget done. Throws InvalidInput if no
    /// condition is set; the objective's exceptions propagate (history intact).
    StopReason run(const ObjectiveFunction& objective, const StoppingCondition& stop,
                   Progress& progress = Progress::none());

private:
    static void validate(const LoopSettings& settings);
    /// A seed for `purpose` at the current iteration.
    std::uint64_t seedFor(std::uint64_t purpose) const;
    /// Points next to the best observation, as extra anchors for the optimiser.
    Matrix incumbentAnchors(std::uint64_t seed) const;
    Matrix suggestPoints(Index count, Progress& progress, BoIteration& record);

    ParameterSpace m_space;
    std::unique_ptr<Model> m_model;
    std::unique_ptr<Acquisition> m_acquisition;
    LoopSettings m_settings;
    BoState m_state;
    std::optional<BoIteration> m_pending;
    bool m_fitted = false;
    int m_iterationsSinceFit = 0;
};

/// Throws InvalidInput unless `records` tile the observations as restoreIterations() needs:
/// record k starts at its dataCount, after at least one observation, observes values.size() ≥ 1
/// rows, suggested points of `dimension` columns, and the next starts where it ends, the last
/// at `observations`.
void requireIterationsTile(const std::vector<BoIteration>& records, Index observations, Index dimension);

/// The model as it was when iteration `iteration` of `state` was suggested: a clone of
/// `prototype` with the first dataCount observations and (for a GaussianProcess) the recorded
/// hyperparameters. Throws InvalidInput if the iteration does not exist.
std::unique_ptr<Model> replayModel(const Model& prototype, const BoState& state,
                                   std::size_t iteration);

} // namespace emu

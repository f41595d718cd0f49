#pragma once
// Direct Bayesian optimisation of the car's controller one episode at a time: the ask/tell form
// of runDirectBayesianOptimization() (mountain_car_study.h), for pages that show the loop
// live, step it, or let the user choose the next controller. runDirectBayesianOptimization() is
// a loop over it (propose → evaluate until finished), so both give the same history for the
// same settings.
//
//   propose()   the next controller: the next point of the initial design while it lasts, then
//               the loop's suggestion (fit the GP, maximise the acquisition). Proposing again
//               before evaluating returns the same controller without recomputing it.
//   evaluate()  runs the proposed controller's episode and appends it to the history.
//   evaluate(θ) runs the user's controller θ instead (after the initial design only): it
//               completes the pending iteration as an ordinary evaluation, and the loop goes on
//               from it.
//   surface()   the GP's posterior and the acquisition on a (θp, θv) grid at θ0, as the model is
//               now (for the pending proposal, or after the last evaluation).
//   result()    a snapshot of everything so far, in the one-shot function's result type.
//
// Failure safety: if an episode or the model throws (or progress is cancelled), the history is
// what it was before the call and the run can go on; the proposal is proposed again.

#include "engine/bo/bo_run.h"
#include "engine/core/progress.h"
#include "engine/studies/mountain_car_study.h"

#include <memory>
#include <optional>

namespace emu {

/// Ask/tell direct Bayesian optimisation of a LinearController; see the file comment.
class DirectBoRun
{
public:
    /// A run on `simulator`, which must outlive it. Throws InvalidInput for invalid settings.
    DirectBoRun(Simulator& simulator, const DirectBoSettings& settings);
    /// A run that owns its simulator. Throws InvalidInput for a null simulator or bad settings.
    DirectBoRun(std::unique_ptr<Simulator> simulator, const DirectBoSettings& settings);
    DirectBoRun(DirectBoRun&&) noexcept;
    DirectBoRun& operator=(DirectBoRun&&) noexcept;
    ~DirectBoRun();

    /// The settings (simulatorId replaced by the simulator's id).
    const DirectBoSettings& settings() const { return m_result.settings; }
    /// Episodes run so far (design and iterations).
    int evaluationCount() const { return int(m_run.evaluationCount()); }
    /// BO iterations completed (0 during the initial design).
    int iterationsDone() const;
    /// Whether the initial design is still being evaluated.
    bool inDesign() const { return m_run.inDesign(); }
    /// Whether all settings().iterations iterations are done.
    bool isFinished() const { return !inDesign() && iterationsDone() >= settings().iterations; }
    /// The proposal waiting for evaluation, if any.
    const std::optional<LinearController>& proposal() const { return m_proposal; }

    /// The next controller (see the file comment). Throws InvalidInput when finished,
    /// Cancelled when progress is cancelled.
    LinearController propose(Progress& progress = Progress::none());
    /// Runs the proposed controller (proposing first if needed); returns its evaluation.
    const DirectBoEvaluation& evaluate(Progress& progress = Progress::none());
    /// Runs `controller` in place of the proposal (proposing first if needed, so the iteration
    /// is recorded). Throws InvalidInput during the initial design, when finished, or for a
    /// controller outside ControllerDomain.
    const DirectBoEvaluation& evaluate(const LinearController& controller,
                                       Progress& progress = Progress::none());

    /// The surfaces of the model as it is now at θ0 (see the file comment). Throws InvalidInput
    /// during the initial design (there is no model yet) or for a bad θ0 or grid.
    DirectBoSurface surface(double theta0, const LandscapeGrid& grid = {}) const;
    /// Everything so far: evaluations, the loop's history, the best controller, times.
    DirectBoResult result() const;

private:
    void requireRunning(const char* what) const;
    /// Runs the episodes of the controller rows; returns their objective values.
    Vector runEpisodes(const Matrix& thetas, std::vector<EpisodeSummary>& episodes);
    /// Appends the episodes to the evaluations; `iteration` is −1 for the initial design.
    const DirectBoEvaluation& record(const Matrix& thetas,
                                     const std::vector<EpisodeSummary>& episodes, int iteration,
                                     bool chosen);
    /// Evaluates the controller rows `thetas` (unit rows `units`) as the next evaluation of
    /// the run: a design point or the pending iteration.
    const DirectBoEvaluation& complete(const Matrix& thetas, const Matrix& units, bool chosen);

    std::unique_ptr<Simulator> m_ownedSimulator;
    Simulator* m_simulator = nullptr;
    std::uint64_t m_callsBefore = 0;
    BoRun m_run; ///< the design and the loop, on the unit cube
    std::optional<LinearController> m_proposal;
    DirectBoResult m_result; ///< evaluations, times and settings; state is filled by result()
};

} // namespace emu

#pragma once
// A Bayesian optimisation run as a page shows it live: an initial design evaluated first, then
// the ask/tell loop (BayesianOptimizationLoop), one proposal at a time, with the user free to
// evaluate points of their own in place of a proposal. The car's direct BO (DirectBoRun) and
// the pages' BO sessions both run on it.
//
//   propose()        the next point: the next row of the design while it lasts, then the loop's
//                    suggestion. Proposing again before telling returns the same point without
//                    recomputing it.
//   tell(X, y)       values computed elsewhere (a worker thread): during the design X must be
//                    the design's next rows (one or several); after it, the proposal or points
//                    chosen in its place, which complete the pending iteration.
//   evaluate(X, f)   tell(X, f(X)); after the design the iteration also records f's time.
//   reconsider()     forgets the proposal, e.g. once the acquisition changed.
//
// The loop observes the design's values as they arrive, so its history always holds every
// evaluation; it first fits its model when asked for its first suggestion, after the design.
// Failure safety: if a value, the objective or the model throws, the history is what it was and
// the proposal is proposed again.

#include "engine/bo/bayesian_optimization_loop.h"

namespace emu {

/// An initial design, then ask/tell Bayesian optimisation; see the file comment.
class BoRun
{
public:
    /// `loop` (usually without data) and the rows of `design`, inside the loop's space, to
    /// evaluate first (none: the loop proposes at once, so it needs data). Throws InvalidInput
    /// for a design with the wrong columns or outside the space.
    BoRun(BayesianOptimizationLoop loop, Matrix design);

    const BayesianOptimizationLoop& loop() const { return m_loop; }
    /// Mutable access, e.g. to change the acquisition; call reconsider() after a change.
    BayesianOptimizationLoop& loop() { return m_loop; }
    /// Rows of the initial design.
    Index designSize() const { return m_design.rows(); }
    /// Evaluations so far (the design's and the loop's, with any data the loop came with).
    Index evaluationCount() const { return m_loop.state().size(); }
    /// Whether rows of the initial design wait for their values.
    bool inDesign() const { return m_designDone < designSize(); }
    /// The design rows not evaluated yet (0 rows after the design).
    Matrix remainingDesign() const { return m_design.bottomRows(designSize() - m_designDone); }
    /// The proposal waiting for its values, if any.
    const std::optional<Matrix>& proposal() const { return m_proposal; }

    /// The next point (1×d during the design, the loop's batch after it); see the file comment.
    /// Throws what the loop's suggest() throws (Cancelled when progress is cancelled).
    const Matrix& propose(Progress& progress = Progress::none());
    /// Records values computed elsewhere; see the file comment. Throws InvalidInput for points
    /// that are not the design's next rows during the design, or that the loop rejects.
    void tell(const Matrix& X, const Vector& y);
    /// Evaluates X with `objective` and records the values; see the file comment. The
    /// objective's exceptions propagate with the history intact.
    void evaluate(const Matrix& X, const ObjectiveFunction& objective);
    /// Forgets the proposal: the next propose() computes it afresh.
    void reconsider() { m_proposal.reset(); }
    /// Ends the design at the rows evaluated so far, e.g. when a user evaluates points of their
    /// own in place of a design whose evaluation failed.
    void endDesign();

private:
    /// Throws InvalidInput unless X is the design's next rows.
    void requireNextDesignRows(const Matrix& X) const;

    BayesianOptimizationLoop m_loop;
    Matrix m_design;
    Index m_designDone = 0; ///< design rows evaluated
    std::optional<Matrix> m_proposal;
};

} // namespace emu

#pragma once
// Cost-aware multi-fidelity Bayesian optimisation: minimise the top level of an objective with
// several fidelity levels, each run paid for at its level's cost, within a total budget.
//
//   initial design  nested designs (engine/mf/multi_fidelity_data.h), one run at a time, lowest
//                   level first; its cost counts against the budget.
//   suggest()       fits the linear multi-fidelity model (warm-started, a few random restarts),
//                   updates the acquisition and maximises it, already divided by cost, over the
//                   input at every level the remaining budget can pay for; the (x, level) with
//                   the largest value is the proposal. A proposal at a level whose value the
//                   model already knows there (posterior sd below 1 % of that level's spread)
//                   goes up a level at the same input, while affordable (after Kandasamy et al.
//                   2016): an overconfident early fit otherwise buys cheap runs forever.
//   observe()       records a run: its input, level, value and cost (the level's cost, or what
//                   the run really cost, e.g. a program's wall time).
//   measured costs  a level whose cost is measured (a program's wall time, in seconds), or an
//                   objective that reports each run's cost (runWithCost: a simulator's steps), is
//                   planned at the mean of its runs' costs so far (the objective's cost before
//                   the first); a run is started only when that expected cost fits in what
//                   remains, and what it really cost is recorded, so the last run may pass the
//                   budget by its excess over the estimate. Fixed costs never pass the budget.
//   failures        a run whose objective throws is recorded as a failure: it is paid for (the
//                   fixed cost, or the time it took) but gives the model nothing; later
//                   proposals at that level keep away from its input. Five failures in a row
//                   stop run() with the last one's message.
//   highest level   an acquisition worth nothing below the top level (high-fidelity EI, the
//   only            reference) makes the loop run and model the top level alone, its initial
//                   design that level's part of the nested one.
//   recommend()     the input with the least predicted top-level mean (searched over the box,
//                   from the observed inputs and a Sobol set): what the runs so far say is best,
//                   which is not the best low-fidelity value seen.
//
// Determinism: the seeds of fits, acquisitions and searches follow settings.seed and the number
// of runs and failures.

#include "engine/bo/acquisition_optimizer.h"
#include "engine/core/progress.h"
#include "engine/design/parameter_space.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mfbo/mf_acquisition.h"
#include "engine/mfbo/mf_objective.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace emu {

class MultiFidelityProblem;

/// The acquisition optimiser's settings for MultiFidelityBoLoop.
AcquisitionOptimizerSettings mfOptimizerDefaults();

/// Settings of MultiFidelityBoLoop.
struct MfBoSettings
{
    double budget = 100.0;             ///< total cost of all runs, the initial design's included
    std::string acquisitionId = "mf-mes"; ///< mfAcquisitionIds(): "mf-mes", "aei" or "ei"
    /// Runs of the initial design per level, lowest first (non-increasing, ≥ 1); empty: d + 2
    /// (at least 3) at the top level and twice as many at each level below.
    std::vector<Index> initialPoints;
    std::string kernelId = "matern52"; ///< kernel of every level's δ
    int fitRestarts = 2;               ///< random starts of a full fit, besides the current values
    /// A full fit (the two-step start and the random starts) at the first proposal and every
    /// this many runs; between them the fit continues from the current values only
    /// (LinearMultiFidelityModel::continueFit, a tenth of the time at 60 runs in 3-D).
    int fullFitEvery = 3;
    /// The acquisition's maximiser; its polish stops at a relative gain below 10⁻⁶ (a tighter
    /// maximum changes no decision and took most of an iteration).
    AcquisitionOptimizerSettings optimizer = mfOptimizerDefaults();
    /// At most this many runs (failures included), whatever the budget left; 0: no limit. Levels
    /// thousands of times cheaper than the top would otherwise be run thousands of times.
    int maxRuns = 0;
    std::uint64_t seed = 0;
};

/// The acquisitions by id, in menu order.
const std::vector<std::string>& mfAcquisitionIds();
/// A new acquisition by id; throws InvalidInput listing the ids otherwise.
std::unique_ptr<MfAcquisition> makeMfAcquisition(const std::string& id);

/// One run of the loop.
struct MfBoRun
{
    RowVector x;
    Index level = 0;
    double value = 0.0;
    double cost = 0.0;
    double spent = 0.0;         ///< total cost after this run
    int iteration = -1;         ///< −1 for the initial design
    bool chosen = false;        ///< a point and level chosen by the user instead of the proposal
    double acquisition = 0.0;   ///< the proposal's value per cost (0 in the design)
};

/// A run whose objective failed: paid for, not observed.
struct MfBoFailure
{
    RowVector x;
    Index level = 0;
    double cost = 0.0;
    std::string message;
};

/// The proposal of suggest().
struct MfBoProposal
{
    RowVector x;
    Index level = 0;
    Vector valuePerCost; ///< the best value per cost at every level (0: not affordable)
};

/// The recommended input.
struct MfBoRecommendation
{
    RowVector x;
    double mean = 0.0; ///< predicted top-level mean there
    double sd = 0.0;   ///< its predicted standard deviation
};

/// Cost-aware multi-fidelity BO; see the file comment.
class MultiFidelityBoLoop
{
public:
    /// Throws InvalidInput for bad costs, settings, an unknown acquisition, or a budget that
    /// does not pay for the initial design.
    MultiFidelityBoLoop(MfObjective objective, MfBoSettings settings);

    const MfObjective& objective() const { return m_objective; }
    const MfBoSettings& settings() const { return m_settings; }
    Index levelCount() const { return Index(m_objective.costs.size()); }
    /// The lowest level the loop runs: 0, or the top level for a high-fidelity-only acquisition.
    Index firstLevel() const { return m_firstLevel; }
    /// Every run so far, in order.
    const std::vector<MfBoRun>& runs() const { return m_runs; }
    /// Every failed run so far, in order.
    const std::vector<MfBoFailure>& failures() const { return m_failures; }
    /// Cost of every run and failure so far.
    double spent() const { return m_spent; }
    double remaining() const { return m_settings.budget - spent(); }
    /// Cost spent at each level, failures included.
    std::vector<double> spentPerLevel() const;
    /// What a run at `level` is expected to cost: its fixed cost, or the mean measured cost of
    /// its runs so far.
    double expectedCost(Index level) const;
    /// Whether runs of the initial design remain.
    bool inDesign() const { return m_designDone < m_design.size(); }
    /// Whether no level is affordable any more, or settings.maxRuns runs were made (and the
    /// design is done).
    bool isFinished() const;
    /// The acquisition as updated for the last proposal (its model levels as model()'s).
    const MfAcquisition& acquisition() const { return *m_acquisition; }
    /// The model as fitted for the last proposal (null before the first); its level 0 is the
    /// objective's firstLevel().
    const LinearMultiFidelityModel* model() const { return m_model.get(); }

    /// The next run: the next design point, or the acquisition's best (x, level) over the
    /// affordable levels. Throws InvalidInput when finished, Cancelled when cancelled.
    MfBoProposal suggest(Progress& progress = Progress::none());
    /// Records a run (x inside the space, a level, a finite value, a positive cost no larger
    /// than what remains, unless the level's cost is measured). Leaves everything unchanged if
    /// it throws.
    void observe(const RowVector& x, Index level, double value, double cost, bool chosen = false);
    /// Records a failed run at (x, level) and what it cost; drops the pending proposal.
    void recordFailure(const RowVector& x, Index level, double cost, std::string message);
    /// suggest → evaluate (timed where the cost is measured) → observe, or recordFailure() if
    /// the objective throws an Error. Returns whether the run succeeded.
    bool step(Progress& progress = Progress::none());
    /// Runs `level` at x in place of the proposal (a run of the user's choice), as step() runs
    /// the proposal. Throws InvalidInput for an input outside the space, a level the loop does
    /// not run, or one the remaining budget cannot pay for.
    bool evaluateAt(const RowVector& x, Index level);
    /// Steps until finished or cancelled; throws the last failure's message after five in a row.
    void run(Progress& progress = Progress::none());
    /// The best input by the top level's predicted mean, from the last fit's parameters and
    /// every run (throws InvalidInput before the first fit).
    MfBoRecommendation recommend() const;

private:
    Index modelLevelCount() const { return levelCount() - m_firstLevel; }
    /// Every run's input, in order (the optimisers' extra anchors).
    Matrix observedInputs() const;
    /// Gives `model` every run as its data (its parameters unchanged).
    void setDataOfRuns(LinearMultiFidelityModel& model) const;
    /// The model fitted to every run (warm-started from the last fit).
    void refit();
    std::uint64_t seedFor(std::uint64_t purpose) const;
    /// Moves a proposal up a level while its level's value at x is already known.
    void promoteIfKnown(MfBoProposal& proposal) const;
    /// Whether runs at `level` say what they cost (measured wall time, or reported by the
    /// objective) rather than costing the level's fixed cost.
    bool costIsObserved(Index level) const;
    /// Evaluates the objective at (x, level) and observes the run, or records its failure.
    bool runObjective(const RowVector& x, Index level, bool chosen);
    bool affordable(Index level) const { return expectedCost(level) <= remaining() + 1e-12; }
    /// Zero where a failed run at `level` lies (within 1e-3 of the box's width in every input).
    Vector withoutFailures(Vector values, const Matrix& X, Index level) const;

    MfObjective m_objective;
    MfBoSettings m_settings;
    std::unique_ptr<MfAcquisition> m_acquisition;
    Index m_firstLevel = 0;
    std::vector<std::pair<RowVector, Index>> m_design; ///< in order, lowest level first
    std::size_t m_designDone = 0;
    std::vector<MfBoRun> m_runs;
    std::vector<MfBoFailure> m_failures;
    double m_spent = 0.0;
    std::unique_ptr<LinearMultiFidelityModel> m_model;
    std::optional<MfBoProposal> m_pending;
};

} // namespace emu

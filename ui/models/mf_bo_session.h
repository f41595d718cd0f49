#pragma once
// A cost-aware multi-fidelity Bayesian optimisation for a page (engine/mfbo/mf_bo_loop.h) on a
// registered one-input problem, and the runs it is compared with on the same budget and seed:
// high-fidelity-only EI, and, when the user spends the budget by hand, the algorithm itself.
//
// Every computation (the loop's fits and acquisitions, the problem's runs, the comparison runs)
// happens in the JobRunner. After each job the worker fills an MfBoView, plain values the page
// draws; the GUI thread never touches the loop while a job may (one job of the run at a time).
// The initial nested design is run at start(), in both modes: the models need data at every
// level before anyone can decide with them.

#include "engine/mfbo/mf_bo_loop.h"
#include "engine/studies/mf_bo_study.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ui {

class JobRunner;

/// A run after the design, as a session file keeps it: replayed in order, a proposal or a
/// choice of the user's.
struct MfReplayRun
{
    double x = 0.0;
    emu::Index level = 0;
    bool chosen = false;
};

/// What the page draws: the run so far, each level's model and the acquisition on a grid.
struct MfBoView
{
    std::vector<emu::MfBoRun> runs;
    std::vector<double> spentPerLevel;
    double spent = 0.0;
    double budget = 0.0;
    bool finished = false;
    std::vector<double> grid;                      ///< inputs of the curves
    std::vector<std::vector<double>> mean, sd;     ///< per level: the model's posterior
    std::vector<std::vector<double>> truth;        ///< per level: the noiseless function
    std::vector<std::vector<double>> valuePerCost; ///< per level (empty when finished)
    std::optional<emu::MfBoProposal> proposal;     ///< the next run (none when finished)
    std::optional<emu::MfBoRecommendation> recommendation;
    double regret = 0.0;       ///< the recommendation's, on the noiseless top level
    emu::MfRegretCurve curve;  ///< regret after every run since the design
};

class MfBoSession : public QObject
{
    Q_OBJECT
public:
    /// jobKey: the prefix of this session's JobRunner keys.
    MfBoSession(JobRunner* jobs, const QString& jobKey, QObject* parent = nullptr);
    ~MfBoSession() override;

    /// Starts afresh on `problemId` (one input), running its initial design, then `replay`;
    /// byHand: the user chooses every run after it (the algorithm's run is then computed for
    /// comparison). Throws InvalidInput for a problem with more than one input.
    void start(const QString& problemId, const emu::MfBoSettings& settings, bool byHand,
               const std::vector<MfReplayRun>& replay = {});
    /// Runs the proposal (ignored while a job runs, when finished, or by hand).
    void step();
    /// Runs `level` at x in place of the proposal (ignored while a job runs); a run the budget
    /// cannot pay for is refused with failed().
    void choose(double x, emu::Index level);

    const emu::MultiFidelityProblem& problem() const;
    const emu::MfBoSettings& settings() const { return m_settings; }
    bool byHand() const { return m_byHand; }
    /// Whether a job of the run is working.
    bool isBusy() const { return m_busy; }
    /// The latest view (empty until the design has run).
    const std::optional<MfBoView>& view() const { return m_view; }
    /// Regret against cost of high-fidelity-only EI (empty while it runs).
    const emu::MfRegretCurve& highFidelityOnly() const { return m_reference; }
    /// Regret against cost of the algorithm's own run, when spending by hand (empty otherwise).
    const emu::MfRegretCurve& algorithm() const { return m_algorithm; }
    /// The runs so far (x, fidelity, value, cost, spent) as CSV.
    QString historyCsv() const;

signals:
    /// The view or a comparison changed: redraw.
    void changed();
    /// One more run was observed.
    void evaluated();
    /// A run or a fit failed, or a run was refused; the history is intact.
    void failed(const QString& message);

private:
    /// Runs `work` on the loop in the job runner, then shows the view it leaves.
    void runOnLoop(const QString& label, std::function<void(emu::MultiFidelityBoLoop&)> work);
    void runComparison(const QString& key, const std::string& acquisitionId, emu::MfRegretCurve& into);
    /// What a job of the run does when it fails or is cancelled: the run is idle again, and a
    /// failure is told.
    std::function<void(const QString&)> whenJobEnds(quint64 generation);

    JobRunner* m_jobs;
    QString m_jobKey;
    QString m_problemId = QStringLiteral("formula-one");
    emu::MfBoSettings m_settings;
    bool m_byHand = false;
    bool m_busy = false;
    double m_minimum = 0.0;
    std::shared_ptr<emu::MultiFidelityBoLoop> m_loop;
    std::optional<MfBoView> m_view;
    emu::MfRegretCurve m_reference;
    emu::MfRegretCurve m_algorithm;
    quint64 m_generation = 0; ///< bumped by start(): results of an older run are dropped
};

} // namespace ui

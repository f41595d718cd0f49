#pragma once
// One Bayesian-optimisation (or sequential design) session for a page: the engine's live run
// (an initial design, then the ask/tell loop; engine/bo/bo_run.h) plus the objective it
// optimises. Suggesting is fast and runs on the GUI thread (measured
// below 12 ms for 2-D with 100 points, bench/bench_bo); evaluating the objective may be slow (a
// user's simulator), so it runs in the JobRunner and the result is observed when it arrives.
// The loop itself is only ever touched on the GUI thread.

#include "engine/bo/bo_run.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace ui {

class JobRunner;

/// What a page optimises: a benchmark function or a user's program (minimised).
struct BoObjective
{
    QString id;
    QString name;
    emu::ParameterSpace space;
    /// Values at the rows of X; called on worker threads, so it must be thread-safe.
    std::function<emu::Vector(const emu::Matrix&)> evaluate;
    std::optional<double> minimum; ///< known global minimum, for regret
};

/// Evaluations and the iterations that made them, as a session file keeps them.
struct BoHistory
{
    emu::Matrix X;
    emu::Vector y;
    std::vector<emu::BoIteration> iterations; ///< none: every point counts as given data
};

/// A benchmark function from the engine's registry as an objective.
BoObjective benchmarkObjective(const std::string& functionId, emu::Index dimension = 0);

class BoSession : public QObject
{
    Q_OBJECT
public:
    /// jobKey: the JobRunner key of this session's evaluations (one at a time).
    BoSession(JobRunner* jobs, const QString& jobKey, QObject* parent = nullptr);
    ~BoSession() override;

    /// Starts afresh: evaluates an initial Latin-hypercube design of `initialPoints` points,
    /// then suggests the first point. kernelId: the GP's kernel.
    void start(const BoObjective& objective, const std::string& acquisitionId, int initialPoints,
               std::uint64_t seed, const std::string& kernelId = "matern52");
    /// Starts from given observations instead of a design (sessions, imports), with the
    /// iterations that made them, as readHistory() checked them.
    void startFrom(const BoObjective& objective, const std::string& acquisitionId, const BoHistory& history,
                   std::uint64_t seed, const std::string& kernelId = "matern52");
    /// Starts from the points of a CSV file (a column per input, then the value) in place of the
    /// evaluations so far; returns an error naming the file and the problem (wrong columns, a
    /// point outside the domain, malformed numbers with their line), with nothing changed.
    QString importCsv(const QString& csvText, const QString& sourceName, std::uint64_t seed);
    /// Evaluates the pending suggestion (one iteration). Ignored while an evaluation runs.
    void step();
    /// Evaluates the objective at the rows of X chosen by the user ("you are the optimiser").
    void evaluateAt(const emu::Matrix& X);
    /// Replaces the acquisition and suggests again (no new evaluation).
    void setAcquisition(const std::string& acquisitionId);
    /// Changes an acquisition parameter (ξ, β, …) and suggests again.
    void setAcquisitionParameter(const std::string& name, double value);

    bool hasLoop() const { return bool(m_run); }
    const emu::BayesianOptimizationLoop& loop() const { return m_run->loop(); }
    const BoObjective& objective() const { return m_objective; }
    /// The point the loop will evaluate next (1×d; empty before the first suggestion).
    const emu::Matrix& suggestion() const { return m_suggestion; }
    /// Whether an evaluation is running.
    bool isEvaluating() const { return m_evaluating; }
    /// Number of objective evaluations so far.
    emu::Index evaluations() const { return m_run ? m_run->evaluationCount() : 0; }
    /// The evaluations as CSV: one column per input (named after the space), y, best_so_far.
    QString historyCsv() const;
    /// Adds the history to a page's session state: "points", rows [x1, …, xd, y], and
    /// "iterations", each {"data_count", "observed" rows, "suggested" rows, "acquisition"
    /// values}.
    void writeHistory(QJsonObject& state) const;
    /// Reads what writeHistory() wrote for `space` (a state without "iterations", from before
    /// they were kept, gives none); returns an error for the user, or empty.
    static QString readHistory(const QJsonObject& state, const emu::ParameterSpace& space, BoHistory& history);

signals:
    /// The data, model, acquisition or suggestion changed: redraw.
    void changed();
    /// One more point was evaluated and observed.
    void evaluated();
    /// An evaluation or a suggestion failed; the history is intact.
    void failed(const QString& message);

private:
    void evaluate(const emu::Matrix& X);
    void suggest();
    /// A new run of the objective's loop that evaluates `design` first.
    void createRun(const std::string& acquisitionId, std::uint64_t seed, const std::string& kernelId,
                   const emu::Matrix& design);

    JobRunner* m_jobs;
    QString m_jobKey;
    BoObjective m_objective;
    std::unique_ptr<emu::BoRun> m_run;
    emu::Matrix m_suggestion;
    bool m_evaluating = false;
    quint64 m_generation = 0; ///< bumped by start(): results of an older session are dropped
};

} // namespace ui

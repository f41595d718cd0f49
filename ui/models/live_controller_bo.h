#pragma once
// A live Bayesian optimisation of the car's controller (engine DirectBoRun) for a page: the run
// goes on one evaluation per job in the JobRunner, and after each one a snapshot (the history,
// the GP's surfaces at a θ0 slice, the next proposal) reaches the GUI thread by the runner's
// queued apply. Snapshots are coalesced by a timer, so a fast loop never floods the GUI thread;
// whenever the loop stops (paused, finished, failed) the newest snapshot is shown at once.
//
// States: running (a job follows each finished one), paused (the next proposal is computed and
// shown, nothing runs), finished. step() and choose() run exactly one evaluation while paused;
// choose() evaluates the user's controller in place of the proposal. A pace holds each running
// evaluation's job to a minimum time (the worker waits, the GUI does not). The run object is only
// touched on worker threads, under a mutex of its own: the GUI thread never waits on it.

#include "engine/studies/direct_bo_run.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QTimer;

namespace ui {

class JobRunner;

/// What a live run shows after one evaluation: plain values for the GUI thread.
struct LiveBoSnapshot
{
    emu::DirectBoResult result;                    ///< the history so far
    std::optional<emu::DirectBoSurface> surface;   ///< none during the initial design
    std::optional<emu::LinearController> proposal; ///< the controller evaluated next
    bool inDesign = true;
    bool finished = false;
};

class LiveControllerBo : public QObject
{
    Q_OBJECT
public:
    /// Makes the run; called on a worker thread, so it must not touch widgets.
    using RunFactory = std::function<emu::DirectBoRun()>;

    LiveControllerBo(JobRunner* jobs, const QString& jobKey, const QString& label,
                     QObject* parent = nullptr);
    ~LiveControllerBo() override;

    /// Starts a new run (dropping the old one). pauseAfterDesign: run the initial design, then
    /// pause with the first proposal of Bayesian optimisation shown.
    void start(RunFactory factory, bool pauseAfterDesign = false);
    /// Pauses after the evaluation in progress; the next proposal is then shown.
    void pause();
    /// Goes on running to the end.
    void resume();
    /// While paused: evaluates the proposal, proposes the next and stays paused. Returns a
    /// message for the user if it cannot (empty if it started).
    QString step();
    /// While paused: evaluates `controller` in place of the proposal and stays paused. Returns a
    /// message for the user if it cannot (empty if it started).
    QString choose(const emu::LinearController& controller);
    /// The shortest time an evaluation of the running loop takes, so that a person can follow
    /// it and reach Pause (0: as fast as the computer goes). Steps and choices are never held.
    void setPace(int minimumMsPerEvaluation);
    int pace() const { return m_paceMs; }
    /// The θ0 of the surfaces; nullopt follows the best controller. While paused, recomputes
    /// the shown surface.
    void setSliceTheta0(std::optional<double> theta0);

    bool hasRun() const { return bool(m_shared); }
    /// Whether a job of the run is in flight.
    bool isBusy() const { return m_busy; }
    bool isPaused() const { return m_paused; }
    bool isFinished() const { return m_latest && m_latest->finished; }
    /// The newest snapshot (nullopt before the first).
    const std::optional<LiveBoSnapshot>& latest() const { return m_latest; }

signals:
    /// latest() changed (at most ~40 times a second).
    void updated();
    /// One more controller was evaluated (at once, not throttled like updated()).
    void evaluated();
    /// Running, paused, busy or finished changed: update the buttons.
    void stateChanged();
    /// Something for the page's status line (a refused action, a failure).
    void message(const QString& text);

private:
    struct Shared;
    enum class Action
    {
        Start,
        Evaluate,
        Choose,
        Surface,
    };
    /// paced: the loop running on by itself (held to pace(); steps and choices are not).
    void submit(Action action, const emu::LinearController& chosen = {}, bool paced = false);
    /// One job's work on a worker: the action, then the next proposal and what to show.
    static LiveBoSnapshot evaluateAndPropose(Shared& shared, Action action, const emu::LinearController& chosen,
                                             std::optional<double> sliceTheta0, emu::Progress& progress);
    void applySnapshot(LiveBoSnapshot snapshot);
    void flush();
    QString refusal(const QString& what) const;

    JobRunner* m_jobs;
    QString m_jobKey;
    QString m_label;
    std::shared_ptr<Shared> m_shared;
    RunFactory m_factory;
    std::optional<LiveBoSnapshot> m_latest;
    std::optional<double> m_sliceTheta0;
    QTimer* m_coalesce;
    bool m_busy = false;
    bool m_paused = false;
    bool m_pauseAfterDesign = false;
    bool m_dirty = false;
    int m_paceMs = 0;
};

} // namespace ui

#include "ui/models/live_controller_bo.h"

#include "ui/base/job_runner.h"

#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <algorithm>

#include <mutex>

namespace ui {

namespace {

constexpr int kGrid = 50;       // as the replay's surfaces
constexpr int kCoalesceMs = 25; // at most ~40 redraws a second

} // namespace

/// The run and the lock that serialises the jobs touching it (a cancelled job may still be
/// finishing on its worker when the next one starts).
struct LiveControllerBo::Shared
{
    std::mutex mutex;
    std::optional<emu::DirectBoRun> run;
    RunFactory factory;
};

LiveControllerBo::LiveControllerBo(JobRunner* jobs, const QString& jobKey, const QString& label,
                                   QObject* parent)
    : QObject(parent), m_jobs(jobs), m_jobKey(jobKey), m_label(label), m_coalesce(new QTimer(this))
{
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(kCoalesceMs);
    connect(m_coalesce, &QTimer::timeout, this, &LiveControllerBo::flush);
}

LiveControllerBo::~LiveControllerBo()
{
    // The run's end handler must not report to a half-destroyed owner: without its shared
    // state it sees a run that is no longer this one's and does nothing.
    m_shared.reset();
    if (m_busy)
        m_jobs->cancel(m_jobKey);
}

void LiveControllerBo::start(RunFactory factory, bool pauseAfterDesign)
{
    m_shared = std::make_shared<Shared>();
    m_shared->factory = std::move(factory);
    // The old run's snapshot is gone: a display still pending for it would show nothing.
    m_coalesce->stop();
    m_dirty = false;
    m_latest.reset();
    m_paused = false;
    m_pauseAfterDesign = pauseAfterDesign;
    submit(Action::Start);
}

void LiveControllerBo::pause()
{
    if (!hasRun() || m_paused || isFinished())
        return;
    m_paused = true;
    emit stateChanged();
}

void LiveControllerBo::resume()
{
    if (!hasRun() || isFinished())
        return;
    m_paused = false;
    m_pauseAfterDesign = false;
    if (!m_busy)
        submit(m_latest ? Action::Evaluate : Action::Start, {}, true);
    emit stateChanged();
}

QString LiveControllerBo::refusal(const QString& what) const
{
    if (!hasRun())
        return tr("There is no run yet: start one first.");
    if (isFinished())
        return tr("The run is finished: start a new one to %1.").arg(what);
    if (!m_paused)
        return tr("The loop is running: pause it first to %1.").arg(what);
    if (m_busy)
        return tr("Still evaluating: wait for the next proposal to %1.").arg(what);
    return {};
}

QString LiveControllerBo::step()
{
    if (QString why = refusal(tr("step")); !why.isEmpty())
        return why;
    submit(m_latest ? Action::Evaluate : Action::Start);
    return {};
}

QString LiveControllerBo::choose(const emu::LinearController& controller)
{
    if (QString why = refusal(tr("choose the next controller")); !why.isEmpty())
        return why;
    if (!m_latest || m_latest->inDesign)
        return tr("The initial design of random controllers is still running: step through it "
                  "(or resume) before choosing a controller yourself.");
    if (!emu::ControllerDomain::contains(controller))
        return tr("θ = (θp %1, θv %2, θ0 %3) is outside the controller domain: click inside the "
                  "map.")
            .arg(controller.thetaP, 0, 'f', 3)
            .arg(controller.thetaV, 0, 'f', 2)
            .arg(controller.theta0, 0, 'f', 3);
    submit(Action::Choose, controller);
    return {};
}

void LiveControllerBo::setSliceTheta0(std::optional<double> theta0)
{
    if (m_sliceTheta0 == theta0)
        return;
    m_sliceTheta0 = theta0;
    if (hasRun() && m_paused && !m_busy && m_latest && !m_latest->inDesign)
        submit(Action::Surface);
}

LiveBoSnapshot LiveControllerBo::evaluateAndPropose(Shared& shared, Action action,
                                                   const emu::LinearController& chosen,
                                                   std::optional<double> sliceTheta0, emu::Progress& progress)
{
    // Every job ends by proposing the next controller, so that the map shows it before it is
    // evaluated (in the design that costs nothing; after it, it is the iteration's fit and
    // acquisition, which the next evaluation needs anyway).
    const std::lock_guard lock(shared.mutex);
    if (!shared.run)
        shared.run.emplace(shared.factory());
    emu::DirectBoRun& run = *shared.run;
    if (action == Action::Evaluate)
        run.evaluate(progress);
    else if (action == Action::Choose)
        run.evaluate(chosen, progress);
    if (!run.isFinished())
        run.propose(progress);
    LiveBoSnapshot snapshot;
    snapshot.result = run.result();
    snapshot.proposal = run.proposal();
    snapshot.inDesign = run.inDesign();
    snapshot.finished = run.isFinished();
    if (!run.inDesign()) {
        emu::LandscapeGrid grid;
        grid.thetaPCount = kGrid;
        grid.thetaVCount = kGrid;
        snapshot.surface = run.surface(sliceTheta0.value_or(snapshot.result.best.theta0), grid);
    }
    return snapshot;
}

void LiveControllerBo::setPace(int minimumMsPerEvaluation)
{
    m_paceMs = std::max(0, minimumMsPerEvaluation);
}

void LiveControllerBo::submit(Action action, const emu::LinearController& chosen, bool paced)
{
    const std::shared_ptr<Shared> shared = m_shared;
    const std::optional<double> sliceTheta0 = m_sliceTheta0;
    const int paceMs = paced ? m_paceMs : 0;
    auto work = [shared, action, chosen, sliceTheta0, paceMs](emu::Progress& progress) {
        QElapsedTimer clock;
        clock.start();
        LiveBoSnapshot snapshot = evaluateAndPropose(*shared, action, chosen, sliceTheta0, progress);
        // The pace is waited out after the run's lock is released, cancellable.
        for (qint64 left = paceMs - clock.elapsed(); left > 0; left = paceMs - clock.elapsed()) {
            progress.checkCancelled();
            QThread::msleep(ulong(std::min<qint64>(left, 10)));
        }
        return snapshot;
    };
    m_busy = true;
    emit stateChanged();
    const QString label = action == Action::Surface ? tr("Redrawing the maps") : m_label;
    m_jobs->run(
        m_jobKey, label, std::move(work),
        [this, shared](LiveBoSnapshot snapshot) {
            if (shared != m_shared)
                return; // a newer run replaced this one
            applySnapshot(std::move(snapshot));
        },
        [this, shared](const QString& error) {
            if (shared != m_shared)
                return;
            m_busy = false;
            m_paused = true; // cancelled or failed: the history is intact, the user may go on
            flush();
            emit message(error.isEmpty()
                             ? tr("Bayesian optimisation paused (cancelled). Resume or step to go "
                                  "on.")
                             : tr("Bayesian optimisation stopped: %1").arg(error));
            emit stateChanged();
        });
}

void LiveControllerBo::applySnapshot(LiveBoSnapshot snapshot)
{
    m_busy = false;
    const bool evaluatedMore = !m_latest || snapshot.result.evaluations.size() > m_latest->result.evaluations.size();
    if (m_pauseAfterDesign && !snapshot.inDesign) {
        m_pauseAfterDesign = false;
        m_paused = true;
    }
    const bool goOn = !snapshot.finished && !m_paused;
    m_latest = std::move(snapshot);
    m_dirty = true;
    if (evaluatedMore)
        emit evaluated();
    if (goOn) {
        submit(Action::Evaluate, {}, true); // the engine never waits for the screen
        if (!m_coalesce->isActive())
            m_coalesce->start();
    } else {
        m_coalesce->stop();
        flush(); // the loop stops here: show its last state at once
        emit stateChanged();
    }
}

void LiveControllerBo::flush()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    emit updated();
}

} // namespace ui

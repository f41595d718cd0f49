#include "ui/base/job_runner.h"

#include "engine/core/errors.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QPointer>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace ui {

namespace {

// Engine work gets a pool of its own, not QThreadPool::globalInstance(): Qt's raster engine
// splits large fills over the global pool and waits for them, so long jobs there would stall
// every repaint until one of them ended (the window froze while a page computed).
// The application owns the pool, so that jobs still queued at exit run (and see that they were
// cancelled) while the engine's static registries still exist. Called on the GUI thread only.
QThreadPool* enginePool()
{
    static QPointer<QThreadPool> pool;
    if (!pool)
        pool = new QThreadPool(QCoreApplication::instance());
    return pool;
}

/// Runs `call` on the GUI thread, posted from a worker of `pool`. The call is posted to the pool,
/// not to the runner: the runner may be destroyed on the GUI thread while the worker posts
/// (a QPointer read on the worker can be stale by the time the event is queued), whereas the
/// pool outlives its workers (its destructor waits for them). `call` checks the runner's
/// QPointer on the GUI thread, where the runner is destroyed, so that check cannot race.
template <class Call>
void postToGuiThread(QThreadPool* pool, Call call)
{
    QMetaObject::invokeMethod(pool, std::move(call), Qt::QueuedConnection);
}

} // namespace

struct JobRunner::Running
{
    quint64 ticket = 0;
    std::shared_ptr<emu::Progress> progress;
    EndHandler onEnd;
};

JobRunner::JobRunner(QObject* parent) : QObject(parent) {}

JobRunner::~JobRunner()
{
    // Workers hold their own shared Progress, so cancelling is enough: they finish on their own
    // and their completion calls find this object gone (QPointer, checked on this thread).
    cancelAll();
}

void JobRunner::submit(const QString& key, const QString& label, Task task, EndHandler onEnd)
{
    drop(key, true);

    const quint64 ticket = m_nextTicket++;
    QPointer<JobRunner> self(this);
    QThreadPool* pool = enginePool();
    // Throttle progress signals: at most one per ~30 ms reaches the GUI thread.
    auto lastReport = std::make_shared<std::atomic<qint64>>(-1000);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    auto progress = std::make_shared<emu::Progress>(
        [self, pool, key, ticket, lastReport, clock](double fraction, const std::string& stage) {
            const qint64 now = clock->elapsed();
            if (now - lastReport->load() < 30 && fraction < 1.0)
                return;
            lastReport->store(now);
            const QString stageText = QString::fromStdString(stage);
            postToGuiThread(pool, [self, key, ticket, fraction, stageText] {
                if (!self)
                    return;
                auto it = self->m_running.find(key);
                if (it != self->m_running.end() && it->second->ticket == ticket)
                    emit self->progressed(key, fraction, stageText);
            });
        });
    m_running[key] = std::make_shared<Running>(Running{ticket, progress, std::move(onEnd)});
    emit started(key, label);

    auto work = [self, pool, key, ticket, progress, task = std::move(task)]() mutable {
        std::function<void()> apply;
        QString error;
        bool wasCancelled = false;
        try {
            apply = task(*progress);
        } catch (const emu::Cancelled&) {
            wasCancelled = true;
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        } catch (...) {
            error = QStringLiteral("unknown error");
        }
        wasCancelled = wasCancelled || progress->isCancelled();
        postToGuiThread(pool, [self, key, ticket, apply = std::move(apply), error, wasCancelled]() mutable {
            if (self)
                self->complete(key, ticket, std::move(apply), error, wasCancelled);
        });
    };
    [[maybe_unused]] auto future = QtConcurrent::run(pool, std::move(work));
}

void JobRunner::complete(const QString& key, quint64 ticket, std::function<void()> apply, QString error,
                         bool wasCancelled)
{
    auto it = m_running.find(key);
    if (it == m_running.end() || it->second->ticket != ticket)
        return; // stale: a newer job with this key was submitted, or this one was cancelled
    const EndHandler onEnd = std::move(it->second->onEnd);
    m_running.erase(it);
    if (wasCancelled) {
        emit cancelled(key);
        if (onEnd)
            onEnd({});
    } else {
        if (error.isEmpty()) {
            try {
                apply();
                emit finished(key);
            } catch (const std::exception& e) {
                error = QString::fromUtf8(e.what());
            }
        }
        if (!error.isEmpty()) {
            emit failed(key, error);
            if (onEnd)
                onEnd(error);
        }
    }
    if (m_running.empty())
        emit idle();
}

void JobRunner::drop(QString key, bool superseded)
{
    auto it = m_running.find(key);
    if (it == m_running.end())
        return;
    it->second->progress->cancel();
    const EndHandler onEnd = std::move(it->second->onEnd);
    m_running.erase(it);
    // A job replaced by a newer one with the same key was not cancelled by anyone: no signal,
    // so the status bar does not report a cancellation the user never asked for.
    if (!superseded)
        emit cancelled(key);
    if (onEnd)
        onEnd({});
}

void JobRunner::cancel(const QString& key)
{
    if (m_running.find(key) == m_running.end())
        return;
    drop(key, false);
    if (m_running.empty())
        emit idle();
}

void JobRunner::cancelAll()
{
    while (!m_running.empty())
        cancel(m_running.begin()->first);
}

bool JobRunner::waitForIdle(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (isBusy() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(1);
    }
    return !isBusy();
}

} // namespace ui

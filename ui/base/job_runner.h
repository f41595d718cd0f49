#pragma once
// Runs engine work off the GUI thread.
//
// A job is (key, work, apply): `work(Progress&)` runs on a worker thread and returns a result;
// `apply(result)` then runs on the GUI thread. Submitting a new job with the same key cancels
// the older one (through its Progress) and guarantees the older result is never applied: the
// newest request wins. Progress reports are forwarded to the GUI thread as signals, throttled.

#include "engine/core/progress.h"

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>

namespace ui {

class JobRunner : public QObject
{
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    /// Runs work(progress) on a worker thread, then apply(result) on this object's thread,
    /// unless a newer job with the same key was submitted or the job was cancelled.
    /// onEnd (optional) runs on this object's thread if the job fails (with the message) or is
    /// cancelled or superseded (with an empty message): whoever waits for the job learns it ended.
    template <class Work, class Apply>
    void run(const QString& key, const QString& label, Work work, Apply apply,
             std::function<void(const QString& error)> onEnd = {})
    {
        submit(key, label, [work = std::move(work), apply = std::move(apply)](emu::Progress& p) mutable {
            auto result = work(p);
            return std::function<void()>(
                [apply, result = std::move(result)]() mutable { apply(std::move(result)); });
        }, std::move(onEnd));
    }

    /// Cancels the running job with this key (its result will be dropped).
    void cancel(const QString& key);
    /// Cancels every running job.
    void cancelAll();
    /// True while any job is running.
    bool isBusy() const { return !m_running.empty(); }
    /// Blocks (processing events) until no job runs or the timeout passes; for tests and screenshots.
    bool waitForIdle(int timeoutMs);

signals:
    /// A job started; label is what the status bar shows.
    void started(const QString& key, const QString& label);
    /// Fraction in [0, 1] of the newest job with this key.
    void progressed(const QString& key, double fraction, const QString& stage);
    /// The job's result was applied.
    void finished(const QString& key);
    /// The job failed with an engine error; message is for the user.
    void failed(const QString& key, const QString& message);
    /// The job was cancelled by cancel() or cancelAll() (not when a newer job replaced it).
    void cancelled(const QString& key);
    /// Emitted when the last running job ends, whatever the way.
    void idle();

private:
    using Task = std::function<std::function<void()>(emu::Progress&)>;
    using EndHandler = std::function<void(const QString& error)>;
    struct Running;

    void submit(const QString& key, const QString& label, Task task, EndHandler onEnd);
    /// Removes the running job with this key, cancels it and tells its end handler. The key is
    /// a copy: callers (cancelAll) may pass the key stored in the entry this erases.
    void drop(QString key, bool superseded);
    void complete(const QString& key, quint64 ticket, std::function<void()> apply, QString error,
                  bool wasCancelled);

    std::map<QString, std::shared_ptr<Running>> m_running;
    quint64 m_nextTicket = 1;
};

} // namespace ui

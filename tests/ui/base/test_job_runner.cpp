#include "common/timeouts.h"
#include "engine/core/errors.h"
#include "ui/base/job_runner.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>

using ui::JobRunner;

namespace {

/// Work that runs for up to `ms`, reporting progress and honouring cancel every millisecond.
int slowWork(emu::Progress& progress, int ms, int value)
{
    for (int i = 0; i < ms; ++i) {
        progress.checkCancelled();
        progress.report(i + 1, ms, "working");
        QThread::msleep(1);
    }
    return value;
}

} // namespace

class TestJobRunner : public QObject
{
    Q_OBJECT
private slots:
    void appliesResultOnGuiThread()
    {
        JobRunner runner;
        int applied = 0;
        QThread* applyThread = nullptr;
        QThread* workThread = nullptr;
        runner.run("k", "job", [&](emu::Progress&) { workThread = QThread::currentThread(); return 7; },
                   [&](int v) { applied = v; applyThread = QThread::currentThread(); });
        QVERIFY(runner.waitForIdle(emu::test::scaledTimeout(5000)));
        QCOMPARE(applied, 7);
        QCOMPARE(applyThread, QThread::currentThread());
        QVERIFY(workThread != QThread::currentThread());
    }

    void progressArrives()
    {
        JobRunner runner;
        QSignalSpy progressed(&runner, &JobRunner::progressed);
        runner.run("k", "job", [](emu::Progress& p) { return slowWork(p, 200, 1); }, [](int) {});
        QVERIFY(runner.waitForIdle(emu::test::scaledTimeout(5000)));
        QVERIFY(progressed.count() >= 2);
        // Throttled: far fewer signals than the 200 reports.
        QVERIFY(progressed.count() < 100);
        const double last = progressed.last().at(1).toDouble();
        QVERIFY(last > 0.5 && last <= 1.0);
    }

    void cancelStopsWorkPromptly()
    {
        JobRunner runner;
        std::atomic<bool> stopped{false};
        bool applied = false;
        QSignalSpy cancelled(&runner, &JobRunner::cancelled);
        runner.run("k", "job",
                   [&](emu::Progress& p) {
                       try {
                           return slowWork(p, 20000, 1);
                       } catch (const emu::Cancelled&) {
                           stopped = true;
                           throw;
                       }
                   },
                   [&](int) { applied = true; });
        QTest::qWait(50);
        QElapsedTimer timer;
        timer.start();
        runner.cancel("k");
        QVERIFY(!runner.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(stopped.load(), 2000);
        QVERIFY2(timer.elapsed() < 500, qPrintable(QString::number(timer.elapsed())));
        QTest::qWait(20);
        QVERIFY(!applied);
        QCOMPARE(cancelled.count(), 1);
    }

    void staleResultIsNotApplied()
    {
        JobRunner runner;
        std::vector<int> applied;
        // The first job ignores cancellation, so it completes — and must still be dropped.
        runner.run("k", "old", [](emu::Progress&) { QThread::msleep(150); return 1; },
                   [&](int v) { applied.push_back(v); });
        runner.run("k", "new", [](emu::Progress&) { QThread::msleep(10); return 2; },
                   [&](int v) { applied.push_back(v); });
        QVERIFY(runner.waitForIdle(emu::test::scaledTimeout(5000)));
        QTest::qWait(250); // let the old job finish and try to deliver
        QCOMPARE(applied, std::vector<int>{2});
    }

    void differentKeysRunSideBySide()
    {
        JobRunner runner;
        int sum = 0;
        runner.run("a", "a", [](emu::Progress&) { return 1; }, [&](int v) { sum += v; });
        runner.run("b", "b", [](emu::Progress&) { return 10; }, [&](int v) { sum += v; });
        QVERIFY(runner.waitForIdle(emu::test::scaledTimeout(5000)));
        QCOMPARE(sum, 11);
    }

    void errorsBecomeFailedSignal()
    {
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        runner.run("k", "job", [](emu::Progress&) -> int { throw emu::NumericalError("matrix not positive definite"); },
                   [](int) { QFAIL("must not apply"); });
        QVERIFY(runner.waitForIdle(emu::test::scaledTimeout(5000)));
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().at(1).toString().contains("positive definite"));
    }

    void endHandlerHearsFailureAndCancelOnly()
    {
        JobRunner runner;
        QStringList ends;
        auto onEnd = [&](const QString& error) { ends << (error.isEmpty() ? QStringLiteral("cancelled") : error); };
        runner.run("ok", "ok", [](emu::Progress&) { return 1; }, [](int) {}, onEnd);
        runner.run("bad", "bad", [](emu::Progress&) -> int { throw emu::InvalidInput("bad input"); }, [](int) {}, onEnd);
        QVERIFY(runner.waitForIdle(emu::test::scaledTimeout(5000)));
        QCOMPARE(ends, QStringList{"bad input"});
        runner.run("slow", "slow", [](emu::Progress& p) { return slowWork(p, 5000, 1); }, [](int) {}, onEnd);
        runner.run("slow", "newer", [](emu::Progress&) { return 2; }, [](int) {}, onEnd); // supersedes
        QVERIFY(runner.waitForIdle(emu::test::scaledTimeout(5000)));
        QCOMPARE(ends, (QStringList{"bad input", "cancelled"}));
    }

    void runnerDestroyedWhileItsWorkersReport()
    {
        // A worker keeps reporting until it sees the cancellation that the runner's destructor
        // sets, so its reports and its completion race the destruction. None of them may be
        // delivered to the destroyed runner (the crash CI once hit when a test closed a window).
        for (int round = 0; round < 400; ++round) {
            auto* runner = new JobRunner;
            auto working = std::make_shared<std::atomic<bool>>(false);
            runner->run("k", "job", [working](emu::Progress& p) {
                *working = true;
                while (!p.isCancelled())
                    p.report(1, 1, "reporting"); // a finished fraction is never throttled
                return 0;
            }, [](int) {});
            while (!*working)
                QThread::yieldCurrentThread();
            delete runner;
            QCoreApplication::processEvents();
        }
        QTest::qWait(20); // deliver what the last workers posted
    }

    void guiThreadIsNotBlocked()
    {
        JobRunner runner;
        runner.run("k", "job", [](emu::Progress& p) { return slowWork(p, 300, 1); }, [](int) {});
        // While the job runs, the GUI thread's event loop keeps turning: timers fire on time.
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, [&] { ++ticks; });
        timer.start(10);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(runner.isBusy());
        QTest::qWait(150);
        QVERIFY(runner.isBusy());
        QVERIFY2(ticks >= 8, qPrintable(QString::number(ticks)));
        runner.cancelAll();
    }

    void paintingDoesNotWaitForJobs()
    {
        // Qt's raster engine splits large fills over QThreadPool::globalInstance() and waits for
        // them. If the jobs ran on that pool, as many long jobs as cores would stall every
        // repaint of the window until one of them ended.
        struct Jobs
        {
            std::atomic<int> started = 0;
            std::atomic<bool> painted = false;
            std::atomic<int> ended = 0;
        };
        // Shared with the jobs, which outlive this function if a check below fails.
        const auto state = std::make_shared<Jobs>();
        JobRunner runner;
        const int jobs = QThread::idealThreadCount() + 1;
        const int limitMs = emu::test::scaledTimeout(10000);
        for (int i = 0; i < jobs; ++i)
            runner.run(QString::number(i), "long job", [state, limitMs](emu::Progress& progress) {
                ++state->started;
                QElapsedTimer clock;
                clock.start();
                while (!state->painted && clock.elapsed() < limitMs) {
                    progress.checkCancelled();
                    QThread::msleep(1);
                }
                ++state->ended;
                return 0;
            }, [](int) {});
        // Every worker thread holds a job.
        QTRY_VERIFY_WITH_TIMEOUT(state->started >= QThread::idealThreadCount(),
                                 emu::test::scaledTimeout(5000));

        QImage image(2000, 2000, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        painter.fillRect(image.rect(), Qt::white);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(Qt::blue, 3));
        for (int i = 0; i < 20; ++i)
            painter.drawLine(0, 100 * i, 2000, 2000 - 100 * i);
        painter.fillRect(image.rect(), QColor(10, 20, 30, 128));
        painter.end();

        QCOMPARE(state->ended.load(), 0); // painting finished while every job still ran
        state->painted = true;
        QVERIFY(runner.waitForIdle(emu::test::scaledTimeout(5000)));
        QCOMPARE(state->ended.load(), jobs);
    }
};

QTEST_MAIN(TestJobRunner)
#include "test_job_runner.moc"

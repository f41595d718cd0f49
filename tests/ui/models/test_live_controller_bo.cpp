// The live loop behind the car pages' Bayesian optimisation: what its updated() signal promises
// when a run is replaced while a display of the old one is still pending.

#include "common/timeouts.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/direct_bo_run.h"
#include "ui/base/job_runner.h"
#include "ui/models/live_controller_bo.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using ui::LiveControllerBo;

namespace {

/// A short run on the classic car; `startDelayMs` makes its start slow (on the worker thread).
LiveControllerBo::RunFactory shortRun(int startDelayMs)
{
    return [startDelayMs] {
        QThread::msleep(static_cast<unsigned long>(startDelayMs));
        emu::DirectBoSettings settings;
        settings.initialPoints = 6;
        settings.iterations = 2;
        settings.episode.maxSteps = 100;
        return emu::DirectBoRun(emu::makeSimulator("classic"), settings);
    };
}

} // namespace

class TestLiveControllerBo : public QObject
{
    Q_OBJECT
private slots:
    void aNewRunDropsThePendingDisplayOfTheOld()
    {
        // A page starts a new run (the multi-fidelity page does, as each comparison row
        // arrives) just after an evaluation of the old one, whose display waits for the
        // coalescing timer. That display must not fire with the old snapshot gone: the pages
        // read latest() on updated() (found by the monkey test under ASan: use after free).
        ui::JobRunner jobs;
        LiveControllerBo live(&jobs, QStringLiteral("bo"), QStringLiteral("Optimising"));
        int shown = 0, shownEmpty = 0;
        connect(&live, &LiveControllerBo::updated, this,
                [&] { live.latest() ? ++shown : ++shownEmpty; });
        QSignalSpy evaluated(&live, &LiveControllerBo::evaluated);
        live.start(shortRun(0));
        QVERIFY(evaluated.wait(emu::test::scaledTimeout(10000)));
        live.start(shortRun(300)); // its first snapshot comes well after the 25-ms display
        QTest::qWait(150);
        QCOMPARE(shownEmpty, 0);
        QVERIFY(jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(shownEmpty, 0);
        QVERIFY(shown > 0); // the new run is shown
        QVERIFY(live.isFinished());
        QCOMPARE(int(live.latest()->result.evaluations.size()), 8);
    }
};

QTEST_MAIN(TestLiveControllerBo)
#include "test_live_controller_bo.moc"

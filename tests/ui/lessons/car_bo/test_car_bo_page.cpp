#include "common/live_bo_checks.h"
#include "common/page_test.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/heat_map.h"
#include "ui/lessons/car_bo/car_bo_page.h"
#include "ui/models/live_controller_bo.h"
#include "ui/panels/controller_bo_replay.h"
#include "ui/panels/live_bo_controls.h"

#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QValueAxis>
#include <QElapsedTimer>
#include <QSlider>
#include <QtTest>

#include <vector>

using ui::CarBoPage;

class TestCarBoPage : public QObject, public emu::test::PageTest<CarBoPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1100, 800))); }
    void cleanup() { closePage(); }

    void runsTheTalksExperimentOnOpening()
    {
        QVERIFY(m_page->result().has_value());
        const emu::DirectBoResult& result = *m_page->result();
        QCOMPARE(int(result.evaluations.size()), 75);
        QVERIFY(result.reachedGoal);
        QVERIFY(result.simulatorCalls <= 37500);
        QCOMPARE(m_page->shownIteration(), 50);
        QVERIFY(m_page->dataCsv().count('\n') == 76);
        // No reward passes 100 (the goal's bonus): neither may the best-reward axis.
        const QValueAxis* rewards = m_page->findChild<ui::ControllerBoReplay*>()->convergenceChart()->yAxis();
        QVERIFY2(rewards->max() <= 100.0, qPrintable(QString::number(rewards->max())));
        QVERIFY(rewards->max() >= result.bestReward);
    }

    void replayShowsEarlierIterations()
    {
        m_page->showIteration(0);
        QCOMPARE(m_page->shownIteration(), 0);
        // At iteration 0 the model has the 25 random controllers only.
        const QImage early = m_page->rewardMap()->grab().toImage();
        m_page->showIteration(50);
        const QImage late = m_page->rewardMap()->grab().toImage();
        QVERIFY(early != late);
    }

    void newSeedRunsAgain()
    {
        const double before = m_page->result()->bestReward;
        QJsonObject state = m_page->saveState();
        state["seed"] = 2;
        QVERIFY(m_page->restoreState(state).isEmpty());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(m_page->result()->settings.seed, std::uint64_t(2));
        QVERIFY(m_page->result()->bestReward != before);
        state["simulator"] = "teleporter";
        QVERIFY(!m_page->restoreState(state).isEmpty());
    }

    void stepsByHandAndLetsTheUserChoose()
    {
        m_page->startRun(true); // the initial design, then paused on the first proposal
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(int(m_page->result()->evaluations.size()), 25);
        emu::test::stepThreeTimesAndChooseOnce(m_page->livePanel(), m_jobs);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(int(m_page->result()->evaluations.size()), 29);
        QVERIFY(m_page->dataCsv().count('\n') == 30);
    }

    void theLoopRunsAtThePaceChosen()
    {
        // At 4 evaluations a second a person can follow the loop and stop it: four evaluations
        // of the design take a second at least; at the fastest, nothing holds them.
        ui::LiveBoControls* controls = m_page->livePanel()->controls();
        auto* speed = m_page->findChild<QSlider*>("liveSpeed");
        QVERIFY(speed);
        controls->setSpeed(4);
        QCOMPARE(m_page->liveLoop()->pace(), 250);
        QSignalSpy evaluated(m_page->liveLoop(), &ui::LiveControllerBo::evaluated);
        QElapsedTimer clock;
        clock.start();
        m_page->runExperiment();
        QVERIFY(QTest::qWaitFor([&] { return evaluated.size() >= 5; }, emu::test::scaledTimeout(20000)));
        QVERIFY2(clock.elapsed() >= 1000, qPrintable(QString::number(clock.elapsed())));
        m_page->togglePause();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY(m_page->liveLoop()->isPaused());
        speed->setValue(speed->maximum());
        QCOMPARE(m_page->liveLoop()->pace(), 0);
        m_page->togglePause();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(60000)));
        QVERIFY(m_page->liveLoop()->isFinished());
    }

    void refusesBadChoicesWithAMessage()
    {
        m_page->startRun(true);
        // While the loop runs (the initial design), choosing is refused.
        m_page->chooseController(emu::LinearController{0.0, 5.0, 0.0});
        QVERIFY2(m_page->loopStatus().contains("pause"), qPrintable(m_page->loopStatus()));
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        const int before = int(m_page->result()->evaluations.size());
        m_page->chooseController(emu::LinearController{0.0, 1000.0, 0.0});
        QVERIFY2(m_page->loopStatus().contains("outside"), qPrintable(m_page->loopStatus()));
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(int(m_page->result()->evaluations.size()), before);
    }

    void cancelPausesAndResumeFinishes()
    {
        m_page->startRun(true);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        m_page->togglePause(); // resume: a job is now in flight (its result can only arrive later)
        QVERIFY(!m_page->liveLoop()->isPaused());
        QVERIFY(m_jobs.isBusy());
        m_jobs.cancelAll();
        QVERIFY(m_page->liveLoop()->isPaused());
        QVERIFY(!m_page->liveLoop()->isFinished());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        m_page->togglePause(); // resume
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(60000)));
        QVERIFY(m_page->liveLoop()->isFinished());
        QCOMPARE(int(m_page->result()->evaluations.size()), 75);
    }
};

QTEST_MAIN(TestCarBoPage)
#include "test_car_bo_page.moc"

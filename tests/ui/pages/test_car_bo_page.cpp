#include "common/page_test.h"
#include "ui/pages/car_bo_page.h"
#include "ui/widgets/heat_map.h"

#include <QJsonObject>
#include <QtTest>

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
        QVERIFY(m_jobs.waitForIdle(30000));
        QCOMPARE(m_page->result()->settings.seed, std::uint64_t(2));
        QVERIFY(m_page->result()->bestReward != before);
        state["simulator"] = "teleporter";
        QVERIFY(!m_page->restoreState(state).isEmpty());
    }
};

QTEST_MAIN(TestCarBoPage)
#include "test_car_bo_page.moc"

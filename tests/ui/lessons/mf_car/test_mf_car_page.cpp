#include "common/live_bo_checks.h"
#include "common/page_test.h"
#include "ui/lessons/mf_car/mf_car_comparison.h"
#include "ui/lessons/mf_car/mf_car_page.h"
#include "ui/panels/live_bo_panel.h"
#include "ui/panels/mountain_car_view.h"

#include <QComboBox>
#include <QJsonObject>

using ui::MfCarPage;

class TestMfCarPage : public QObject, public emu::test::PageTest<MfCarPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1200, 800), 120000)); }
    void cleanup() { closePage(); }

    void comparesFourEmulatorsOnOpening()
    {
        QVERIFY(m_page->comparison().has_value());
        // The talk's setting: the classic equations learned with the crude ones as the low level.
        QCOMPARE(m_page->comparison()->settings.highSimulatorId, std::string("classic"));
        QCOMPARE(m_page->comparison()->settings.lowSimulatorId, std::string("low"));
        const auto& rows = m_page->comparison()->rows;
        QCOMPARE(int(rows.size()), 4);
        bool sawLinear = false;
        for (const emu::MfComparisonRow& row : rows) {
            QVERIFY(std::isfinite(row.reward));
            if (row.emulator == "linear") {
                sawLinear = true;
                QCOMPARE(row.lowCalls, std::uint64_t(250));
                QCOMPARE(row.highCalls, std::uint64_t(250));
                QVERIFY(row.reachedGoal);
            }
        }
        QVERIFY(sawLinear);
        QCOMPARE(m_page->dataCsv().count('\n'), 5);
    }

    void rowsShowAsTheyArriveAndANewRunReplacesThem()
    {
        m_page->runComparison();
        QVERIFY(!m_page->comparison().has_value()); // the old result went with the old settings
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(120000)));
        QVERIFY(m_page->comparison().has_value());
        QCOMPARE(int(m_page->comparison()->rows.size()), 4);
        QCOMPARE(m_page->comparison()->rows[size_t(m_page->liveRow())].emulator, std::string("linear"));
        QVERIFY(m_page->livePanel()->validation().has_value());
    }

    void theLinearRowRunsAgainLiveAndIsValidated()
    {
        const emu::MfComparisonRow& row = m_page->comparison()->rows[size_t(m_page->liveRow())];
        QCOMPARE(row.emulator, std::string("linear"));
        // The live run is the table's run, step by step: the same best controller and reward.
        QVERIFY(m_page->livePanel()->validation().has_value());
        const emu::EmulatedOptimization& live = *m_page->livePanel()->validation();
        QCOMPARE(live.optimization.settings.simulatorId, std::string("mf-emulator"));
        QCOMPARE(live.optimization.evaluations.size(), std::size_t(75));
        QCOMPARE(live.best.thetaP, row.best.thetaP);
        QCOMPARE(live.best.thetaV, row.best.thetaV);
        QCOMPARE(live.best.theta0, row.best.theta0);
        QCOMPARE(live.validation.reward, row.reward);
        QCOMPARE(live.validation.simulatorId, m_page->comparison()->settings.highSimulatorId);
        // The real car drives with it.
        QVERIFY(m_page->carView()->frameCount() > 1);
    }

    void stepsByHandAndLetsTheUserChoose()
    {
        m_page->optimiseRow(m_page->liveRow(), true);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        emu::test::stepThreeTimesAndChooseOnce(m_page->livePanel(), m_jobs);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!m_page->livePanel()->validation().has_value()); // not finished yet
    }

    void badStateIsRejected()
    {
        QVERIFY(!m_page->restoreState(QJsonObject{{"high", "warp"}, {"low", "low"}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"high", "classic"}, {"low", "crayon"}}).isEmpty());
        // Known simulators in a role they do not have: the crude equations cannot be the
        // controlled car, the physics car is no cheap level.
        QVERIFY(m_page->restoreState(QJsonObject{{"high", "low"}, {"low", "low"}})
                    .contains("high-fidelity"));
        QVERIFY(m_page->restoreState(QJsonObject{{"high", "classic"}, {"low", "box2d"}})
                    .contains("low-fidelity"));
        // Nothing changed: the comparison shown is still the opening one.
        QCOMPARE(m_page->model()->settings().highSimulatorId, std::string("classic"));
        QCOMPARE(m_page->model()->settings().lowSimulatorId, std::string("low"));
        QVERIFY(m_page->comparison().has_value());
    }

    void aRestoredStateRunsItsComparison()
    {
        const QJsonObject state{{"high", "classic"}, {"low", "classic"}, {"seed", 3}};
        QVERIFY(m_page->restoreState(state).isEmpty());
        QCOMPARE(m_page->model()->saveState(), state);
        QVERIFY(!m_page->comparison().has_value()); // running
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(120000)));
        QVERIFY(m_page->comparison().has_value());
        QCOMPARE(m_page->comparison()->settings.seed, std::uint64_t(3));
        QCOMPARE(m_page->dataCsv().count('\n'), 5);
        auto* low = m_page->findChild<QComboBox*>("lowFidelityChoice");
        QVERIFY(low);
        QCOMPARE(low->currentData().toString(), QString("classic")); // the controls follow
    }
};

QTEST_MAIN(TestMfCarPage)
#include "test_mf_car_page.moc"

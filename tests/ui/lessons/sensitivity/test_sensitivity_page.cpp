#include "common/page_test.h"
#include "ui/charts/error_bar_chart.h"
#include "ui/lessons/sensitivity/sensitivity_page.h"

#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>

using ui::SensitivityPage;

namespace {

/// Index of the input with the largest total effect.
Eigen::Index largestTotal(const emu::CarSensitivityResult& result)
{
    Eigen::Index best = 0;
    result.indices.total.maxCoeff(&best);
    return best;
}

} // namespace

class TestSensitivityPage : public QObject, public emu::test::PageTest<SensitivityPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1280, 800), 60000)); }
    void cleanup() { closePage(); }

    void openingComputesBothWays()
    {
        QVERIFY(m_page->emulatorResult().has_value());
        QVERIFY(m_page->simulatorResult().has_value());
        const emu::CarSensitivityResult& emulator = *m_page->emulatorResult();
        const emu::CarSensitivityResult& simulator = *m_page->simulatorResult();
        QCOMPARE(emulator.settings.mode, emu::CarSensitivityMode::Emulator);
        QCOMPARE(simulator.settings.mode, emu::CarSensitivityMode::Simulator);
        QCOMPARE(emulator.indices.samples, emu::Index(1000));
        QCOMPARE(emulator.episodes, emu::Index(150));
        QCOMPARE(simulator.episodes, emu::Index(6000));
        // θv decides the reward most, on both.
        QCOMPARE(emulator.indices.names[size_t(largestTotal(emulator))], std::string("thetaV"));
        QCOMPARE(simulator.indices.names[size_t(largestTotal(simulator))], std::string("thetaV"));
        QVERIFY(emulator.simulatorCalls < simulator.simulatorCalls);
        // The chart shows both: four bar sets with four finite bars each.
        const auto* chart = m_page->findChild<ui::ErrorBarChart*>(QStringLiteral("effectsChart"));
        QVERIFY(chart);
        QCOMPARE(int(chart->sets().size()), 4);
        for (const auto& set : chart->sets())
            for (double v : set.values)
                QVERIFY(std::isfinite(v));
    }

    void csvHasOneRowPerInput()
    {
        const QStringList lines = m_page->dataCsv().trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        QVERIFY(lines[0].startsWith(QStringLiteral("input,emulator_main")));
        QVERIFY(lines[2].startsWith(QStringLiteral("thetaV,")));
        for (const QString& line : lines.mid(1))
            QCOMPARE(line.split(',').size(), 9);
    }

    void reportsTheEventOnceBothAreIn()
    {
        QSignalSpy spy(m_page.get(), &SensitivityPage::eventReported);
        m_page->findChild<QSpinBox*>(QStringLiteral("seedSpin"))->setValue(3);
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("computeButton")), Qt::LeftButton);
        QVERIFY(!m_page->emulatorResult().has_value()); // the old results went with the old settings
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(60000)));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toString(), QStringLiteral("sensitivity-computed"));
        QCOMPARE(m_page->simulatorResult()->settings.seed, std::uint64_t(3));
    }

    void cancelStopsBoth()
    {
        // Large N, so the direct computation is still running when Cancel is pressed.
        QVERIFY(m_page->restoreState(QJsonObject{{"samples", 20000}, {"trainingEpisodes", 150}, {"seed", 0}}).isEmpty());
        QVERIFY(m_jobs.isBusy());
        QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("cancelButton")), Qt::LeftButton);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        QVERIFY(!m_page->simulatorResult().has_value());
    }

    void stateRoundTripsAndBadStateIsRejected()
    {
        const QJsonObject saved = m_page->saveState();
        QCOMPARE(saved.value("samples").toInt(), 1000);
        QCOMPARE(saved.value("trainingEpisodes").toInt(), 150);
        QVERIFY(!m_page->restoreState(QJsonObject{{"samples", 1}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"samples", 500}, {"trainingEpisodes", "many"}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"seed", 2.5}}).isEmpty());
        QCOMPARE(m_page->saveState(), saved); // unchanged
        QVERIFY(!m_jobs.isBusy());            // and nothing recomputed
        QVERIFY(m_page->restoreState(QJsonObject{{"samples", 500}, {"trainingEpisodes", 60}, {"seed", 7}}).isEmpty());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(60000)));
        QCOMPARE(m_page->emulatorResult()->episodes, emu::Index(60));
        QCOMPARE(m_page->simulatorResult()->indices.samples, emu::Index(500));
    }
};

QTEST_MAIN(TestSensitivityPage)
#include "test_sensitivity_page.moc"

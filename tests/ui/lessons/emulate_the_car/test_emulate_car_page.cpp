#include "common/live_bo_checks.h"
#include "common/page_test.h"
#include "ui/charts/band_chart.h"
#include "ui/charts/colour_bar.h"
#include "ui/lessons/emulate_the_car/emulate_car_page.h"
#include "ui/panels/controller_editor.h"
#include "ui/panels/live_bo_controls.h"
#include "ui/panels/live_bo_panel.h"
#include "ui/panels/mountain_car_view.h"

#include <QChart>
#include <QScatterSeries>

#include <QJsonObject>
#include <QSignalSpy>

using ui::EmulateCarPage;

class TestEmulateCarPage : public QObject, public emu::test::PageTest<EmulateCarPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1200, 800), 60000)); }
    void cleanup() { closePage(); }

    void trainsComparesAndOptimisesOnOpening()
    {
        QVERIFY(m_page->emulator());
        QCOMPARE(m_page->emulator()->simulatorCalls(), std::uint64_t(500));
        QVERIFY(m_page->comparison().has_value());
        // The opening controller swings up on both; the emulator follows the simulator closely.
        QVERIFY(m_page->comparison()->simulated.reachedGoal);
        QVERIFY(m_page->comparison()->emulated.reachedGoal);
        QVERIFY(m_page->comparison()->maxAbsPositionError < 0.05);
        // The live optimisation on the emulator ran to its end and was validated on the simulator.
        QVERIFY(m_page->optimisation().has_value());
        const emu::EmulatedOptimization& o = *m_page->optimisation();
        QCOMPARE(o.optimization.evaluations.size(), std::size_t(75));
        QCOMPARE(o.optimization.settings.simulatorId, std::string("emulator"));
        QVERIFY(o.validation.reachedGoal);
        const std::uint64_t calls = m_page->emulator()->simulatorCalls() + o.validation.simulatorCalls;
        QVERIFY(m_page->directBaseline().has_value());
        QVERIFY(calls * 10 < m_page->directBaseline()->simulatorCalls); // far fewer calls than direct BO
        QVERIFY(m_page->livePanel()->carView()->frameCount() > 1);    // the real car drives
        QCOMPARE(m_page->dataCsv().count('\n'), 501);
    }

    void trainingInputsAreReadableAndTheirColourIsNamed()
    {
        ui::BandChart* training = nullptr;
        for (ui::BandChart* chart : m_page->findChildren<ui::BandChart*>())
            if (chart->chart()->title().startsWith("Training inputs"))
                training = chart;
        QVERIFY(training);
        // Not a thin column: wider than tall, and most of the page's width.
        QVERIFY2(training->width() > training->height() && training->width() > m_page->width() / 2,
                 qPrintable(QStringLiteral("%1 x %2").arg(training->width()).arg(training->height())));
        // The colour is the action u, on a bar that says so, over u's range.
        auto* bar = m_page->findChild<ui::ColourBar*>();
        QVERIFY(bar && bar->isVisible());
        QVERIFY(bar->title().contains("u"));
        QCOMPARE(bar->low(), -1.0);
        QCOMPARE(bar->high(), 1.0);
        // Each dot carries its own colour: the 500 calls do not all look alike.
        auto* dots = qobject_cast<QScatterSeries*>(training->chart()->series().value(0));
        QVERIFY(dots);
        QCOMPARE(dots->count(), 500);
        QSet<QRgb> colours;
        for (int i = 0; i < dots->count(); ++i)
            colours.insert(dots->pointConfiguration(i).value(QXYSeries::PointConfiguration::Color).value<QColor>().rgb());
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    }

    void changingTheControllerComparesAgain()
    {
        m_page->controllerEditor()->setController({0.0, 0.0, 0.0}); // u = 0: never reaches the goal
        m_page->compare();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY(!m_page->comparison()->simulated.reachedGoal);
        QVERIFY(!m_page->comparison()->emulated.reachedGoal);
    }

    void stepsByHandAndLetsTheUserChoose()
    {
        // A smaller emulator trains faster; once it is there, a new run pauses after its design.
        QJsonObject state = m_page->saveState();
        state["calls"] = 100;
        QVERIFY(m_page->restoreState(state).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_page->emulator()->simulatorCalls() == 100, 30000);
        m_page->optimise(true);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        emu::test::stepThreeTimesAndChooseOnce(m_page->livePanel(), m_jobs);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!m_page->optimisation().has_value()); // not finished: nothing validated yet

        // Resumed, the run goes on from the choice to its end, streaming (46 iterations, each a
        // GP fit, reach the screen as several throttled updates), then is validated.
        QSignalSpy updates(m_page->livePanel()->live(), &ui::LiveControllerBo::updated);
        m_page->livePanel()->controls()->togglePause();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(60000)));
        QVERIFY2(updates.size() > 1, qPrintable(QString::number(updates.size())));
        QVERIFY(m_page->optimisation().has_value());
        const emu::DirectBoResult& run = m_page->optimisation()->optimization;
        QCOMPARE(run.evaluations.size(), std::size_t(75));
        QVERIFY(run.evaluations[28].chosen);
        QCOMPARE(m_page->optimisation()->validation.simulatorId, std::string("classic"));
    }

    void badStateIsRejected()
    {
        QVERIFY(!m_page->restoreState(QJsonObject{{"calls", 5}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"calls", 100}, {"design", "grid"}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"calls", 100}, {"design", "lhs"}, {"controller", QJsonObject{}}})
                     .isEmpty());
        QCOMPARE(m_page->emulator()->simulatorCalls(), std::uint64_t(500));
    }
};

QTEST_MAIN(TestEmulateCarPage)
#include "test_emulate_car_page.moc"

#include "common/page_test.h"
#include "ui/pages/emulate_car_page.h"
#include "ui/widgets/band_chart.h"
#include "ui/widgets/colour_bar.h"
#include "ui/widgets/controller_editor.h"

#include <QChart>
#include <QScatterSeries>

#include <QJsonObject>

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
        QVERIFY(m_page->optimisation().has_value());
        const emu::EmulatorBoResult& r = *m_page->optimisation();
        QVERIFY(r.reachedGoal);
        QCOMPARE(r.simulatorCalls, r.trainingCalls + r.validationCalls);
        QVERIFY(r.direct.has_value());
        QVERIFY(r.simulatorCalls * 10 < r.direct->simulatorCalls); // far fewer calls than direct BO
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
        QVERIFY(m_jobs.waitForIdle(30000));
        QVERIFY(!m_page->comparison()->simulated.reachedGoal);
        QVERIFY(!m_page->comparison()->emulated.reachedGoal);
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

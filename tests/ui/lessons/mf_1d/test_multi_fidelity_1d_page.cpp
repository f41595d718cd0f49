#include "common/page_test.h"
#include "ui/charts/band_chart.h"
#include "ui/lessons/mf_1d/multi_fidelity_1d_page.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUndoStack>

using ui::MultiFidelity1dPage;

class TestMultiFidelity1dPage : public QObject, public emu::test::PageTest<MultiFidelity1dPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1200, 800))); }
    void cleanup() { closePage(); }

    void forresterFavoursTheMultiFidelityModels()
    {
        QCOMPARE(m_page->data().low.size(), 12);
        QCOMPARE(m_page->data().high.size(), 6);
        const auto& fits = *m_page->fits();
        QVERIFY(std::abs(fits.rho.front() - 2.0) < 0.05);
        QVERIFY(fits.relativeError.at("linear") * 5 < fits.relativeError.at("hf-only"));
    }

    void nonlinearPairFavoursTheNonlinearModel()
    {
        m_page->setProblem("nonlinear-sin");
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(60000)));
        const auto& fits = *m_page->fits();
        QVERIFY(fits.relativeError.at("nonlinear") * 3 < fits.relativeError.at("linear"));
        QVERIFY(fits.relativeError.at("nonlinear") * 3 < fits.relativeError.at("hf-only"));
    }

    void clickRunsTheChosenFidelityAndUndoRemovesIt()
    {
        ui::BandChart* chart = m_page->chart();
        const QPoint at = chart->toWidget(QPointF(0.4, 0.0));
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, Qt::ShiftModifier, at); // Shift: high fidelity
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(m_page->data().high.size(), 7);
        const QPointF added = m_page->data().high.last();
        QVERIFY(std::abs(added.x() - 0.4) < 0.02);
        // The value is the simulator's, not where the mouse was.
        const double x = added.x();
        QVERIFY(std::abs(added.y() - std::pow(6 * x - 2, 2) * std::sin(12 * x - 4)) < 1e-9);
        m_page->undoStack()->undo();
        QCOMPARE(m_page->data().high.size(), 6);
        QTest::mouseClick(chart->viewport(), Qt::RightButton, {}, chart->toWidget(QPointF(m_page->data().low.first().x(), 0.0)));
        QCOMPARE(m_page->data().low.size(), 11);
    }

    void stateRoundTripsAndRejectsBadRuns()
    {
        const QJsonObject state = m_page->saveState();
        QVERIFY(m_page->restoreState(state).isEmpty());
        QCOMPARE(m_page->data().high.size(), 6);
        QJsonObject bad = state;
        bad["high"] = QJsonArray{2.0};
        QVERIFY(!m_page->restoreState(bad).isEmpty());
        bad["high"] = QJsonArray{};
        QVERIFY(!m_page->restoreState(bad).isEmpty());
        QCOMPARE(m_page->data().high.size(), 6);
        // Older files kept only the inputs: the values are the problem's.
        bad["high"] = QJsonArray{0.25};
        QVERIFY(m_page->restoreState(bad).isEmpty());
        QCOMPARE(m_page->data().high.size(), 1);
    }

    void importsRunsFromCsv_data()
    {
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("error");
        QTest::newRow("good") << "x,fidelity,y\n0.1,0,1.5\n0.5,0,2\n0.9,0,-1\n0.3,1,7.25\n" << QString();
        QTest::newRow("columns in another order") << "y,x,fidelity\n1,0.2,0\n2,0.7,1\n" << QString();
        QTest::newRow("no fidelity column") << "x,y\n0.1,1\n" << "no column \"fidelity\"";
        QTest::newRow("fidelity 2") << "x,fidelity,y\n0.1,2,1\n" << "run 1: fidelity 2";
        QTest::newRow("outside") << "x,fidelity,y\n0.1,0,1\n3,1,1\n" << "run 2: x = 3 is outside";
        QTest::newRow("one fidelity only") << "x,fidelity,y\n0.1,0,1\n" << "both fidelities";
        QTest::newRow("garbage") << "x,fidelity,y\n0.1,0,one\n" << "runs.csv:2";
    }

    void importsRunsFromCsv()
    {
        QFETCH(QString, csv);
        QFETCH(QString, error);
        QVERIFY(m_page->acceptsCsv());
        const auto before = m_page->data();
        const QString message = m_page->importCsv(csv, "runs.csv");
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        if (!error.isEmpty()) {
            QVERIFY2(message.contains(error), qPrintable(message));
            QCOMPARE(m_page->data().low, before.low);
            QCOMPARE(m_page->data().high, before.high);
            return;
        }
        QCOMPARE(message, QString());
        QVERIFY(!m_page->data().high.isEmpty());
        // Undoable; and the file's values are kept (not recomputed) through a session file.
        const auto imported = m_page->data();
        m_page->undoStack()->undo();
        QCOMPARE(m_page->data().low, before.low);
        m_page->undoStack()->redo();
        QVERIFY(m_page->restoreState(m_page->saveState()).isEmpty());
        QCOMPARE(m_page->data().high, imported.high);
        QCOMPARE(m_page->data().low, imported.low);
    }
};

QTEST_MAIN(TestMultiFidelity1dPage)
#include "test_multi_fidelity_1d_page.moc"

#include "common/page_test.h"
#include "ui/pages/multi_fidelity_1d_page.h"
#include "ui/widgets/band_chart.h"

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
        QVERIFY(m_jobs.waitForIdle(60000));
        const auto& fits = *m_page->fits();
        QVERIFY(fits.relativeError.at("nonlinear") * 3 < fits.relativeError.at("linear"));
        QVERIFY(fits.relativeError.at("nonlinear") * 3 < fits.relativeError.at("hf-only"));
    }

    void clickRunsTheChosenFidelityAndUndoRemovesIt()
    {
        ui::BandChart* chart = m_page->chart();
        const QPoint at = chart->toWidget(QPointF(0.4, 0.0));
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, Qt::ShiftModifier, at); // Shift: high fidelity
        QVERIFY(m_jobs.waitForIdle(30000));
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
    }
};

QTEST_MAIN(TestMultiFidelity1dPage)
#include "test_multi_fidelity_1d_page.moc"

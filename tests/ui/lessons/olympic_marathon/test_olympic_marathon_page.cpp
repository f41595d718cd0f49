#include "common/page_test.h"
#include "ui/charts/band_chart.h"
#include "ui/lessons/olympic_marathon/olympic_marathon_page.h"

#include <QJsonObject>

using ui::OlympicMarathonPage;

class TestOlympicMarathonPage : public QObject, public emu::test::PageTest<OlympicMarathonPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1200, 800))); }
    void cleanup() { closePage(); }

    void fitsBothModelsOnOpening()
    {
        QVERIFY(m_page->results().has_value());
        QVERIFY(m_page->results()->gp.optima.size() >= 2);
        QVERIFY(m_page->results()->deepGp.report.bound > m_page->results()->deepGp.report.initialBound);
        QVERIFY(m_page->turing().has_value());
        const double p = m_page->turing()->gpProbability;
        QVERIFY(p > 0.0 && p < 1.0);
    }

    void draggingTuringsPaceMovesTheProbabilities()
    {
        const double before = m_page->turing()->deepGpMomentMatching;
        // Drag the marker to a faster pace: fewer winning paces are slower than it.
        ui::BandChart* chart = m_page->densityChart();
        const QPoint at = chart->toWidget(QPointF(3.6, 0.0));
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(20000)));
        QVERIFY2(std::abs(m_page->turing()->pace - 3.6) < 0.05, qPrintable(QString::number(m_page->turing()->pace)));
        QVERIFY(m_page->turing()->deepGpMomentMatching > before);
        QVERIFY(m_page->turing()->gpProbability > 0.05);
    }

    void badStateIsRejected()
    {
        QVERIFY(!m_page->restoreState(QJsonObject{{"optimum", "middle"}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"optimum", "best"}, {"inducing", 500}, {"turingPace", 3.9}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"optimum", "best"}, {"inducing", 10}, {"turingPace", -1}}).isEmpty());
        QJsonObject good = m_page->saveState();
        good["optimum"] = "short";
        QVERIFY(m_page->restoreState(good).isEmpty());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(20000)));
        QVERIFY(m_page->dataCsv().count('\n') > 100);
    }
};

QTEST_MAIN(TestOlympicMarathonPage)
#include "test_olympic_marathon_page.moc"

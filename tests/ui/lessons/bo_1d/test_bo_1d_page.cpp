#include "common/chart_checks.h"
#include "common/page_test.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/bo_1d/bo_1d_page.h"
#include "ui/models/bo_session.h"
#include "ui/panels/bo_controls.h"

#include <QJsonArray>
#include <QLineSeries>
#include <QPushButton>
#include <QtTest>

using ui::Bo1dPage;

class TestBo1dPage : public QObject, public emu::test::PageTest<Bo1dPage>
{
    Q_OBJECT
private:
    emu::Index evaluations() const { return m_page->session()->evaluations(); }

private slots:
    void init() { QVERIFY(openPage(QSize(1100, 750))); }
    void cleanup() { closePage(); }

    void opensWithADesignAndASuggestion()
    {
        QCOMPARE(evaluations(), emu::Index(3));
        QVERIFY(std::isfinite(m_page->drawnArgmax()));
        QVERIFY(m_page->acquisitionChart()->curve()->count() > 100);
    }

    void stepAddsOnePointAndMovesTheArgmax()
    {
        const double before = m_page->drawnArgmax();
        const double suggested = m_page->session()->suggestion()(0, 0);
        QCOMPARE(before, suggested);
        QPushButton* stepButton = nullptr;
        for (QPushButton* b : m_page->findChildren<QPushButton*>())
            if (b->text() == "Step")
                stepButton = b;
        QVERIFY(stepButton);
        QTest::mouseClick(stepButton, Qt::LeftButton);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        QCOMPARE(evaluations(), emu::Index(4));
        // The evaluated point is the one that was suggested, and the new maximum is elsewhere.
        QCOMPARE(m_page->session()->loop().state().X(3, 0), suggested);
        QVERIFY(std::abs(m_page->drawnArgmax() - before) > 1e-6);
    }

    void clickingEvaluatesThere()
    {
        ui::PosteriorChart* chart = m_page->posteriorChart();
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->toWidget(QPointF(0.25, 0.0)));
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        QCOMPARE(evaluations(), emu::Index(4));
        const double x = m_page->session()->loop().state().X(3, 0);
        QVERIFY2(std::abs(x - 0.25) < 0.01, qPrintable(QString::number(x)));
        // The value is the objective's (Forrester) at that x, not where the mouse was vertically.
        const double f = std::pow(6 * x - 2, 2) * std::sin(12 * x - 4);
        QVERIFY(std::abs(m_page->session()->loop().state().y(3) - f) < 1e-9);
    }

    void changingTheParameterChangesTheCurveWithoutEvaluating()
    {
        const QList<QPointF> before = m_page->acquisitionChart()->curve()->points();
        m_page->session()->setAcquisitionParameter("jitter", 0.5);
        QCOMPARE(evaluations(), emu::Index(3));
        QVERIFY(m_page->acquisitionChart()->curve()->points() != before);
    }

    void twentyStepsApproachTheMinimum()
    {
        for (int i = 0; i < 20; ++i) {
            m_page->session()->step();
            QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        }
        QCOMPARE(evaluations(), emu::Index(23));
        const double regret = m_page->session()->loop().state().bestValue() - *m_page->session()->objective().minimum;
        QVERIFY2(regret < 1e-2, qPrintable(QString::number(regret)));
    }

    void fortyStepsKeepEveryChartReadable()
    {
        // Forrester, EI, seed 1: after some twenty steps the acquisition is below 10^-12.
        const QString problems = emu::test::chartProblemsWhileStepping(m_page.get(), 40, [this] {
            m_page->session()->step();
            return m_jobs.waitForIdle(emu::test::scaledTimeout(10000));
        });
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
        QVERIFY(m_page->acquisitionChart()->yAxis()->titleText().contains(QStringLiteral("×10")));
    }

    void stateRoundTrips()
    {
        m_page->session()->step();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        const QJsonObject state = m_page->saveState();
        Bo1dPage other(&m_jobs);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        QCOMPARE(other.restoreState(state), QString());
        QCOMPARE(other.session()->loop().state().y, m_page->session()->loop().state().y);
        QJsonObject bad = state;
        bad["function"] = "nope";
        QVERIFY(!other.restoreState(bad).isEmpty());
        bad = state;
        bad["points"] = QJsonArray{QJsonArray{5.0, 1.0}};
        QVERIFY(other.restoreState(bad).contains("outside"));
        // The run's settings are checked with the rest: an unknown acquisition or a design of
        // 500 points is refused, and the restored page keeps what it had.
        for (const auto& [key, value] : {std::pair<QString, QJsonValue>{"acquisition", "nope"},
                                         std::pair<QString, QJsonValue>{"initialPoints", 500}}) {
            bad = state;
            QJsonObject run = state.value("run").toObject();
            run[key] = value;
            bad["run"] = run;
            const QString error = other.restoreState(bad);
            QVERIFY2(error.contains(key), qPrintable(error));
            QCOMPARE(other.saveState(), state);
        }
    }

    void importsPointsFromCsv_data()
    {
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("error");
        QTest::newRow("good") << "x,y\n0.1,0.5\n0.4,-1\n0.9,3\n0.95,3\n" << QString();
        QTest::newRow("two inputs") << "a,b,y\n0.1,0.2,1\n" << "2 input columns";
        QTest::newRow("outside") << "x,y\n0.1,1\n4,1\n" << "mine.csv, point 2: outside";
        QTest::newRow("not a number") << "x,y\n0.1,1\n0.2,abc\n" << "mine.csv:3";
        QTest::newRow("nan") << "x,y\n0.1,nan\n" << "mine.csv:2";
        QTest::newRow("empty") << "" << "mine.csv";
    }

    void importsPointsFromCsv()
    {
        QFETCH(QString, csv);
        QFETCH(QString, error);
        QVERIFY(m_page->acceptsCsv());
        const emu::Vector before = m_page->session()->loop().state().y;
        const QString message = m_page->importCsv(csv, "mine.csv");
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        if (error.isEmpty()) {
            QCOMPARE(message, QString());
            QCOMPARE(evaluations(), emu::Index(4)); // the file's points in place of the design
            QCOMPARE(m_page->session()->loop().state().y(1), -1.0);
            QCOMPARE(m_page->session()->suggestion().rows(), emu::Index(1)); // and BO goes on from them
        } else {
            QVERIFY2(message.contains(error), qPrintable(message));
            QCOMPARE(m_page->session()->loop().state().y, before); // nothing changed
        }
    }
};

QTEST_MAIN(TestBo1dPage)
#include "test_bo_1d_page.moc"

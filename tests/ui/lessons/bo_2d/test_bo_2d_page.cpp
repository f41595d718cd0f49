#include "common/chart_checks.h"
#include "common/page_test.h"
#include "common/program_settings.h"
#include "ui/charts/heat_map.h"
#include "ui/lessons/bo_2d/bo_2d_page.h"
#include "ui/models/bo_session.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using ui::Bo2dPage;

class TestBo2dPage : public QObject, public emu::test::PageTest<Bo2dPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1100, 750))); }
    void cleanup() { closePage(); }

    void drawsFiniteSurfacesWithASuggestion()
    {
        QCOMPARE(m_page->session()->evaluations(), emu::Index(5));
        QCOMPARE(m_page->session()->suggestion().rows(), emu::Index(1));
        for (int pane = 0; pane < 2; ++pane) {
            QCOMPARE(m_page->drawnValues(pane).size(), emu::Index(100 * 100));
            QVERIFY(m_page->drawnValues(pane).allFinite());
        }
    }

    void fortyStepsKeepEveryChartReadable()
    {
        const QString problems = emu::test::chartProblemsWhileStepping(m_page.get(), 40, [this] {
            m_page->session()->step();
            return m_jobs.waitForIdle(emu::test::scaledTimeout(10000));
        });
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
    }

    void acquisitionSurfacePeaksAtTheSuggestion()
    {
        m_page->showSurface(1, Bo2dPage::Surface::Acquisition);
        const emu::Vector& surface = m_page->drawnValues(1);
        const emu::Matrix& next = m_page->session()->suggestion();
        // The optimiser polishes beyond the grid: its point is at least as good as every node.
        const double atNext = m_page->session()->loop().acquisition().evaluate(m_page->session()->loop().model(), next)(0);
        QVERIFY2(atNext >= surface.maxCoeff() - 1e-9 * std::abs(surface.maxCoeff()),
                 qPrintable(QString("%1 < %2").arg(atNext).arg(surface.maxCoeff())));
    }

    void stepAddsAPointAndClickingEvaluatesThere()
    {
        m_page->session()->step();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        QCOMPARE(m_page->session()->evaluations(), emu::Index(6));
        ui::HeatMap* map = m_page->pane(0);
        QTest::mouseClick(map, Qt::LeftButton, {}, map->toWidget(QPointF(2.0, 7.0)).toPoint());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        QCOMPARE(m_page->session()->evaluations(), emu::Index(7));
        const emu::BoState& state = m_page->session()->loop().state();
        QVERIFY(std::abs(state.X(6, 0) - 2.0) < 0.2 && std::abs(state.X(6, 1) - 7.0) < 0.2);
    }

    void objectiveSurfaceIsTheFunction()
    {
        m_page->showSurface(0, Bo2dPage::Surface::Objective);
        // Branin's minimum 0.397887 lies between grid nodes: the grid minimum is close above it.
        const double lowest = m_page->drawnValues(0).minCoeff();
        QVERIFY(lowest >= 0.397887 - 1e-6 && lowest < 0.6);
    }

    void optimisesTheUsersProgram()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bowl.sh");
        QFile script(path);
        QVERIFY(script.open(QIODevice::WriteOnly));
        // Reads {"a": …, "b": …} and prints (a − 0.3)² + (b − 0.6)².
        script.write("#!/bin/sh\nawk -F'[:,}]' '{ print ($2 - 0.3)^2 + ($4 - 0.6)^2 }'\n");
        script.close();
        script.setPermissions(script.permissions() | QFileDevice::ExeOwner);
        QCOMPARE(m_page->useExternalProgram(emu::test::programSettings(path, {{"a", 0.0, 1.0}, {"b", 0.0, 1.0}})), QString());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(m_page->session()->evaluations(), emu::Index(5));
        for (int i = 0; i < 8; ++i) {
            m_page->session()->step();
            QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        }
        QCOMPARE(m_page->session()->evaluations(), emu::Index(13));
        QVERIFY2(m_page->session()->loop().state().bestValue() < 0.01,
                 qPrintable(QString::number(m_page->session()->loop().state().bestValue())));
        // The objective map is never computed for a program (it would run it 10,000 times).
        m_page->showSurface(0, Bo2dPage::Surface::Objective);
        QVERIFY(!m_page->drawnValues(0).allFinite());
        // The session remembers the program.
        const QJsonObject state = m_page->saveState();
        QCOMPARE(state.value("external").toObject().value("program").toString(), path);
    }

    void aFailingProgramKeepsTheHistory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("fails.sh");
        QFile script(path);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho 'no licence for the solver' >&2\nexit 3\n");
        script.close();
        script.setPermissions(script.permissions() | QFileDevice::ExeOwner);
        QVERIFY(m_page->useExternalProgram(emu::test::programSettings(path, {{"a", 0.0, 1.0}, {"b", 0.0, 1.0}})).isEmpty());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(m_page->session()->evaluations(), emu::Index(0));
        QVERIFY(!m_page->session()->isEvaluating());
        QVERIFY(m_page->useExternalProgram(emu::test::programSettings("/nonexistent/program", {{"a", 0.0, 1.0}, {"b", 0.0, 1.0}}))
                    .contains("nonexistent"));
        QVERIFY(m_page->useExternalProgram(emu::test::programSettings(path, {{"a", 1.0, 0.0}, {"b", 0.0, 1.0}})).contains("a"));
    }

    void stateRoundTripsAndRejectsBadPoints()
    {
        const QJsonObject state = m_page->saveState();
        QCOMPARE(m_page->restoreState(state), QString());
        QCOMPARE(m_page->session()->evaluations(), emu::Index(5));
        QJsonObject bad = state;
        bad["points"] = QJsonArray{QJsonArray{100.0, 0.0, 1.0}};
        QVERIFY(m_page->restoreState(bad).contains("outside"));
        QCOMPARE(m_page->session()->evaluations(), emu::Index(5));
    }
};

QTEST_MAIN(TestBo2dPage)
#include "test_bo_2d_page.moc"

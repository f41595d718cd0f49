// The Formula One lesson: it opens with the design run, a proposal and the top-level-only
// reference; Step runs the proposal; a budget is spent by hand by clicking the levels' charts and
// the spend per fidelity is what the clicks cost; the algorithm's own run is drawn beside; a run
// the budget cannot pay for is refused; a saved state comes back with the same runs.

#include "common/page_test.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "ui/charts/band_chart.h"
#include "ui/charts/stacked_bar.h"
#include "ui/lessons/formula_one/formula_one_page.h"
#include "ui/models/lesson_settings.h"
#include "ui/models/mf_bo_session.h"

#include <QAreaSeries>
#include <QLineSeries>
#include <QValueAxis>
#include <QtTest>

using ui::FormulaOnePage;

class TestFormulaOnePage : public QObject, public emu::test::PageTest<FormulaOnePage>
{
    Q_OBJECT
private:
    const ui::MfBoView& view() const { return *m_page->session()->view(); }
    bool idle() { return m_jobs.waitForIdle(emu::test::scaledTimeout(30000)); }

    /// Clicks level `level`'s chart at input x.
    void clickLevel(int level, double x)
    {
        ui::BandChart* chart = m_page->levelChart(level);
        const double y = 0.5 * (chart->yAxis()->min() + chart->yAxis()->max());
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->toWidget(QPointF(x, y)));
    }

private slots:
    void init() { QVERIFY(openPage(QSize(1280, 860))); }
    void cleanup() { closePage(); }

    void opensWithTheDesignAProposalAndTheReference()
    {
        QVERIFY(m_page->session()->view().has_value());
        // The nested design: 12 CFD runs, 6 tunnel runs, 3 track runs (12 + 30 + 75).
        QCOMPARE(view().runs.size(), std::size_t(21));
        QCOMPARE(view().spent, 117.0);
        QVERIFY(view().proposal.has_value());
        QCOMPARE(view().valuePerCost.size(), std::size_t(3));
        QVERIFY(!m_page->session()->highFidelityOnly().spent.empty());
        QCOMPARE(m_page->session()->highFidelityOnly().spent.back(), 250.0);
        QCOMPARE(m_page->budgetBar()->segments().size(), 3);
        QCOMPARE(m_page->budgetBar()->segments()[2].value, 75.0);
    }

    void everyLevelChartShowsItsModelAtItsScale()
    {
        // Each chart's y axis spans the model's band and runs, not ten times more, at the size
        // of the page in a 1280 × 800 window with both docks open too.
        for (const QSize size : {QSize(1280, 860), QSize(760, 700)}) {
        m_page->resize(size);
        QTest::qWait(50);
        for (int level = 0; level < 3; ++level) {
            ui::BandChart* chart = m_page->levelChart(level);
            const auto& truth = view().truth[std::size_t(level)];
            const double low = *std::min_element(truth.begin(), truth.end());
            const double high = *std::max_element(truth.begin(), truth.end());
            QVERIFY2(chart->yAxis()->min() > low - 2.0 && chart->yAxis()->max() < high + 2.0,
                     qPrintable(QString("level %1: axis %2 to %3, truth %4 to %5")
                                    .arg(level)
                                    .arg(chart->yAxis()->min())
                                    .arg(chart->yAxis()->max())
                                    .arg(low)
                                    .arg(high)));
        }
        }
    }

    void stepRunsTheProposal()
    {
        const emu::MfBoProposal proposal = *view().proposal;
        m_page->session()->step();
        QVERIFY(idle());
        QCOMPARE(view().runs.size(), std::size_t(22));
        QCOMPARE(view().runs.back().x, proposal.x);
        QCOMPARE(view().runs.back().level, proposal.level);
        QVERIFY(!view().runs.back().chosen);
        QCOMPARE(view().curve.spent.size(), std::size_t(2));
    }

    void spendingTheBudgetByHand()
    {
        m_page->lessonSettings().set(QStringLiteral("mode"), QStringLiteral("by-hand"));
        QVERIFY(idle());
        QVERIFY(m_page->session()->byHand());
        QCOMPARE(view().spent, 117.0);
        // Step does nothing by hand: the student chooses every run.
        m_page->session()->step();
        QVERIFY(idle());
        QCOMPARE(view().runs.size(), std::size_t(21));
        // Two CFD runs, one tunnel run, three track runs: 2 + 5 + 75 more.
        const std::vector<std::pair<int, double>> clicks{{0, 9.0}, {0, 21.0}, {1, 12.0}, {2, 9.5}, {2, 10.5}, {2, 16.0}};
        for (const auto& [level, x] : clicks) {
            clickLevel(level, x);
            QVERIFY(idle());
        }
        QCOMPARE(view().runs.size(), std::size_t(27));
        for (std::size_t i = 0; i < clicks.size(); ++i) {
            const emu::MfBoRun& run = view().runs[21 + i];
            QCOMPARE(run.level, emu::Index(clicks[i].first));
            QVERIFY2(std::abs(run.x(0) - clicks[i].second) < 0.2, qPrintable(QString::number(run.x(0))));
            QVERIFY(run.chosen);
        }
        QCOMPARE(view().spentPerLevel, (std::vector<double>{14.0, 35.0, 150.0}));
        QCOMPARE(view().spent, 199.0);
        QCOMPARE(m_page->budgetBar()->segments()[0].value, 14.0);
        QCOMPARE(m_page->budgetBar()->segments()[2].value, 150.0);
        // A fourth track run (25) does not fit in the 51 left after two more: refused, nothing spent.
        clickLevel(2, 12.0);
        QVERIFY(idle());
        clickLevel(2, 14.0);
        QVERIFY(idle());
        QCOMPARE(view().spent, 249.0);
        QSignalSpy refused(m_page->session(), &ui::MfBoSession::failed);
        clickLevel(2, 13.0);
        QVERIFY(idle());
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused.first().first().toString().contains("only 1 of the budget remains"),
                 qPrintable(refused.first().first().toString()));
        QCOMPARE(view().spent, 249.0);
        // One CFD run still fits; then the budget is spent.
        clickLevel(0, 5.0);
        QVERIFY(idle());
        QVERIFY(view().finished);
        QCOMPARE(view().spent, 250.0);
        // The optimiser's own run on the same budget is drawn beside the student's.
        QVERIFY(!m_page->session()->algorithm().spent.empty());
        QVERIFY(m_page->session()->algorithm().spent.back() <= 250.0);
        QVERIFY(m_page->regretChart()->chart()->series().size() >= 4);
    }

    void aSavedStateComesBackWithItsRuns()
    {
        m_page->session()->step();
        QVERIFY(idle());
        clickLevel(1, 20.0);
        QVERIFY(idle());
        const QJsonObject state = m_page->saveState();
        const std::vector<emu::MfBoRun> runs = view().runs;
        QVERIFY(openPage(QSize(1280, 860)));
        QCOMPARE(m_page->restoreState(state), QString());
        QVERIFY(idle());
        QCOMPARE(view().runs.size(), runs.size());
        for (std::size_t i = 0; i < runs.size(); ++i) {
            QCOMPARE(view().runs[i].x, runs[i].x);
            QCOMPARE(view().runs[i].level, runs[i].level);
            QCOMPARE(view().runs[i].value, runs[i].value);
            QCOMPARE(view().runs[i].chosen, runs[i].chosen);
        }
        QJsonObject bad = state;
        bad.insert(QStringLiteral("runs"), QJsonArray{QJsonArray{45.0, 1, true}});
        QVERIFY(!m_page->restoreState(bad).isEmpty());
        QCOMPARE(view().runs.size(), runs.size()); // a refused state changes nothing
    }
};

QTEST_MAIN(TestFormulaOnePage)
#include "test_formula_one_page.moc"

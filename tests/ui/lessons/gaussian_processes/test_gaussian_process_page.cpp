#include "common/clipped_text.h"
#include "common/page_test.h"
#include "engine/gp/gaussian_process.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/gaussian_processes/gaussian_process_page.h"
#include "ui/lessons/gaussian_processes/gp_lesson_model.h"

#include <QJsonArray>
#include <QXYSeries>
#include <QComboBox>
#include <QLabel>
#include <QUndoStack>
#include <QValueAxis>
#include <QtTest>

using ui::GaussianProcessPage;

class TestGaussianProcessPage : public QObject, public emu::test::PageTest<GaussianProcessPage>
{
    Q_OBJECT
private:
    void click(const QPointF& value, Qt::MouseButton button = Qt::LeftButton)
    {
        ui::PosteriorChart* chart = m_page->chart();
        QTest::mouseClick(chart->viewport(), button, {}, chart->toWidget(value));
    }

private slots:
    void init() { QVERIFY(openPage(QSize(1000, 700))); }
    void cleanup() { closePage(); }

    void opensWithAnExample()
    {
        QVERIFY(m_page->model()->points().size() >= 5);
        QVERIFY(std::isfinite(m_page->model()->logMarginalLikelihood()));
    }

    void clickAddsPointAndMeanMovesThroughIt()
    {
        m_page->model()->editPoints("clear", {});
        QCOMPARE(m_page->model()->posteriorMean(0.5), 0.0);
        click(QPointF(0.5, 1.5));
        QCOMPARE(m_page->model()->points().size(), 1);
        const QPointF added = m_page->model()->points().first();
        QVERIFY(std::abs(added.x() - 0.5) < 0.05 && std::abs(added.y() - 1.5) < 0.05);
        // One point, RBF variance 1, noise 0.01: the mean there is y·1/(1 + 0.01).
        QVERIFY(std::abs(m_page->model()->posteriorMean(added.x()) - added.y() / 1.01) < 1e-6);
    }

    void theYAxisStaysStillWhileTheUserClicks()
    {
        ui::PosteriorChart* chart = m_page->chart();
        auto* y = qobject_cast<QValueAxis*>(chart->chart()->axes(Qt::Vertical).first());
        const QPair<double, double> opened{y->min(), y->max()};
        // Clicks high up, each further from the data: the band widens past the view, and a
        // chart that followed it would map the same pixel to a larger value every time.
        const QPoint aim = chart->toWidget(QPointF(0.0, 0.9 * opened.second));
        QList<double> landed;
        for (int i = 0; i < 4; ++i) {
            const QPoint at(chart->toWidget(QPointF(-2.8 + 1.6 * i, 0.0)).x(), aim.y());
            QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, at);
            landed << m_page->model()->points().last().y();
            QCOMPARE((QPair<double, double>{y->min(), y->max()}), opened);
        }
        for (double value : landed)
            QCOMPARE(value, landed.first());
        m_page->undoStack()->undo(); // undo is an edit too
        QCOMPARE((QPair<double, double>{y->min(), y->max()}), opened);
        // Data outside the view widen it; Fit lets the axis follow the curves again.
        m_page->model()->editPoints("far", m_page->model()->points() + QList<QPointF>{QPointF(0.1, 40.0)});
        QVERIFY(y->max() >= 40.0);
        QVERIFY(chart->isYRangeHeld());
        QTest::mouseClick(m_page->findChild<QWidget*>("fitButton"), Qt::LeftButton);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(20000)));
        QVERIFY(!chart->isYRangeHeld());
    }

    void anIllConditionedPosteriorIsExplained()
    {
        auto* warning = m_page->findChild<QLabel*>("conditionWarning");
        QVERIFY(warning->isHidden()); // the opening example is well conditioned
        emu::Vector logParams = m_page->model()->gp().logParams();
        logParams(logParams.size() - 1) = std::log(1e-6); // the noise: almost exact data
        QCOMPARE(m_page->model()->setLogParams(logParams), QString());
        QVERIFY(warning->isHidden());
        // Two points close together with different values: the mean swings far out to meet them.
        m_page->model()->editPoints("close", {{0.5, 1.0}, {0.51, -1.0}, {-1.0, 0.3}});
        QVERIFY(!warning->isHidden());
        QVERIFY2(warning->text().contains("Ill-conditioned") && warning->text().contains("1e-06"),
                 qPrintable(warning->text()));
        logParams(logParams.size() - 1) = std::log(0.01); // enough noise: the warning goes
        QCOMPARE(m_page->model()->setLogParams(logParams), QString());
        QVERIFY(warning->isHidden());
    }

    void rightClickRemovesAndUndoRestores()
    {
        m_page->model()->editPoints("clear", {});
        click(QPointF(-1.0, 1.0));
        QCOMPARE(m_page->model()->points().size(), 1);
        const QPointF point = m_page->model()->points().first();
        click(point, Qt::RightButton);
        QCOMPARE(m_page->model()->points().size(), 0);
        QCOMPARE(m_page->model()->posteriorMean(point.x()), 0.0);
        m_page->undoStack()->undo();
        QCOMPARE(m_page->model()->points().size(), 1);
        QVERIFY(m_page->model()->posteriorMean(point.x()) > 0.9);
        m_page->undoStack()->redo();
        QCOMPARE(m_page->model()->points().size(), 0);
    }

    void dragMovesPointAndUndoMovesItBack()
    {
        m_page->model()->editPoints("clear", {});
        click(QPointF(0.0, 0.0));
        const QPointF start = m_page->model()->points().first();
        ui::PosteriorChart* chart = m_page->chart();
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, chart->toWidget(start));
        QTest::mouseMove(chart->viewport(), chart->toWidget(QPointF(0.0, 1.0)));
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, chart->toWidget(QPointF(0.0, 1.0)));
        QCOMPARE(m_page->model()->points().size(), 1);
        QVERIFY(std::abs(m_page->model()->points().first().y() - 1.0) < 0.05);
        const int edits = m_page->undoStack()->count();
        m_page->undoStack()->undo();
        QCOMPARE(m_page->model()->points().first(), start);
        QVERIFY(edits >= 2);
    }

    void fittingRaisesTheLikelihood()
    {
        m_page->model()->sampleFromTruth(10);
        const double before = m_page->model()->logMarginalLikelihood();
        m_page->fitHyperparameters();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(20000)));
        QVERIFY2(m_page->model()->logMarginalLikelihood() > before,
                 qPrintable(QString("%1 -> %2").arg(before).arg(m_page->model()->logMarginalLikelihood())));
    }

    void badCsvIsRejectedAndKeepsData()
    {
        const QList<QPointF> before = m_page->model()->points();
        const QString error = m_page->importCsv("x,y\n1,2\n3,oops\n", "bad.csv");
        QVERIFY2(error.contains("bad.csv:3"), qPrintable(error));
        QCOMPARE(m_page->model()->points(), before);
        QVERIFY(m_page->importCsv("a,b,y\n1,2,3\n", "wide.csv").contains("one-dimensional"));
        QCOMPARE(m_page->model()->points(), before);
    }

    void goodCsvReplacesDataUndoably()
    {
        QVERIFY(m_page->importCsv("x,y\n0,1\n1,2\n", "good.csv").isEmpty());
        QCOMPARE(m_page->model()->points().size(), 2);
        QCOMPARE(m_page->dataCsv(), QString("x,y\n0,1\n1,2\n"));
        m_page->undoStack()->undo();
        QVERIFY(m_page->model()->points().size() != 2);
    }

    void hopelessDataIsReportedAndThePreviousModelStays()
    {
        // Outputs from 0 to 1.7e308: their variance overflows, no GP can model them.
        const QList<QPointF> before = m_page->model()->points();
        const double meanBefore = m_page->model()->posteriorMean(0.3);
        const int edits = m_page->undoStack()->count();
        const QString error = m_page->importCsv("x,y\n0,0\n1,1.7e308\n2,0\n", "huge.csv");
        QVERIFY2(error.contains("huge.csv") && error.contains("No usable model") && error.contains("rescale"),
                 qPrintable(error));
        QCOMPARE(m_page->model()->points(), before);
        QCOMPARE(m_page->model()->posteriorMean(0.3), meanBefore);
        QCOMPARE(m_page->undoStack()->count(), edits); // nothing to undo: nothing changed

        QJsonObject state = m_page->saveState();
        state["points"] = QJsonArray{QJsonArray{0.0, 0.0}, QJsonArray{1.0, 1.7e308}};
        GaussianProcessPage other(&m_jobs);
        QVERIFY(other.restoreState(state).contains("No usable model"));
        state = m_page->saveState();
        state["logParams"] = QJsonArray{800.0, 0.0, -4.6}; // a kernel variance of e^800 = inf
        QVERIFY(!other.restoreState(state).isEmpty());
    }

    void aLargeLikelihoodFitsItsBox()
    {
        // 200 points of a wild, large function: a log marginal likelihood of five digits and
        // more before the point, which must still show whole.
        QString csv = QStringLiteral("x,y\n");
        for (int i = 0; i < 200; ++i)
            csv += QStringLiteral("%1,%2\n").arg(i / 200.0).arg(((i * 7919) % 200 - 100) * 1000.0);
        QVERIFY(m_page->importCsv(csv, "wild.csv").isEmpty());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY2(m_page->model()->logMarginalLikelihood() < -9999.0,
                 qPrintable(QString::number(m_page->model()->logMarginalLikelihood())));
        QTest::qWait(50); // the layout's pass after the new text
        const QStringList clipped = emu::test::clippedTexts(m_page.get());
        QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join('\n')));
    }

    void kernelsComposeAndTheirPriorSamplesShowIt()
    {
        auto* first = m_page->findChild<QComboBox*>("kernelChoice");
        auto* combination = m_page->findChild<QComboBox*>("kernelCombination");
        auto* second = m_page->findChild<QComboBox*>("secondKernelChoice");
        QVERIFY(first && combination && second);
        QVERIFY(!second->isEnabled()); // "alone" at first
        m_page->findChild<QComboBox*>("samplesChoice")->setCurrentIndex(1); // samples from the prior
        m_page->model()->editPoints("clear", {});
        const auto sampleCurve = [&] {
            for (QAbstractSeries* series : m_page->chart()->chart()->series())
                if (series->name() == "samples")
                    return static_cast<QXYSeries*>(series)->points();
            return QList<QPointF>{};
        };
        const QList<QPointF> smooth = sampleCurve();
        const int rbfParameters = int(m_page->model()->gp().logParams().size());

        combination->setCurrentIndex(combination->findData("+"));
        second->setCurrentIndex(second->findData("periodic"));
        QCOMPARE(m_page->model()->kernelId(), QString("rbf+periodic"));
        QVERIFY(second->isEnabled());
        QVERIFY(int(m_page->model()->gp().logParams().size()) > rbfParameters); // the periodic part's sliders too
        const QList<QPointF> composed = sampleCurve();
        QCOMPARE(composed.size(), smooth.size());
        QVERIFY(composed != smooth); // the same normals through another covariance
        combination->setCurrentIndex(combination->findData("*"));
        QCOMPARE(m_page->model()->kernelId(), QString("rbf*periodic"));

        // Sessions keep the composition, and the combos show it.
        GaussianProcessPage other(&m_jobs);
        QCOMPARE(other.restoreState(m_page->saveState()), QString());
        QCOMPARE(other.model()->kernelId(), QString("rbf*periodic"));
        QCOMPARE(other.findChild<QComboBox*>("kernelCombination")->currentData().toString(), QString("*"));
        QCOMPARE(other.findChild<QComboBox*>("secondKernelChoice")->currentData().toString(), QString("periodic"));
        combination->setCurrentIndex(0);
        QCOMPARE(m_page->model()->kernelId(), QString("rbf"));
    }

    void stateRoundTripsAndBadStateChangesNothing()
    {
        const QJsonObject state = m_page->saveState();
        GaussianProcessPage other(&m_jobs);
        other.model()->editPoints("clear", {});
        QVERIFY(other.restoreState(state).isEmpty());
        QCOMPARE(other.model()->points(), m_page->model()->points());
        QCOMPARE(other.model()->logMarginalLikelihood(), m_page->model()->logMarginalLikelihood());

        QJsonObject bad = state;
        bad["kernel"] = "no-such-kernel";
        QVERIFY(other.restoreState(bad).contains("unknown kernel"));
        bad["kernel"] = "rbf+";
        QVERIFY(other.restoreState(bad).contains("unknown kernel"));
        bad = state;
        bad["points"] = QJsonArray{QJsonArray{1.0}};
        QVERIFY(!other.restoreState(bad).isEmpty());
        bad = state;
        bad["logParams"] = QJsonArray{1.0};
        QVERIFY(!other.restoreState(bad).isEmpty());
        QCOMPARE(other.model()->points(), m_page->model()->points());
    }
};

QTEST_MAIN(TestGaussianProcessPage)
#include "test_gaussian_process_page.moc"

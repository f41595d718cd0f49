// Cost-aware multi-fidelity BO, its mechanics: the budget is never exceeded, the design comes
// first, the run is reproducible, a run of the user's choice completes an iteration, failures
// are paid for and avoided, measured costs replace their estimates, and bad input gets a clear
// message. (How well it optimises is measured by
// the benchmark over seeds, not here.)

#include "engine/core/errors.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/mfbo/mf_bo_loop.h"

#include <QtTest>

#include <chrono>
#include <cmath>
#include <thread>

using namespace emu;

namespace {

MfBoSettings settingsWith(const std::string& acquisition, double budget, std::uint64_t seed)
{
    MfBoSettings s;
    s.acquisitionId = acquisition;
    s.budget = budget;
    s.seed = seed;
    return s;
}

const MultiFidelityProblem& forrester()
{
    return multiFidelityProblems().at("forrester");
}

/// The Forrester function's minimum on [0, 1] (Forrester et al. 2008): x ≈ 0.75725.
constexpr double kForresterArgMin = 0.75725;

/// The recommendation's distance to the Forrester minimiser.
double distanceToMinimum(const MultiFidelityBoLoop& loop)
{
    return std::abs(loop.recommend().x(0) - kForresterArgMin);
}

} // namespace

class TestMfBoLoop : public QObject
{
    Q_OBJECT
private slots:
    void spendsTheBudgetAndNoMore_data()
    {
        QTest::addColumn<QString>("acquisition");
        QTest::addRow("mf-mes") << "mf-mes";
        QTest::addRow("aei") << "aei";
    }

    void spendsTheBudgetAndNoMore()
    {
        QFETCH(QString, acquisition);
        MultiFidelityBoLoop loop(problemObjective(forrester()), settingsWith(acquisition.toStdString(), 75.0, 1));
        // The default design: d + 2 = 3 runs at the top, 6 below, lowest level first.
        QCOMPARE(loop.settings().initialPoints, (std::vector<Index>{6, 3}));
        loop.run();
        QVERIFY(loop.isFinished());
        QVERIFY(loop.spent() <= 75.0 + 1e-9);
        QVERIFY(loop.remaining() < 1.0); // not even a cheap run fits
        const std::vector<MfBoRun>& runs = loop.runs();
        for (std::size_t i = 0; i < 9; ++i) {
            QCOMPARE(runs[i].iteration, -1);
            QCOMPARE(runs[i].level, Index(i < 6 ? 0 : 1));
        }
        const std::vector<double> perLevel = loop.spentPerLevel();
        QCOMPARE(perLevel[0] + perLevel[1], loop.spent());
        // Both levels are used after the design. (With this seed the first fit settles on
        // ρ ≈ 0.74, the Forrester pair's is 2, and is sure of the top level everywhere: without
        // promoting runs at inputs the low level already knows, both acquisitions spent the
        // rest of the budget on cheap runs near the low level's minimum.)
        int cheap = 0, dear = 0;
        for (const MfBoRun& r : runs)
            if (r.iteration >= 0)
                (r.level == 0 ? cheap : dear) += 1;
        QVERIFY2(cheap > 0 && dear > 0, qPrintable(QString("%1 low, %2 high").arg(cheap).arg(dear)));
    }

    void highFidelityEiPaysOnlyForTheTopLevel()
    {
        MultiFidelityBoLoop loop(problemObjective(forrester()), settingsWith("ei", 100.0, 2));
        QCOMPARE(loop.firstLevel(), Index(1));
        loop.run();
        QCOMPARE(loop.runs().size(), std::size_t(10)); // 100 / 10: 3 design runs, 7 proposals
        for (const MfBoRun& r : loop.runs())
            QCOMPARE(r.level, Index(1));
        QCOMPARE(loop.spentPerLevel()[0], 0.0);
        QCOMPARE(loop.model()->levelCount(), Index(1));
        QVERIFY2(distanceToMinimum(loop) < 0.01, qPrintable(QString::number(loop.recommend().x(0))));
    }

    void identicalLevelsAtEqualCostAreInterchangeable_data()
    {
        spendsTheBudgetAndNoMore_data();
    }

    void identicalLevelsAtEqualCostAreInterchangeable()
    {
        // Two copies of the Forrester function at one cost each: the cost-aware loop has nothing
        // to gain from either level, rates both alike and optimises as EI on one level does.
        QFETCH(QString, acquisition);
        MfObjective twins = problemObjective(forrester(), {1.0, 1.0});
        twins.evaluate = [](Index, const Matrix& X) { return forrester().evaluate(1, X); };
        MultiFidelityBoLoop loop(std::move(twins), settingsWith(acquisition.toStdString(), 18.0, 3));
        while (loop.inDesign())
            loop.step();
        const MfBoProposal first = loop.suggest();
        const double low = first.valuePerCost(0), high = first.valuePerCost(1);
        QVERIFY(high > 0.0);
        qDebug("value per cost: %g at the low level, %g at the top", low, high);
        QVERIFY2(std::abs(low - high) <= 0.2 * std::max(low, high),
                 qPrintable(QString("%1 at the low level, %2 at the top").arg(low).arg(high)));
        loop.run();
        QVERIFY2(distanceToMinimum(loop) < 0.01, qPrintable(QString::number(loop.recommend().x(0))));
    }

    void theTopLevelMinimumOfPublishedProblems_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<double>("minimum");
        // Forrester et al. 2008; Branin (three global minima of 0.397887); Hartmann 3-D.
        QTest::addRow("forrester") << "forrester" << -6.020740;
        QTest::addRow("branin3") << "branin3" << 0.397887;
        QTest::addRow("hartmann3") << "hartmann3" << -3.862782;
        QTest::addRow("formula-one, noiseless") << "formula-one" << 77.862608;
    }

    void theTopLevelMinimumOfPublishedProblems()
    {
        QFETCH(QString, problem);
        QFETCH(double, minimum);
        const MultiFidelityProblem& p = multiFidelityProblems().at(problem.toStdString());
        const MfMinimum found = highestLevelMinimum(p);
        QVERIFY2(std::abs(found.value - minimum) < 1e-5, qPrintable(QString::number(found.value, 'g', 10)));
        QCOMPARE(p.evaluate(p.highestLevel(), Matrix(found.x))(0), found.value);
    }

    void aNoisyLevelIsMeasuredWithItsNoise()
    {
        // The Formula One track has noise of sd 0.05 s and CFD none; the noise follows its seed.
        const MultiFidelityProblem& f1 = multiFidelityProblems().at("formula-one");
        const MfObjective objective = problemObjective(f1, {}, 5);
        const Matrix X = Matrix::Constant(4000, 1, 12.0);
        const Vector track = objective.evaluate(2, X);
        const double truth = f1.evaluate(2, X.topRows(1))(0);
        const double sd = std::sqrt((track.array() - track.mean()).square().sum() / double(X.rows() - 1));
        QVERIFY2(std::abs(track.mean() - truth) < 0.005, qPrintable(QString::number(track.mean() - truth)));
        QVERIFY2(std::abs(sd - 0.05) < 0.005, qPrintable(QString::number(sd)));
        QCOMPARE(objective.evaluate(0, X.topRows(1))(0), f1.evaluate(0, X.topRows(1))(0));
        QCOMPARE(problemObjective(f1, {}, 5).evaluate(2, X), track);
        QVERIFY(problemObjective(f1, {}, 6).evaluate(2, X) != track);
    }

    void aRunLimitStopsTheLoop()
    {
        MfBoSettings settings = settingsWith("aei", 1000.0, 1);
        settings.maxRuns = 15;
        MultiFidelityBoLoop loop(problemObjective(forrester()), settings);
        loop.run();
        QVERIFY(loop.isFinished());
        QCOMPARE(loop.runs().size(), std::size_t(15));
        QVERIFY(loop.remaining() > 800.0);
        settings.maxRuns = -1;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, MultiFidelityBoLoop(problemObjective(forrester()), settings));
    }

    void sameSeedSameRuns()
    {
        MultiFidelityBoLoop a(problemObjective(forrester()), settingsWith("mf-mes", 50.0, 7));
        MultiFidelityBoLoop b(problemObjective(forrester()), settingsWith("mf-mes", 50.0, 7));
        a.run();
        b.run();
        QCOMPARE(a.runs().size(), b.runs().size());
        for (std::size_t i = 0; i < a.runs().size(); ++i) {
            QCOMPARE(a.runs()[i].x, b.runs()[i].x);
            QCOMPARE(a.runs()[i].level, b.runs()[i].level);
        }
    }

    void aFailingRunIsPaidForAndAvoided()
    {
        // A run that fails (a program's crash or timeout is an emu::Error) is paid for, gives
        // the model nothing, and the next proposal at that level goes elsewhere.
        MfObjective objective = problemObjective(forrester());
        bool fail = false;
        const auto inner = objective.evaluate;
        objective.evaluate = [&fail, inner](Index level, const Matrix& X) {
            if (fail)
                throw Error("the wind tunnel is closed");
            return inner(level, X);
        };
        MultiFidelityBoLoop loop(objective, settingsWith("aei", 60.0, 2));
        while (loop.inDesign())
            loop.step();
        const std::size_t before = loop.runs().size();
        const double spent = loop.spent();
        const MfBoProposal proposal = loop.suggest();
        fail = true;
        QVERIFY(!loop.step());
        QCOMPARE(loop.runs().size(), before);
        QCOMPARE(loop.failures().size(), std::size_t(1));
        QCOMPARE(loop.failures()[0].message, std::string("the wind tunnel is closed"));
        QCOMPARE(loop.failures()[0].level, proposal.level);
        QCOMPARE(loop.spent(), spent + forrester().cost(proposal.level));
        QCOMPARE(loop.spentPerLevel()[std::size_t(proposal.level)],
                 loop.failures()[0].cost + [&] {
                     double paid = 0.0;
                     for (const MfBoRun& r : loop.runs())
                         paid += r.level == proposal.level ? r.cost : 0.0;
                     return paid;
                 }());
        fail = false;
        const MfBoProposal next = loop.suggest();
        QVERIFY(next.level != proposal.level || std::abs(next.x(0) - proposal.x(0)) > 1e-3);
        QVERIFY(loop.step());
        QCOMPARE(loop.runs().size(), before + 1);
    }

    void runStopsAfterFiveFailuresInARow()
    {
        MfObjective objective = problemObjective(forrester());
        objective.evaluate = [](Index, const Matrix&) -> Vector { throw Error("no licence"); };
        MultiFidelityBoLoop loop(objective, settingsWith("mf-mes", 100.0, 1));
        try {
            loop.run();
            QFAIL("run() went on failing");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("5 runs in a row failed; the last: no licence"), e.what());
        }
        QCOMPARE(loop.failures().size(), std::size_t(5));
        QVERIFY(loop.runs().empty());
        QCOMPARE(loop.spent(), 5.0); // five design runs at the low level, cost 1 each
    }

    void aMeasuredCostIsTheRunsWallTime()
    {
        // The top level takes about 20 ms a run and its cost is measured: the estimate given
        // (0.25 s, far too dear) is replaced by the mean measured time after the first run.
        MfObjective objective = problemObjective(forrester(), {0.001, 0.25});
        objective.measuredCosts = {false, true};
        const auto inner = objective.evaluate;
        objective.evaluate = [inner](Index level, const Matrix& X) {
            if (level == 1)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            return inner(level, X);
        };
        MfBoSettings settings = settingsWith("aei", 0.3, 4);
        settings.initialPoints = {6, 1};
        MultiFidelityBoLoop loop(objective, settings);
        QCOMPARE(loop.expectedCost(1), 0.25);
        while (loop.inDesign())
            loop.step();
        const MfBoRun& top = loop.runs().back();
        QCOMPARE(top.level, Index(1));
        QVERIFY2(top.cost >= 0.019 && top.cost < 0.25, qPrintable(QString::number(top.cost)));
        QCOMPARE(loop.expectedCost(1), top.cost);
        QCOMPARE(loop.runs().front().cost, 0.001);
        loop.run();
        QVERIFY(loop.isFinished());
        // Every top-level run was started while its expected cost still fitted.
        for (const MfBoRun& r : loop.runs())
            QVERIFY(r.spent - r.cost <= 0.3 + 1e-12);
    }

    void aRunOfTheUsersChoice()
    {
        MultiFidelityBoLoop loop(problemObjective(forrester()), settingsWith("mf-mes", 60.0, 2));
        while (loop.inDesign())
            loop.step();
        loop.suggest();
        RowVector x(1);
        x << 0.3;
        loop.observe(x, 0, forrester().evaluate(0, Matrix(x))(0), 1.0, true);
        QVERIFY(loop.runs().back().chosen);
        QCOMPARE(loop.runs().back().iteration, 0);
        QVERIFY(loop.runs().back().acquisition > 0.0);
    }

    void theRecommendationKnowsTheLastRun()
    {
        // A run observed after the last fit still counts: a top-level value below what the
        // model predicts at the recommended input pulls the predicted minimum down (the same
        // model without the run would recommend the same mean again).
        MultiFidelityBoLoop loop(problemObjective(forrester()), settingsWith("aei", 60.0, 2));
        while (loop.inDesign())
            loop.step();
        loop.suggest(); // fits the model
        const MfBoRecommendation before = loop.recommend();
        loop.observe(before.x, 1, before.mean - 1.0, 10.0, true);
        const MfBoRecommendation after = loop.recommend();
        QVERIFY2(after.mean < before.mean - 1e-3, qPrintable(QString("%1 then %2").arg(before.mean).arg(after.mean)));
    }

    void badInputIsRefusedClearly()
    {
        const auto refused = [](const std::function<void()>& f, const char* words) {
            try {
                f();
            } catch (const InvalidInput& e) {
                return QString(e.what()).contains(QLatin1String(words));
            }
            return false;
        };
        QVERIFY(refused([] { MultiFidelityBoLoop(problemObjective(forrester()), settingsWith("mf-mes", 30.0, 0)); },
                        "does not pay for the initial design"));
        QVERIFY(refused([] { MultiFidelityBoLoop(problemObjective(forrester(), {1.0, 0.0}), settingsWith("mf-mes", 90.0, 0)); },
                        "cost"));
        QVERIFY(refused([] { MultiFidelityBoLoop(problemObjective(forrester(), {1.0}), settingsWith("mf-mes", 90.0, 0)); },
                        "two levels"));
        QVERIFY(refused([] { MultiFidelityBoLoop(problemObjective(forrester()), settingsWith("pi", 90.0, 0)); },
                        "mf-mes, aei"));
        QVERIFY(refused([] { MultiFidelityBoLoop(problemObjective(forrester()), settingsWith("aei", -5.0, 0)); },
                        "budget"));
        MultiFidelityBoLoop loop(problemObjective(forrester()), settingsWith("aei", 40.0, 0));
        RowVector outside(1);
        outside << 1.5;
        QVERIFY(refused([&] { loop.observe(outside, 0, 1.0, 1.0); }, "input"));
        RowVector inside(1);
        inside << 0.5;
        QVERIFY(refused([&] { loop.observe(inside, 2, 1.0, 1.0); }, "levels 0 to 1"));
        QVERIFY(refused([&] { loop.observe(inside, 1, 1.0, 41.0); }, "remains"));
        QVERIFY(refused([&] { loop.observe(inside, 1, std::nan(""), 1.0); }, "finite"));
        QVERIFY(loop.runs().empty());
        QVERIFY(refused([&] { loop.recommend(); }, "before the model"));
        MultiFidelityBoLoop topOnly(problemObjective(forrester()), settingsWith("ei", 100.0, 0));
        QVERIFY(refused([&] { topOnly.observe(inside, 0, 1.0, 1.0); }, "only the highest level"));
        MfObjective halfMeasured = problemObjective(forrester());
        halfMeasured.measuredCosts = {true};
        QVERIFY(refused([&] { MultiFidelityBoLoop(halfMeasured, settingsWith("aei", 90.0, 0)); },
                        "whether its cost is measured"));
    }
};

QTEST_APPLESS_MAIN(TestMfBoLoop)
#include "test_mf_bo_loop.moc"

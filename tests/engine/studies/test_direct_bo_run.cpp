#include "common/fuzzy.h"
#include "direct_bo_test_support.h"
#include "engine/core/errors.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/direct_bo_run.h"

#include <QtTest>

using namespace emu;

namespace {

DirectBoSettings shortRun(std::uint64_t seed)
{
    return test::shortDirectBoRun(seed);
}

DirectBoRun classicRun(const DirectBoSettings& s)
{
    return DirectBoRun(makeSimulator("classic"), s);
}

Matrix row(const LinearController& c)
{
    Matrix m(1, LinearController::parameterCount);
    m << c.thetaP, c.thetaV, c.theta0;
    return m;
}

} // namespace

class TestDirectBoRun : public QObject
{
    Q_OBJECT
private slots:
    void steppedToTheEndEqualsTheOneShotRun_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<int>("refitEvery");
        QTest::newRow("seed 4") << quint64(4) << 1;
        QTest::newRow("seed 9, refit every 2") << quint64(9) << 2;
    }
    void steppedToTheEndEqualsTheOneShotRun()
    {
        QFETCH(quint64, seed);
        QFETCH(int, refitEvery);
        DirectBoSettings s = shortRun(seed);
        s.refitEvery = refitEvery;
        const DirectBoResult expected = runDirectBayesianOptimization(s);

        DirectBoRun run = classicRun(s);
        int evaluations = 0;
        while (!run.isFinished()) {
            const LinearController proposed = run.propose();
            QVERIFY(run.proposal().has_value());
            const DirectBoEvaluation& e = run.evaluate();
            QCOMPARE(e.controller.thetaP, proposed.thetaP);
            QVERIFY(!e.chosen);
            QVERIFY(!run.proposal().has_value());
            ++evaluations;
        }
        QCOMPARE(evaluations, s.initialPoints + s.iterations);
        const DirectBoResult got = run.result();
        QCOMPARE(got.state.X, expected.state.X);
        QCOMPARE(got.state.y, expected.state.y);
        QCOMPARE(got.state.iterations.size(), expected.state.iterations.size());
        for (std::size_t i = 0; i < got.state.iterations.size(); ++i) {
            QCOMPARE(got.state.iterations[i].suggested, expected.state.iterations[i].suggested);
            QCOMPARE(got.state.iterations[i].hyperparameters,
                     expected.state.iterations[i].hyperparameters);
        }
        QCOMPARE(got.evaluations.size(), expected.evaluations.size());
        for (std::size_t i = 0; i < got.evaluations.size(); ++i) {
            QCOMPARE(got.evaluations[i].reward, expected.evaluations[i].reward);
            QCOMPARE(got.evaluations[i].iteration, expected.evaluations[i].iteration);
            QCOMPARE(got.evaluations[i].callsSoFar, expected.evaluations[i].callsSoFar);
        }
        QCOMPARE(got.bestReward, expected.bestReward);
        QCOMPARE(got.best.thetaV, expected.best.thetaV);
        QCOMPARE(got.simulatorCalls, expected.simulatorCalls);
        QCOMPARE(got.callBudget, expected.callBudget);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.propose());
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.evaluate());
    }

    void proposingTwiceGivesTheSameController()
    {
        DirectBoRun run = classicRun(shortRun(2));
        for (int i = 0; i < 5; ++i)
            run.evaluate();
        const LinearController a = run.propose();
        const LinearController b = run.propose();
        QCOMPARE(a.thetaP, b.thetaP);
        QCOMPARE(a.thetaV, b.thetaV);
        QCOMPARE(run.iterationsDone(), 0);
    }

    void aChosenControllerCompletesTheIteration()
    {
        DirectBoRun run = classicRun(shortRun(3));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.evaluate(LinearController{0.0, 10.0, 0.0}));
        while (run.inDesign())
            run.evaluate();
        const LinearController proposed = run.propose();
        const LinearController mine{0.1, 12.0, -0.2};
        const DirectBoEvaluation& e = run.evaluate(mine);
        QVERIFY(e.chosen);
        QCOMPARE(e.iteration, 0);
        QCOMPARE(e.controller.thetaV, mine.thetaV);
        QCOMPARE(run.iterationsDone(), 1);
        const DirectBoResult r = run.result();
        QCOMPARE(r.state.size(), Index(6));
        QVERIFY(
            test::closeness(r.state.X.bottomRows(1), controllerToUnitCube(row(mine))).isEmpty());
        // The iteration remembers what the loop proposed; the history holds the choice.
        QVERIFY(
            test::closeness(controllerFromUnitCube(r.state.iterations[0].suggested), row(proposed))
                .isEmpty());
        // The loop goes on from the choice to the end.
        while (!run.isFinished())
            run.evaluate();
        QCOMPARE(run.result().state.size(), Index(9));
    }

    void badChoicesAreRejectedAndLeaveTheRunIntact()
    {
        DirectBoRun run = classicRun(shortRun(5));
        while (run.inDesign())
            run.evaluate();
        const LinearController outside{0.0, 1000.0, 0.0};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.evaluate(outside));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 run.evaluate(LinearController{std::nan(""), 0.0, 0.0}));
        QCOMPARE(run.evaluationCount(), 5);
        QCOMPARE(run.iterationsDone(), 0);
        run.evaluate();
        QCOMPARE(run.iterationsDone(), 1);
    }

    void cancellingKeepsTheHistory()
    {
        DirectBoRun run = classicRun(shortRun(6));
        while (run.inDesign())
            run.evaluate();
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, run.evaluate(cancelled));
        QCOMPARE(run.evaluationCount(), 5);
        run.evaluate();
        QCOMPARE(run.iterationsDone(), 1);
    }

    void liveSurfaceMatchesTheReplay()
    {
        DirectBoRun run = classicRun(shortRun(7));
        LandscapeGrid grid;
        grid.thetaPCount = 6;
        grid.thetaVCount = 5;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.surface(0.0, grid));
        while (run.inDesign())
            run.evaluate();
        run.evaluate();
        const LinearController proposed = run.propose();
        const DirectBoSurface live = run.surface(0.1, grid);
        QVERIFY(live.hasSuggestion);
        QCOMPARE(live.iteration, std::size_t(1));
        QCOMPARE(live.dataCount, Index(6));
        QCOMPARE(live.suggested.thetaP, proposed.thetaP);
        run.evaluate();
        const DirectBoSurface replay = directBoSurface(run.result(), 1, 0.1, grid);
        QVERIFY(replay.hasSuggestion);
        QCOMPARE(replay.suggested.thetaV, proposed.thetaV);
        QCOMPARE(replay.dataCount, live.dataCount);
        QVERIFY(test::closeness(live.rewardMedian, replay.rewardMedian, 1e-8, 1e-10).isEmpty());
        QVERIFY(test::closeness(live.acquisition, replay.acquisition, 1e-6, 1e-12).isEmpty());
        // Without a proposal the surface is the model after the last evaluation.
        const DirectBoSurface after = run.surface(0.1, grid);
        QVERIFY(!after.hasSuggestion);
        QCOMPARE(after.dataCount, Index(7));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.surface(5.0, grid));
    }

    void aNullSimulatorIsRejected()
    {
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 DirectBoRun(std::unique_ptr<Simulator>(), shortRun(1)));
    }
};

QTEST_GUILESS_MAIN(TestDirectBoRun)
#include "test_direct_bo_run.moc"

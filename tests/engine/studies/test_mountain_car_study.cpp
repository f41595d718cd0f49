#include "direct_bo_test_support.h"
#include "engine/core/errors.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/mountain_car_study.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

bool allFinite(const Matrix& m)
{
    return m.allFinite();
}

DirectBoSettings shortRun(std::uint64_t seed)
{
    return test::shortDirectBoRun(seed);
}

} // namespace

class TestMountainCarExperiments : public QObject
{
    Q_OBJECT
private slots:
    void randomControllerIsSeededAndInTheDomain()
    {
        const RandomControllerResult a = runRandomController("classic", 7);
        const RandomControllerResult b = runRandomController("classic", 7);
        const RandomControllerResult c = runRandomController("classic", 8);
        QVERIFY(ControllerDomain::contains(a.controller));
        QCOMPARE(a.controller.thetaP, b.controller.thetaP);
        QCOMPARE(a.controller.thetaV, b.controller.thetaV);
        QCOMPARE(a.controller.theta0, b.controller.theta0);
        QCOMPARE(a.trace.p, b.trace.p);
        QVERIFY(a.controller.thetaP != c.controller.thetaP);
        QCOMPARE(a.trace.simulatorId, std::string("classic"));
        QCOMPARE(a.trace.simulatorCalls, std::uint64_t(a.trace.steps));
        QCOMPARE(a.trace.p.size(), std::size_t(a.trace.steps) + 1);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runRandomController("nope", 1));
    }

    void directBoReachesTheGoal_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2, 3})
            QTest::addRow("seed %d", seed) << seed;
    }
    void directBoReachesTheGoal()
    {
        QFETCH(int, seed);
        DirectBoSettings settings;
        settings.seed = std::uint64_t(seed);
        const DirectBoResult r = runDirectBayesianOptimization(settings);

        QVERIFY(r.reachedGoal);
        QVERIFY(r.stepsToGoal > 0 && r.stepsToGoal <= MountainCar::maxSteps);
        QVERIFY2(r.bestReward > 90.0, qPrintable(QString::number(r.bestReward)));
        QVERIFY(ControllerDomain::contains(r.best));

        // The talk's budget, and the calls actually made: episodes stop at the goal.
        QCOMPARE(r.callBudget, std::uint64_t(37500));
        QCOMPARE(r.evaluations.size(), std::size_t(75));
        QCOMPARE(r.state.size(), Index(75));
        QCOMPARE(r.state.iterations.size(), std::size_t(50));
        std::uint64_t sumSteps = 0;
        double best = -1e300;
        for (std::size_t i = 0; i < r.evaluations.size(); ++i) {
            const DirectBoEvaluation& e = r.evaluations[i];
            sumSteps += std::uint64_t(e.steps);
            best = std::max(best, e.reward);
            QCOMPARE(e.callsSoFar, sumSteps);
            QCOMPARE(e.bestReward, best);
            QCOMPARE(e.iteration, i < 25 ? -1 : int(i) - 25);
            QVERIFY(ControllerDomain::contains(e.controller));
            // The loop's history holds the objective of the same episode.
            QCOMPARE(r.state.y(Index(i)), directBoObjectiveValue(settings.objective, e.reward));
        }
        QCOMPARE(r.simulatorCalls, sumSteps);
        QVERIFY(r.simulatorCalls <= r.callBudget);
        QCOMPARE(r.bestReward, best);

        // The best controller replays to the same episode.
        const auto simulator = makeSimulator("classic");
        const EpisodeTrace replay = runEpisode(*simulator, r.best);
        QCOMPARE(replay.reward, r.bestReward);
        QCOMPARE(replay.steps, r.stepsToGoal);
        QVERIFY(r.seconds > 0.0);
    }

    void negativeRewardObjectiveAlsoReachesTheGoal()
    {
        DirectBoSettings settings;
        settings.seed = 4;
        settings.objective = DirectBoObjective::NegativeReward;
        const DirectBoResult r = runDirectBayesianOptimization(settings);
        QVERIFY(r.reachedGoal);
        QCOMPARE(r.state.y(0), -r.evaluations[0].reward);
    }

    void objectiveTransformsInvert_data()
    {
        QTest::addColumn<int>("objective");
        QTest::newRow("log-gap") << int(DirectBoObjective::LogRewardGap);
        QTest::newRow("negative-reward") << int(DirectBoObjective::NegativeReward);
    }
    void objectiveTransformsInvert()
    {
        QFETCH(int, objective);
        const auto o = DirectBoObjective(objective);
        double previous = -1e300;
        for (double reward : {-50.0, -3.0, 0.0, 60.0, 97.5, 99.9, 100.0}) {
            const double y = directBoObjectiveValue(o, reward);
            QVERIFY(std::isfinite(y));
            QVERIFY(std::abs(rewardFromObjective(o, y) - reward) < 1e-9);
            QVERIFY(-y > previous); // decreasing: minimising y maximises R
            previous = -y;
        }
        QCOMPARE(directBoObjectiveValue(DirectBoObjective::LogRewardGap, 100.0), 0.0);
    }

    void directBoIsReproducible()
    {
        const DirectBoResult a = runDirectBayesianOptimization(shortRun(11));
        const DirectBoResult b = runDirectBayesianOptimization(shortRun(11));
        const DirectBoResult c = runDirectBayesianOptimization(shortRun(12));
        QCOMPARE(a.state.X, b.state.X);
        QCOMPARE(a.state.y, b.state.y);
        QCOMPARE(a.simulatorCalls, b.simulatorCalls);
        QCOMPARE(a.bestReward, b.bestReward);
        QVERIFY(a.state.X != c.state.X);
    }

    void progressIsReportedPerEpisode()
    {
        std::vector<double> fractions;
        Progress progress([&](double f, const std::string&) { fractions.push_back(f); });
        runDirectBayesianOptimization(shortRun(1), progress);
        QVERIFY(fractions.size() >= 9);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.back(), 1.0);
    }

    void cancelStopsTheRun_data()
    {
        QTest::addColumn<int>("after");
        QTest::newRow("before the start") << 0;
        QTest::newRow("during the design") << 2;
        QTest::newRow("during the iterations") << 7;
    }
    void cancelStopsTheRun()
    {
        QFETCH(int, after);
        int reports = 0;
        Progress* self = nullptr;
        Progress progress([&](double, const std::string&) {
            if (++reports >= after)
                self->cancel();
        });
        self = &progress;
        if (after == 0)
            progress.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, runDirectBayesianOptimization(shortRun(1), progress));
        QVERIFY(reports <= std::max(after, 0) + 1);
    }

    void invalidSettingsAreRejected_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("simulator") << "simulator";
        QTest::newRow("acquisition") << "acquisition";
        QTest::newRow("kernel") << "kernel";
        QTest::newRow("design") << "design";
        QTest::newRow("initial") << "initial";
        QTest::newRow("iterations") << "iterations";
        QTest::newRow("refit") << "refit";
        QTest::newRow("steps") << "steps";
    }
    void invalidSettingsAreRejected()
    {
        QFETCH(QString, field);
        DirectBoSettings s = shortRun(1);
        if (field == "simulator")
            s.simulatorId = "bogus";
        else if (field == "acquisition")
            s.acquisitionId = "bogus";
        else if (field == "kernel")
            s.kernelId = "bogus";
        else if (field == "design")
            s.designId = "bogus";
        else if (field == "initial")
            s.initialPoints = 0;
        else if (field == "iterations")
            s.iterations = -1;
        else if (field == "refit")
            s.refitEvery = -1;
        else
            s.episode.maxSteps = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runDirectBayesianOptimization(s));
    }

    void box2dCallsAreCounted()
    {
        DirectBoSettings s;
        s.simulatorId = "box2d";
        s.initialPoints = 3;
        s.iterations = 1;
        s.episode.maxSteps = 60;
        const DirectBoResult r = runDirectBayesianOptimization(s);
        std::uint64_t sumSteps = 0;
        for (const DirectBoEvaluation& e : r.evaluations)
            sumSteps += std::uint64_t(e.steps);
        QCOMPARE(r.simulatorCalls, sumSteps);
        QCOMPARE(r.callBudget, std::uint64_t(4 * 60));
    }

    void surfacesHaveTheGridShape_data()
    {
        QTest::addColumn<int>("iteration");
        QTest::addColumn<int>("objective");
        for (int it : {0, 2, 4})
            for (auto o : {DirectBoObjective::LogRewardGap, DirectBoObjective::NegativeReward})
                QTest::addRow("iteration %d %s", it, directBoObjectiveId(o).c_str())
                    << it << int(o);
    }
    void surfacesHaveTheGridShape()
    {
        QFETCH(int, iteration);
        QFETCH(int, objective);
        DirectBoSettings settings = shortRun(3);
        settings.objective = DirectBoObjective(objective);
        const DirectBoResult r = runDirectBayesianOptimization(settings);
        LandscapeGrid grid;
        grid.thetaPCount = 7;
        grid.thetaVCount = 9;
        const DirectBoSurface s = directBoSurface(r, std::size_t(iteration), 0.25, grid);

        QCOMPARE(s.thetaP.size(), Index(7));
        QCOMPARE(s.thetaV.size(), Index(9));
        QCOMPARE(s.thetaP(6), ControllerDomain::thetaPMax);
        for (const Matrix* m : {&s.objectiveMean, &s.objectiveSd, &s.rewardMedian, &s.rewardLower,
                                &s.rewardUpper, &s.acquisition}) {
            QCOMPARE(m->rows(), Index(7));
            QCOMPARE(m->cols(), Index(9));
            QVERIFY(allFinite(*m));
        }
        QVERIFY((s.objectiveSd.array() >= 0.0).all());
        QVERIFY((s.rewardLower.array() <= s.rewardMedian.array() + 1e-9).all());
        QVERIFY((s.rewardMedian.array() <= s.rewardUpper.array() + 1e-9).all());
        QVERIFY((s.acquisition.array() >= 0.0).all()); // EI
        QCOMPARE(s.dataCount, Index(settings.initialPoints + iteration));
        QCOMPARE(s.iteration, std::size_t(iteration));

        // An iteration's suggestion is the controller its episode ran.
        const bool last = iteration == settings.iterations;
        QCOMPARE(s.hasSuggestion, !last);
        if (!last) {
            const LinearController& ran =
                r.evaluations[std::size_t(settings.initialPoints + iteration)].controller;
            QVERIFY(std::abs(s.suggested.thetaV - ran.thetaV) < 1e-12);
            QVERIFY(std::abs(s.suggested.theta0 - ran.theta0) < 1e-12);
        }
    }

    void surfaceRejectsBadInput()
    {
        const DirectBoResult r = runDirectBayesianOptimization(shortRun(1));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, directBoSurface(r, 5, 0.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, directBoSurface(r, 0, 1.5));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, directBoSurface(r, 0, std::nan("")));
        LandscapeGrid empty;
        empty.thetaVCount = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, directBoSurface(r, 0, 0.0, empty));
    }

    void surfaceWithoutIterationsFitsTheDesign()
    {
        DirectBoSettings s = shortRun(2);
        s.iterations = 0;
        const DirectBoResult r = runDirectBayesianOptimization(s);
        LandscapeGrid grid;
        grid.thetaPCount = 3;
        grid.thetaVCount = 4;
        const DirectBoSurface surface = directBoSurface(r, 0, 0.0, grid);
        QVERIFY(!surface.hasSuggestion);
        QVERIFY(allFinite(surface.rewardMedian) && allFinite(surface.acquisition));
    }

    void unitCubeMappingRoundTrips()
    {
        Matrix thetas = ControllerDomain::bounds().transpose(); // the two corners
        const Matrix u = controllerToUnitCube(thetas);
        QCOMPARE(u.row(0), RowVector::Zero(3));
        QCOMPARE(u.row(1), RowVector::Ones(3));
        QVERIFY((controllerFromUnitCube(u) - thetas).cwiseAbs().maxCoeff() < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestMountainCarExperiments)
#include "test_mountain_car_study.moc"

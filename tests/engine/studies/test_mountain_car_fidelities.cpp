// The mountain car as a multi-fidelity objective: each level is one episode on its simulator,
// the value is direct BO's log reward gap, a run costs its steps in top-simulator steps, and a
// loop on it records those reported costs and plans with their means.

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/mfbo/mf_bo_loop.h"
#include "engine/sim/linear_controller.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/mountain_car_fidelities.h"
#include "engine/studies/mountain_car_study.h"

#include <QtTest>

#include <cmath>

using namespace emu;

class TestMountainCarFidelities : public QObject
{
    Q_OBJECT
private slots:
    void levelsAreEpisodesOnTheirSimulators()
    {
        const MfObjective car = mountainCarFidelities();
        QCOMPARE(car.space.dimension(), Index(3));
        QCOMPARE(car.space.names(), ControllerDomain::names());
        const double box2d = makeSimulator("box2d")->relativeCost();
        QCOMPARE(car.costs.size(), std::size_t(3));
        QCOMPARE(car.costs[1], 500.0 * makeSimulator("classic")->relativeCost() / box2d);
        QCOMPARE(car.costs[2], 500.0);
        Rng rng(3);
        int goals = 0;
        for (int i = 0; i < 40; ++i) {
            const LinearController c = LinearController::random(rng);
            RowVector theta(3);
            theta << c.thetaP, c.thetaV, c.theta0;
            for (Index level = 0; level < 2; ++level) {
                const auto simulator = makeSimulator(defaultCarFidelities()[std::size_t(level)]);
                const EpisodeSummary e = simulator->runEpisodes(Matrix(theta), {}).front();
                const MfRunOutcome run = car.runWithCost(level, theta);
                QCOMPARE(run.value, directBoObjectiveValue(DirectBoObjective::LogRewardGap, e.reward));
                QCOMPARE(run.cost, std::max(1, e.steps) * simulator->relativeCost() / box2d);
                QCOMPARE(reachedGoal(run.value), e.reachedGoal);
                QCOMPARE(car.evaluate(level, Matrix(theta))(0), run.value);
                goals += e.reachedGoal ? 1 : 0;
            }
        }
        QVERIFY(goals > 0); // the check of reachedGoal() saw both outcomes
    }

    void aLoopRecordsTheReportedCosts()
    {
        // Two levels in classic steps: a crude episode always runs 500 steps (cost 100), a
        // classic one stops at the goal (cost = its steps).
        MfBoSettings settings;
        settings.acquisitionId = "aei";
        settings.budget = 6000.0;
        settings.initialPoints = {8, 4};
        settings.seed = 2;
        MultiFidelityBoLoop loop(mountainCarFidelities({"low", "classic"}), settings);
        QCOMPARE(loop.expectedCost(0), 100.0);
        QCOMPARE(loop.expectedCost(1), 500.0);
        loop.run();
        QVERIFY(loop.isFinished());
        double classicTotal = 0.0;
        int classicRuns = 0;
        for (const MfBoRun& r : loop.runs()) {
            if (r.level == 0) {
                QCOMPARE(r.cost, 100.0);
            } else {
                QVERIFY(r.cost >= 1.0 && r.cost <= 500.0);
                QCOMPARE(r.cost, reachedGoal(r.value) ? r.cost : 500.0); // no goal: all 500 steps
                classicTotal += r.cost;
                ++classicRuns;
            }
            QVERIFY(r.spent - r.cost <= settings.budget); // started while it fitted
        }
        QCOMPARE(loop.expectedCost(1), classicTotal / classicRuns);
        QVERIFY(loop.remaining() < std::min(loop.expectedCost(0), loop.expectedCost(1)));
    }

    void badInputIsRefused()
    {
        QVERIFY_THROWS_EXCEPTION(InvalidInput, mountainCarFidelities({"classic"}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, mountainCarFidelities({"classic", "moon"}));
    }
};

QTEST_APPLESS_MAIN(TestMountainCarFidelities)
#include "test_mountain_car_fidelities.moc"

// Linear controllers, episode rewards and traces, batches of episodes and reward landscapes.

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/core/rng.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/linear_controller.h"
#include "engine/sim/low_fidelity_mountain_car.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"

#include "common/fuzzy.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace emu;

namespace {

// Found by hand: push along the velocity (u = clip(10 v / 0.7)), the textbook energy pump.
const LinearController goodController{0.0, 10.0, 0.0};

} // namespace

class TestRollout : public QObject
{
    Q_OBJECT
private slots:
    void controllerAction_data()
    {
        QTest::addColumn<double>("thetaP");
        QTest::addColumn<double>("thetaV");
        QTest::addColumn<double>("theta0");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("v");
        QTest::addColumn<double>("u");
        QTest::newRow("linear") << 0.5 << 10.0 << 0.1 << -0.4 << 0.02 << 0.1; // 0.1 - 0.2 + 0.2
        QTest::newRow("clipped high") << 1.0 << 14.0 << 0.5 << 0.3 << 0.05 << 1.0;
        QTest::newRow("clipped low") << 1.0 << 14.0 << -0.5 << -1.0 << -0.05 << -1.0;
        QTest::newRow("bias only") << 0.0 << 0.0 << -0.25 << 0.4 << 0.06 << -0.25;
    }
    void controllerAction()
    {
        QFETCH(double, thetaP);
        QFETCH(double, thetaV);
        QFETCH(double, theta0);
        QFETCH(double, p);
        QFETCH(double, v);
        QFETCH(double, u);
        const LinearController c{thetaP, thetaV, theta0};
        QVERIFY(std::abs(c.action({p, v}) - u) < 1e-15);
    }

    void controllerParameters()
    {
        const Matrix bounds = ControllerDomain::bounds();
        QCOMPARE(bounds.rows(), Index(3));
        QCOMPARE(bounds.cols(), Index(2));
        QCOMPARE(bounds(0, 0), -1.2);
        QCOMPARE(bounds(0, 1), 1.0);
        QCOMPARE(bounds(1, 0), -1.0 / 0.07);
        QCOMPARE(bounds(1, 1), 1.0 / 0.07);
        QCOMPARE(bounds(2, 0), -1.0);
        QCOMPARE(bounds(2, 1), 1.0);
        QCOMPARE(ControllerDomain::names(),
                 (std::vector<std::string>{"thetaP", "thetaV", "theta0"}));
        const LinearController c{0.1, -2.0, 0.3};
        const Vector theta = c.toVector();
        QCOMPARE(theta(0), 0.1);
        QCOMPARE(theta(1), -2.0);
        QCOMPARE(theta(2), 0.3);
        const LinearController back = LinearController::fromVector(theta);
        QCOMPARE(back.thetaP, c.thetaP);
        QCOMPARE(back.thetaV, c.thetaV);
        QCOMPARE(back.theta0, c.theta0);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, LinearController::fromVector(Vector::Zero(2)));
        Vector bad = theta;
        bad(1) = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, LinearController::fromVector(bad));
    }

    void randomControllers()
    {
        Rng rng(4);
        double lowestV = 0.0, highestV = 0.0;
        for (int i = 0; i < 3000; ++i) {
            const LinearController c = LinearController::random(rng);
            QVERIFY(ControllerDomain::contains(c));
            lowestV = std::min(lowestV, c.thetaV);
            highestV = std::max(highestV, c.thetaV);
        }
        QVERIFY(lowestV < -13.5 && highestV > 13.5); // fills the domain
        const LinearController a = LinearController::random(std::uint64_t(9));
        const LinearController b = LinearController::random(std::uint64_t(9));
        const LinearController c = LinearController::random(std::uint64_t(10));
        QCOMPARE(a.thetaP, b.thetaP);
        QCOMPARE(a.thetaV, b.thetaV);
        QCOMPARE(a.theta0, b.theta0);
        QVERIFY(a.thetaP != c.thetaP);
        QVERIFY(!ControllerDomain::contains({2.0, 0.0, 0.0}));
    }

    void rewardFormula()
    {
        QCOMPARE(EpisodeReward::of(true, 0.0), 100.0);
        QCOMPARE(EpisodeReward::of(true, 30.0), 97.0);
        QCOMPARE(EpisodeReward::of(false, 30.0), -3.0);
        // a constant action for the whole episode: 500 steps of u = 0.5 -> -0.1 * 500 * 0.25
        ClassicMountainCar sim;
        const EpisodeTrace trace = runEpisode(sim, LinearController{0.0, 0.0, 0.5});
        QVERIFY(!trace.reachedGoal);
        QCOMPARE(trace.steps, 500);
        QVERIFY(std::abs(trace.reward - (-12.5)) < 1e-9);
        // and in general: 100 [reached] - 0.1 sum u^2 over the steps taken
        const EpisodeTrace good = runEpisode(sim, goodController);
        double sum = 0.0;
        for (double u : good.u)
            sum += u * u;
        QVERIFY(std::abs(good.reward - (100.0 - 0.1 * sum)) < 1e-9);
    }

    void goodControllerReachesTheGoal_data()
    {
        QTest::addColumn<double>("startP");
        QTest::newRow("default start") << MountainCar::defaultStartPosition;
        QTest::newRow("low start") << -0.6;
        QTest::newRow("high start") << -0.4;
    }
    void goodControllerReachesTheGoal()
    {
        QFETCH(double, startP);
        ClassicMountainCar sim;
        EpisodeSettings settings;
        settings.start = {startP, 0.0};
        const EpisodeTrace trace = runEpisode(sim, goodController, settings);
        QVERIFY(trace.reachedGoal);
        QVERIFY(trace.steps < 500);
        QVERIFY(trace.p.back() >= 0.45);
        for (std::size_t i = 0; i + 1 < trace.p.size(); ++i)
            QVERIFY(trace.p[i] < 0.45); // it stops at the first state on the goal
        QVERIFY(trace.reward > 90.0 && trace.reward < 100.0);
        QCOMPARE(trace.p.size(), std::size_t(trace.steps + 1));
        QCOMPARE(trace.v.size(), std::size_t(trace.steps + 1));
        QCOMPARE(trace.u.size(), std::size_t(trace.steps));
        QVERIFY(trace.poses.empty()); // the equations have no car body
        QCOMPARE(trace.p.front(), startP);
        QCOMPARE(trace.simulatorId, std::string("classic"));
    }

    void doingNothingNeverReachesTheGoal()
    {
        ClassicMountainCar sim;
        Rng rng(21);
        for (int i = 0; i < 50; ++i) {
            EpisodeSettings settings;
            settings.start = MountainCar::randomStart(rng);
            const EpisodeTrace trace = runEpisode(sim, LinearController{}, settings);
            QVERIFY(!trace.reachedGoal);
            QCOMPARE(trace.steps, 500);
            QCOMPARE(trace.reward, 0.0);
            QVERIFY(trace.maxPosition < -0.3);
        }
    }

    void callsEqualStepsTaken()
    {
        ClassicMountainCar sim;
        sim.step({0.0, 0.0}, 0.0); // calls before the episode are not the episode's
        const EpisodeTrace good = runEpisode(sim, goodController);
        QCOMPARE(good.simulatorCalls, std::uint64_t(good.steps));
        const EpisodeTrace idle = runEpisode(sim, LinearController{});
        QCOMPARE(idle.simulatorCalls, std::uint64_t(500));
        QCOMPARE(sim.calls(), std::uint64_t(1 + good.steps + 500));
        EpisodeSettings shortEpisodes;
        shortEpisodes.maxSteps = 37;
        QCOMPARE(runEpisode(sim, LinearController{}, shortEpisodes).simulatorCalls,
                 std::uint64_t(37));
        // starting on the goal takes no step and succeeds
        EpisodeSettings onGoal;
        onGoal.start = {0.5, 0.0};
        const EpisodeTrace done = runEpisode(sim, LinearController{}, onGoal);
        QVERIFY(done.reachedGoal);
        QCOMPARE(done.steps, 0);
        QCOMPARE(done.reward, 100.0);
    }

    void batchOfEpisodesMatchesSingleEpisodes_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("classic") << "classic";
        QTest::newRow("low") << "low";
    }
    void batchOfEpisodesMatchesSingleEpisodes()
    {
        QFETCH(QString, id);
        const std::unique_ptr<Simulator> sim = makeSimulator(id.toStdString());
        Rng rng(8);
        Matrix thetas(23, 3); // not a multiple of the interleaving width
        for (Index i = 0; i < thetas.rows(); ++i)
            thetas.row(i) = LinearController::random(rng).toVector().transpose();
        thetas.row(5) << goodController.thetaP, goodController.thetaV, goodController.theta0;
        const std::vector<EpisodeSummary> batch = sim->runEpisodes(thetas, {});
        const Vector rewards = episodeRewards(*sim, thetas);
        QCOMPARE(batch.size(), std::size_t(23));
        std::uint64_t steps = 0;
        for (Index i = 0; i < thetas.rows(); ++i) {
            const EpisodeSummary& e = batch[std::size_t(i)];
            const EpisodeTrace t = runEpisode(*sim, LinearController::fromRow(thetas, i));
            QCOMPARE(e.steps, t.steps); // bit-identical to the traced episode
            QCOMPARE(e.reward, t.reward);
            QCOMPARE(e.reachedGoal, t.reachedGoal);
            QCOMPARE(e.maxPosition, t.maxPosition);
            QCOMPARE(e.finalState.p, t.p.back());
            QCOMPARE(e.finalState.v, t.v.back());
            QCOMPARE(rewards(i), t.reward);
            steps += std::uint64_t(e.steps);
        }
        sim->resetCalls();
        sim->runEpisodes(thetas, {});
        QCOMPARE(sim->calls(), steps);
    }

    void landscape()
    {
        ClassicMountainCar sim;
        LandscapeGrid grid;
        grid.thetaPCount = 40;
        grid.thetaVCount = 30;
        int reports = 0;
        double lastFraction = 0.0;
        Progress progress([&](double fraction, const std::string&) {
            ++reports;
            QVERIFY(fraction >= lastFraction);
            lastFraction = fraction;
        });
        const RewardLandscape l = rewardLandscape(sim, 0.0, grid, {}, progress);
        QCOMPARE(l.reward.rows(), Index(40));
        QCOMPARE(l.reward.cols(), Index(30));
        QCOMPARE(l.steps.rows(), Index(40));
        QCOMPARE(l.reachedGoal.cols(), Index(30));
        QCOMPARE(l.thetaP.size(), Index(40));
        QCOMPARE(l.thetaV.size(), Index(30));
        QCOMPARE(l.thetaP(0), ControllerDomain::thetaPMin);
        QCOMPARE(l.thetaP(39), ControllerDomain::thetaPMax);
        QCOMPARE(l.thetaV(0), ControllerDomain::thetaVMin);
        QCOMPARE(l.thetaV(29), ControllerDomain::thetaVMax);
        QCOMPARE(reports, 40); // one report per row
        QCOMPARE(lastFraction, 1.0);
        QCOMPARE(l.simulatorCalls, std::uint64_t(l.steps.sum()));
        QCOMPARE(sim.calls(), l.simulatorCalls);

        // the best cell reaches the goal, and it is the largest reward
        QCOMPARE(l.reachedGoal(l.bestRow, l.bestCol), 1.0);
        QCOMPARE(l.reward(l.bestRow, l.bestCol), l.reward.maxCoeff());
        const EpisodeTrace best = runEpisode(sim, l.best());
        QVERIFY(best.reachedGoal);
        QCOMPARE(best.reward, l.reward(l.bestRow, l.bestCol));
        // cells agree with single episodes
        const EpisodeTrace cell = runEpisode(sim, {l.thetaP(7), l.thetaV(20), 0.0});
        QCOMPARE(cell.reward, l.reward(7, 20));
        // success needs a positive velocity gain, and some of the domain succeeds, some fails
        for (Index i = 0; i < l.reward.rows(); ++i)
            for (Index j = 0; j < l.reward.cols(); ++j)
                if (l.reachedGoal(i, j) > 0)
                    QVERIFY(l.thetaV(j) > 0.0);
        QVERIFY(l.reachedGoal.mean() > 0.1 && l.reachedGoal.mean() < 0.5);
        // rewards lie between the worst possible (-0.1 * 500) and 100
        QVERIFY(l.reward.minCoeff() >= -50.0 && l.reward.maxCoeff() < 100.0);
    }

    void fullLandscapeFromTheRegistry()
    {
        const RewardLandscape l = rewardLandscape("classic", 0.0);
        QCOMPARE(l.reward.rows(), Index(100));
        QCOMPARE(l.reward.cols(), Index(100));
        QCOMPARE(l.simulatorId, std::string("classic"));
        QVERIFY(l.reward.maxCoeff() > 95.0);
        QVERIFY(runEpisode(*makeSimulator("classic"), l.best()).reachedGoal);
        // the low-fidelity car only drifts left: nothing in the domain reaches the goal
        LandscapeGrid coarse;
        coarse.thetaPCount = coarse.thetaVCount = 12;
        const RewardLandscape low = rewardLandscape("low", 0.0, coarse);
        QCOMPARE(low.reachedGoal.sum(), 0.0);
    }

    void landscapeCanBeCancelled()
    {
        ClassicMountainCar sim;
        int reports = 0;
        Progress* self = nullptr;
        Progress progress([&](double, const std::string&) {
            if (++reports == 3)
                self->cancel(); // as the Cancel button would, from the third row on
        });
        self = &progress;
        QVERIFY_THROWS_EXCEPTION(Cancelled, rewardLandscape(sim, 0.0, {}, {}, progress));
        QCOMPARE(reports, 3); // stopped before the fourth row
        QVERIFY(sim.calls() > 0 && sim.calls() <= 3u * 100u * 500u);
    }

    void badInputIsRejected()
    {
        ClassicMountainCar sim;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEpisode(sim, LinearController{0.0, nan, 0.0}));
        EpisodeSettings badStart;
        badStart.start.v = nan;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEpisode(sim, goodController, badStart));
        EpisodeSettings negative;
        negative.maxSteps = -1;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEpisode(sim, goodController, negative));
        Matrix thetas = Matrix::Zero(3, 3);
        thetas(1, 2) = nan;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, episodeRewards(sim, thetas));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, episodeRewards(sim, Matrix::Zero(3, 2)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, rewardLandscape(sim, nan));
        LandscapeGrid empty;
        empty.thetaVCount = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, rewardLandscape(sim, 0.0, empty));
        LandscapeGrid reversed;
        reversed.thetaPMin = 1.0;
        reversed.thetaPMax = -1.0;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, rewardLandscape(sim, 0.0, reversed));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, rewardLandscape("nope", 0.0));
        QCOMPARE(sim.calls(), std::uint64_t(0));
    }
};

QTEST_APPLESS_MAIN(TestRollout)
#include "test_rollout.moc"

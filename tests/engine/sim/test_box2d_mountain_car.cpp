// The Box2D car: determinism, placement from arbitrary states, calibration of the drive against
// the hill, poses for animation, and the shared Simulator bookkeeping.

#include "engine/core/errors.h"
#include "engine/sim/box2d_mountain_car.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/rollout.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace emu;

namespace {

const CarState valleyBottom{-M_PI / 6.0, 0.0};

bool samePose(const BodyPose& a, const BodyPose& b)
{
    return a.x == b.x && a.y == b.y && a.angle == b.angle;
}

/// Distance from (x, y) to the Box2D terrain curve (classic units), by dense sampling.
double distanceToTerrain(double x, double y)
{
    double best = 1e9;
    for (double p = x - 0.1; p <= x + 0.1; p += 1e-5)
        best = std::min(best, std::hypot(p - x, Box2dMountainCar::terrainHeight(p) - y));
    return best;
}

} // namespace

class TestBox2dMountainCar : public QObject
{
    Q_OBJECT
private slots:
    void rolloutsAreBitIdentical()
    {
        const LinearController controller{0.3, 12.0, 0.1};
        Box2dMountainCar a, b;
        const EpisodeTrace first = runEpisode(a, controller);
        runEpisode(a, LinearController{-1.0, -5.0, 1.0}); // something else in between
        const EpisodeTrace again = runEpisode(a, controller);
        const EpisodeTrace other = runEpisode(b, controller);
        QVERIFY(first.steps > 100);
        for (const EpisodeTrace* t : {&again, &other}) {
            QCOMPARE(t->steps, first.steps);
            QVERIFY(t->p == first.p); // exact, every entry
            QVERIFY(t->v == first.v);
            QVERIFY(t->u == first.u);
            QCOMPARE(t->reward, first.reward);
            QCOMPARE(t->poses.size(), first.poses.size());
            for (std::size_t i = 0; i < first.poses.size(); ++i) {
                QVERIFY(samePose(t->poses[i].chassis, first.poses[i].chassis));
                QVERIFY(samePose(t->poses[i].rearWheel, first.poses[i].rearWheel));
                QVERIFY(samePose(t->poses[i].frontWheel, first.poses[i].frontWheel));
            }
        }
    }

    void stepsDoNotDependOnHistory()
    {
        Box2dMountainCar sim;
        const CarState s{-0.3, 0.02};
        const CarState first = sim.step(s, 0.4);
        sim.reset({0.1, -0.03});
        for (int i = 0; i < 30; ++i)
            sim.advance(1.0);
        sim.step({-1.0, 0.05}, -1.0);
        const CarState again = sim.step(s, 0.4);
        QCOMPARE(again.p, first.p);
        QCOMPARE(again.v, first.v);
        // and a step leaves the episode in progress alone
        const CarState before = sim.state();
        const CarPose poseBefore = sim.pose();
        sim.step({0.2, 0.0}, 1.0);
        QCOMPARE(sim.state().p, before.p);
        QVERIFY(samePose(sim.pose().chassis, poseBefore.chassis));
    }

    void fullThrottleClimbsHigherThanCoasting()
    {
        Box2dMountainCar sim;
        const EpisodeTrace coast = runEpisode(sim, LinearController{0.0, 0.0, 0.0});
        const EpisodeTrace drive = runEpisode(sim, LinearController{0.0, 0.0, 1.0});
        QVERIFY2(drive.maxPosition > coast.maxPosition + 0.2,
                 qPrintable(
                     QString("drive %1, coast %2").arg(drive.maxPosition).arg(coast.maxPosition)));
        // coasting from rest just swings around the start, never higher than it started
        QVERIFY(coast.maxPosition < -0.45);
        QVERIFY(!coast.reachedGoal);
        QVERIFY(!drive.reachedGoal); // too weak to drive straight up from the default start
    }

    void fullThrottleCannotDriveStraightUp()
    {
        // calibration: from rest at the bottom of the valley u = +1 stalls on the steep slope
        Box2dMountainCar sim;
        EpisodeSettings settings;
        settings.start = valleyBottom;
        const EpisodeTrace drive = runEpisode(sim, LinearController{0.0, 0.0, 1.0}, settings);
        QVERIFY(!drive.reachedGoal);
        QCOMPARE(drive.steps, 500);
        QVERIFY2(drive.maxPosition < 0.2, qPrintable(QString::number(drive.maxPosition)));
        QVERIFY(drive.maxPosition > -0.3); // but it does climb a good way
    }

    void swingingReachesTheGoal()
    {
        // u = clip(v / 0.07): push along the direction of motion, pumping energy each swing
        Box2dMountainCar sim;
        const EpisodeTrace trace = runEpisode(sim, LinearController{0.0, 1.0 / 0.07, 0.0});
        QVERIFY2(trace.reachedGoal, qPrintable(QString("max p %1").arg(trace.maxPosition)));
        QVERIFY(trace.steps < 500);
        QVERIFY(trace.p.back() >= MountainCar::goalPosition);
        QCOMPARE(trace.simulatorCalls, std::uint64_t(trace.steps));
        QVERIFY(trace.reward > 90.0 && trace.reward < 100.0);
        qInfo("Box2D: u = clip(v / 0.07) reaches the goal in %d steps, reward %.3f", trace.steps,
              trace.reward);
    }

    // A step from a placed state must carry on the episode's motion: emulators learn the car
    // from placed steps and are validated on episodes. Along a swinging episode the placed
    // step's error in v, regressed on v, shows any systematic drag: the slope was -0.0056
    // (0.56% of the speed lost per placed step, enough for every emulator to miss the goal)
    // while the car's velocity followed the terrain's slope under its centre of mass.
    void placedStepsKeepTheEpisodesSpeed()
    {
        Box2dMountainCar episode, placed;
        const LinearController swing{0.0, 1.0 / 0.07, 0.0};
        CarState s = MountainCar::defaultStart();
        episode.reset(s);
        double residualTimesV = 0.0, vSquared = 0.0, absolute = 0.0;
        int steps = 0;
        for (int t = 0; t < 500 && s.p < MountainCar::goalPosition; ++t) {
            const double u = swing.action(s);
            const CarState next = episode.advance(u);
            const double residual = placed.step(s, u).v - next.v;
            residualTimesV += residual * s.v;
            vSquared += s.v * s.v;
            absolute += std::abs(residual);
            ++steps;
            s = next;
        }
        const double drag = residualTimesV / vSquared;
        const double meanError = absolute / steps;
        qInfo("placed step against the episode: drag slope %.2g, mean |error in v| %.2g", drag,
              meanError);
        QVERIFY2(std::abs(drag) < 0.001, qPrintable(QString("slope %1").arg(drag)));
        QVERIFY2(meanError < 2e-4, qPrintable(QString("mean error %1").arg(meanError)));
    }

    void placedCarRestsOnTheSlope_data()
    {
        QTest::addColumn<double>("p");
        QTest::newRow("ramp") << -1.5;
        QTest::newRow("start of the ramp") << -1.2;
        QTest::newRow("left slope") << -0.9;
        QTest::newRow("bottom") << -0.5235987755982988;
        QTest::newRow("steepest") << 0.0;
        QTest::newRow("goal") << 0.45;
        QTest::newRow("right bound") << 0.6;
    }
    void placedCarRestsOnTheSlope()
    {
        QFETCH(double, p);
        Box2dMountainCar sim;
        sim.reset({p, 0.0});
        const CarPose pose = sim.pose();
        const CarGeometry g = Box2dMountainCar::geometry();
        // parallel to the terrain (the wheels sit on a curve, so not exactly its tangent)
        QVERIFY2(std::abs(pose.chassis.angle - std::atan(Box2dMountainCar::terrainSlope(p))) < 0.12,
                 qPrintable(QString::number(pose.chassis.angle)));
        // both wheels touch the terrain: centre one radius (plus Box2D's 1 cm skin) away
        for (const BodyPose& wheel : {pose.rearWheel, pose.frontWheel}) {
            const double gap = distanceToTerrain(wheel.x, wheel.y) - g.wheelRadius;
            QVERIFY2(gap > -0.0005 && gap < 0.003, qPrintable(QString::number(gap)));
        }
        QVERIFY(pose.rearWheel.x < pose.frontWheel.x);
        // the centre of mass is where p says (chassis and wheels are close to it)
        QVERIFY(std::abs(pose.chassis.x - p) < 0.01);
        // at rest the first step hardly moves (no spring bounce, no drop)
        const CarState next = sim.advance(0.0);
        QVERIFY2(std::abs(next.p - p) < 0.002, qPrintable(QString::number(next.p - p)));
        QVERIFY(std::abs(sim.pose().chassis.y - pose.chassis.y) < 0.002);
    }

    void gravityPullsTowardsTheValley_data()
    {
        QTest::addColumn<double>("p");
        QTest::newRow("left end") << -1.2;
        QTest::newRow("left slope") << -0.9;
        QTest::newRow("just left of the bottom") << -0.7;
        QTest::newRow("just right of the bottom") << -0.35;
        QTest::newRow("steepest") << 0.0;
        QTest::newRow("below the goal") << 0.3;
    }
    void gravityPullsTowardsTheValley()
    {
        QFETCH(double, p);
        Box2dMountainCar box2d;
        ClassicMountainCar classic;
        const double db = box2d.step({p, 0.0}, 0.0).v;
        const double dc = classic.step({p, 0.0}, 0.0).v;
        QVERIFY2((db > 0) == (p < -M_PI / 6) && (dc > 0) == (db > 0),
                 qPrintable(QString("box2d dv %1, classic dv %2").arg(db).arg(dc)));
        // of the same order as the classic equations' pull (which ignore the slope's angle)
        QVERIFY2(std::abs(db) > 0.25 * std::abs(dc) && std::abs(db) < 1.5 * std::abs(dc),
                 qPrintable(QString("box2d dv %1, classic dv %2").arg(db).arg(dc)));
    }

    void stepsFromMovingStates_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("v");
        QTest::newRow("slow right") << -0.5 << 0.01;
        QTest::newRow("slow left") << -0.5 << -0.01;
        QTest::newRow("fast right in the valley") << -0.6 << 0.04;
        QTest::newRow("fast left in the valley") << -0.6 << -0.04;
        QTest::newRow("climbing right") << -0.3 << 0.02;
        QTest::newRow("climbing left") << -0.8 << -0.02;
    }
    void stepsFromMovingStates()
    {
        QFETCH(double, p);
        QFETCH(double, v);
        Box2dMountainCar sim;
        const CarState coast = sim.step({p, v}, 0.0);
        const CarState drive = sim.step({p, v}, 1.0);
        const CarState brake = sim.step({p, v}, -1.0);
        // the car keeps moving the way it was placed: p advances by about the mean velocity
        for (const CarState& next : {coast, drive, brake}) {
            QVERIFY(next.v * v > 0);
            QVERIFY2(
                std::abs((next.p - p) - 0.5 * (v + next.v)) < 0.002,
                qPrintable(
                    QString("p' - p = %1, v = %2, v' = %3").arg(next.p - p).arg(v).arg(next.v)));
        }
        // the drive pushes in the direction of u, about as hard as the classic equations' 0.0015
        // per step (less on slopes: v is horizontal, and the tyres' grip limits the drive)
        QVERIFY2(drive.v - coast.v > 0.0004 && drive.v - coast.v < 0.002,
                 qPrintable(QString::number(drive.v - coast.v)));
        QVERIFY2(coast.v - brake.v > 0.0004 && coast.v - brake.v < 0.002,
                 qPrintable(QString::number(coast.v - brake.v)));
    }

    void posesMatchTheTrace()
    {
        Box2dMountainCar sim;
        QVERIFY(sim.hasPose());
        const EpisodeTrace trace = runEpisode(sim, LinearController{0.0, 8.0, 0.0});
        QCOMPARE(trace.poses.size(), std::size_t(trace.steps + 1));
        QCOMPARE(trace.p.size(), std::size_t(trace.steps + 1));
        QCOMPARE(trace.u.size(), std::size_t(trace.steps));
        const CarGeometry g = Box2dMountainCar::geometry();
        QVERIFY(g.chassisHalfLength > g.wheelRadius && g.wheelRadius > 0.0 &&
                g.chassisHalfHeight > 0);
        auto wheelBase = [](const CarPose& pose) {
            return std::hypot(pose.frontWheel.x - pose.rearWheel.x,
                              pose.frontWheel.y - pose.rearWheel.y);
        };
        const double base = wheelBase(trace.poses.front());
        QVERIFY(base > 2.0 * g.wheelRadius && base < 2.0 * g.chassisHalfLength);
        for (std::size_t i = 0; i < trace.poses.size(); ++i) {
            const CarPose& pose = trace.poses[i];
            QVERIFY(std::abs(pose.chassis.x - trace.p[i]) < 0.02);
            QVERIFY(pose.chassis.y > Box2dMountainCar::terrainHeight(pose.chassis.x));
            // the wheels stay on their axles (the springs move them only a little)
            QVERIFY2(std::abs(wheelBase(pose) - base) < 0.002,
                     qPrintable(QString::number(wheelBase(pose))));
        }
        // the wheels turn as the car rolls
        QVERIFY(trace.poses.back().rearWheel.angle != trace.poses.front().rearWheel.angle);
    }

    void batchAndCounting()
    {
        Box2dMountainCar sim;
        Matrix input(4, 3);
        input << -0.5, 0.0, 1.0, -0.9, 0.01, -1.0, 0.0, 0.02, 0.0, 0.4, -0.01, 0.5;
        const Matrix next = sim.stepBatch(input);
        QCOMPARE(sim.calls(), std::uint64_t(4));
        for (Index i = 0; i < input.rows(); ++i) {
            const CarState one = sim.step({input(i, 0), input(i, 1)}, input(i, 2));
            QCOMPARE(next(i, 0), one.p);
            QCOMPARE(next(i, 1), one.v);
        }
        QCOMPARE(sim.calls(), std::uint64_t(8));
        const Matrix thetas = (Matrix(2, 3) << 0.0, 14.0, 0.0, 0.0, 0.0, 0.0).finished();
        sim.resetCalls();
        const std::vector<EpisodeSummary> episodes = sim.runEpisodes(thetas, {});
        QCOMPARE(sim.calls(), std::uint64_t(episodes[0].steps + episodes[1].steps));
        QCOMPARE(episodes[1].steps, 500);
        // a batch of episodes gives what single traced episodes give
        const EpisodeTrace trace = runEpisode(sim, LinearController::fromRow(thetas, 0));
        QCOMPARE(episodes[0].steps, trace.steps);
        QCOMPARE(episodes[0].reward, trace.reward);
        QCOMPARE(episodes[0].finalState.p, trace.p.back());
    }

    void nanIsRejected()
    {
        Box2dMountainCar sim;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sim.step({-0.5, nan}, 0.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEpisode(sim, LinearController{nan, 0.0, 0.0}));
        EpisodeSettings settings;
        settings.start.p = nan;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEpisode(sim, LinearController{}, settings));
        QCOMPARE(sim.calls(), std::uint64_t(0));
    }
};

QTEST_APPLESS_MAIN(TestBox2dMountainCar)
#include "test_box2d_mountain_car.moc"

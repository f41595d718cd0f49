// Each simulator's declared state limits (state_limits.h): the classic rules reproduce the
// classic equations, the Box2D car has walls at its terrain's ends and no speed limit, the
// low-fidelity equations have no rule at all, and emulators carry their simulator's limits.

#include "engine/core/errors.h"
#include "engine/dynamics/dynamics_emulator.h"
#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/sim/box2d_mountain_car.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/simulator_registry.h"
#include "engine/sim/state_limits.h"

#include <QtTest>

#include <cmath>
#include <memory>

using namespace emu;

class TestStateLimits : public QObject
{
    Q_OBJECT
private slots:
    void unitCubeOfTheTrainingBox()
    {
        const StateLimits classic = StateLimits::classic();
        Matrix corners(2, 3);
        corners << -1.2, -0.07, -1.0, 0.6, 0.07, 1.0;
        const Matrix units = classic.toUnitCube(corners);
        QVERIFY(units.row(0).isZero(1e-15));
        QVERIFY(units.row(1).isOnes(1e-15));
        QVERIFY(classic.fromUnitCube(units).isApprox(corners, 1e-15));
        QCOMPARE(classic.trainingBox().names(), (std::vector<std::string>{"p", "v", "u"}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, classic.toUnitCube(corners.leftCols(2)));

        Box2dMountainCar box2d;
        const ParameterSpace box = box2d.limits().trainingBox();
        QCOMPARE(box.lowerBounds()(0), -1.8);
        QCOMPARE(box.upperBounds()(0), 0.6);
        QCOMPARE(box.upperBounds()(1), 0.07);
    }

    void classicRulesAreTheClassicEquations()
    {
        const StateLimits classic = StateLimits::classic();
        // Inside the box the increments are added as they are.
        const CarState free = classic.apply({-0.5, 0.01}, 0.012, 0.002);
        QCOMPARE(free.p, -0.5 + 0.012);
        QCOMPARE(free.v, 0.01 + 0.002);
        // The speed limit removes the excess from v' and, as in the classic car, from the step.
        const CarState fast = classic.apply({0.0, 0.069}, 0.072, 0.003);
        QCOMPARE(fast.v, MountainCar::maxSpeed);
        QVERIFY(std::abs(fast.p - (0.0 + 0.07)) < 1e-15);
        // The wall stops the car.
        const CarState wall = classic.apply({-1.18, -0.05}, -0.05, -0.001);
        QCOMPARE(wall.p, MountainCar::minPosition);
        QCOMPARE(wall.v, 0.0);
        // The same rules as the classic equations, given the exact increments.
        for (const CarState s : {CarState{-1.19, -0.06}, CarState{0.5, 0.069}, CarState{-0.4, 0.03},
                                 CarState{0.59, 0.05}})
            for (double u : {-1.0, 0.3, 1.0}) {
                const double dv = ClassicMountainCar::power * u -
                                  ClassicMountainCar::gravity * std::cos(3.0 * s.p);
                const CarState e = classic.apply(s, s.v + dv, dv);
                const CarState c = ClassicMountainCar::equations(s, u);
                QVERIFY(std::abs(e.p - c.p) < 1e-15 && std::abs(e.v - c.v) < 1e-15);
            }
        QVERIFY(classic.onLimit({-1.2, 0.0}));
        QVERIFY(classic.onLimit({0.6, 0.01}));
        QVERIFY(classic.onLimit({0.0, -0.07}));
        QVERIFY(!classic.onLimit({0.0, 0.0699}));
        QCOMPARE(classic.describe(), std::string("wall at p = -1.2, p clipped at 0.6, v clipped to ±0.07"));
    }

    void box2dHasWallsAtTheTerrainsEndsAndNoSpeedLimit()
    {
        const StateLimits l = Box2dMountainCar().limits();
        QCOMPARE(l.left, EdgeRule::Wall);
        QCOMPARE(l.right, EdgeRule::Wall);
        QCOMPARE(l.speed, EdgeRule::None);
        // No wall at the classic -1.2: the car rolls on up the ramp, at any speed.
        const CarState ramp = l.apply({-1.19, -0.06}, -0.065, -0.005);
        QCOMPARE(ramp.p, -1.19 - 0.065);
        QCOMPARE(ramp.v, -0.065);
        QVERIFY(!l.onLimit(ramp));
        QVERIFY(!l.onLimit({0.0, 0.09}));
        // Walls at both ends stop the car moving into them, not one moving away.
        const CarState left = l.apply({-1.78, -0.05}, -0.05, 0.001);
        QCOMPARE(left.p, -1.8);
        QCOMPARE(left.v, 0.0);
        const CarState right = l.apply({0.58, 0.05}, 0.05, 0.001);
        QCOMPARE(right.p, 0.6);
        QCOMPARE(right.v, 0.0);
        QVERIFY(l.onLimit(left) && l.onLimit(right));
        QCOMPARE(l.describe(), std::string("wall at p = -1.8, wall at p = 0.6"));
    }

    void lowFidelityHasNoRule()
    {
        const auto low = makeSimulator("low");
        const StateLimits l = low->limits();
        const CarState s = l.apply({-1.19, -0.06}, -0.07, -0.02);
        QCOMPARE(s.p, -1.19 - 0.07);
        QCOMPARE(s.v, -0.08);
        QVERIFY(!l.onLimit(s));
        QCOMPARE(l.describe(), std::string("no walls, no speed limit"));
    }

    // Every registered simulator declares limits whose box holds the start states, and an
    // emulator keeps the limits of the simulator it learned.
    void emulatorsCarryTheirSimulatorsLimits()
    {
        for (const SimulatorInfo& info : simulatorRegistry()) {
            const auto sim = makeSimulator(info.id);
            const StateLimits l = sim->limits();
            QVERIFY(l.minPosition < MountainCar::randomStartLow);
            QVERIFY(l.maxPosition > MountainCar::goalPosition);
            QVERIFY(l.maxSpeed > 0.0);
        }
        Box2dMountainCar box2d;
        const Matrix X = box2d.limits().trainingBox().fromUnitCube(
            (Matrix(4, 3) << 0.1, 0.5, 0.5, 0.3, 0.2, 0.9, 0.6, 0.7, 0.1, 0.9, 0.4, 0.4).finished());
        const Matrix next = box2d.stepBatch(X);
        EmulatorSettings settings;
        settings.fitRestarts = 0;
        const auto emulator = std::make_shared<const DynamicsEmulator>(
            DynamicsEmulator::fromTransitions(X, next, settings, "box2d", box2d.limits()));
        QCOMPARE(emulator->domain().lowerBounds()(0), -1.8);
        EmulatedMountainCar car(emulator);
        QCOMPARE(car.limits().left, EdgeRule::Wall);
        QCOMPARE(car.limits().speed, EdgeRule::None);
    }
};

QTEST_GUILESS_MAIN(TestStateLimits)
#include "test_state_limits.moc"

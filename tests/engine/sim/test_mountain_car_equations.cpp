// The classic and low-fidelity equations against steps computed by hand, the Simulator
// interface's bookkeeping (batches, call counting, validation) and the simulator registry.

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/low_fidelity_mountain_car.h"
#include "engine/sim/mountain_car.h"
#include "engine/sim/simulator_registry.h"

#include "common/fuzzy.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace emu;

class TestMountainCarEquations : public QObject
{
    Q_OBJECT
private slots:
    void classicStep_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("v");
        QTest::addColumn<double>("u");
        QTest::addColumn<double>("pNext");
        QTest::addColumn<double>("vNext");
        // v' = 0 + 0.0015 - 0.0025 cos(-1.5) = 0.0015 - 0.0025 * 0.0707372 = 0.0013231570
        QTest::newRow("free") << -0.5 << 0.0 << 1.0 << -0.49867684300416926
                              << 0.0013231569958307428;
        // u = 5 is clipped to 1: the same step as above
        QTest::newRow("u clipped")
            << -0.5 << 0.0 << 5.0 << -0.49867684300416926 << 0.0013231569958307428;
        // v' = 0.069 + 0.0015 - 0.0025 cos(-3) = 0.07297 -> clipped to 0.07; p' = -1 + 0.07
        QTest::newRow("v clipped high") << -1.0 << 0.069 << 1.0 << -0.93 << 0.07;
        // v' = -0.069 - 0.0015 - 0.0025 cos(0) = -0.073 -> -0.07; p' = -0.07
        QTest::newRow("v clipped low") << 0.0 << -0.069 << -1.0 << -0.07 << -0.07;
        // v' = 0.0515 - 0.0025 cos(1.77) = 0.0519947; p' = 0.6419947 -> 0.6, v kept
        QTest::newRow("p clipped high") << 0.59 << 0.05 << 1.0 << 0.6 << 0.051994722036522778;
        // v' = -0.0515 - 0.0025 cos(-3.54) = -0.0491966; p' = -1.2291966 -> -1.2: wall, v' = 0
        QTest::newRow("left wall") << -1.18 << -0.05 << -1.0 << -1.2 << 0.0;
        // the default start with u = 0: v' = -0.0025 cos(-1.76738397) = 0.00048830961
        QTest::newRow("default start")
            << -0.58912799 << 0.0 << 0.0 << -0.58863968039057613 << 0.00048830960942390135;
    }
    void classicStep()
    {
        QFETCH(double, p);
        QFETCH(double, v);
        QFETCH(double, u);
        QFETCH(double, pNext);
        QFETCH(double, vNext);
        ClassicMountainCar sim;
        const CarState next = sim.step({p, v}, u);
        QVERIFY2(std::abs(next.p - pNext) < 1e-14, qPrintable(QString::number(next.p, 'g', 17)));
        QVERIFY2(std::abs(next.v - vNext) < 1e-14, qPrintable(QString::number(next.v, 'g', 17)));
    }

    void lowFidelityStep_data()
    {
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("v");
        QTest::addColumn<double>("u");
        QTest::addColumn<double>("pNext");
        QTest::addColumn<double>("vNext");
        // dv = 0.002 - 0.004 cos^2(-1.95) - 0.001 = 0.001 - 0.004 * 0.1370339 = 0.00045186
        QTest::newRow("drive") << -0.5 << 0.01 << 1.0 << -0.4995481353915997 << 0.01045186460840028;
        // dv = -0.002 - 0.004 cos^2(0.69) - 0.001 = -0.00537928
        QTest::newRow("brake") << 0.3 << -0.02 << -1.0 << 0.29462071833740433
                               << -0.025379281662595669;
        // far outside the classic bounds: nothing is clipped
        QTest::newRow("no clipping")
            << 2.0 << 0.5 << 0.5 << 1.996001130828998 << 0.49600113082899799;
        QTest::newRow("no wall") << -3.0 << -1.0 << 0.0 << -3.0030407016866634
                                 << -1.0030407016866634;
    }
    void lowFidelityStep()
    {
        QFETCH(double, p);
        QFETCH(double, v);
        QFETCH(double, u);
        QFETCH(double, pNext);
        QFETCH(double, vNext);
        LowFidelityMountainCar sim;
        const CarState next = sim.step({p, v}, u);
        QVERIFY2(std::abs(next.p - pNext) < 1e-14, qPrintable(QString::number(next.p, 'g', 17)));
        QVERIFY2(std::abs(next.v - vNext) < 1e-14, qPrintable(QString::number(next.v, 'g', 17)));
        // dp = dv: the difference p - v is preserved
        QVERIFY(std::abs((next.p - next.v) - (p - v)) < 1e-12);
    }

    void terrain()
    {
        // h(0.2) = 0.45 sin(0.6) + 0.55, h'(0.2) = 1.35 cos(0.6)
        QVERIFY(std::abs(MountainCar::terrainHeight(0.2) - 0.8040891130277661) < 1e-14);
        QVERIFY(std::abs(MountainCar::terrainSlope(0.2) - 1.1142030801280658) < 1e-14);
        // valley bottom at -pi/6: lowest point and flat
        QVERIFY(std::abs(MountainCar::terrainHeight(-M_PI / 6) - 0.1) < 1e-14);
        QVERIFY(std::abs(MountainCar::terrainSlope(-M_PI / 6)) < 1e-14);
        // the slope is the derivative of the height
        const double h = 1e-6;
        for (double p = -1.2; p <= 0.6; p += 0.1)
            QVERIFY(
                std::abs((MountainCar::terrainHeight(p + h) - MountainCar::terrainHeight(p - h)) /
                             (2 * h) -
                         MountainCar::terrainSlope(p)) < 1e-8);
    }

    void startStates()
    {
        QCOMPARE(MountainCar::defaultStart().p, -0.58912799);
        QCOMPARE(MountainCar::defaultStart().v, 0.0);
        Rng rng(11);
        double low = 1.0, high = -1.0;
        for (int i = 0; i < 2000; ++i) {
            const CarState s = MountainCar::randomStart(rng);
            QVERIFY(s.p >= -0.6 && s.p < -0.4);
            QCOMPARE(s.v, 0.0);
            low = std::min(low, s.p);
            high = std::max(high, s.p);
        }
        QVERIFY(low < -0.59 && high > -0.41); // covers the range
        QCOMPARE(MountainCar::randomStart(5).p, MountainCar::randomStart(5).p);
        QVERIFY(MountainCar::randomStart(5).p != MountainCar::randomStart(6).p);
    }

    void batchEqualsSteps_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("classic") << "classic";
        QTest::newRow("low") << "low";
    }
    void batchEqualsSteps()
    {
        QFETCH(QString, id);
        const std::unique_ptr<Simulator> sim = makeSimulator(id.toStdString());
        Rng rng(3);
        Matrix input(50, 3);
        for (Index i = 0; i < input.rows(); ++i)
            input.row(i) << rng.uniform(-1.2, 0.6), rng.uniform(-0.07, 0.07),
                rng.uniform(-1.5, 1.5);
        const Matrix next = sim->stepBatch(input);
        QCOMPARE(next.rows(), input.rows());
        QCOMPARE(next.cols(), Index(2));
        for (Index i = 0; i < input.rows(); ++i) {
            const CarState one = sim->step({input(i, 0), input(i, 1)}, input(i, 2));
            QCOMPARE(next(i, 0), one.p); // bit-identical
            QCOMPARE(next(i, 1), one.v);
        }
    }

    void callsAreCounted()
    {
        ClassicMountainCar sim;
        QCOMPARE(sim.calls(), std::uint64_t(0));
        sim.step({-0.5, 0.0}, 0.3);
        sim.step({-0.5, 0.0}, 0.3);
        QCOMPARE(sim.calls(), std::uint64_t(2));
        sim.stepBatch(Matrix::Zero(7, 3));
        QCOMPARE(sim.calls(), std::uint64_t(9));
        sim.reset({-0.5, 0.0}); // placing the car is not a call
        QCOMPARE(sim.calls(), std::uint64_t(9));
        sim.advance(1.0);
        QCOMPARE(sim.calls(), std::uint64_t(10));
        sim.resetCalls();
        QCOMPARE(sim.calls(), std::uint64_t(0));
        // an empty batch is fine and costs nothing
        QCOMPARE(sim.stepBatch(Matrix(0, 3)).rows(), Index(0));
        QCOMPARE(sim.calls(), std::uint64_t(0));
    }

    void episodeModeFollowsSteps()
    {
        ClassicMountainCar sim;
        sim.reset({-0.5, 0.01});
        CarState expected{-0.5, 0.01};
        for (int t = 0; t < 20; ++t) {
            const double u = (t % 3) - 1.0;
            expected = ClassicMountainCar::equations(expected, u);
            const CarState got = sim.advance(u);
            QCOMPARE(got.p, expected.p);
            QCOMPARE(got.v, expected.v);
            QCOMPARE(sim.state().p, expected.p);
        }
    }

    void badInputIsRejected_data()
    {
        QTest::addColumn<QString>("id");
        for (const SimulatorInfo& info : simulatorRegistry())
            QTest::newRow(info.id.c_str()) << QString::fromStdString(info.id);
    }
    void badInputIsRejected()
    {
        QFETCH(QString, id);
        const std::unique_ptr<Simulator> sim = makeSimulator(id.toStdString());
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sim->step({nan, 0.0}, 0.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sim->step({0.0, inf}, 0.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sim->step({0.0, 0.0}, nan));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sim->reset({nan, 0.0}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sim->advance(nan));
        Matrix batch = Matrix::Zero(4, 3);
        batch(2, 1) = nan;
        try {
            sim->stepBatch(batch);
            QFAIL("a NaN in a batch was accepted");
        } catch (const InvalidInput& e) {
            QVERIFY2(QString(e.what()).contains("row 3"), e.what()); // names the row
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sim->stepBatch(Matrix::Zero(4, 2)));
        QCOMPARE(sim->calls(), std::uint64_t(0)); // rejected calls are not counted
    }

    void registry()
    {
        const Registry<SimulatorInfo>& all = simulatorRegistry();
        QCOMPARE(all.size(), std::size_t(3));
        QCOMPARE(all[0].id, std::string("classic"));
        QCOMPARE(all[1].id, std::string("low"));
        QCOMPARE(all[2].id, std::string("box2d"));
        for (const SimulatorInfo& info : all) {
            QVERIFY(!info.displayName.empty());
            QVERIFY(!info.description.empty());
            const std::unique_ptr<Simulator> sim = info.factory();
            QCOMPARE(sim->id(), info.id);
            QCOMPARE(sim->displayName(), info.displayName);
            QCOMPARE(sim->fidelity(), info.fidelity);
            QVERIFY(sim->relativeCost() > 0.0);
            QCOMPARE(sim->relativeCost(), info.relativeCost);
            QCOMPARE(sim->hasPose(), info.physics);
            QVERIFY(!info.shortName.empty());
            QVERIFY(info.roles != 0);
            QCOMPARE(simulatorRegistry().find(info.id), &info);
        }
        QVERIFY(makeSimulator("low")->relativeCost() < makeSimulator("classic")->relativeCost());
        QVERIFY(makeSimulator("low")->fidelity() < makeSimulator("classic")->fidelity());
        QVERIFY(simulatorRegistry().find("nope") == nullptr);
        // Roles: pages choose by them. The crude equations cannot reach the goal (training data
        // only); the physics car is too slow to be anyone's cheap level.
        auto ids = [](SimulatorRole role) {
            std::vector<std::string> out;
            for (const SimulatorInfo* info : simulatorsWithRole(role))
                out.push_back(info->id);
            return out;
        };
        QCOMPARE(ids(kDrivable), (std::vector<std::string>{"classic", "box2d"}));
        QCOMPARE(ids(kHighFidelity), (std::vector<std::string>{"classic", "box2d"}));
        QCOMPARE(ids(kLowFidelity), (std::vector<std::string>{"low", "classic"}));
        QVERIFY(simulatorRegistry().at("box2d").physics);
        QVERIFY(!simulatorRegistry().at("classic").physics);
        try {
            makeSimulator("nope");
            QFAIL("an unknown id was accepted");
        } catch (const InvalidInput& e) {
            QCOMPARE(QString(e.what()),
                     QString("unknown simulator 'nope'; valid simulators are: classic, low, box2d"));
        }
    }
};

QTEST_APPLESS_MAIN(TestMountainCarEquations)
#include "test_mountain_car_equations.moc"

// The multi-fidelity dynamics emulator: call counts, held-out one-step errors against the
// high-fidelity-only emulator, reproducibility, the Simulator wrapper and invalid settings.

#include "engine/core/errors.h"
#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/dynamics/multi_fidelity_dynamics_emulator.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/low_fidelity_mountain_car.h"
#include "engine/sim/rollout.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

MfEmulatorSettings small(const std::string& model, std::uint64_t seed)
{
    MfEmulatorSettings s;
    s.model = model;
    s.lowCalls = 40;
    s.highCalls = 20;
    s.fitRestarts = 0;
    s.fitMaxIterations = 30;
    s.sampleCount = 20;
    s.seed = seed;
    return s;
}

} // namespace

class TestMfDynamicsEmulator : public QObject
{
    Q_OBJECT
private slots:
    void countsCallsOfEachFidelityExactly_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("linear") << "linear";
        QTest::newRow("nonlinear") << "nonlinear";
    }
    void countsCallsOfEachFidelityExactly()
    {
        QFETCH(QString, model);
        LowFidelityMountainCar low;
        ClassicMountainCar high;
        const MultiFidelityDynamicsEmulator e =
            MultiFidelityDynamicsEmulator::train(low, high, small(model.toStdString(), 3));
        QCOMPARE(low.calls(), std::uint64_t(40));
        QCOMPARE(high.calls(), std::uint64_t(20));
        QCOMPARE(e.lowCalls(), std::uint64_t(40));
        QCOMPARE(e.highCalls(), std::uint64_t(20));
        QVERIFY(e.lowSize() <= 40 && e.lowSize() >= 30);
        QVERIFY(e.highSize() <= 20 && e.highSize() >= 15);
        QCOMPARE(std::isfinite(e.rho(0)), model == "linear");

        // The Simulator wrapper counts emulator steps, never simulator calls.
        EmulatedMountainCar car(
            std::make_shared<const MultiFidelityDynamicsEmulator>(e));
        EpisodeSettings episode;
        episode.maxSteps = 30;
        const EpisodeTrace t = runEpisode(car, LinearController{}, episode);
        QCOMPARE(car.calls(), std::uint64_t(t.steps));
        QCOMPARE(high.calls(), std::uint64_t(20));
        QCOMPARE(car.fidelity(), 1);

        // Held-out test: calls counted on the tester only.
        ClassicMountainCar tester;
        const EmulatorTestError err = e.test(tester, 50, 1);
        QCOMPARE(err.points + err.limitedPoints, 50);
        QVERIFY(err.points >= 40);
        QCOMPARE(err.simulatorCalls, std::uint64_t(50));
        QCOMPARE(tester.calls(), std::uint64_t(50));
    }

    void reproducibleWithASeed()
    {
        for (const std::string model : {"linear", "nonlinear"}) {
            LowFidelityMountainCar low1, low2;
            ClassicMountainCar high1, high2;
            const auto a = MultiFidelityDynamicsEmulator::train(low1, high1, small(model, 5));
            const auto b = MultiFidelityDynamicsEmulator::train(low2, high2, small(model, 5));
            const Matrix X = StepModel::testInputs(a.limits(), 20, 9);
            Matrix va, vb;
            const Matrix ma = a.predictIncrements(X, &va);
            const Matrix mb = b.predictIncrements(X, &vb);
            QCOMPARE((ma - mb).cwiseAbs().maxCoeff(), 0.0);
            QCOMPARE((va - vb).cwiseAbs().maxCoeff(), 0.0);
            const CarState s = a.meanStep({-0.5, 0.01}, 0.3, *a.newWorkspace());
            const CarState t = b.meanStep({-0.5, 0.01}, 0.3, *b.newWorkspace());
            QCOMPARE(s.p, t.p);
            QCOMPARE(s.v, t.v);
        }
    }

    void meanStepAppliesTheClassicLimits()
    {
        LowFidelityMountainCar low;
        ClassicMountainCar high;
        const auto e = MultiFidelityDynamicsEmulator::train(low, high, small("linear", 2));
        const auto work = e.newWorkspace();
        for (double u : {-1.0, 1.0}) {
            const CarState wall = e.meanStep({-1.2, -0.07}, u, *work);
            QVERIFY(wall.p >= -1.2 && wall.p <= 0.6 && std::abs(wall.v) <= 0.07);
            const CarState fast = e.meanStep({0.0, 0.07}, u, *work);
            QVERIFY(std::abs(fast.v) <= 0.07);
        }
    }

    // The multi-fidelity emulators' one-step errors on held-out high-fidelity calls are below
    // those of the high-fidelity-only emulator with the same 250 high calls.
    void multiFidelityBeatsHighOnlyWithTheSameHighCalls_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2})
            QTest::addRow("seed %d", seed) << seed;
    }
    void multiFidelityBeatsHighOnlyWithTheSameHighCalls()
    {
        QFETCH(int, seed);
        ClassicMountainCar single;
        EmulatorSettings hs;
        hs.trainingCalls = 250;
        hs.designId = "lhs";
        hs.seed = std::uint64_t(seed);
        const DynamicsEmulator highOnly = DynamicsEmulator::train(single, hs);
        ClassicMountainCar tester;
        const EmulatorTestError base = highOnly.test(tester, 500, std::uint64_t(seed));
        for (const std::string model : {"linear", "nonlinear"}) {
            LowFidelityMountainCar low;
            ClassicMountainCar high;
            MfEmulatorSettings s;
            s.model = model;
            s.seed = std::uint64_t(seed);
            const auto e = MultiFidelityDynamicsEmulator::train(low, high, s);
            const EmulatorTestError err = e.test(tester, 500, std::uint64_t(seed));
            qInfo("seed %d %s: dp nrmse %.3g (high-only %.3g), dv nrmse %.3g (high-only %.3g)",
                  seed, model.c_str(), err.position.normalizedRmse, base.position.normalizedRmse,
                  err.velocity.normalizedRmse, base.velocity.normalizedRmse);
            QVERIFY(err.position.normalizedRmse < base.position.normalizedRmse);
            QVERIFY(err.velocity.normalizedRmse < base.velocity.normalizedRmse);
        }
    }

    // Rollouts use the high level's mean alone (no variance); it must be exactly the mean of a
    // full prediction, for both ways of fitting the linear model and for the nonlinear one.
    void meanStepIsTheFullPredictionsMean_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("linearFit");
        QTest::newRow("linear recursive") << "linear"
                                          << "recursive";
        QTest::newRow("linear joint") << "linear"
                                      << "joint";
        QTest::newRow("nonlinear") << "nonlinear"
                                   << "recursive";
    }
    void meanStepIsTheFullPredictionsMean()
    {
        QFETCH(QString, model);
        QFETCH(QString, linearFit);
        LowFidelityMountainCar low;
        ClassicMountainCar high;
        MfEmulatorSettings s = small(model.toStdString(), 4);
        s.linearFit = linearFit.toStdString();
        const auto e = MultiFidelityDynamicsEmulator::train(low, high, s);
        const Matrix X = StepModel::testInputs(e.limits(), 30, 2);
        Matrix variance;
        const Matrix increments = e.predictIncrements(X, &variance);
        QVERIFY(variance.minCoeff() >= 0.0);
        const auto work = e.newWorkspace();
        for (Index i = 0; i < X.rows(); ++i) {
            const CarState step = e.meanStep({X(i, 0), X(i, 1)}, X(i, 2), *work);
            const CarState full =
                e.limits().apply({X(i, 0), X(i, 1)}, increments(i, 0), increments(i, 1));
            // One row against a batch: the kernel's distances are summed in another order.
            QVERIFY(std::abs(step.p - full.p) <= 1e-8);
            QVERIFY(std::abs(step.v - full.v) <= 1e-8);
        }
        if (model == "linear") {
            // The level-0 data must matter in both fits: the high level is not the low one.
            QVERIFY(std::isfinite(e.rho(0)) && std::isfinite(e.rho(1)));
            QVERIFY((e.predictLevel(0, X) - increments).cwiseAbs().maxCoeff() > 1e-6);
        }
    }

    void rejectsInvalidSettingsBeforeAnyCall()
    {
        LowFidelityMountainCar low;
        ClassicMountainCar high;
        MfEmulatorSettings s = small("linear", 0);
        s.model = "cubic";
        QVERIFY_THROWS_EXCEPTION(InvalidInput, MultiFidelityDynamicsEmulator::train(low, high, s));
        s = small("linear", 0);
        s.linearFit = "exact";
        QVERIFY_THROWS_EXCEPTION(InvalidInput, MultiFidelityDynamicsEmulator::train(low, high, s));
        s = small("linear", 0);
        s.lowCalls = 10; // fewer than the high calls
        QVERIFY_THROWS_EXCEPTION(InvalidInput, MultiFidelityDynamicsEmulator::train(low, high, s));
        s = small("linear", 0);
        s.highCalls = 1;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, MultiFidelityDynamicsEmulator::train(low, high, s));
        QCOMPARE(low.calls(), std::uint64_t(0));
        QCOMPARE(high.calls(), std::uint64_t(0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, EmulatedMountainCar(nullptr));
    }
};

QTEST_APPLESS_MAIN(TestMfDynamicsEmulator)
#include "test_mf_dynamics_emulator.moc"

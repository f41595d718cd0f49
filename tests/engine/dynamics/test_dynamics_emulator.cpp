// The dynamics emulator: training designs and call counting, one-step accuracy, the fast
// predictors, emulated and sampled rollouts, the comparison with the simulator, bad input.

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/design/designs.h"
#include "engine/dynamics/dynamics_emulator.h"
#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/stationary_kernel.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <memory>

using namespace emu;

namespace {

/// Push along the velocity: reaches the goal on the classic car in 276 steps.
const LinearController swingController{0.0, 12.0, 0.0};

std::shared_ptr<const DynamicsEmulator> trained(int calls, const std::string& design,
                                                std::uint64_t seed,
                                                const std::string& simulatorId = "classic")
{
    const auto simulator = makeSimulator(simulatorId);
    EmulatorSettings settings;
    settings.trainingCalls = calls;
    settings.designId = design;
    settings.seed = seed;
    return std::make_shared<const DynamicsEmulator>(DynamicsEmulator::train(*simulator, settings));
}

/// The emulator of the talk (500 random calls on the classic car), trained once per run.
const DynamicsEmulator& talkEmulator()
{
    static const std::shared_ptr<const DynamicsEmulator> emulator = trained(500, "random", 11);
    return *emulator;
}

/// Smallest distance between two rows of X.
double minimumDistance(const Matrix& X)
{
    double best = std::numeric_limits<double>::infinity();
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = i + 1; j < X.rows(); ++j)
            best = std::min(best, (X.row(i) - X.row(j)).norm());
    return best;
}

} // namespace

class TestDynamicsEmulator : public QObject
{
    Q_OBJECT
private slots:
    void trainingCountsCallsAndIsSeeded_data()
    {
        QTest::addColumn<QString>("design");
        for (const std::string& id : emulatorDesignIds())
            QTest::newRow(id.c_str()) << QString::fromStdString(id);
    }
    void trainingCountsCallsAndIsSeeded()
    {
        QFETCH(QString, design);
        const auto simulator = makeSimulator("classic");
        simulator->step({-0.5, 0.0}, 0.0); // calls before training are not the emulator's
        EmulatorSettings settings;
        settings.trainingCalls = 60;
        settings.designId = design.toStdString();
        settings.seed = 5;
        const DynamicsEmulator a = DynamicsEmulator::train(*simulator, settings);
        QCOMPARE(simulator->calls(), std::uint64_t(61));
        QCOMPARE(a.simulatorCalls(), std::uint64_t(60));
        QCOMPARE(a.simulatorId(), std::string("classic"));
        QCOMPARE(a.statesAndActions().rows(), Index(60));
        QCOMPARE(a.increments().rows(), Index(60));
        QCOMPARE(a.size() + a.limitedCount(), Index(60));
        QVERIFY(a.size() >= 40);
        QVERIFY(StateLimits::classic().trainingBox().contains(a.statesAndActions()));
        // The increments are the simulator's.
        const auto check = makeSimulator("classic");
        const Matrix next = check->stepBatch(a.statesAndActions());
        QVERIFY((next - a.statesAndActions().leftCols(2) - a.increments()).cwiseAbs().maxCoeff() <
                1e-15);
        for (Index i = 0; i < 60; ++i)
            QCOMPARE(a.isLimited(i), StateLimits::classic().onLimit({next(i, 0), next(i, 1)}));

        const auto again = makeSimulator("classic");
        const DynamicsEmulator b = DynamicsEmulator::train(*again, settings);
        QCOMPARE(b.statesAndActions(), a.statesAndActions());
        QCOMPARE(b.positionModel().logParams(), a.positionModel().logParams());
        settings.seed = 6;
        const DynamicsEmulator c = DynamicsEmulator::train(*again, settings);
        QVERIFY(c.statesAndActions() != a.statesAndActions());
    }

    void oneStepErrorOnHeldOutCallsIsSmall()
    {
        const DynamicsEmulator& emulator = talkEmulator();
        const auto tester = makeSimulator("classic");
        const EmulatorTestError e = emulator.test(*tester, 1000, 3);
        // About 3% of uniform test points end on a limit and are left out, as in training.
        QCOMPARE(e.points + e.limitedPoints, 1000);
        QVERIFY(e.limitedPoints > 0 && e.limitedPoints < 60);
        QCOMPARE(e.simulatorCalls, std::uint64_t(1000));
        QCOMPARE(tester->calls(), std::uint64_t(1000));
        // The outputs' scales: Δp is of the order of v, Δv of gravity and engine.
        QVERIFY(e.position.outputSd > 0.03 && e.position.outputSd < 0.05);
        QVERIFY(e.velocity.outputSd > 0.002 && e.velocity.outputSd < 0.01);
        const QString text = QString("nrmse %1 %2, max %3 %4")
                                 .arg(e.position.normalizedRmse)
                                 .arg(e.velocity.normalizedRmse)
                                 .arg(e.position.maxAbsError)
                                 .arg(e.velocity.maxAbsError);
        QVERIFY2(e.position.rmse < 0.05 * e.position.outputSd, qPrintable(text));
        QVERIFY2(e.velocity.rmse < 0.05 * e.velocity.outputSd, qPrintable(text));
        // Even the worst test point is far below the scale of one step.
        QVERIFY2(e.position.maxAbsError < 0.01 * e.position.outputSd, qPrintable(text));
        QVERIFY2(e.velocity.maxAbsError < 0.01 * e.velocity.outputSd, qPrintable(text));
        QVERIFY(e.position.coverage2sd > 0.8 && e.velocity.coverage2sd > 0.8);
    }

    void fastPredictorsMatchTheGaussianProcesses()
    {
        const DynamicsEmulator& emulator = talkEmulator();
        const Matrix X = randomDesign(StateLimits::classic().trainingBox(), 40, 9);
        Matrix variance;
        const Matrix mean = emulator.predictIncrements(X, &variance, true);
        DynamicsEmulator::Workspace work;
        Matrix fastMean, fastVariance;
        emulator.incrementMarginals(X, true, fastMean, fastVariance, work);
        const double scale[2] = {0.04, 0.004}; // the outputs' sd
        // The latent variance σ²(1 − …) cancels to a tiny rest here (σ² ≈ 1e5 for these nearly
        // polynomial functions), so both paths agree to rounding relative to the prior variance.
        const double prior[2] = {
            std::pow(emulator.positionModel().outputScale(), 2) *
                static_cast<const StationaryKernel&>(emulator.positionModel().kernel()).variance(),
            std::pow(emulator.velocityModel().outputScale(), 2) *
                static_cast<const StationaryKernel&>(emulator.velocityModel().kernel()).variance()};
        for (Index i = 0; i < X.rows(); ++i) {
            const std::array<double, 2> m = emulator.meanIncrement({X(i, 0), X(i, 1)}, X(i, 2), work);
            for (int o = 0; o < 2; ++o) {
                QVERIFY(std::abs(m[std::size_t(o)] - mean(i, o)) < 1e-4 * scale[o]);
                QVERIFY(std::abs(fastMean(i, o) - mean(i, o)) < 1e-4 * scale[o]);
                QVERIFY(std::abs(fastVariance(i, o) - variance(i, o)) < 1e-11 * prior[o]);
                QVERIFY(fastVariance(i, o) > 0.0);
            }
            const CarState next = emulator.meanStep({X(i, 0), X(i, 1)}, X(i, 2), work);
            const CarState expected =
                emulator.limits().apply({X(i, 0), X(i, 1)}, m[0], m[1]);
            QCOMPARE(next.p, expected.p);
            QCOMPARE(next.v, expected.v);
        }
    }

    void emulatedTrajectoryTracksTheSimulator_data()
    {
        QTest::addColumn<double>("thetaP");
        QTest::addColumn<double>("thetaV");
        QTest::addColumn<double>("theta0");
        QTest::newRow("swing") << 0.0 << 12.0 << 0.0;
        QTest::newRow("swing, pulled left") << -0.2 << 12.0 << 0.0;
        QTest::newRow("strong swing with bias") << -0.3 << 14.0 << 0.2;
    }
    void emulatedTrajectoryTracksTheSimulator()
    {
        QFETCH(double, thetaP);
        QFETCH(double, thetaV);
        QFETCH(double, theta0);
        const LinearController controller{thetaP, thetaV, theta0};
        const auto simulator = makeSimulator("classic");
        const EmulatorComparison c = compareWithSimulator(talkEmulator(), *simulator, controller);
        QCOMPARE(simulator->calls(), std::uint64_t(c.simulated.steps));
        QCOMPARE(c.emulated.simulatorId, std::string("emulator"));
        QVERIFY(c.simulated.reachedGoal);
        QVERIFY2(c.emulated.reachedGoal && std::abs(c.emulated.steps - c.simulated.steps) <= 3,
                 qPrintable(QString("steps %1 vs %2").arg(c.emulated.steps).arg(c.simulated.steps)));
        QVERIFY2(c.maxAbsPositionError < 0.02, qPrintable(QString::number(c.maxAbsPositionError)));
        QVERIFY(std::abs(c.emulated.reward - c.simulated.reward) < 0.5);
        QCOMPARE(c.positionError.size(),
                 std::size_t(std::min(c.simulated.steps, c.emulated.steps)) + 1);
        QCOMPARE(c.oneStepPositionError.size(), std::size_t(c.simulated.steps));
        QCOMPARE(c.positionError.front(), 0.0);
        QVERIFY(c.rmsOneStepPositionError < 1e-4 && c.rmsOneStepVelocityError < 1e-5);
        QVERIFY(c.rmsPositionError <= c.maxAbsPositionError);
    }

    void emulatedCarIsASimulator()
    {
        const auto emulator = trained(200, "lhs", 2);
        EmulatedMountainCar car(emulator);
        QCOMPARE(car.id(), std::string("emulator"));
        QCOMPARE(car.fidelity(), 1);
        QVERIFY(car.relativeCost() > 0.0);
        const EpisodeTrace trace = runEpisode(car, swingController);
        QCOMPARE(car.calls(), std::uint64_t(trace.steps));
        Matrix thetas(2, 3);
        thetas << swingController.thetaP, swingController.thetaV, swingController.theta0, 0.0, 0.0,
            0.0;
        const std::vector<EpisodeSummary> batch = car.runEpisodes(thetas, {});
        QCOMPARE(batch[0].steps, trace.steps);
        QCOMPARE(batch[0].reward, trace.reward);
        QCOMPARE(batch[0].finalState.p, trace.p.back());
        QCOMPARE(batch[1].steps, MountainCar::maxSteps); // u = 0 never gets out of the valley
        QVERIFY(!batch[1].reachedGoal);
        QCOMPARE(car.calls(), std::uint64_t(2 * trace.steps + MountainCar::maxSteps));
        // Every emulated state stays inside the box.
        for (std::size_t t = 0; t < trace.p.size(); ++t)
            QVERIFY(trace.p[t] >= MountainCar::minPosition && trace.p[t] <= MountainCar::maxPosition &&
                    std::abs(trace.v[t]) <= MountainCar::maxSpeed);
    }

    void sampledTrajectoriesAreSeededAndReflectUncertainty()
    {
        EmulatedSampleSettings settings;
        settings.samples = 12;
        settings.seed = 4;
        const DynamicsEmulator& good = talkEmulator();
        const EmulatedSamples a = sampleEmulatedEpisodes(good, swingController, {}, settings);
        const EmulatedSamples b = sampleEmulatedEpisodes(good, swingController, {}, settings);
        QCOMPARE(a.samples.size(), std::size_t(12));
        for (std::size_t k = 0; k < a.samples.size(); ++k) {
            QCOMPARE(a.samples[k].p, b.samples[k].p);
            QCOMPARE(a.samples[k].p.size(), std::size_t(a.samples[k].steps) + 1);
            QCOMPARE(a.samples[k].u.size(), std::size_t(a.samples[k].steps));
        }
        settings.seed = 5;
        const EmulatedSamples c = sampleEmulatedEpisodes(good, swingController, {}, settings);
        QVERIFY(c.samples[0].p != a.samples[0].p);

        // 500 calls pin the dynamics down: every sample reaches the goal, in a narrow band.
        QCOMPARE(a.goalCount, 12);
        int longest = 0;
        for (const EpisodeTrace& s : a.samples)
            longest = std::max(longest, s.steps);
        QCOMPARE(a.positionLower.size(), std::size_t(longest) + 1);
        double goodWidth = 0.0;
        for (std::size_t t = 0; t < a.positionLower.size(); ++t) {
            QVERIFY(a.positionLower[t] <= a.positionUpper[t]);
            goodWidth = std::max(goodWidth, a.positionUpper[t] - a.positionLower[t]);
        }
        QVERIFY2(goodWidth < 0.05, qPrintable(QString::number(goodWidth)));

        // Ten calls leave the emulator unsure: its band is much wider.
        const auto poor = trained(10, "random", 4);
        const EmulatedSamples d = sampleEmulatedEpisodes(*poor, swingController, {}, settings);
        double poorWidth = 0.0;
        for (std::size_t t = 0; t < d.positionLower.size(); ++t)
            poorWidth = std::max(poorWidth, d.positionUpper[t] - d.positionLower[t]);
        QVERIFY2(poorWidth > 5.0 * goodWidth,
                 qPrintable(QString("%1 vs %2").arg(poorWidth).arg(goodWidth)));
    }

    void activeDesignStartsFromALatinHypercubeAndAvoidsLimits()
    {
        const auto active = trained(100, "active", 3);
        const Matrix a = active->toUnitCube(active->statesAndActions());
        // It starts from a Latin hypercube of max(7, N/10) = 10 points: one per stratum of p.
        for (Index k = 0; k < 10; ++k)
            QCOMPARE(((a.topRows(10).col(0).array() * 10.0).floor() == double(k)).count(),
                     Index(1));
        // Every later call is a different candidate.
        QVERIFY(minimumDistance(a) > 0.0);
        // It skips candidates the GPs expect to end on a limit, whose calls would be left out
        // of the GPs; a random design of the same size loses a few (measured: 2 to 6).
        const auto random = trained(100, "random", 3);
        QVERIFY2(active->limitedCount() <= 1 && active->limitedCount() < random->limitedCount(),
                 qPrintable(QString("%1 vs %2")
                                .arg(active->limitedCount())
                                .arg(random->limitedCount())));
    }

    void activeLearningIsMoreAccuratePerCall()
    {
        // log10 of the summed held-out nrmse of Δp and Δv, averaged over three seeds. Measured:
        // active 24 calls ≈ -3.5, random 24 ≈ -2.9, random 32 ≈ -3.0, random 48 ≈ -3.7, so
        // uncertainty sampling reaches random's one-step accuracy with about 2/3 of the calls.
        auto error = [](const std::string& design, int calls) {
            double sum = 0.0;
            for (std::uint64_t seed : {0, 1, 2}) {
                const auto emulator = trained(calls, design, seed);
                const auto tester = makeSimulator("classic");
                const EmulatorTestError e = emulator->test(*tester, 1000, 77);
                sum += std::log10(e.position.normalizedRmse + e.velocity.normalizedRmse);
            }
            return sum / 3.0;
        };
        const double active24 = error("active", 24);
        const double random24 = error("random", 24);
        const double random32 = error("random", 32);
        const QString text = QString("active 24: %1, random 24: %2, random 32: %3")
                                 .arg(active24)
                                 .arg(random24)
                                 .arg(random32);
        QVERIFY2(active24 < random24 - 0.3, qPrintable(text)); // at least 2× smaller errors
        QVERIFY2(active24 < random32, qPrintable(text));       // with 3/4 of the calls
    }

    void worksWithEverySimulator_data()
    {
        QTest::addColumn<QString>("simulator");
        for (const SimulatorInfo& info : simulatorRegistry())
            QTest::newRow(info.id.c_str()) << QString::fromStdString(info.id);
    }
    void worksWithEverySimulator()
    {
        QFETCH(QString, simulator);
        const auto emulator = trained(40, "sobol", 1, simulator.toStdString());
        QCOMPARE(emulator->simulatorId(), simulator.toStdString());
        QCOMPARE(emulator->simulatorCalls(), std::uint64_t(40));
        EmulatedMountainCar car(emulator);
        QCOMPARE(car.fidelity(), simulatorRegistry().find(simulator.toStdString())->fidelity);
        const EpisodeTrace trace = runEpisode(car, swingController);
        QVERIFY(trace.steps >= 1 && trace.steps <= MountainCar::maxSteps);
        QVERIFY(std::isfinite(trace.reward));
    }

    void fromTransitionsFitsRecordedData()
    {
        const Matrix X = randomDesign(StateLimits::classic().trainingBox(), 120, 8);
        ClassicMountainCar simulator;
        const Matrix next = simulator.stepBatch(X);
        const DynamicsEmulator e = DynamicsEmulator::fromTransitions(X, next);
        QCOMPARE(e.simulatorCalls(), std::uint64_t(0));
        QCOMPARE(e.simulatorId(), std::string("data"));
        QCOMPARE(e.size() + e.limitedCount(), Index(120));
        const auto tester = makeSimulator("classic");
        const EmulatorTestError error = e.test(*tester, 200, 1);
        QVERIFY(error.position.normalizedRmse < 0.05 && error.velocity.normalizedRmse < 0.05);
    }

    void progressAndCancellation()
    {
        const auto simulator = makeSimulator("classic");
        double last = -1.0;
        bool monotone = true;
        Progress progress([&](double f, const std::string&) {
            monotone = monotone && f >= last - 1e-12;
            last = f;
        });
        EmulatorSettings settings;
        settings.trainingCalls = 80;
        settings.designId = "active";
        DynamicsEmulator::train(*simulator, settings, progress);
        QCOMPARE(last, 1.0);
        QVERIFY(monotone);

        Progress cancelled;
        cancelled.cancel();
        const auto fresh = makeSimulator("classic");
        QVERIFY_THROWS_EXCEPTION(Cancelled, DynamicsEmulator::train(*fresh, settings, cancelled));
        QCOMPARE(fresh->calls(), std::uint64_t(0));
    }

    void badInputIsRejected()
    {
        const auto simulator = makeSimulator("classic");
        auto settingsWith = [](auto change) {
            EmulatorSettings s;
            s.trainingCalls = 20;
            change(s);
            return s;
        };
        const EmulatorSettings bad[] = {
            settingsWith([](EmulatorSettings& s) { s.designId = "grid"; }),
            settingsWith([](EmulatorSettings& s) { s.trainingCalls = 1; }),
            settingsWith([](EmulatorSettings& s) { s.trainingCalls = 2001; }),
            settingsWith([](EmulatorSettings& s) { s.fitRestarts = -1; }),
            settingsWith([](EmulatorSettings& s) { s.fitMaxIterations = 0; }),
            settingsWith([](EmulatorSettings& s) { s.fitSubset = 1; }),
            settingsWith([](EmulatorSettings& s) { s.activeInitialPoints = 21; }),
            settingsWith([](EmulatorSettings& s) { s.activeCandidates = 19; }),
        };
        for (const EmulatorSettings& s : bad)
            QVERIFY_THROWS_EXCEPTION(InvalidInput, DynamicsEmulator::train(*simulator, s));
        QCOMPARE(simulator->calls(), std::uint64_t(0)); // rejected before any call

        Matrix X = randomDesign(StateLimits::classic().trainingBox(), 10, 1);
        Matrix next = X.leftCols(2);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, DynamicsEmulator::fromTransitions(X.leftCols(2), next));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, DynamicsEmulator::fromTransitions(X, X));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 DynamicsEmulator::fromTransitions(X, next.topRows(9)));
        next(3, 1) = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, DynamicsEmulator::fromTransitions(X, next));
        // Every transition on a limit: nothing left to fit.
        Matrix wall(3, 3);
        wall << -1.19, -0.06, -1.0, -1.18, -0.065, 0.0, -1.2, -0.05, 1.0;
        const Matrix stopped = ClassicMountainCar().stepBatch(wall);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, DynamicsEmulator::fromTransitions(wall, stopped));

        const DynamicsEmulator& e = talkEmulator();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, e.test(*simulator, 0, 1));
        X(0, 0) = std::numeric_limits<double>::infinity();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, e.predictIncrements(X));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, e.predictIncrements(X.leftCols(2)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, EmulatedMountainCar(nullptr));

        EmulatedSampleSettings samples;
        samples.samples = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sampleEmulatedEpisodes(e, swingController, {}, samples));
        samples.samples = 1001;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sampleEmulatedEpisodes(e, swingController, {}, samples));
        samples.samples = 3;
        const LinearController nan{std::numeric_limits<double>::quiet_NaN(), 0.0, 0.0};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sampleEmulatedEpisodes(e, nan, {}, samples));
        EpisodeSettings negative;
        negative.maxSteps = -1;
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 sampleEmulatedEpisodes(e, swingController, negative, samples));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, compareWithSimulator(e, *simulator, nan));
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 sampleEmulatedEpisodes(e, swingController, {}, samples, cancelled));
    }
};

QTEST_APPLESS_MAIN(TestDynamicsEmulator)
#include "test_dynamics_emulator.moc"

// Bayesian optimisation on the dynamics emulator, validated on the simulator, and the sweep.

#include "engine/core/errors.h"
#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/direct_bo_run.h"
#include "engine/studies/emulator_study.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

/// A short run, for tests of bookkeeping rather than optimisation.
EmulatorBoSettings shortRun(std::uint64_t seed)
{
    EmulatorBoSettings s;
    s.emulator.trainingCalls = 40;
    s.optimization.initialPoints = 5;
    s.optimization.iterations = 3;
    s.testPoints = 50;
    s.seed = seed;
    return s;
}

} // namespace

class TestEmulatorExperiments : public QObject
{
    Q_OBJECT
private slots:
    void emulatorBoReachesTheGoalWithFewCalls_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2, 3})
            QTest::addRow("seed %d", seed) << seed;
    }
    void emulatorBoReachesTheGoalWithFewCalls()
    {
        QFETCH(int, seed);
        EmulatorBoSettings settings; // the talk's: 500 random calls, 25 + 50 on the emulator
        settings.seed = std::uint64_t(seed);
        const EmulatorBoResult r = runEmulatorBayesianOptimization(settings);

        QVERIFY(r.reachedGoal);
        QVERIFY2(r.reward > 95.0, qPrintable(QString::number(r.reward)));
        QVERIFY(ControllerDomain::contains(r.run.best));
        QCOMPARE(r.stepsToGoal, r.run.validation.steps);
        // The emulator predicted the real episode.
        QVERIFY(r.run.emulatedReachedGoal);
        QVERIFY2(std::abs(r.run.emulatedReward - r.reward) < 0.5,
                 qPrintable(QString("%1 vs %2").arg(r.run.emulatedReward).arg(r.reward)));
        QVERIFY(std::abs(r.run.emulatedSteps - r.run.validation.steps) <= 3);

        // Simulator calls: 500 for training + one validation episode, against 37,500.
        QCOMPARE(r.trainingCalls, std::uint64_t(500));
        QCOMPARE(r.validationCalls, std::uint64_t(r.run.validation.steps));
        QCOMPARE(r.simulatorCalls, r.trainingCalls + r.validationCalls);
        QVERIFY(r.simulatorCalls <= 1000);
        QCOMPARE(r.directCallBudget, std::uint64_t(37500));
        QCOMPARE(r.emulator->simulatorCalls(), std::uint64_t(500));
        // The optimisation itself ran on the emulator only: 75 episodes of emulated steps.
        QCOMPARE(r.run.optimization.evaluations.size(), std::size_t(75));
        QCOMPARE(r.run.optimization.settings.simulatorId, std::string("emulator"));
        QCOMPARE(r.run.optimization.settings.designId, std::string("random"));
        QVERIFY(r.run.optimization.simulatorCalls > 0);
        QCOMPARE(r.run.optimization.best.thetaV, r.run.best.thetaV);

        QCOMPARE(r.testError.points + r.testError.limitedPoints, 1000);
        QVERIFY(r.testError.position.normalizedRmse < 0.05);
        QVERIFY(r.testError.velocity.normalizedRmse < 0.05);
        QVERIFY(!r.direct.has_value());
        QVERIFY(r.seconds >= r.trainingSeconds + r.run.optimizationSeconds);
    }

    void fewActiveCallsAreEnough()
    {
        // Measured over 5 seeds: every design reaches the goal from 12–16 training calls on;
        // 24 active calls leave a margin.
        for (std::uint64_t seed : {0, 1, 2}) {
            EmulatorBoSettings s;
            s.emulator.trainingCalls = 24;
            s.emulator.designId = "active";
            s.testPoints = 0;
            s.seed = seed;
            const EmulatorBoResult r = runEmulatorBayesianOptimization(s);
            QVERIFY2(r.reachedGoal, qPrintable(QString("seed %1: %2").arg(seed).arg(r.reward)));
            QCOMPARE(r.trainingCalls, std::uint64_t(24));
            QCOMPARE(r.testError.points, 0);
        }
    }

    void seededAndWithTheDirectBaseline()
    {
        EmulatorBoSettings s = shortRun(4);
        s.runDirect = true;
        const EmulatorBoResult a = runEmulatorBayesianOptimization(s);
        const EmulatorBoResult b = runEmulatorBayesianOptimization(s);
        QCOMPARE(a.run.best.thetaP, b.run.best.thetaP);
        QCOMPARE(a.run.best.thetaV, b.run.best.thetaV);
        QCOMPARE(a.reward, b.reward);
        QCOMPARE(a.testError.position.rmse, b.testError.position.rmse);
        QVERIFY(a.direct.has_value());
        QCOMPARE(a.direct->settings.simulatorId, std::string("classic"));
        QCOMPARE(a.direct->evaluations.size(), std::size_t(75)); // direct BO keeps its defaults
        QCOMPARE(a.direct->bestReward, b.direct->bestReward);
        QVERIFY(a.direct->simulatorCalls > a.simulatorCalls);
        QCOMPARE(a.run.optimization.evaluations.size(), std::size_t(8));
        QCOMPARE(a.directCallBudget, std::uint64_t(8 * 500));

        s.seed = 5;
        s.runDirect = false;
        const EmulatorBoResult c = runEmulatorBayesianOptimization(s);
        QVERIFY(c.emulator->statesAndActions() != a.emulator->statesAndActions());
    }

    void aRunStepByStepValidatesAsTheOneShot()
    {
        // A page runs DirectBoRun on the emulated car live, then validateOnSimulator(): the
        // same controller and validation as optimizeOnEmulator() in one go.
        EmulatorSettings training;
        training.trainingCalls = 40;
        training.seed = 3;
        const std::unique_ptr<Simulator> trainer = makeSimulator("classic");
        const auto emulator =
            std::make_shared<const DynamicsEmulator>(DynamicsEmulator::train(*trainer, training));
        DirectBoSettings bo = shortRun(3).optimization;
        bo.seed = 3;

        EmulatedMountainCar car(emulator);
        const std::unique_ptr<Simulator> oneShotSimulator = makeSimulator("classic");
        const EmulatedOptimization oneShot = optimizeOnEmulator(car, *oneShotSimulator, bo);

        DirectBoRun run(std::make_unique<EmulatedMountainCar>(emulator), bo);
        while (!run.isFinished())
            run.evaluate();
        const std::unique_ptr<Simulator> simulator = makeSimulator("classic");
        const EmulatedOptimization live = validateOnSimulator(run.result(), *simulator);

        QCOMPARE(live.best.thetaP, oneShot.best.thetaP);
        QCOMPARE(live.best.thetaV, oneShot.best.thetaV);
        QCOMPARE(live.best.theta0, oneShot.best.theta0);
        QCOMPARE(live.emulatedReward, oneShot.emulatedReward);
        QCOMPARE(live.emulatedSteps, oneShot.emulatedSteps);
        QCOMPARE(live.validation.reward, oneShot.validation.reward);
        QCOMPARE(live.validation.steps, oneShot.validation.steps);
        QCOMPARE(simulator->calls(), std::uint64_t(live.validation.steps)); // one episode
        QCOMPARE(live.optimizationSeconds, live.optimization.seconds);

        QVERIFY_THROWS_EXCEPTION(InvalidInput, validateOnSimulator(DirectBoResult{}, *simulator));
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 validateOnSimulator(run.result(), *simulator, cancelled));
    }

    void sweepCoversEveryCell()
    {
        EmulatorSweepSettings s;
        s.base = shortRun(0);
        s.base.testPoints = 0;
        s.trainingCalls = {20, 30};
        s.designs = {"sobol", "active"};
        s.seeds = {1, 2};
        int reports = 0;
        double last = 0.0;
        Progress progress([&](double f, const std::string&) {
            ++reports;
            QVERIFY(f >= last - 1e-12);
            last = f;
        });
        const EmulatorSweepResult r = runEmulatorSweep(s, progress);
        QCOMPARE(r.rows.size(), std::size_t(8));
        QVERIFY(reports > 8);
        QCOMPARE(last, 1.0);
        std::size_t k = 0;
        for (const std::string design : {"sobol", "active"})
            for (int n : {20, 30})
                for (std::uint64_t seed : {1, 2}) {
                    const EmulatorSweepRow& row = r.rows[k++];
                    QCOMPARE(row.design, design);
                    QCOMPARE(row.trainingCalls, n);
                    QCOMPARE(row.seed, seed);
                    QVERIFY(row.simulatorCalls > std::uint64_t(n));
                    QCOMPARE(row.simulatorCalls, std::uint64_t(n + row.steps));
                    QCOMPARE(row.positionNrmse, 0.0); // no test requested
                }
    }

    void cancellationStopsTheRun()
    {
        // Cancelled from the progress callback, as the GUI's Cancel button does mid-run.
        int reports = 0;
        Progress* self = nullptr;
        Progress counting([&](double, const std::string&) {
            if (++reports == 3)
                self->cancel();
        });
        self = &counting;
        QVERIFY_THROWS_EXCEPTION(Cancelled, runEmulatorBayesianOptimization(shortRun(1), counting));
        QVERIFY(reports >= 3);

        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, runEmulatorBayesianOptimization(shortRun(1), cancelled));
    }

    void badInputIsRejected()
    {
        auto with = [](auto change) {
            EmulatorBoSettings s = shortRun(0);
            change(s);
            return s;
        };
        const EmulatorBoSettings bad[] = {
            with([](EmulatorBoSettings& s) { s.simulatorId = "moon"; }),
            with([](EmulatorBoSettings& s) { s.emulator.designId = "grid"; }),
            with([](EmulatorBoSettings& s) { s.emulator.trainingCalls = 1; }),
            with([](EmulatorBoSettings& s) { s.optimization.initialPoints = 0; }),
            with([](EmulatorBoSettings& s) { s.optimization.iterations = -1; }),
            with([](EmulatorBoSettings& s) { s.optimization.acquisitionId = "magic"; }),
            with([](EmulatorBoSettings& s) { s.optimization.episode.maxSteps = 0; }),
            with([](EmulatorBoSettings& s) { s.testPoints = -1; }),
        };
        for (const EmulatorBoSettings& s : bad)
            QVERIFY_THROWS_EXCEPTION(InvalidInput, runEmulatorBayesianOptimization(s));

        EmulatorSweepSettings sweep;
        sweep.base = shortRun(0);
        sweep.designs = {};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEmulatorSweep(sweep));
        sweep.designs = {"random", "grid"};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEmulatorSweep(sweep));
        sweep.designs = {"random"};
        sweep.trainingCalls = {100, 1};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEmulatorSweep(sweep));
        sweep.trainingCalls = {100};
        sweep.seeds = {};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, runEmulatorSweep(sweep));
    }
};

QTEST_APPLESS_MAIN(TestEmulatorExperiments)
#include "test_emulator_study.moc"

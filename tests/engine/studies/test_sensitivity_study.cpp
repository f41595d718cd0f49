#include "engine/core/errors.h"
#include "engine/gp/gaussian_process.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/sensitivity_study.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace emu;

namespace {

/// Small but telling: N = 300 (1800 episodes on the simulator) against 100 training episodes.
CarSensitivitySettings smallRun(CarSensitivityMode mode)
{
    CarSensitivitySettings s;
    s.mode = mode;
    s.samples = 300;
    s.trainingEpisodes = 100;
    s.restarts = 1;
    s.seed = 0;
    return s;
}

Index largest(const Vector& v)
{
    Index at = 0;
    v.maxCoeff(&at);
    return at;
}

} // namespace

class TestSensitivityExperiments : public QObject
{
    Q_OBJECT
private slots:
    void theInputsAreTheControllerBoxAndTheStartRange()
    {
        const ParameterSpace space = carSensitivitySpace();
        QCOMPARE(space.names(),
                 (std::vector<std::string>{"thetaP", "thetaV", "theta0", "startPosition"}));
        const Matrix box = ControllerDomain::bounds();
        QCOMPARE(space.lowerBounds().head(3), Vector(box.col(0)));
        QCOMPARE(space.upperBounds().head(3), Vector(box.col(1)));
        QCOMPARE(space.lowerBounds()(3), MountainCar::randomStartLow);
        QCOMPARE(space.upperBounds()(3), MountainCar::randomStartHigh);
    }

    void eachRowIsOneEpisodeFromItsOwnStart()
    {
        Matrix inputs(3, 4);
        inputs << 0.0, 10.0, 0.0, -0.6, //
            0.0, 10.0, 0.0, -0.4,       //
            0.5, -3.0, 0.2, -0.5;
        const auto simulator = makeSimulator("classic");
        EpisodeSettings episode;
        episode.start.v = 0.001;
        const Vector rewards = carRewardsFromStarts(*simulator, inputs, episode);
        std::uint64_t steps = 0;
        for (Index i = 0; i < 3; ++i) {
            EpisodeSettings own = episode;
            own.start.p = inputs(i, 3);
            const auto fresh = makeSimulator("classic");
            const EpisodeTrace trace = runEpisode(
                *fresh, {inputs(i, 0), inputs(i, 1), inputs(i, 2)}, own);
            QCOMPARE(rewards(i), trace.reward);
            steps += trace.simulatorCalls;
        }
        QCOMPARE(simulator->calls(), steps);
        QVERIFY(rewards(0) != rewards(1)); // the start matters
    }

    void onTheSimulatorEveryEvaluationIsAnEpisode()
    {
        const CarSensitivitySettings settings = smallRun(CarSensitivityMode::Simulator);
        const CarSensitivityResult r = runCarSensitivity(settings);
        QCOMPARE(r.episodes, Index(6 * 300));
        QCOMPARE(r.indices.evaluations, r.episodes);
        QVERIFY(r.simulatorCalls >= std::uint64_t(r.episodes)); // every episode takes steps
        QVERIFY(!r.emulator);
        QCOMPARE(r.indices.names, r.space.names());
        for (Index i = 0; i < 4; ++i)
            QVERIFY(r.indices.total(i) > 0.0 && r.indices.total(i) < 1.2);
        const CarSensitivityResult again = runCarSensitivity(settings);
        QCOMPARE(again.indices.main, r.indices.main);
        QCOMPARE(again.simulatorCalls, r.simulatorCalls);
    }

    void theEmulatorCostsFewerCallsAndFindsTheSameLeadingInput()
    {
        const CarSensitivityResult direct =
            runCarSensitivity(smallRun(CarSensitivityMode::Simulator));
        const CarSensitivityResult emulated =
            runCarSensitivity(smallRun(CarSensitivityMode::Emulator));
        QCOMPARE(emulated.episodes, Index(100));
        QVERIFY(emulated.emulator && emulated.emulator->size() == 100);
        QVERIFY2(emulated.simulatorCalls * 10 < direct.simulatorCalls,
                 qPrintable(QString("%1 vs %2").arg(emulated.simulatorCalls).arg(direct.simulatorCalls)));
        // The emulator's analysis makes no simulator call: its calls are the training's alone.
        QVERIFY(emulated.simulatorCalls <= std::uint64_t(100 * MountainCar::maxSteps));
        QCOMPARE(largest(emulated.indices.total), largest(direct.indices.total));
        QCOMPARE(largest(emulated.indices.main), largest(direct.indices.main));
        QCOMPARE(emulated.indices.evaluations, direct.indices.evaluations);
    }

    void progressAndCancel()
    {
        std::vector<double> fractions;
        Progress progress([&](double f, const std::string&) { fractions.push_back(f); });
        runCarSensitivity(smallRun(CarSensitivityMode::Emulator), progress);
        QVERIFY(!fractions.empty());
        QCOMPARE(fractions.back(), 1.0);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));

        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 runCarSensitivity(smallRun(CarSensitivityMode::Emulator), cancelled));
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 runCarSensitivity(smallRun(CarSensitivityMode::Simulator), cancelled));
    }

    void invalidSettingsAreRejected_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("simulator") << 0 << "nope";
        QTest::newRow("samples") << 1 << "at least 2 base samples";
        QTest::newRow("training episodes") << 2 << "at least 2 training episodes";
        QTest::newRow("design") << 3 << "nope";
        QTest::newRow("kernel") << 4 << "nope";
        QTest::newRow("steps") << 5 << "at least one step";
        QTest::newRow("inputs columns") << 6 << "has 3 columns, expected 4";
        QTest::newRow("inputs nan") << 7 << "non-finite value";
    }
    void invalidSettingsAreRejected()
    {
        QFETCH(int, which);
        QFETCH(QString, message);
        CarSensitivitySettings s = smallRun(CarSensitivityMode::Emulator);
        Matrix inputs = Matrix::Zero(2, 4);
        switch (which) {
        case 0: s.simulatorId = "nope"; break;
        case 1: s.samples = 1; break;
        case 2: s.trainingEpisodes = 1; break;
        case 3: s.designId = "nope"; break;
        case 4: s.kernelId = "nope"; break;
        case 5: s.episode.maxSteps = 0; break;
        case 6: inputs = Matrix::Zero(2, 3); break;
        case 7: inputs(1, 3) = std::numeric_limits<double>::quiet_NaN(); break;
        }
        try {
            if (which >= 6) {
                const auto simulator = makeSimulator("classic");
                carRewardsFromStarts(*simulator, inputs, {});
            } else {
                runCarSensitivity(s);
            }
            QFAIL("no exception");
        } catch (const InvalidInput& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
        // Emulator-only settings do not matter on the simulator.
        if (which == 2) {
            s.mode = CarSensitivityMode::Simulator;
            s.samples = 20;
            runCarSensitivity(s);
        }
    }
};

QTEST_APPLESS_MAIN(TestSensitivityExperiments)
#include "test_sensitivity_study.moc"

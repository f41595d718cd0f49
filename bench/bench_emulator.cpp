// Dynamics-emulator benchmarks against the targets of the data-efficient emulation lesson:
//   - training the two GPs on 500 random classic calls, hyperparameters with restarts: < 0.5 s;
//   - one emulated 500-step episode on the emulator's mean (with its trace): < 5 ms;
//   - 20 sampled emulated episodes (variances batched per step), for the band of paths;
//   - the whole emulator-BO experiment (500 calls, 25 + 50 on the emulator, validation):
//     < 2 s (Emukit + GPy take about 14 s);
//   - the sweep: simulator calls against the reward achieved on the simulator, for
//     N = 100, 250, 500, 1000 and the four designs over three seeds, plus small N where the
//     designs differ. One JSON line per cell ("benchmark": "emulator_sweep").
// Single-threaded, like the engine.

#include "bench_util.h"

#include "engine/core/memory.h"
#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/emulator_study.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

using namespace emu;

namespace {

std::string num(double x)
{
    return std::to_string(x);
}

void printSweep(const EmulatorSweepResult& sweep)
{
    for (const EmulatorSweepRow& r : sweep.rows)
        std::printf("{\"benchmark\": \"emulator_sweep\", \"design\": \"%s\", \"training_calls\": %d, "
                    "\"seed\": %llu, \"simulator_calls\": %llu, \"limited_calls\": %ld, "
                    "\"emulated_reward\": %.3f, \"reward\": %.3f, \"reached_goal\": %s, "
                    "\"steps\": %d, \"dp_nrmse\": %.3g, \"dv_nrmse\": %.3g, \"ms\": %.1f}\n",
                    r.design.c_str(), r.trainingCalls, static_cast<unsigned long long>(r.seed),
                    static_cast<unsigned long long>(r.simulatorCalls), static_cast<long>(r.limitedCalls),
                    r.emulatedReward, r.reward, r.reachedGoal ? "true" : "false", r.steps,
                    r.positionNrmse, r.velocityNrmse, 1000.0 * r.seconds);
    std::fflush(stdout);
}

} // namespace

int main()
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    std::shared_ptr<const DynamicsEmulator> emulator;
    for (const std::string design : {"random", "active"}) {
        EmulatorSettings settings; // 500 calls, 3 restarts
        settings.designId = design;
        double fitMs = 0.0;
        const auto ms = bench::timeRuns(
            [&] {
                const auto simulator = makeSimulator("classic");
                auto e = std::make_shared<const DynamicsEmulator>(
                    DynamicsEmulator::train(*simulator, settings));
                fitMs = 1000.0 * e->fitSeconds();
                if (e->simulatorCalls() != 500)
                    std::abort();
                if (design == "random")
                    emulator = e;
            },
            5);
        bench::report("emulator_train_500_" + design, ms,
                      "\"training_calls\": 500, \"restarts\": 3, \"fit_ms\": " + num(fitMs) +
                          (design == "random" ? ", \"target_ms\": 500" : ""));
    }
    {
        EmulatedMountainCar car(emulator);
        const LinearController idle{0.0, 0.0, 0.0}; // never leaves the valley: all 500 steps
        const auto ms = bench::timeRuns(
            [&] {
                if (runEpisode(car, idle).steps != MountainCar::maxSteps)
                    std::abort();
            },
            50);
        bench::report("emulated_episode_500", ms,
                      "\"steps\": 500, \"training_points\": " + std::to_string(emulator->size()) +
                          ", \"target_ms\": 5");

        const Matrix thetas = Matrix::Zero(20, LinearController::parameterCount);
        const auto batchMs = bench::timeRuns(
            [&] {
                if (car.runEpisodes(thetas, {}).back().steps != MountainCar::maxSteps)
                    std::abort();
            },
            5);
        bench::report("emulated_episodes_batch_20x500", batchMs,
                      "\"episodes\": 20, \"ms_per_episode\": " + num(bench::median(batchMs) / 20.0));

        EmulatedSampleSettings samples;
        samples.samples = 20;
        const auto sampleMs = bench::timeRuns(
            [&] {
                if (sampleEmulatedEpisodes(*emulator, idle, {}, samples).samples.size() != 20)
                    std::abort();
            },
            5);
        bench::report("emulated_samples_20x500", sampleMs,
                      "\"samples\": 20, \"steps\": 500, \"what\": \"mean and variance per step\"");
    }
    {
        EmulatorBoSettings settings; // the talk's: 500 random calls, 25 + 50 on the emulator
        settings.testPoints = 0;    // the held-out test is not part of the method
        EmulatorBoResult last;
        const auto ms = bench::timeRuns([&] { last = runEmulatorBayesianOptimization(settings); }, 5);
        if (!last.reachedGoal)
            std::abort();
        bench::report("emulator_bo_classic_500_25_plus_50", ms,
                      "\"simulator_calls\": " + std::to_string(last.simulatorCalls) +
                          ", \"direct_call_budget\": " + std::to_string(last.directCallBudget) +
                          ", \"reward\": " + num(last.reward) +
                          ", \"training_ms\": " + num(1000.0 * last.trainingSeconds) +
                          ", \"optimization_ms\": " + num(1000.0 * last.run.optimizationSeconds) +
                          ", \"emukit_gpy_ms\": 14000, \"target_ms\": 2000");
    }
    {
        EmulatorSweepSettings sweep;
        sweep.seeds = {0, 1, 2};
        sweep.base.testPoints = 1000;
        printSweep(runEmulatorSweep(sweep));
        sweep.trainingCalls = {8, 12, 16, 24, 32, 50};
        sweep.seeds = {0, 1, 2, 3, 4};
        printSweep(runEmulatorSweep(sweep));
    }
    return 0;
}

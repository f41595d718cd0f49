// Multi-fidelity dynamics-emulator benchmarks (the mountain-car part of multi-fidelity
// emulation): for the linear (AR1) and nonlinear (NARGP) models, each with one model per
// output (Δp, Δv) on 250 low-fidelity + 250 high-fidelity calls (the same inputs),
//   - training: the nested design, the 500 calls and the fits of both outputs;
//   - predicting the high level's mean and variance of both increments at 1000 points;
//   - one emulated 500-step episode on the high level's mean (what BO runs 75 times).
// Single-threaded, like the engine.

#include "bench_util.h"

#include "engine/core/memory.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/multi_fidelity_dynamics_emulator.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

using namespace emu;

int main()
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    // The linear model fitted jointly (what the car used before) and level by level (now).
    const std::pair<std::string, std::string> variants[] = {
        {"linear", "joint"}, {"linear", "recursive"}, {"nonlinear", "recursive"}};
    for (const auto& [model, linearFit] : variants) {
        const std::string name = model == "linear" ? model + "_" + linearFit : model;
        MfEmulatorSettings settings; // 250 + 250, 2 restarts
        settings.model = model;
        settings.linearFit = linearFit;
        std::shared_ptr<const MultiFidelityDynamicsEmulator> emulator;
        double fitMs = 0.0;
        const auto trainMs = bench::timeRuns(
            [&] {
                const auto low = makeSimulator("low");
                const auto high = makeSimulator("classic");
                emulator = std::make_shared<const MultiFidelityDynamicsEmulator>(
                    MultiFidelityDynamicsEmulator::train(*low, *high, settings));
                fitMs = 1000.0 * emulator->fitSeconds();
                if (low->calls() != 250 || high->calls() != 250)
                    std::abort();
            },
            3);
        ClassicMountainCar tester;
        const EmulatorTestError error = emulator->test(tester, 1000, 0);
        bench::report("mf_car_train_250_250_" + name, trainMs,
                      "\"low_calls\": 250, \"high_calls\": 250, \"restarts\": 2, \"fit_ms\": " +
                          std::to_string(fitMs) +
                          ", \"rho_dp\": " + bench::number(emulator->rho(0)) +
                          ", \"rho_dv\": " + bench::number(emulator->rho(1)) +
                          ", \"test_nrmse_dp\": " + bench::number(error.position.normalizedRmse) +
                          ", \"test_nrmse_dv\": " + bench::number(error.velocity.normalizedRmse));

        const Matrix X = DynamicsEmulator::testInputs(emulator->limits(), 1000, 0);
        const auto predictMs = bench::timeRuns(
            [&] {
                Matrix variance;
                if (emulator->predictIncrements(X, &variance).rows() != 1000)
                    std::abort();
            },
            5);
        bench::report("mf_car_predict_1000_" + name, predictMs,
                      "\"points\": 1000, \"what\": \"high-level mean and variance of dp, dv\"");

        MultiFidelityEmulatedMountainCar car(emulator);
        const LinearController idle{0.0, 0.0, 0.0}; // never leaves the valley: all 500 steps
        const auto episodeMs = bench::timeRuns(
            [&] {
                if (runEpisode(car, idle).steps != MountainCar::maxSteps)
                    std::abort();
            },
            5);
        bench::report("mf_car_episode_500_" + name, episodeMs, "\"steps\": 500");
    }
    return 0;
}

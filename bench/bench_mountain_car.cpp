// Mountain car benchmarks against the performance targets of the mountain car lessons:
//   - classic episodes of the full 500 steps (a controller that never reaches the goal), in a
//     batch of 1000 (Simulator::runEpisodes, the path of landscapes and BO) and one at a time
//     with the full trace (runEpisode, the path of the animation): episodes per second;
//   - the 100×100 reward landscape at theta0 = 0 on the classic simulator: < 100 ms;
//   - the talk's direct Bayesian optimisation (25 + 50 episodes on the classic simulator, GP
//     fits and EI included): < 1 s (Emukit + GPy take about 6 s for the same experiment);
//   - the posterior and acquisition surfaces of that run on a 100×100 grid (a heat-map redraw);
//   - one 500-step Box2D episode with its trace.
// Single-threaded, like the engine.

#include "bench_util.h"

#include "engine/core/memory.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/mountain_car_study.h"

#include <cstdlib>
#include <string>

using namespace emu;

namespace {

std::string perSecond(double count, double medianMs)
{
    return std::to_string(medianMs > 0.0 ? count / (medianMs / 1000.0) : 0.0);
}

} // namespace

int main()
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    // θ = 0: u = 0 throughout, the car only swings in the valley, every episode runs 500 steps.
    const LinearController idle{0.0, 0.0, 0.0};
    {
        constexpr Index count = 1000;
        const auto simulator = makeSimulator("classic");
        const Matrix thetas = Matrix::Zero(count, LinearController::parameterCount);
        const auto ms = bench::timeRuns(
            [&] {
                if (simulator->runEpisodes(thetas, {}).back().steps != MountainCar::maxSteps)
                    std::abort();
            },
            20);
        bench::report("classic_episodes_batch_1000x500", ms,
                      "\"episodes\": 1000, \"steps\": 500, \"episodes_per_second\": " +
                          perSecond(double(count), bench::median(ms)));
    }
    {
        constexpr int count = 100;
        const auto simulator = makeSimulator("classic");
        const auto ms = bench::timeRuns(
            [&] {
                for (int i = 0; i < count; ++i)
                    if (runEpisode(*simulator, idle).steps != MountainCar::maxSteps)
                        std::abort();
            },
            20);
        bench::report("classic_episode_traces_100x500", ms,
                      "\"episodes\": 100, \"steps\": 500, \"episodes_per_second\": " +
                          perSecond(double(count), bench::median(ms)));
    }
    {
        const auto simulator = makeSimulator("classic");
        const auto ms = bench::timeRuns(
            [&] {
                if (rewardLandscape(*simulator, 0.0).reward.size() != 100 * 100)
                    std::abort();
            },
            10);
        bench::report("classic_reward_landscape_100x100", ms,
                      "\"grid\": 10000, \"theta0\": 0, \"target_ms\": 100");
    }
    {
        DirectBoSettings settings; // the talk's 25 + 50 on the classic simulator
        DirectBoResult last;
        const auto ms = bench::timeRuns([&] { last = runDirectBayesianOptimization(settings); }, 5);
        if (!last.reachedGoal)
            std::abort();
        bench::report(
            "direct_bo_classic_25_plus_50", ms,
            "\"episodes\": 75, \"simulator_calls\": " + std::to_string(last.simulatorCalls) +
                ", \"call_budget\": " + std::to_string(last.callBudget) +
                ", \"best_reward\": " + std::to_string(last.bestReward) +
                ", \"fit_ms\": " + std::to_string(1000.0 * last.fitSeconds) +
                ", \"acquisition_ms\": " + std::to_string(1000.0 * last.acquisitionSeconds) +
                ", \"emukit_gpy_ms\": 6000, \"target_ms\": 1000");

        const auto surfaceMs = bench::timeRuns(
            [&] {
                const DirectBoSurface s = directBoSurface(last, 25, 0.0);
                if (s.acquisition.size() != 100 * 100)
                    std::abort();
            },
            10);
        bench::report("direct_bo_surfaces_100x100", surfaceMs,
                      "\"grid\": 10000, \"data\": 50, \"what\": \"mean, sd and EI\"");
    }
    {
        const auto simulator = makeSimulator("box2d");
        const auto ms = bench::timeRuns(
            [&] {
                if (runEpisode(*simulator, idle).steps != MountainCar::maxSteps)
                    std::abort();
            },
            5);
        bench::report("box2d_episode_500", ms,
                      "\"steps\": 500, \"steps_per_second\": " +
                          perSecond(double(MountainCar::maxSteps), bench::median(ms)));
    }
    return 0;
}

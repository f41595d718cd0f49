// The mountain car with three fidelities (crude equations, classic equations, Box2D) against
// the Box2D-only emulator pipeline, the benchmark of issue "compute or acquire data":
//
//   pipeline  a dynamics emulator trained on 500 Box2D calls, BO on it, one validation episode
//             on Box2D (emulator_study.h): charged its Box2D calls, training + validation.
//   MF BO     cost-aware MF BO of the controller (mountain_car_fidelities.h; a run costs its
//             steps in Box2D steps), an initial design of 20 crude, 10 classic and 1 Box2D
//             episodes, at most 150 runs and 1,500 Box2D steps: charged what it spent until its
//             first Box2D episode that reaches the goal.
//
// Per seed: whether each reached the goal on Box2D and at what cost; a win is MF BO reaching it
// for less than the pipeline spent (goal: 8 of 10 seeds). Usage: bench_mfbo_car [--seeds S]
// [--acquisition mf-mes|aei]. One JSON line per seed, then a summary.

#include "bench_util.h"

#include "engine/mfbo/mf_bo_loop.h"
#include "engine/studies/emulator_study.h"
#include "engine/studies/mountain_car_fidelities.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace emu;
using bench::number;

namespace {

struct MfOutcome
{
    bool reachedGoal = false;
    double cost = 0.0; ///< Box2D steps spent until the first goal on Box2D, or all spent
    std::size_t runs = 0;
    std::vector<double> spentPerLevel;
};

MfOutcome runMf(std::uint64_t seed, const std::string& acquisition)
{
    MfBoSettings settings;
    settings.acquisitionId = acquisition;
    settings.budget = 1500.0;
    settings.initialPoints = {20, 10, 1};
    settings.maxRuns = 150;
    settings.seed = seed;
    MultiFidelityBoLoop loop(mountainCarFidelities(), settings);
    MfOutcome out;
    while (!loop.isFinished() && !out.reachedGoal) {
        if (!loop.step())
            continue;
        const MfBoRun& run = loop.runs().back();
        out.reachedGoal = run.level == 2 && reachedGoal(run.value);
    }
    out.cost = loop.spent();
    out.runs = loop.runs().size();
    out.spentPerLevel = loop.spentPerLevel();
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    int seeds = 10;
    std::string acquisition = "mf-mes";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--seeds")
            seeds = std::max(1, std::atoi(argv[i + 1]));
        else if (option == "--acquisition")
            acquisition = argv[i + 1];
    }
    int wins = 0, mfGoals = 0, pipelineGoals = 0;
    for (int s = 1; s <= seeds; ++s) {
        EmulatorBoSettings pipeline;
        pipeline.simulatorId = "box2d";
        pipeline.testPoints = 0;
        pipeline.seed = std::uint64_t(s);
        const EmulatorBoResult p = runEmulatorBayesianOptimization(pipeline);
        const MfOutcome m = runMf(std::uint64_t(s), acquisition);
        const bool win = m.reachedGoal && m.cost < double(p.simulatorCalls);
        wins += win ? 1 : 0;
        mfGoals += m.reachedGoal ? 1 : 0;
        pipelineGoals += p.reachedGoal ? 1 : 0;
        std::printf("{\"benchmark\": \"mfbo_car_seed\", \"seed\": %d, \"acquisition\": \"%s\", \"pipeline_goal\": %s, "
                    "\"pipeline_box2d_calls\": %llu, \"mf_goal\": %s, \"mf_box2d_steps\": %s, \"mf_runs\": %zu, "
                    "\"mf_spent_per_level\": [%s, %s, %s], \"win\": %s}\n",
                    s, acquisition.c_str(), p.reachedGoal ? "true" : "false",
                    static_cast<unsigned long long>(p.simulatorCalls), m.reachedGoal ? "true" : "false",
                    number(m.cost).c_str(), m.runs, number(m.spentPerLevel[0]).c_str(),
                    number(m.spentPerLevel[1]).c_str(), number(m.spentPerLevel[2]).c_str(), win ? "true" : "false");
        std::fflush(stdout);
    }
    std::printf("{\"benchmark\": \"mfbo_car_summary\", \"acquisition\": \"%s\", \"seeds\": %d, \"wins\": %d, "
                "\"mf_goals\": %d, \"pipeline_goals\": %d, \"target_wins\": 8}\n",
                acquisition.c_str(), seeds, wins, mfGoals, pipelineGoals);
    return 0;
}

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
// for less than the pipeline spent (goal: 8 of 10 seeds). First, what the levels say of each
// other: the three episodes of 300 Sobol controllers, how many reach the goal at each level and
// at both the classic and the Box2D level, the correlation of their values, and an episode's
// mean cost. Usage: bench_mfbo_car [--seeds S] [--acquisition mf-mes|aei]. One JSON line for
// the levels, one per seed, then a summary.

#include "bench_util.h"

#include "engine/design/sobol_sequence.h"
#include "engine/mfbo/mf_bo_loop.h"
#include "engine/studies/emulator_study.h"
#include "engine/studies/mountain_car_fidelities.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace emu;
using bench::number;
using bench::numberList;

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

/// See the file comment: how far a cheap level's verdict on a controller holds on Box2D.
void printLevelAgreement(Index controllers)
{
    const MfObjective car = mountainCarFidelities();
    const Matrix thetas = car.space.fromUnitCube(SobolSequence(car.space.dimension()).next(controllers));
    const std::size_t levels = car.costs.size(), top = levels - 1;
    Matrix values(controllers, Index(levels));
    std::vector<double> goals(levels, 0.0), cost(levels, 0.0);
    int belowAndTop = 0;
    for (Index i = 0; i < controllers; ++i) {
        for (std::size_t l = 0; l < levels; ++l) {
            const MfRunOutcome run = car.runWithCost(Index(l), thetas.row(i));
            values(i, Index(l)) = run.value;
            cost[l] += run.cost / double(controllers);
            goals[l] += reachedGoal(run.value) ? 1.0 : 0.0;
        }
        belowAndTop += reachedGoal(values(i, Index(top - 1))) && reachedGoal(values(i, Index(top))) ? 1 : 0;
    }
    const Vector below = values.col(Index(top - 1)).array() - values.col(Index(top - 1)).mean();
    const Vector above = values.col(Index(top)).array() - values.col(Index(top)).mean();
    const double correlation = below.dot(above) / std::sqrt(below.squaredNorm() * above.squaredNorm());
    std::printf("{\"benchmark\": \"mfbo_car_levels\", \"controllers\": %lld, \"goals_per_level\": %s, "
                "\"goals_classic_and_box2d\": %d, \"correlation_classic_box2d\": %s, \"mean_episode_cost\": %s}\n",
                static_cast<long long>(controllers), numberList(goals).c_str(), belowAndTop,
                number(correlation).c_str(), numberList(cost).c_str());
    std::fflush(stdout);
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
    printLevelAgreement(300);
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
                    "\"mf_spent_per_level\": %s, \"win\": %s}\n",
                    s, acquisition.c_str(), p.reachedGoal ? "true" : "false",
                    static_cast<unsigned long long>(p.simulatorCalls), m.reachedGoal ? "true" : "false",
                    number(m.cost).c_str(), m.runs, numberList(m.spentPerLevel).c_str(), win ? "true" : "false");
        std::fflush(stdout);
    }
    std::printf("{\"benchmark\": \"mfbo_car_summary\", \"acquisition\": \"%s\", \"seeds\": %d, \"wins\": %d, "
                "\"mf_goals\": %d, \"pipeline_goals\": %d, \"target_wins\": 8}\n",
                acquisition.c_str(), seeds, wins, mfGoals, pipelineGoals);
    return 0;
}

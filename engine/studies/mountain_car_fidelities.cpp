#include "engine/studies/mountain_car_fidelities.h"

#include "engine/core/errors.h"
#include "engine/sim/linear_controller.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/mountain_car_study.h"

#include <cmath>

namespace emu {

std::vector<std::string> defaultCarFidelities()
{
    return {"low", "classic", "box2d"};
}

MfObjective mountainCarFidelities(const std::vector<std::string>& simulatorIds, const EpisodeSettings& episode)
{
    if (simulatorIds.size() < 2)
        throw InvalidInput("the car needs at least two fidelities");
    std::vector<double> stepCost;
    for (const std::string& id : simulatorIds)
        stepCost.push_back(makeSimulator(id)->relativeCost()); // throws for an unknown id
    const double topCost = stepCost.back();
    MfObjective objective;
    objective.name = "mountain car";
    const Matrix bounds = ControllerDomain::bounds();
    const std::vector<std::string> names = ControllerDomain::names();
    for (std::size_t j = 0; j < names.size(); ++j)
        objective.space.addContinuous(names[j], bounds(Index(j), 0), bounds(Index(j), 1));
    for (double c : stepCost)
        objective.costs.push_back(double(episode.maxSteps) * c / topCost);
    objective.runWithCost = [simulatorIds, stepCost, topCost, episode](Index level, const RowVector& theta) {
        if (level < 0 || level >= Index(simulatorIds.size()))
            throw InvalidInput("the car has fidelities 0 to " + std::to_string(simulatorIds.size() - 1));
        const auto simulator = makeSimulator(simulatorIds[std::size_t(level)]);
        const EpisodeSummary e = simulator->runEpisodes(Matrix(theta), episode).front();
        const double value = directBoObjectiveValue(DirectBoObjective::LogRewardGap, e.reward);
        return MfRunOutcome{value, std::max(1, e.steps) * stepCost[std::size_t(level)] / topCost};
    };
    objective.evaluate = [run = objective.runWithCost](Index level, const Matrix& X) {
        Vector y(X.rows());
        for (Index i = 0; i < X.rows(); ++i)
            y(i) = run(level, X.row(i)).value;
        return y;
    };
    return objective;
}

bool reachedGoal(double logRewardGap)
{
    // R = 100 [goal] − 0.1 Σu² with at most 500 steps of |u| ≤ 1: R ≥ 50 exactly when the goal
    // was reached, i.e. y = log(101 − R) ≤ log 51.
    return logRewardGap <= std::log(51.0);
}

} // namespace emu

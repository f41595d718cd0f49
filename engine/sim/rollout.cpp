#include "engine/sim/rollout.h"

#include "engine/core/errors.h"
#include "engine/sim/simulator_registry.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

Vector gridValues(double low, double high, Index count, const char* name)
{
    if (!std::isfinite(low) || !std::isfinite(high) || low > high)
        throw InvalidInput(std::string("landscape range of ") + name + " is invalid [" +
                           std::to_string(low) + ", " + std::to_string(high) + "]");
    if (count < 1)
        throw InvalidInput(std::string("landscape needs at least one value of ") + name + " (got " +
                           std::to_string(count) + ")");
    if (count == 1)
        return Vector::Constant(1, low);
    return Vector::LinSpaced(count, low, high);
}

} // namespace

EpisodeTrace runEpisode(Simulator& simulator, const LinearController& controller,
                        const EpisodeSettings& settings)
{
    controller.requireFinite();
    if (settings.maxSteps < 0)
        throw InvalidInput("episode maxSteps is negative (" + std::to_string(settings.maxSteps) +
                           ")");
    EpisodeTrace trace;
    trace.simulatorId = simulator.id();
    trace.controller = controller;
    trace.settings = settings;
    const std::uint64_t callsBefore = simulator.calls();
    simulator.reset(settings.start); // validates the start state
    const bool withPoses = simulator.hasPose();
    const std::size_t capacity = static_cast<std::size_t>(settings.maxSteps) + 1;
    trace.p.reserve(capacity);
    trace.v.reserve(capacity);
    trace.u.reserve(capacity);
    if (withPoses)
        trace.poses.reserve(capacity);

    CarState s = settings.start;
    double sumSquaredActions = 0.0;
    auto record = [&](const CarState& x) {
        trace.p.push_back(x.p);
        trace.v.push_back(x.v);
        if (withPoses)
            trace.poses.push_back(simulator.pose());
    };
    record(s);
    trace.maxPosition = s.p;
    trace.reachedGoal = s.p >= settings.goalPosition;
    while (!trace.reachedGoal && trace.steps < settings.maxSteps) {
        const double u = controller.action(s);
        trace.u.push_back(u);
        sumSquaredActions += u * u;
        s = simulator.advance(u);
        ++trace.steps;
        record(s);
        trace.maxPosition = std::max(trace.maxPosition, s.p);
        trace.reachedGoal = s.p >= settings.goalPosition;
    }
    trace.reward = EpisodeReward::of(trace.reachedGoal, sumSquaredActions);
    trace.simulatorCalls = simulator.calls() - callsBefore;
    return trace;
}

Vector episodeRewards(Simulator& simulator, const Matrix& thetas, const EpisodeSettings& settings)
{
    const std::vector<EpisodeSummary> episodes = simulator.runEpisodes(thetas, settings);
    Vector rewards(thetas.rows());
    for (Index i = 0; i < rewards.size(); ++i)
        rewards(i) = episodes[static_cast<std::size_t>(i)].reward;
    return rewards;
}

RewardLandscape rewardLandscape(Simulator& simulator, double theta0, const LandscapeGrid& grid,
                                const EpisodeSettings& settings, Progress& progress)
{
    if (!std::isfinite(theta0))
        throw InvalidInput("landscape theta0 is not finite (" + std::to_string(theta0) + ")");
    RewardLandscape out;
    out.simulatorId = simulator.id();
    out.theta0 = theta0;
    out.thetaP = gridValues(grid.thetaPMin, grid.thetaPMax, grid.thetaPCount, "thetaP");
    out.thetaV = gridValues(grid.thetaVMin, grid.thetaVMax, grid.thetaVCount, "thetaV");
    const Index rows = out.thetaP.size(), cols = out.thetaV.size();
    out.reward.resize(rows, cols);
    out.steps.resize(rows, cols);
    out.reachedGoal.resize(rows, cols);
    const std::uint64_t callsBefore = simulator.calls();

    Matrix thetas(cols, LinearController::parameterCount);
    thetas.col(1) = out.thetaV;
    thetas.col(2).setConstant(theta0);
    for (Index i = 0; i < rows; ++i) {
        progress.checkCancelled();
        thetas.col(0).setConstant(out.thetaP(i));
        const std::vector<EpisodeSummary> episodes = simulator.runEpisodes(thetas, settings);
        for (Index j = 0; j < cols; ++j) {
            const EpisodeSummary& e = episodes[static_cast<std::size_t>(j)];
            out.reward(i, j) = e.reward;
            out.steps(i, j) = e.steps;
            out.reachedGoal(i, j) = e.reachedGoal ? 1.0 : 0.0;
        }
        progress.report(double(i + 1), double(rows), "reward landscape");
    }
    out.reward.maxCoeff(&out.bestRow, &out.bestCol);
    out.simulatorCalls = simulator.calls() - callsBefore;
    return out;
}

RewardLandscape rewardLandscape(const std::string& simulatorId, double theta0,
                                const LandscapeGrid& grid, const EpisodeSettings& settings,
                                Progress& progress)
{
    const std::unique_ptr<Simulator> simulator = makeSimulator(simulatorId);
    return rewardLandscape(*simulator, theta0, grid, settings, progress);
}

} // namespace emu

#pragma once
// Plain value structs describing mountain car episodes: how to run one, what it achieved, and
// the full trajectory for plots and animation. Copyable snapshots, no pointers into simulators.
//
// Reward of an episode (the talk's "100 for target, minus squared sum of actions"):
//     R = 100 [goal reached] - 0.1 * sum_t u_t^2
// summed over the steps actually taken; an episode stops at the first state with p >= goal.

#include "engine/sim/linear_controller.h"
#include "engine/sim/mountain_car.h"

#include <cstdint>
#include <string>
#include <vector>

namespace emu {

/// How an episode is run.
struct EpisodeSettings
{
    CarState start = MountainCar::defaultStart();    ///< initial state x_0
    int maxSteps = MountainCar::maxSteps;            ///< at most this many control steps
    double goalPosition = MountainCar::goalPosition; ///< success once p >= goalPosition
};

/// What one episode achieved, without the trajectory (cheap, for landscapes and optimisers).
struct EpisodeSummary
{
    bool reachedGoal = false;
    int steps = 0; ///< control steps taken (= simulator calls)
    double sumSquaredActions = 0.0;
    double reward = 0.0;      ///< 100 [reachedGoal] - 0.1 sumSquaredActions
    double maxPosition = 0.0; ///< largest p seen, including the start
    CarState finalState;
};

/// One episode in full. p and v have steps + 1 entries (x_0 ... x_T), u has steps entries
/// (u_t moves x_t to x_{t+1}); poses has steps + 1 entries for simulators with a physical car
/// (Box2D) and is empty otherwise.
struct EpisodeTrace
{
    std::string simulatorId;
    LinearController controller;
    EpisodeSettings settings;
    std::vector<double> p;
    std::vector<double> v;
    std::vector<double> u;
    std::vector<CarPose> poses;
    bool reachedGoal = false;
    int steps = 0;
    double reward = 0.0;
    double maxPosition = 0.0;
    std::uint64_t simulatorCalls = 0; ///< calls this episode made (= steps)
};

/// Reward constants: R = goalBonus [reached] - actionPenalty * sum u^2.
struct EpisodeReward
{
    static constexpr double goalBonus = 100.0;
    static constexpr double actionPenalty = 0.1;

    /// The reward of an episode that did or did not reach the goal with this sum of u_t^2.
    static double of(bool reachedGoal, double sumSquaredActions)
    {
        return (reachedGoal ? goalBonus : 0.0) - actionPenalty * sumSquaredActions;
    }
};

} // namespace emu

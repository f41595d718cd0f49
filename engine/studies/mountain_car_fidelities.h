#pragma once
// The mountain car's controller at several fidelities, as a multi-fidelity objective: level l
// runs one episode of the linear controller θ = (θp, θv, θ0) ∈ ControllerDomain on simulator
// ids[l], lowest fidelity first (by default the crude equations, the classic ones and Box2D),
// and gives y = log(101 − R(θ)), the log reward gap of direct BO (mountain_car_study.h).
//
// A run costs what its episode did: its steps × the simulator's relative cost of a step,
// divided by the top simulator's, i.e. in top-simulator steps, the unit the Box2D-only
// emulator pipeline is charged in (its training calls plus its validation episode). Before a
// level's first run, a full episode (maxSteps) is the estimate.

#include "engine/mfbo/mf_objective.h"
#include "engine/sim/episode_trace.h"

#include <string>
#include <vector>

namespace emu {

/// The default fidelities: the crude equations, the classic equations, Box2D physics.
std::vector<std::string> defaultCarFidelities();

/// See the file comment. Throws InvalidInput for fewer than two ids or an unknown one.
MfObjective mountainCarFidelities(const std::vector<std::string>& simulatorIds = defaultCarFidelities(),
                                  const EpisodeSettings& episode = {});

/// Whether an objective value of mountainCarFidelities() is an episode that reached the goal.
bool reachedGoal(double logRewardGap);

} // namespace emu

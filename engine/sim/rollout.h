#pragma once
// Running linear controllers on a simulator: one episode in full (for plots and animation),
// rewards of many controllers at once (the objective Bayesian optimisation maximises), and the
// reward landscape over a (thetaP, thetaV) grid at fixed theta0 (the lessons' heat map).
//
// Rewards follow EpisodeReward: R(theta) = 100 [goal reached] - 0.1 sum_t u_t^2, episodes stop
// at the goal, so the simulator calls counted equal the steps taken.

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/sim/episode_trace.h"
#include "engine/sim/simulator.h"

#include <cstdint>
#include <string>

namespace emu {

/// A regular grid over (thetaP, thetaV), both ends included; defaults to the controller domain.
struct LandscapeGrid
{
    double thetaPMin = ControllerDomain::thetaPMin;
    double thetaPMax = ControllerDomain::thetaPMax;
    Index thetaPCount = 100;
    double thetaVMin = ControllerDomain::thetaVMin;
    double thetaVMax = ControllerDomain::thetaVMax;
    Index thetaVCount = 100;
};

/// Rewards on a (thetaP, thetaV) grid at fixed theta0.
struct RewardLandscape
{
    std::string simulatorId;
    double theta0 = 0.0;
    Vector thetaP;      ///< grid values along rows
    Vector thetaV;      ///< grid values along columns
    Matrix reward;      ///< reward(i, j) of the controller (thetaP(i), thetaV(j), theta0)
    Matrix steps;       ///< episode lengths, same layout
    Matrix reachedGoal; ///< 1 where the episode reached the goal, else 0
    Index bestRow = 0;  ///< cell with the largest reward (first in column-major order on ties)
    Index bestCol = 0;
    std::uint64_t simulatorCalls = 0; ///< calls made for the whole landscape

    /// The controller of the best cell.
    LinearController best() const { return {thetaP(bestRow), thetaV(bestCol), theta0}; }
};

/// Runs `controller` from settings.start and records every step (and poses if the simulator
/// has them). Throws InvalidInput on a non-finite controller or start state.
EpisodeTrace runEpisode(Simulator& simulator, const LinearController& controller,
                        const EpisodeSettings& settings = {});

/// Rewards of the controllers in the rows (thetaP, thetaV, theta0) of `thetas`, one per row.
Vector episodeRewards(Simulator& simulator, const Matrix& thetas,
                      const EpisodeSettings& settings = {});

/// The reward landscape; one batch of episodes per grid row, reporting progress and checking
/// for cancellation between rows. Throws InvalidInput on a bad grid or theta0.
RewardLandscape rewardLandscape(Simulator& simulator, double theta0, const LandscapeGrid& grid = {},
                                const EpisodeSettings& settings = {},
                                Progress& progress = Progress::none());
/// The same on a fresh simulator from the registry.
RewardLandscape rewardLandscape(const std::string& simulatorId, double theta0,
                                const LandscapeGrid& grid = {},
                                const EpisodeSettings& settings = {},
                                Progress& progress = Progress::none());

} // namespace emu

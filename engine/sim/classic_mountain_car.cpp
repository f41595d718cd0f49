#include "engine/sim/classic_mountain_car.h"

#include "engine/sim/episode_loop.h"

#include <algorithm>
#include <cmath>

namespace emu {

CarState ClassicMountainCar::equations(const CarState& s, double u)
{
    double v = std::clamp(s.v + power * u - gravity * std::cos(3.0 * s.p), -MountainCar::maxSpeed,
                          MountainCar::maxSpeed);
    const double p = std::clamp(s.p + v, MountainCar::minPosition, MountainCar::maxPosition);
    if (p == MountainCar::minPosition && v < 0.0)
        v = 0.0;
    return {p, v};
}

Simulator::State ClassicMountainCar::computeStep(const State& s, double u)
{
    return equations(s, u);
}

void ClassicMountainCar::computeStepBatch(const Matrix& statesAndActions, Matrix& next)
{
    for (Index i = 0; i < statesAndActions.rows(); ++i) {
        const State n = equations({statesAndActions(i, 0), statesAndActions(i, 1)},
                                  std::clamp(statesAndActions(i, 2), -1.0, 1.0));
        next(i, 0) = n.p;
        next(i, 1) = n.v;
    }
}

void ClassicMountainCar::computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                                         std::vector<EpisodeSummary>& out)
{
    detail::runEpisodesInterleaved<4>(thetas, settings, out,
                                      [](const State& s, double u) { return equations(s, u); });
}

} // namespace emu

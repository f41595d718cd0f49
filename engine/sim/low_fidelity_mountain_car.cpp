#include "engine/sim/low_fidelity_mountain_car.h"

#include "engine/sim/episode_loop.h"

#include <algorithm>
#include <cmath>

namespace emu {

StateLimits LowFidelityMountainCar::limits() const
{
    StateLimits l;
    l.left = l.right = l.speed = EdgeRule::None;
    return l;
}

CarState LowFidelityMountainCar::equations(const CarState& s, double u)
{
    const double c = std::cos(3.3 * s.p - 0.3);
    const double dv = 0.002 * u - 0.004 * c * c - 0.001;
    return {s.p + dv, s.v + dv};
}

Simulator::State LowFidelityMountainCar::computeStep(const State& s, double u)
{
    return equations(s, u);
}

void LowFidelityMountainCar::computeStepBatch(const Matrix& statesAndActions, Matrix& next)
{
    for (Index i = 0; i < statesAndActions.rows(); ++i) {
        const State n = equations({statesAndActions(i, 0), statesAndActions(i, 1)},
                                  std::clamp(statesAndActions(i, 2), -1.0, 1.0));
        next(i, 0) = n.p;
        next(i, 1) = n.v;
    }
}

void LowFidelityMountainCar::computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                                             std::vector<EpisodeSummary>& out)
{
    detail::runEpisodesInterleaved<4>(thetas, settings, out,
                                      [](const State& s, double u) { return equations(s, u); });
}

} // namespace emu

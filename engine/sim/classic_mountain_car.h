#pragma once
// The classic (continuous-action) mountain car: the high-fidelity simulator of the lessons,
// as in OpenAI Gym's MountainCarContinuous.
//
//     v' = clip(v + 0.0015 u - 0.0025 cos(3p), -0.07, 0.07)
//     p' = clip(p + v', -1.2, 0.6)
//     v' = 0  if p' = -1.2 and v' < 0          (an inelastic wall on the left)
//
// with u clipped to [-1, 1]. The engine (0.0015) is weaker than the largest pull of gravity
// (0.0025), so the car must swing back and forth to reach the goal p >= 0.45.

#include "engine/sim/simulator.h"

namespace emu {

class ClassicMountainCar : public Simulator
{
public:
    static constexpr double power = 0.0015;   ///< velocity change per step at u = 1
    static constexpr double gravity = 0.0025; ///< amplitude of the cos(3p) term

    /// The equations above as a plain function (u must already be in [-1, 1]); not counted.
    static CarState equations(const CarState& s, double u);

    std::string id() const override { return "classic"; }
    std::string displayName() const override { return "Classic mountain car"; }
    int fidelity() const override { return 1; }
    double relativeCost() const override { return 1.0; }
    StateLimits limits() const override { return StateLimits::classic(); }

protected:
    State computeStep(const State& s, double u) override;
    void computeStepBatch(const Matrix& statesAndActions, Matrix& next) override;
    void computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                         std::vector<EpisodeSummary>& out) override;
};

} // namespace emu

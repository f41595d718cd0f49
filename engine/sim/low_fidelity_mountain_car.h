#pragma once
// A deliberately corrupted, cheaper mountain car: the low-fidelity simulator of the
// multi-fidelity lesson (after the talk's `low_cost_simulation`).
//
//     dv = 0.002 u - 0.004 cos^2(3.3 p - 0.3) - 0.001
//     v' = v + dv,   p' = p + dv               (no clipping, no walls)
//
// Note dp = dv, not v': the low-fidelity model predicts the two increments the emulators learn
// (delta v and delta p) with the same corrupted formula. It is meant to be correlated with the
// classic increments for multi-fidelity emulation, not to be driven: p - v never changes, and
// since dv < 0 wherever cos^2(3.3p - 0.3) > 1/4 even at u = 1, a car starting near the valley
// floor only drifts left; no controller in the domain reaches the goal on it.

#include "engine/sim/simulator.h"

namespace emu {

class LowFidelityMountainCar : public Simulator
{
public:
    /// The equations above as a plain function (u must already be in [-1, 1]); not counted.
    static CarState equations(const CarState& s, double u);

    std::string id() const override { return "low"; }
    std::string displayName() const override { return "Low-fidelity mountain car"; }
    int fidelity() const override { return 0; }
    /// Nominal: the lessons treat it as five times cheaper than the classic simulator.
    double relativeCost() const override { return 0.2; }
    /// No rule at any edge; the classic box bounds where emulators learn it.
    StateLimits limits() const override;

protected:
    State computeStep(const State& s, double u) override;
    void computeStepBatch(const Matrix& statesAndActions, Matrix& next) override;
    void computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                         std::vector<EpisodeSummary>& out) override;
};

} // namespace emu

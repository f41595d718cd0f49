#pragma once
// Expected improvement (Močkus 1975; Jones, Schonlau & Welch 1998), for minimisation.
//
// With the best observation y⁺ = min_i y_i, a jitter ξ ≥ 0 that demands a minimum improvement
// (more exploration), f(x) ~ N(μ, σ²) and u = (y⁺ − ξ − μ)/σ:
//   EI(x) = E[max(0, y⁺ − ξ − f(x))] = σ (uΦ(u) + ψ(u))
//   ∂EI/∂μ = −Φ(u),   ∂EI/∂σ = ψ(u),   so ∂EI/∂v = ψ(u)/(2σ)
// At σ = 0 the improvement is certain: EI = max(0, y⁺ − ξ − μ), ∂EI/∂μ = −[y⁺ − ξ > μ].

#include "engine/bo/acquisition.h"

namespace emu {

/// Expected improvement over the best observation minus ξ; parameter "jitter" (ξ).
class ExpectedImprovement : public MarginalAcquisition
{
public:
    /// ξ = `jitter` (≥ 0, in the units of the objective).
    explicit ExpectedImprovement(double jitter = 0.01);
    std::unique_ptr<Acquisition> clone() const override;
    std::string id() const override { return "ei"; }
    std::string displayName() const override { return "Expected improvement"; }

protected:
    Vector fromMarginals(const Model& model, const Prediction& p, Vector* dMean,
                         Vector* dVariance) const override;
};

} // namespace emu

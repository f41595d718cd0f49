#pragma once
// Probability of improvement (Kushner 1964), for minimisation.
//
// With y⁺ = min_i y_i, jitter ξ ≥ 0, f(x) ~ N(μ, σ²) and u = (y⁺ − ξ − μ)/σ:
//   PI(x) = P(f(x) < y⁺ − ξ) = Φ(u)
//   ∂PI/∂μ = −ψ(u)/σ,   ∂PI/∂v = −u ψ(u)/(2v)
// At σ = 0: PI = 1 if μ < y⁺ − ξ, ½ if equal, 0 otherwise, with zero gradient.

#include "engine/bo/acquisition.h"

namespace emu {

/// Probability of improving on the best observation by more than ξ; parameter "jitter" (ξ).
class ProbabilityOfImprovement : public MarginalAcquisition
{
public:
    /// ξ = `jitter` (≥ 0, in the units of the objective).
    explicit ProbabilityOfImprovement(double jitter = 0.01);
    std::unique_ptr<Acquisition> clone() const override;
    std::string id() const override { return "pi"; }
    std::string displayName() const override { return "Probability of improvement"; }

protected:
    Vector fromMarginals(const Model& model, const Prediction& p, Vector* dMean,
                         Vector* dVariance) const override;
};

} // namespace emu

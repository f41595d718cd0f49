#pragma once
// Lower confidence bound (GP-UCB of Srinivas et al. 2010, for minimisation), written as an
// acquisition to MAXIMISE:
//   LCB(x) = −(μ − βσ) = −μ + β√v
//   ∂LCB/∂μ = −1,   ∂LCB/∂v = β/(2σ)   (0 at σ = 0)
// β ≥ 0 trades exploitation (β = 0: the posterior mean) for exploration (large β).
// The value has the sign and units of the objective, so it can be negative.

#include "engine/bo/acquisition.h"

namespace emu {

/// Negated lower confidence bound μ − βσ; parameter "beta" (β).
class LowerConfidenceBound : public MarginalAcquisition
{
public:
    explicit LowerConfidenceBound(double beta = 2.0);
    std::unique_ptr<Acquisition> clone() const override;
    std::string id() const override { return "lcb"; }
    std::string displayName() const override { return "Lower confidence bound"; }
    bool isNonNegative() const override { return false; }

protected:
    Vector fromMarginals(const Model& model, const Prediction& p, Vector* dMean,
                         Vector* dVariance) const override;
};

} // namespace emu

#pragma once
// Model variance (uncertainty sampling) for experimental design: evaluate where the model is
// least certain about the latent function.
//   a(x) = v(x) = Var[f(x)],   ∂a/∂μ = 0,   ∂a/∂v = 1
// Greedy maximisation of the variance of a GP with fixed hyperparameters does not depend on the
// observed values at all, only on where the data are.

#include "engine/bo/acquisition.h"

namespace emu {

/// The latent predictive variance; no parameters.
class ModelVariance : public MarginalAcquisition
{
public:
    ModelVariance() = default;
    std::unique_ptr<Acquisition> clone() const override;
    std::string id() const override { return "variance"; }
    std::string displayName() const override { return "Model variance"; }

protected:
    Vector fromMarginals(const Model& model, const Prediction& p, Vector* dMean,
                         Vector* dVariance) const override;
};

} // namespace emu

#include "engine/bo/model_variance.h"

namespace emu {

std::unique_ptr<Acquisition> ModelVariance::clone() const
{
    return std::make_unique<ModelVariance>(*this);
}

Vector ModelVariance::fromMarginals(const Model&, const Prediction& p, Vector* dMean,
                                    Vector* dVariance) const
{
    if (dMean) {
        dMean->setZero(p.mean.size());
        dVariance->setOnes(p.mean.size());
    }
    return p.variance.cwiseMax(0.0);
}

} // namespace emu

#include "engine/bo/lower_confidence_bound.h"

#include <cmath>

namespace emu {

LowerConfidenceBound::LowerConfidenceBound(double beta)
    : MarginalAcquisition({{"beta", "Exploration β",
                            "How many standard deviations below the mean to look: larger "
                            "values explore more.",
                            2.0, 0.0, 100.0, false}})
{
    setParameter("beta", beta);
}

std::unique_ptr<Acquisition> LowerConfidenceBound::clone() const
{
    return std::make_unique<LowerConfidenceBound>(*this);
}

Vector LowerConfidenceBound::fromMarginals(const Model&, const Prediction& p, Vector* dMean,
                                           Vector* dVariance) const
{
    const double beta = parameterValue(0);
    const Vector sigma = p.variance.cwiseMax(0.0).cwiseSqrt();
    if (dMean) {
        dMean->setConstant(p.mean.size(), -1.0);
        dVariance->resize(p.mean.size());
        for (Index i = 0; i < sigma.size(); ++i)
            (*dVariance)(i) = sigma(i) > 0.0 ? beta / (2.0 * sigma(i)) : 0.0;
    }
    return -p.mean + beta * sigma;
}

} // namespace emu

#include "engine/bo/expected_improvement.h"

#include "engine/bo/normal_math.h"

#include <cmath>

namespace emu {

ExpectedImprovement::ExpectedImprovement(double jitter)
    : MarginalAcquisition({{"jitter", "Jitter ξ",
                            "Only improvements larger than ξ count: larger values explore more.",
                            0.01, 0.0, 1e6, false}})
{
    setParameter("jitter", jitter);
}

std::unique_ptr<Acquisition> ExpectedImprovement::clone() const
{
    return std::make_unique<ExpectedImprovement>(*this);
}

Vector ExpectedImprovement::fromMarginals(const Model& model, const Prediction& p, Vector* dMean,
                                          Vector* dVariance) const
{
    const double target = bestObservedValue(model) - parameterValue(0);
    const Index n = p.mean.size();
    Vector value(n);
    if (dMean) {
        dMean->resize(n);
        dVariance->resize(n);
    }
    for (Index i = 0; i < n; ++i) {
        const double gap = target - p.mean(i);
        const double v = p.variance(i);
        if (!(v > 0.0)) {
            value(i) = std::max(0.0, gap);
            if (dMean) {
                (*dMean)(i) = gap > 0.0 ? -1.0 : 0.0;
                (*dVariance)(i) = 0.0;
            }
            continue;
        }
        const double sigma = std::sqrt(v);
        const double u = gap / sigma;
        value(i) = sigma * normal::expectedPositivePart(u);
        if (dMean) {
            (*dMean)(i) = -normal::cdf(u);
            (*dVariance)(i) = normal::pdf(u) / (2.0 * sigma);
        }
    }
    return value;
}

} // namespace emu

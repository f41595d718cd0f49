#include "engine/bo/probability_of_improvement.h"

#include "engine/bo/normal_math.h"

#include <cmath>

namespace emu {

ProbabilityOfImprovement::ProbabilityOfImprovement(double jitter)
    : MarginalAcquisition({{"jitter", "Jitter ξ",
                            "Only improvements larger than ξ count: larger values explore more.",
                            0.01, 0.0, 1e6, false}})
{
    setParameter("jitter", jitter);
}

std::unique_ptr<Acquisition> ProbabilityOfImprovement::clone() const
{
    return std::make_unique<ProbabilityOfImprovement>(*this);
}

Vector ProbabilityOfImprovement::fromMarginals(const Model& model, const Prediction& p,
                                               Vector* dMean, Vector* dVariance) const
{
    const double target = bestObservedValue(model) - parameterValue(0);
    const Index n = p.mean.size();
    Vector value(n);
    if (dMean) {
        dMean->setZero(n);
        dVariance->setZero(n);
    }
    for (Index i = 0; i < n; ++i) {
        const double gap = target - p.mean(i);
        const double v = p.variance(i);
        if (!(v > 0.0)) {
            value(i) = gap > 0.0 ? 1.0 : gap == 0.0 ? 0.5 : 0.0;
            continue;
        }
        const double sigma = std::sqrt(v);
        const double u = gap / sigma;
        value(i) = normal::cdf(u);
        if (dMean) {
            const double density = normal::pdf(u); // 0 once u² overflows: no inf·0
            (*dMean)(i) = -density / sigma;
            (*dVariance)(i) = density == 0.0 ? 0.0 : -u * density / (2.0 * v);
        }
    }
    return value;
}

} // namespace emu

#include "engine/mfbo/mf_acquisition.h"

#include "engine/bo/normal_math.h"
#include "engine/core/errors.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/mf/linear_multi_fidelity_model.h"

#include <cmath>

namespace emu {

Matrix allLevelInputs(const LinearMultiFidelityModel& model)
{
    Index rows = 0;
    for (Index level = 0; level < model.levelCount(); ++level)
        rows += model.levelInputs(level).rows();
    Matrix all(rows, model.spaceDim());
    Index offset = 0;
    for (Index level = 0; level < model.levelCount(); ++level) {
        const Matrix& X = model.levelInputs(level);
        all.middleRows(offset, X.rows()) = X;
        offset += X.rows();
    }
    return all;
}

std::unique_ptr<MfAcquisition> AugmentedExpectedImprovement::clone() const
{
    return std::make_unique<AugmentedExpectedImprovement>(*this);
}

void AugmentedExpectedImprovement::update(const LinearMultiFidelityModel& model,
                                          const ParameterSpace&, const std::vector<double>& costs,
                                          std::uint64_t)
{
    requireLevelCosts(costs, model.levelCount());
    const Matrix candidates = allLevelInputs(model);
    if (candidates.rows() == 0)
        throw InvalidInput("augmented expected improvement needs at least one observation");
    const Prediction top = model.predict(model.levelCount() - 1, candidates);
    Index best = 0;
    (top.mean + top.variance.cwiseMax(0.0).cwiseSqrt()).minCoeff(&best);
    m_effectiveBest = top.mean(best);
    m_costs = costs;
}

Vector AugmentedExpectedImprovement::evaluate(const LinearMultiFidelityModel& model,
                                              const Matrix& X, Index level) const
{
    if (m_costs.size() != std::size_t(model.levelCount()))
        throw InvalidInput("augmented expected improvement: call update() with this model first");
    const Index top = model.levelCount() - 1;
    const LevelPairPrediction pair = model.predictPair(level, top, X);
    const double noiseVariance =
        model.noiseVariance(level) * model.outputScale() * model.outputScale();
    const double costRatio = m_costs[std::size_t(top)] / m_costs[std::size_t(level)];
    Vector value(X.rows());
    for (Index i = 0; i < X.rows(); ++i) {
        const double vTop = std::max(0.0, pair.upper.variance(i));
        const double vLevel = std::max(0.0, pair.lower.variance(i));
        const double gap = m_effectiveBest - pair.upper.mean(i);
        const double sTop = std::sqrt(vTop);
        const double improvement =
            sTop > 0.0 ? sTop * normal::expectedPositivePart(gap / sTop) : std::max(0.0, gap);
        double correlation = 1.0;
        if (level != top)
            correlation = vTop > 0.0 && vLevel > 0.0
                              ? std::min(1.0, std::abs(pair.covariance(i)) / std::sqrt(vTop * vLevel))
                              : 0.0;
        const double noiseFactor =
            noiseVariance > 0.0 ? 1.0 - std::sqrt(noiseVariance / (vLevel + noiseVariance)) : 1.0;
        value(i) = improvement * correlation * noiseFactor * costRatio;
    }
    return value;
}

std::unique_ptr<MfAcquisition> HighFidelityExpectedImprovement::clone() const
{
    return std::make_unique<HighFidelityExpectedImprovement>(*this);
}

void HighFidelityExpectedImprovement::update(const LinearMultiFidelityModel& model,
                                             const ParameterSpace&, const std::vector<double>& costs,
                                             std::uint64_t)
{
    requireLevelCosts(costs, model.levelCount());
    const Vector& y = model.levelOutputs(model.levelCount() - 1);
    if (y.size() == 0)
        throw InvalidInput("expected improvement needs at least one high-fidelity observation");
    m_best = y.minCoeff();
    m_topCost = costs.back();
}

Vector HighFidelityExpectedImprovement::evaluate(const LinearMultiFidelityModel& model,
                                                 const Matrix& X, Index level) const
{
    if (m_topCost <= 0.0)
        throw InvalidInput("expected improvement: call update() with this model first");
    const Index top = model.levelCount() - 1;
    if (level != top)
        return Vector::Zero(X.rows());
    const Prediction p = model.predict(top, X);
    Vector value(X.rows());
    for (Index i = 0; i < X.rows(); ++i) {
        const double s = std::sqrt(std::max(0.0, p.variance(i)));
        const double gap = m_best - p.mean(i);
        value(i) = (s > 0.0 ? s * normal::expectedPositivePart(gap / s) : std::max(0.0, gap)) / m_topCost;
    }
    return value;
}

} // namespace emu

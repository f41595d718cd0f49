#include "engine/bo/local_penalization.h"

#include "engine/bo/acquisition.h"
#include "engine/bo/normal_math.h"
#include "engine/core/errors.h"
#include "engine/model/model.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

/// log g(a) and d log g/da, with g the identity (non-negative acquisitions) or softplus.
void logTransform(double a, bool nonNegative, double& value, double& slope)
{
    if (nonNegative) {
        // The floor keeps log finite where the acquisition vanishes (EI far from anything).
        constexpr double floor = 1e-300;
        const double shifted = std::max(a, 0.0) + floor;
        value = std::log(shifted);
        slope = 1.0 / shifted;
        return;
    }
    if (a > 30.0) { // softplus(a) = a + log(1 + e^−a) ≈ a
        value = std::log(a);
        slope = 1.0 / a;
    } else if (a < -30.0) { // softplus(a) ≈ eᵃ
        value = a;
        slope = 1.0;
    } else {
        const double sp = std::log1p(std::exp(a));
        value = std::log(sp);
        slope = 1.0 / ((1.0 + std::exp(-a)) * sp);
    }
}

} // namespace

LocalPenalizer::LocalPenalizer(double lipschitz, double bestValue)
    : m_lipschitz(lipschitz), m_best(bestValue)
{
    if (!(lipschitz > 0.0) || !std::isfinite(lipschitz) || !std::isfinite(bestValue))
        throw InvalidInput("local penalisation needs a positive, finite Lipschitz constant and "
                           "a finite best value");
}

void LocalPenalizer::addCentre(const Model& model, const RowVector& x)
{
    const Prediction p = model.predict(Matrix(x));
    const Index k = size();
    m_centres.conservativeResize(k + 1, x.size());
    m_centres.row(k) = x;
    m_gap.push_back(std::max(p.mean(0) - m_best, 0.0)); // μ_k − M, never a negative radius
    // A certain prediction would make φ a step (and its slope infinite); a floor far below
    // the values' own scale keeps it smooth.
    const double floor = std::max(1e-9 * (std::abs(p.mean(0)) + std::abs(m_best)), 1e-150);
    m_sd.push_back(std::max(std::sqrt(std::max(p.variance(0), 0.0)), floor));
}

Vector LocalPenalizer::logPenalty(const Matrix& X, Matrix* gradient) const
{
    Vector total = Vector::Zero(X.rows());
    if (gradient)
        gradient->setZero(X.rows(), X.cols());
    for (Index k = 0; k < size(); ++k) {
        const double gap = m_gap[std::size_t(k)], sd = m_sd[std::size_t(k)];
        for (Index i = 0; i < X.rows(); ++i) {
            const RowVector diff = X.row(i) - m_centres.row(k);
            const double dist = diff.norm();
            const double z = (m_lipschitz * dist - gap) / sd;
            total(i) += normal::logCdf(z);
            if (gradient && dist > 0.0)
                gradient->row(i) +=
                    (normal::inverseMillsRatio(z) * m_lipschitz / (sd * dist)) * diff;
        }
    }
    return total;
}

double estimateLipschitzConstant(const Model& model, const Matrix& points,
                                 const ParameterSpace& space)
{
    const PredictionGradient g = model.predictGradient(points);
    double L = 0.0;
    for (Index i = 0; i < points.rows(); ++i) {
        const double norm = g.meanGradient.row(i).norm();
        if (std::isfinite(norm))
            L = std::max(L, norm);
    }
    const Vector& y = model.outputs();
    const double diameter = (space.upperBounds() - space.lowerBounds()).norm();
    const double fallback =
        y.size() > 1 && diameter > 0.0 ? (y.maxCoeff() - y.minCoeff()) / diameter : 0.0;
    if (L > 1e-9 * fallback && L > 0.0)
        return L;
    return fallback > 0.0 ? fallback : 1.0;
}

Matrix suggestLocallyPenalizedBatch(const Acquisition& acquisition, const Model& model,
                                    const AcquisitionOptimizer& optimizer, Index q,
                                    std::uint64_t seed, const Matrix& extraAnchors, Vector* values)
{
    if (q < 1)
        throw InvalidInput("a batch needs at least one point, got " + std::to_string(q));
    const Index d = optimizer.space().dimension();
    Matrix batch(q, d);
    Vector acquired(q);
    const AcquisitionOptimum first = optimizer.maximize(acquisition, model, seed, extraAnchors);
    batch.row(0) = first.x;
    acquired(0) = first.value;
    if (q > 1) {
        const Matrix anchors = optimizer.anchors(seed, model.inputs());
        // M estimates the minimum value: the best observation, or the posterior mean's
        // minimum where the model predicts lower (the batch's first point usually lies there;
        // with M above μ_k the ball would be empty and x_k not penalised at all).
        const double minimum =
            std::min(bestObservedValue(model), model.predict(anchors).mean.minCoeff());
        LocalPenalizer penalizer(estimateLipschitzConstant(model, anchors, optimizer.space()),
                                 minimum);
        penalizer.addCentre(model, first.x);
        const bool nonNegative = acquisition.isNonNegative();
        const BatchFunction penalised = [&](const Matrix& X, Matrix* gradient) {
            Vector a = gradient ? acquisition.evaluateWithGradient(model, X, *gradient)
                                : acquisition.evaluate(model, X);
            Matrix penaltyGradient;
            Vector out = penalizer.logPenalty(X, gradient ? &penaltyGradient : nullptr);
            for (Index i = 0; i < X.rows(); ++i) {
                double value = 0.0, slope = 0.0;
                logTransform(a(i), nonNegative, value, slope);
                out(i) += value;
                if (gradient)
                    gradient->row(i) = slope * gradient->row(i) + penaltyGradient.row(i);
            }
            return out;
        };
        for (Index j = 1; j < q; ++j) {
            const AcquisitionOptimum next = optimizer.maximize(penalised, seed + std::uint64_t(j),
                                                               extraAnchors, batch.topRows(j));
            batch.row(j) = next.x;
            acquired(j) = acquisition.evaluate(model, Matrix(next.x))(0);
            penalizer.addCentre(model, next.x);
        }
    }
    if (values)
        *values = acquired;
    return batch;
}

} // namespace emu

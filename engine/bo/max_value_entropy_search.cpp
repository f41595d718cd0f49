#include "engine/bo/max_value_entropy_search.h"

#include "engine/bo/normal_math.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/design/designs.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

/// log P(w < t) = Σ_i log Φ((t + μ_i)/σ_i) for the maximum w of −f over the grid.
double logMaxCdf(double t, const Vector& mean, const Vector& sd)
{
    double sum = 0.0;
    for (Index i = 0; i < mean.size(); ++i)
        sum += normal::logCdf((t + mean(i)) / sd(i));
    return sum;
}

/// The t with logMaxCdf(t) = log p, by bracketing and bisection.
double maxQuantile(double p, const Vector& mean, const Vector& sd, double start, double scale)
{
    const double target = std::log(p);
    double lo = start, hi = start;
    for (double step = scale; logMaxCdf(lo, mean, sd) > target; step *= 2.0)
        lo -= step;
    for (double step = scale; logMaxCdf(hi, mean, sd) < target; step *= 2.0)
        hi += step;
    // A Gumbel fit needs the quartiles to a small fraction of the posterior's spread only.
    for (int it = 0; it < 100 && hi - lo > 1e-8 * scale; ++it) {
        const double mid = 0.5 * (lo + hi);
        (logMaxCdf(mid, mean, sd) < target ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace

Vector sampleMinimumValues(const Prediction& p, double bestObserved, double noiseSd, Index samples,
                           Rng& rng)
{
    // A scale for brackets and floors: the spread of the posterior over the grid.
    Vector sd = p.variance.cwiseMax(0.0).cwiseSqrt();
    const double spread = std::max({p.mean.maxCoeff() - p.mean.minCoeff(), sd.maxCoeff(),
                                    1e-12 * (1.0 + p.mean.cwiseAbs().maxCoeff())});
    sd = sd.cwiseMax(1e-9 * spread); // a certain grid point is a (steep) step, not a 0/0

    const double start = (-p.mean).maxCoeff();
    const double t25 = maxQuantile(0.25, p.mean, sd, start, spread);
    const double t50 = maxQuantile(0.5, p.mean, sd, start, spread);
    const double t75 = maxQuantile(0.75, p.mean, sd, start, spread);
    const double b = std::max(
        (t75 - t25) / (std::log(std::log(4.0)) - std::log(std::log(4.0 / 3.0))), 1e-12 * spread);
    const double a = t50 + b * std::log(std::log(2.0));

    // In w = −y*: every sample at least −bestObserved plus the noise's reach.
    const double floor = -bestObserved + std::max(5.0 * noiseSd, 1e-9 * spread);
    Vector out(samples);
    for (Index k = 0; k < samples; ++k) {
        const double u = std::max(rng.uniform(), 1e-300);
        const double w = std::max(a - b * std::log(-std::log(u)), floor);
        out(k) = -w;
    }
    return out;
}

MaxValueEntropySearch::MaxValueEntropySearch(int samples, int gridPoints)
    : MarginalAcquisition(
          {{"samples", "Samples of y*",
            "How many samples of the minimum value are averaged: more is smoother and slower.",
            10.0, 1.0, 1000.0, true},
           {"grid", "Grid points",
            "How many points approximate the distribution of the minimum value.", 1000.0, 16.0,
            100000.0, true}})
{
    setParameter("samples", double(samples));
    setParameter("grid", double(gridPoints));
}

std::unique_ptr<Acquisition> MaxValueEntropySearch::clone() const
{
    return std::make_unique<MaxValueEntropySearch>(*this);
}

void MaxValueEntropySearch::update(const Model& model, const ParameterSpace& space,
                                   std::uint64_t seed)
{
    const Vector& y = model.outputs();
    if (y.size() == 0)
        throw InvalidInput("max-value entropy search needs at least one observation");
    Rng rng(seed);
    const Matrix sobol = sobolDesign(space, Index(parameterValue(1)), rng.nextSeed());
    Matrix grid(sobol.rows() + model.inputs().rows(), sobol.cols());
    grid << sobol, model.inputs();
    const Prediction p = model.predict(grid);
    const Matrix x0 = model.inputs().topRows(1);
    const double noiseSd = std::sqrt(
        std::max(0.0, model.predict(x0, true).variance(0) - model.predict(x0).variance(0)));
    m_samples = sampleMinimumValues(p, y.minCoeff(), noiseSd, Index(parameterValue(0)), rng);
    m_model = &model;
    m_dataSize = y.size();
}

Vector MaxValueEntropySearch::fromMarginals(const Model& model, const Prediction& p, Vector* dMean,
                                            Vector* dVariance) const
{
    if (m_samples.size() == 0 || &model != m_model || model.outputs().size() != m_dataSize)
        throw InvalidInput("max-value entropy search: call update() with this model after "
                           "every change of its data or hyperparameters");
    const Index n = p.mean.size();
    const double K = double(m_samples.size());
    Vector value = Vector::Zero(n);
    if (dMean) {
        dMean->setZero(n);
        dVariance->setZero(n);
    }
    for (Index i = 0; i < n; ++i) {
        const double v = p.variance(i);
        if (!(v > 0.0))
            continue; // f(x) is known: observing it tells nothing
        const double sigma = std::sqrt(v);
        double sum = 0.0, dSum = 0.0, dvSum = 0.0;
        for (Index k = 0; k < m_samples.size(); ++k) {
            // Clamped: beyond 40 the term and its slope are below 1e-300; below −1e8 the
            // squares would approach overflow long before any real model gets there.
            const double g = std::clamp((p.mean(i) - m_samples(k)) / sigma, -1e8, 40.0);
            const double r = normal::inverseMillsRatio(g);
            sum += 0.5 * g * r - normal::logCdf(g);
            const double slope = -0.5 * r * (1.0 + g * g) - 0.5 * g * r * r;
            dSum += slope;
            dvSum += slope * g;
        }
        value(i) = std::max(0.0, sum / K);
        if (dMean) {
            (*dMean)(i) = dSum / (K * sigma);
            (*dVariance)(i) = -dvSum / (2.0 * K * v);
        }
    }
    return value;
}

} // namespace emu

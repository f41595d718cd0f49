// Log marginal likelihood gradient, leave-one-out and hyperparameter fitting of GaussianProcess.

#include "engine/core/errors.h"
#include "engine/gp/cholesky.h"
#include "engine/gp/gaussian_process.h"
#include "engine/optim/bounded_minimizer.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <utility>

namespace emu {

Vector GaussianProcess::likelihoodGradient(Matrix L, const Vector& alpha) const
{
    // W = ααᵀ − K⁻¹; ∂log p/∂log θ_j = ½ Σ_ij W_ij ∂K_ij/∂log θ_j, and for the noise
    // ∂K/∂log σn² = σn² I gives ½ σn² tr W.
    Matrix W = inverseFromCholesky(std::move(L));
    W *= -1.0;
    W.noalias() += alpha * alpha.transpose(); // in place: no n×n temporary
    const Index nk = m_kernel->paramCount();
    Vector grad(nk + 1);
    grad.head(nk) = 0.5 * m_kernel->contractedGradient(m_X, W);
    grad(nk) = 0.5 * m_settings.noiseVariance * W.trace();
    return grad;
}

Vector GaussianProcess::logMarginalLikelihoodGradient() const
{
    if (m_X.rows() == 0)
        return Vector::Zero(m_kernel->paramCount() + 1);
    return likelihoodGradient(m_L, m_alpha);
}

Prediction GaussianProcess::leaveOneOut() const
{
    Prediction out;
    if (m_X.rows() == 0)
        return out;
    const Vector diagonal = inverseFromCholesky(m_L).diagonal();
    const Vector normalised = normalisedOutputs();
    out.mean = (m_offset + m_scale * (normalised.array() - m_alpha.array() / diagonal.array())).matrix();
    out.variance = (m_scale * m_scale / diagonal.array()).matrix();
    return out;
}

void GaussianProcess::startBox(Vector& lower, Vector& upper) const
{
    // The bounds are wide so that any real data can be fitted, but random starts drawn from
    // all of them are mostly absurd (noise 1e4, lengthscale 1e-3). Starts are drawn instead on
    // the scale of the data: variances around the (normalised) output variance, lengths around
    // the input range of their column.
    const std::vector<ParamInfo> info = paramInfo();
    const Index count = Index(info.size());
    double v = normalisedOutputs().squaredNorm() / double(m_X.rows());
    if (!(v > 0.0) || !std::isfinite(v))
        v = 1.0;
    Vector range = m_X.colwise().maxCoeff() - m_X.colwise().minCoeff();
    for (Index k = 0; k < range.size(); ++k)
        if (!(range(k) > 0.0))
            range(k) = 1.0;
    lower.resize(count);
    upper.resize(count);
    for (Index j = 0; j < count; ++j) {
        const ParamInfo& p = info[std::size_t(j)];
        double lo = 0.2, hi = 5.0; // Shape
        if (j == count - 1) { // the noise variance
            lo = 1e-4 * v;
            hi = 0.5 * v;
        } else if (p.scale == ParamScale::Variance) {
            lo = 0.05 * v;
            hi = 20.0 * v;
        } else if (p.scale == ParamScale::Length) {
            const double r = p.inputIndex >= 0 ? range(p.inputIndex) : range.mean();
            lo = 0.05 * r;
            hi = 2.0 * r;
        }
        lower(j) = std::log(lo);
        upper(j) = std::log(hi);
    }
}

FitReport GaussianProcess::fit(const FitOptions& options, Progress& progress)
{
    if (m_X.rows() == 0)
        throw InvalidInput("fit: the GP has no data");
    const auto started = std::chrono::steady_clock::now();
    const Vector original = logParams();
    const Index count = original.size();

    Vector lower(count), upper(count);
    const std::vector<ParamInfo> info = paramInfo();
    for (Index j = 0; j < count; ++j) {
        lower(j) = info[std::size_t(j)].logLower;
        upper(j) = info[std::size_t(j)].logUpper;
        if (info[std::size_t(j)].scale == ParamScale::Length && m_settings.minLengthscale > 0.0)
            lower(j) = std::min(upper(j), std::max(lower(j), std::log(m_settings.minLengthscale)));
    }
    if (m_settings.noiseFixed)
        lower(count - 1) = upper(count - 1) = original(count - 1); // the minimiser holds it

    // The objective changes the hyperparameters in place; the state is rebuilt at the end.
    const Objective negativeLogLikelihood = [this](const Vector& p, Vector& grad) {
        assignLogParams(p);
        try {
            State state = factorise();
            grad = -likelihoodGradient(std::move(state.L), state.alpha);
            return -state.logLikelihood;
        } catch (const NumericalError&) {
            return std::numeric_limits<double>::infinity(); // the minimiser backs off
        }
    };

    MinimizeOptions mo;
    mo.restarts = options.restarts;
    mo.maxIterations = options.maxIterations;
    mo.seed = options.seed;
    startBox(mo.startLower, mo.startUpper);
    MinimizeResult result;
    try {
        result = minimizeBounded(negativeLogLikelihood, original.cwiseMax(lower).cwiseMin(upper),
                                 lower, upper, mo, progress);
    } catch (...) {
        assignLogParams(original); // cancelled or failed: leave the model as it was
        refresh();
        throw;
    }
    if (!std::isfinite(result.value)) {
        assignLogParams(original);
        refresh();
        throw NumericalError("fit: the likelihood could not be evaluated at any of the "
                             "hyperparameters tried (the covariance matrix was never positive "
                             "definite); increase the noise variance or check the data");
    }
    assignLogParams(result.x);
    refresh();

    FitReport report;
    report.logLikelihood = m_logLikelihood;
    report.iterations = result.iterations;
    report.evaluations = result.evaluations;
    for (double v : result.startValues)
        report.restartValues.push_back(-v);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace emu

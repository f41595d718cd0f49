// LinearMultiFidelityModel: likelihood gradient, parameter bounds and fitting (joint and
// recursive); the maths is in linear_multi_fidelity_model.h.

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/gp/cholesky.h"
#include "engine/mf/detail/linear_multi_fidelity_terms.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/multi_fidelity_data.h"
#include "engine/optim/bounded_minimizer.h"

#include <chrono>
#include <cmath>
#include <limits>

namespace emu {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

} // namespace

/// Spread and size of each level's data, for bounds and random starts.
struct LinearMultiFidelityModel::DataStatistics
{
    Vector variance;           ///< mean square deviation of level t's normalised outputs
    std::vector<Vector> range; ///< per level: input range per column (1 where unknown)
    Vector count;              ///< points per level
};

LinearMultiFidelityModel::DataStatistics LinearMultiFidelityModel::statistics() const
{
    const Index L = levelCount();
    DataStatistics s;
    s.variance = Vector::Ones(L);
    s.count = Vector::Zero(L);
    Vector allRange = Vector::Ones(m_d);
    if (m_stackX.rows() > 1)
        allRange = m_stackX.colwise().maxCoeff() - m_stackX.colwise().minCoeff();
    for (Index t = 0; t < L; ++t) {
        const Matrix& X = m_levelX[std::size_t(t)];
        const Vector y = m_levelY[std::size_t(t)] / m_scale;
        s.count(t) = double(X.rows());
        if (y.size() > 1) {
            const double v = (y.array() - y.mean()).square().mean();
            if (std::isfinite(v) && v > 0.0)
                s.variance(t) = v;
        }
        Vector range =
            X.rows() > 1 ? Vector(X.colwise().maxCoeff() - X.colwise().minCoeff()) : allRange;
        for (Index k = 0; k < m_d; ++k)
            if (!(range(k) > 0.0))
                range(k) = allRange(k) > 0.0 ? allRange(k) : 1.0;
        s.range.push_back(range);
    }
    return s;
}

std::vector<MfParameter> LinearMultiFidelityModel::parameterInfo() const
{
    const DataStatistics s = statistics();
    const Index L = levelCount();
    std::vector<MfParameter> info;
    for (Index t = 0; t < L; ++t) {
        const std::string prefix = "level" + std::to_string(t) + ".";
        const Vector& range = s.range[std::size_t(t)];
        const double spacing = 1.0 / std::pow(std::max(1.0, s.count(t)), 1.0 / double(m_d));
        for (const ParamInfo& p : m_kernels[std::size_t(t)]->paramInfo()) {
            MfParameter q{prefix + p.name, true, p.logLower, p.logUpper};
            if (p.scale == ParamScale::Length) {
                const double r = p.inputIndex >= 0 ? range(p.inputIndex) : range.mean();
                q.lower = std::log(std::max(1e-6, m_settings.lengthscaleFloor * spacing) * r);
                q.upper = std::log(1e3 * r);
            }
            info.push_back(q);
        }
        MfParameter noise{prefix + "noise variance", true, std::log(m_settings.minNoiseVariance),
                          std::log(m_settings.maxNoiseVariance)};
        if (m_settings.noiseFixed)
            noise.lower = noise.upper = m_logNoise(t);
        info.push_back(noise);
    }
    for (Index t = 0; t + 1 < L; ++t) {
        const double ratio = std::sqrt(s.variance(t + 1) / s.variance(t));
        const double bound = m_settings.maxRho * std::max(1.0, ratio);
        info.push_back(MfParameter{"rho" + std::to_string(t), false, -bound, bound});
    }
    return info;
}

void LinearMultiFidelityModel::startBox(Vector& lower, Vector& upper) const
{
    const DataStatistics s = statistics();
    const Index count = Index(paramCount());
    lower.resize(count);
    upper.resize(count);
    Index j = 0;
    for (Index t = 0; t < levelCount(); ++t) {
        const double v = s.variance(t);
        for (const ParamInfo& p : m_kernels[std::size_t(t)]->paramInfo()) {
            double lo = 0.2, hi = 5.0; // Shape
            if (p.scale == ParamScale::Variance) {
                lo = 1e-3 * v;
                hi = 20.0 * v;
            } else if (p.scale == ParamScale::Length) {
                const Vector& range = s.range[std::size_t(t)];
                const double r = p.inputIndex >= 0 ? range(p.inputIndex) : range.mean();
                lo = 0.05 * r;
                hi = 2.0 * r;
            }
            lower(j) = std::log(lo);
            upper(j++) = std::log(hi);
        }
        lower(j) = std::log(1e-6 * v);
        upper(j++) = std::log(1e-2 * v);
    }
    for (Index t = 0; t + 1 < levelCount(); ++t) {
        const double r = std::max(1.0, 2.0 * std::sqrt(s.variance(t + 1) / s.variance(t)));
        lower(j) = -r;
        upper(j++) = r;
    }
}

// --- joint likelihood gradient ------------------------------------------------------------------

Vector LinearMultiFidelityModel::jointGradient(const Terms& terms, const GlsFactor& f) const
{
    const Index n = m_stackX.rows(), L = levelCount();
    Matrix W = inverseFromCholesky(f.L);
    W *= -1.0;
    W.noalias() += f.alpha * f.alpha.transpose(); // ααᵀ − K⁻¹
    Vector grad(static_cast<Index>(paramCount()));
    Index offset = 0;
    for (Index t = 0; t < L; ++t) {
        const Kernel& k = *m_kernels[std::size_t(t)];
        const Index o = m_offset[std::size_t(t)], m = n - o, kp = k.paramCount();
        const Vector& dt = terms.d[std::size_t(t)];
        if (m > 0) {
            const Matrix Wt = dt.asDiagonal() * W.bottomRightCorner(m, m) * dt.asDiagonal();
            grad.segment(offset, kp) = 0.5 * k.contractedGradient(m_stackX.bottomRows(m), Wt);
        } else {
            grad.segment(offset, kp).setZero();
        }
        offset += kp;
        const Index nt = m_offset[std::size_t(t + 1)] - o;
        grad(offset++) = 0.5 * std::exp(m_logNoise(t)) * W.diagonal().segment(o, nt).sum();
    }
    // ρ: Σ_j (∂d_j)ᵀ (W ∘ K_j) d_j (the ½ cancels the two symmetric terms). The mean's term
    // αᵀ(∂H)β̂ vanishes: (∂H)β̂ is constant on each level, H spans every such vector (C is
    // unit lower triangular), and Hᵀα = 0 at the GLS estimate.
    std::vector<Vector> u(static_cast<std::size_t>(L));
    for (Index j = 0; j < L; ++j) {
        const Index o = m_offset[std::size_t(j)], m = n - o;
        u[std::size_t(j)] =
            m > 0 ? Vector((W.bottomRightCorner(m, m).array() * terms.Kj[std::size_t(j)].array())
                               .matrix() *
                           terms.d[std::size_t(j)])
                  : Vector();
    }
    for (Index r = 0; r + 1 < L; ++r) {
        const Matrix dC = mf::autoregressiveCoefficientDerivative(m_rho, r);
        double g = 0.0;
        for (Index j = 0; j <= r; ++j) {
            const Index o = m_offset[std::size_t(j)], m = n - o;
            for (Index i = 0; i < m; ++i)
                g += dC(m_levelOf[std::size_t(o + i)], j) * u[std::size_t(j)](i);
        }
        grad(offset++) = g;
    }
    return grad;
}

// --- fitting
// --------------------------------------------------------------------------------------

FitReport LinearMultiFidelityModel::fit(const FitOptions& options, Progress& progress)
{
    requireDataAtEveryLevel(m_levelX);
    const auto started = std::chrono::steady_clock::now();
    LinearMultiFidelityModel backup = *this;
    FitReport report;
    try {
        if (m_settings.method == MfFitMethod::Recursive) {
            fitRecursive(options, progress, report);
        } else {
            // The two-step estimate: a good start that rarely sits in a degenerate corner.
            LinearMultiFidelityModel twoStep = *this;
            twoStep.m_settings.method = MfFitMethod::Recursive;
            ChildProgress first(progress, 0.0, 0.3);
            twoStep.fitRecursive(options, first.get(), report);
            first.get().checkCancelled();

            ChildProgress second(progress, 0.3, 0.95);
            const MinimizeResult fromCurrent = minimizeJoint(parameterVector(), options, second.get());
            FitOptions once = options;
            once.restarts = 0;
            ChildProgress third(progress, 0.95, 1.0);
            const MinimizeResult fromTwoStep = minimizeJoint(twoStep.parameterVector(), once, third.get());
            assignBest({&fromCurrent, &fromTwoStep}, report);
        }
        refresh();
    } catch (...) {
        *this = std::move(backup); // cancelled or failed: leave the model as it was
        throw;
    }
    progress.report(1.0, 1.0, "fit done");
    report.logLikelihood = logMarginalLikelihood();
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

FitReport LinearMultiFidelityModel::continueFit(const FitOptions& options, Progress& progress)
{
    FitOptions once = options;
    once.restarts = 0;
    if (m_settings.method == MfFitMethod::Recursive)
        return fit(once, progress);
    requireDataAtEveryLevel(m_levelX);
    const auto started = std::chrono::steady_clock::now();
    LinearMultiFidelityModel backup = *this;
    FitReport report;
    try {
        const MinimizeResult fromCurrent = minimizeJoint(parameterVector(), once, progress);
        assignBest({&fromCurrent}, report);
        refresh();
    } catch (...) {
        *this = std::move(backup);
        throw;
    }
    report.logLikelihood = logMarginalLikelihood();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

MinimizeResult LinearMultiFidelityModel::minimizeJoint(const Vector& start, const FitOptions& options,
                                                       Progress& progress)
{
    const std::vector<MfParameter> info = parameterInfo();
    const Index count = Index(info.size());
    Vector lower(count), upper(count);
    for (Index j = 0; j < count; ++j) {
        lower(j) = info[std::size_t(j)].lower;
        upper(j) = info[std::size_t(j)].upper;
    }
    const double logScale = double(m_stackY.size()) * std::log(m_scale);
    const Objective negativeLogLikelihood = [this, logScale](const Vector& p, Vector& grad) {
        assignParameters(p);
        try {
            const Terms terms = jointTerms(true);
            const GlsFactor f = jointFactor(terms);
            grad = -jointGradient(terms, f);
            return -(f.logLikelihood - logScale);
        } catch (const NumericalError&) {
            return kInf;
        }
    };
    MinimizeOptions mo;
    mo.restarts = options.restarts;
    mo.maxIterations = options.maxIterations;
    mo.seed = options.seed;
    startBox(mo.startLower, mo.startUpper);
    return minimizeBounded(negativeLogLikelihood, start, lower, upper, mo, progress);
}

void LinearMultiFidelityModel::assignBest(const std::vector<const MinimizeResult*>& results,
                                          FitReport& report)
{
    const MinimizeResult* best = results.front();
    for (const MinimizeResult* r : results)
        if (r->value < best->value)
            best = r;
    if (!std::isfinite(best->value))
        throw NumericalError("fit: the multi-fidelity likelihood could not be evaluated "
                             "at any of the parameters tried; increase the noise "
                             "variance or check the data");
    report.restartValues.clear();
    for (const MinimizeResult* r : results) {
        for (double v : r->startValues)
            report.restartValues.push_back(-v);
        report.iterations += r->iterations;
        report.evaluations += r->evaluations;
    }
    assignParameters(best->x);
}

void LinearMultiFidelityModel::fitRecursive(const FitOptions& options, Progress& progress,
                                            FitReport& report)
{
    const Index L = levelCount();
    const std::vector<MfParameter> info = parameterInfo();
    Vector startLower, startUpper;
    startBox(startLower, startUpper);
    const Vector all = parameterVector();
    m_levels.clear();
    report.restartValues.clear();
    Index offset = 0;
    for (Index t = 0; t < L; ++t) {
        Kernel& k = *m_kernels[std::size_t(t)];
        const Index kp = k.paramCount();
        const Matrix& Xt = m_levelX[std::size_t(t)];
        const Vector yt = m_levelY[std::size_t(t)] / m_scale;
        const bool constant = m_settings.mean == MeanFunction::Constant;
        // Regressors: the level below's posterior mean (its coefficient is ρ_{t−1}) and 1.
        Matrix H(Xt.rows(), (t > 0 ? 1 : 0) + (constant ? 1 : 0));
        if (t > 0)
            H.col(0) = predictRecursive(t - 1, Xt, false).mean;
        if (constant)
            H.col(H.cols() - 1).setOnes();
        const std::string what = "the covariance matrix of level " + std::to_string(t);

        const Objective negativeLogLikelihood = [&](const Vector& q, Vector& grad) {
            k.setLogParams(q.head(kp));
            const double noise = std::exp(q(kp));
            try {
                Matrix K = k.compute(Xt);
                K.diagonal().array() += noise;
                const GlsFactor f = glsFactor(std::move(K), H, yt, what);
                Matrix W = inverseFromCholesky(f.L);
                W *= -1.0;
                W.noalias() += f.alpha * f.alpha.transpose();
                grad.head(kp) = -0.5 * k.contractedGradient(Xt, W);
                grad(kp) = -0.5 * noise * W.trace();
                return -f.logLikelihood;
            } catch (const NumericalError&) {
                return kInf;
            }
        };
        Vector lower(kp + 1), upper(kp + 1);
        for (Index j = 0; j <= kp; ++j) {
            lower(j) = info[std::size_t(offset + j)].lower;
            upper(j) = info[std::size_t(offset + j)].upper;
        }
        MinimizeOptions mo;
        mo.restarts = options.restarts;
        mo.maxIterations = options.maxIterations;
        mo.seed = options.seed + 7919u * std::uint64_t(t + 1);
        mo.startLower = startLower.segment(offset, kp + 1);
        mo.startUpper = startUpper.segment(offset, kp + 1);
        ChildProgress child(progress, double(t) / double(L), double(t + 1) / double(L));
        const MinimizeResult result = minimizeBounded(
            negativeLogLikelihood, all.segment(offset, kp + 1), lower, upper, mo, child.get());
        if (!std::isfinite(result.value))
            throw NumericalError("fit: the likelihood of level " + std::to_string(t) +
                                 " could not be evaluated at any of the parameters tried; "
                                 "increase the noise variance or check the data");
        report.iterations += result.iterations;
        report.evaluations += result.evaluations;
        for (double v : result.startValues)
            report.restartValues.push_back(-v);

        k.setLogParams(result.x.head(kp));
        m_logNoise(t) = result.x(kp);
        if (t > 0) {
            Matrix K = k.compute(Xt);
            K.diagonal().array() += std::exp(m_logNoise(t));
            m_rho(t - 1) = glsFactor(std::move(K), H, yt, what).beta(0);
        }
        // Level t's posterior with ρ_{t−1} now fixed, for the regressors of level t + 1.
        refreshRecursive(t);
        offset += kp + 1;
    }
}

} // namespace emu

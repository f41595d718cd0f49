#include "engine/mf/nonlinear_multi_fidelity_model.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/core/normal_quantile.h"
#include "engine/core/progress.h"
#include "engine/core/rng.h"
#include "engine/gp/active_columns_kernel.h"
#include "engine/gp/combination_kernel.h"
#include "engine/gp/stationary_kernel.h"
#include "engine/mf/multi_fidelity_data.h"

#include <chrono>
#include <cmath>
#include <numbers>
#include <numeric>

namespace emu {

namespace {

/// k_ρ(x, x')·k_f(f, f') + k_δ(x, x') on inputs (x_1 … x_d, f): RBF pieces, ARD in x.
std::unique_ptr<Kernel> nargpKernel(Index d)
{
    std::vector<Index> xColumns(static_cast<std::size_t>(d));
    std::iota(xColumns.begin(), xColumns.end(), Index{0});
    auto rho = std::make_unique<ActiveColumnsKernel>(std::make_unique<RbfKernel>(d, true), xColumns,
                                                     d + 1);
    auto f = std::make_unique<ActiveColumnsKernel>(std::make_unique<RbfKernel>(1),
                                                   std::vector<Index>{d}, d + 1);
    auto delta = std::make_unique<ActiveColumnsKernel>(std::make_unique<RbfKernel>(d, true),
                                                       xColumns, d + 1);
    return std::make_unique<SumKernel>(
        std::make_unique<ProductKernel>(std::move(rho), std::move(f)), std::move(delta));
}

} // namespace

/// Mean and variance (and their input gradients) of one prediction.
struct NonlinearMultiFidelityModel::Propagation
{
    Vector mean, variance;
    Matrix meanGradient, varianceGradient;
};

NonlinearMultiFidelityModel::NonlinearMultiFidelityModel(Index levels, Index d,
                                                         const NonlinearMfSettings& settings)
    : m_d(d), m_settings(settings)
{
    if (levels < 1)
        throw InvalidInput("a multi-fidelity model needs at least one level");
    if (d < 1)
        throw InvalidInput("a multi-fidelity model needs at least one input");
    if (settings.sampleCount < 1)
        throw InvalidInput("the Monte Carlo sample count must be at least 1, got " +
                           std::to_string(settings.sampleCount));
    m_levels.emplace_back(std::make_unique<RbfKernel>(d, true), settings.gp);
    for (Index t = 1; t < levels; ++t)
        m_levels.emplace_back(nargpKernel(d), settings.gp);
    m_X.resize(0, d + 1);
    m_levelX.assign(std::size_t(levels), Matrix(0, d));
    m_levelY.assign(std::size_t(levels), Vector(0));
    drawNormals();
}

std::unique_ptr<Model> NonlinearMultiFidelityModel::clone() const
{
    return std::make_unique<NonlinearMultiFidelityModel>(*this);
}

std::string NonlinearMultiFidelityModel::name() const
{
    return "nonlinear multi-fidelity GP (NARGP, " + std::to_string(levelCount()) + " levels)";
}

void NonlinearMultiFidelityModel::drawNormals()
{
    const Index S = m_settings.sampleCount, columns = levelCount() - 1;
    m_draws.resize(S, columns);
    Rng rng(m_settings.seed);
    std::vector<Index> slice(static_cast<std::size_t>(S));
    for (Index t = 0; t < columns; ++t) {
        std::iota(slice.begin(), slice.end(), Index{0});
        for (std::size_t i = slice.size(); i > 1; --i) // Fisher–Yates with our own Rng
            std::swap(slice[i - 1], slice[rng.index(i)]);
        for (Index s = 0; s < S; ++s) {
            const double u = std::max(rng.uniform(), 1e-12);
            m_draws(s, t) = normalQuantile((double(slice[std::size_t(s)]) + u) / double(S));
        }
    }
}

void NonlinearMultiFidelityModel::setSampleCount(int count)
{
    if (count < 1)
        throw InvalidInput("the Monte Carlo sample count must be at least 1, got " +
                           std::to_string(count));
    m_settings.sampleCount = count;
    drawNormals();
}

void NonlinearMultiFidelityModel::setSeed(std::uint64_t seed)
{
    m_settings.seed = seed;
    drawNormals();
}

// --- data and fitting ------------------------------------------------------------------------

void NonlinearMultiFidelityModel::setData(const Matrix& X, const Vector& y)
{
    const std::vector<std::vector<Index>> rows = splitTrainingData(X, y, m_d, levelCount());
    NonlinearMultiFidelityModel backup = *this;
    try {
        m_X = X;
        m_y = y;
        for (Index t = 0; t < levelCount(); ++t) {
            m_levelX[std::size_t(t)] = selectInputs(X, rows[std::size_t(t)]);
            m_levelY[std::size_t(t)] = selectOutputs(y, rows[std::size_t(t)]);
            updateLevelData(t);
        }
    } catch (...) {
        *this = std::move(backup);
        throw;
    }
}

void NonlinearMultiFidelityModel::updateLevelData(Index level)
{
    const Matrix& X = m_levelX[std::size_t(level)];
    const Vector& y = m_levelY[std::size_t(level)];
    if (level == 0) {
        m_levels[0].setData(X, y);
        return;
    }
    Matrix augmented(X.rows(), m_d + 1);
    augmented.leftCols(m_d) = X;
    augmented.col(m_d) = X.rows() > 0 ? plugInMean(level - 1, X) : Vector(0);
    m_levels[std::size_t(level)].setData(augmented, y);
}

FitReport NonlinearMultiFidelityModel::fit(const FitOptions& options, Progress& progress)
{
    requireDataAtEveryLevel(m_levelX);
    const auto started = std::chrono::steady_clock::now();
    NonlinearMultiFidelityModel backup = *this;
    FitReport report;
    try {
        const double L = double(levelCount());
        for (Index t = 0; t < levelCount(); ++t) {
            updateLevelData(t); // the level below was just refitted
            FitOptions levelOptions = options;
            levelOptions.seed = options.seed + 7919u * std::uint64_t(t);
            ChildProgress child(progress, double(t) / L, double(t + 1) / L);
            const FitReport r = m_levels[std::size_t(t)].fit(levelOptions, child.get());
            report.iterations += r.iterations;
            report.evaluations += r.evaluations;
            report.restartValues = r.restartValues;
        }
    } catch (...) {
        *this = std::move(backup);
        throw;
    }
    progress.report(1.0, 1.0, "fit done");
    report.logLikelihood = logMarginalLikelihood();
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

double NonlinearMultiFidelityModel::logMarginalLikelihood() const
{
    double sum = 0.0;
    for (const GaussianProcess& gp : m_levels)
        sum += gp.logMarginalLikelihood();
    return sum;
}

std::vector<std::string> NonlinearMultiFidelityModel::parameterNames() const
{
    std::vector<std::string> names;
    const auto lengths = [&](const std::string& prefix) {
        names.push_back(prefix + "variance");
        for (Index k = 1; k <= m_d; ++k)
            names.push_back(prefix + "lengthscale[" + std::to_string(k) + "]");
    };
    for (Index t = 0; t < levelCount(); ++t) {
        const std::string level = "level" + std::to_string(t) + ".";
        if (t == 0) {
            lengths(level);
        } else {
            lengths(level + "rho.");
            names.push_back(level + "f.variance");
            names.push_back(level + "f.lengthscale");
            lengths(level + "delta.");
        }
        names.push_back(level + "noise variance");
    }
    return names;
}

Vector NonlinearMultiFidelityModel::parameterValues() const
{
    std::vector<double> values;
    for (const GaussianProcess& gp : m_levels) {
        const Vector p = gp.logParams();
        for (Index j = 0; j < p.size(); ++j)
            values.push_back(std::exp(p(j)));
    }
    return Eigen::Map<const Vector>(values.data(), Index(values.size()));
}

// --- predictions ------------------------------------------------------------------------------

void NonlinearMultiFidelityModel::requireLevelInputs(const Matrix& X, Index level) const
{
    if (level < 0 || level >= levelCount())
        throw InvalidInput("the model has levels 0 to " + std::to_string(levelCount() - 1) +
                           ", not " + std::to_string(level));
    requireColumns(X, m_d, "prediction points");
    requireFinite(X, "prediction points");
}

Vector NonlinearMultiFidelityModel::plugInMean(Index level, const Matrix& X) const
{
    requireLevelInputs(X, level);
    Vector mean = m_levels[0].predictMean(X);
    Matrix augmented(X.rows(), m_d + 1);
    augmented.leftCols(m_d) = X;
    for (Index t = 1; t <= level; ++t) {
        augmented.col(m_d) = mean;
        mean = m_levels[std::size_t(t)].predictMean(augmented);
    }
    return mean;
}

NonlinearMultiFidelityModel::Propagation
NonlinearMultiFidelityModel::propagate(Index level, const Matrix& X, bool includeNoise,
                                       bool gradients) const
{
    const Index m = X.rows(), d = m_d, S = m_settings.sampleCount;
    Propagation out;
    const GaussianProcess& first = m_levels[0];
    if (level == 0) {
        const Prediction p = first.predict(X, includeNoise);
        out.mean = p.mean;
        out.variance = p.variance;
        if (gradients) {
            PredictionGradient g = first.predictGradient(X);
            out.meanGradient = std::move(g.meanGradient);
            out.varianceGradient = std::move(g.varianceGradient);
        }
        return out;
    }

    // Samples of the level below at every point: row s·m + i is sample s at point i.
    Vector M(m * S), V(m * S);
    Matrix dM, dV;
    {
        const Prediction p = first.predict(X);
        for (Index s = 0; s < S; ++s) {
            M.segment(s * m, m) = p.mean;
            V.segment(s * m, m) = p.variance;
        }
        if (gradients) {
            const PredictionGradient g = first.predictGradient(X);
            dM = g.meanGradient.replicate(S, 1);
            dV = g.varianceGradient.replicate(S, 1);
        }
    }
    Matrix U(m * S, d + 1);
    for (Index s = 0; s < S; ++s)
        U.middleRows(s * m, m).leftCols(d) = X;
    Matrix dF;
    for (Index t = 1; t <= level; ++t) {
        // F = M + √V z (reparametrised), dF = dM + z dV/(2√V).
        const Vector sd = V.cwiseMax(0.0).cwiseSqrt();
        Vector z(m * S);
        for (Index s = 0; s < S; ++s)
            z.segment(s * m, m).setConstant(m_draws(s, t - 1));
        U.col(d) = M + sd.cwiseProduct(z);
        if (gradients) {
            const Vector factor =
                (sd.array() > 1e-150).select(z.array() / (2.0 * sd.array()), 0.0).matrix();
            dF = dM + factor.asDiagonal() * dV;
        }
        const GaussianProcess& gp = m_levels[std::size_t(t)];
        const Prediction p = gp.predict(U, includeNoise && t == level);
        M = p.mean;
        V = p.variance;
        if (gradients) {
            const PredictionGradient g = gp.predictGradient(U);
            dM = g.meanGradient.leftCols(d) + g.meanGradient.col(d).asDiagonal() * dF;
            dV = g.varianceGradient.leftCols(d) + g.varianceGradient.col(d).asDiagonal() * dF;
        }
    }

    // Total mean and variance over the samples.
    out.mean = Vector::Zero(m);
    out.variance = Vector::Zero(m);
    for (Index s = 0; s < S; ++s) {
        out.mean += M.segment(s * m, m);
        out.variance += V.segment(s * m, m);
    }
    out.mean /= double(S);
    Vector spread = Vector::Zero(m);
    for (Index s = 0; s < S; ++s)
        spread += (M.segment(s * m, m) - out.mean).cwiseAbs2();
    out.variance = ((out.variance + spread) / double(S)).cwiseMax(0.0);
    if (gradients) {
        out.meanGradient = Matrix::Zero(m, d);
        out.varianceGradient = Matrix::Zero(m, d);
        for (Index s = 0; s < S; ++s) {
            const Vector centred = M.segment(s * m, m) - out.mean;
            out.meanGradient += dM.middleRows(s * m, m);
            // d/dx (1/S) Σ (M − mean)² = (2/S) Σ (M − mean) dM, as Σ (M − mean) = 0.
            out.varianceGradient +=
                dV.middleRows(s * m, m) + 2.0 * centred.asDiagonal() * dM.middleRows(s * m, m);
        }
        out.meanGradient /= double(S);
        out.varianceGradient /= double(S);
    }
    return out;
}

Prediction NonlinearMultiFidelityModel::predict(Index level, const Matrix& X,
                                                bool includeNoise) const
{
    requireLevelInputs(X, level);
    // Every point is propagated with the same draws, independently of the others, so the batch
    // is cut into chunks: the Monte Carlo matrices grow with points × samples × training points
    // and would otherwise take hundreds of megabytes for a thousand points.
    constexpr Index kChunk = 8;
    Prediction result{Vector(X.rows()), Vector(X.rows())};
    for (Index start = 0; start < X.rows(); start += kChunk) {
        const Index n = std::min(kChunk, X.rows() - start);
        Propagation p = propagate(level, X.middleRows(start, n), includeNoise, false);
        result.mean.segment(start, n) = p.mean;
        result.variance.segment(start, n) = p.variance;
    }
    return result;
}

PredictionGradient NonlinearMultiFidelityModel::predictGradient(Index level, const Matrix& X) const
{
    requireLevelInputs(X, level);
    Propagation p = propagate(level, X, false, true);
    return PredictionGradient{std::move(p.meanGradient), std::move(p.varianceGradient)};
}

Prediction NonlinearMultiFidelityModel::predict(const Matrix& Xs, bool includeNoise) const
{
    return predictByLevel(Xs, levelCount(), m_d, [&](Index level, const Matrix& X) {
        return predict(level, X, includeNoise);
    });
}

PredictionGradient NonlinearMultiFidelityModel::predictGradient(const Matrix& Xs) const
{
    return predictGradientByLevel(Xs, levelCount(), m_d, [&](Index level, const Matrix& X) {
        return predictGradient(level, X);
    });
}

} // namespace emu

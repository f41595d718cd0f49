// LinearMultiFidelityModel predictions and gradients, apart as they only read the posterior.

#include "engine/mf/linear_multi_fidelity_model.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/mf/multi_fidelity_data.h"

#include <cmath>
#include <string>
#include <vector>

namespace emu {

// --- predictions ------------------------------------------------------------------------------

void LinearMultiFidelityModel::requireLevelInputs(const Matrix& X, Index level) const
{
    if (level < 0 || level >= levelCount())
        throw InvalidInput("the model has levels 0 to " + std::to_string(levelCount() - 1) +
                           ", not " + std::to_string(level));
    requireColumns(X, m_d, "prediction points");
    requireFinite(X, "prediction points");
}

Prediction LinearMultiFidelityModel::predict(Index level, const Matrix& X, bool includeNoise) const
{
    requireLevelInputs(X, level);
    Prediction p = m_settings.method == MfFitMethod::Joint ? predictJoint(level, X, true)
                                                           : predictRecursive(level, X, true);
    if (includeNoise)
        p.variance.array() += std::exp(m_logNoise(level));
    p.mean *= m_scale;
    p.variance *= m_scale * m_scale;
    return p;
}

Vector LinearMultiFidelityModel::predictMean(Index level, const Matrix& X) const
{
    requireLevelInputs(X, level);
    const Prediction p = m_settings.method == MfFitMethod::Joint
                             ? predictJoint(level, X, false)
                             : predictRecursive(level, X, false);
    return m_scale * p.mean;
}

Matrix LinearMultiFidelityModel::jointCrossCovariance(Index level, const Matrix& X, Vector& prior,
                                                     Vector& mean) const
{
    const Index n = m_stackX.rows(), m = X.rows();
    const Matrix C = coefficients();
    Matrix A = Matrix::Zero(n, m);
    prior = Vector::Zero(m);
    for (Index j = 0; j <= level; ++j) {
        const double c = C(level, j);
        const Kernel& k = *m_kernels[std::size_t(j)];
        prior += c * c * k.diagonal(X);
        const Index o = m_offset[std::size_t(j)], mj = n - o;
        if (mj == 0 || c == 0.0)
            continue;
        Vector dj(mj);
        for (Index i = 0; i < mj; ++i)
            dj(i) = c * C(m_levelOf[std::size_t(o + i)], j);
        A.bottomRows(mj).noalias() += dj.asDiagonal() * k.compute(m_stackX.bottomRows(mj), X);
    }
    mean = Vector::Zero(m);
    if (m_joint.beta.size() > 0)
        mean.array() += C.row(level).dot(m_joint.beta);
    return A;
}

Prediction LinearMultiFidelityModel::predictJoint(Index level, const Matrix& X,
                                                  bool withVariance) const
{
    Vector prior;
    Prediction p;
    Matrix A = jointCrossCovariance(level, X, prior, p.mean);
    if (m_stackX.rows() == 0) {
        p.variance = prior;
        return p;
    }
    p.mean.noalias() += A.transpose() * m_joint.alpha;
    if (!withVariance)
        return p;
    m_joint.L.triangularView<Eigen::Lower>().solveInPlace(A);
    p.variance = (prior - A.colwise().squaredNorm().transpose()).cwiseMax(0.0);
    return p;
}

LevelPairPrediction LinearMultiFidelityModel::predictPair(Index level, Index top,
                                                          const Matrix& X) const
{
    requireLevelInputs(X, level);
    requireLevelInputs(X, top);
    if (level > top)
        throw InvalidInput("predictPair: the lower level (" + std::to_string(level) +
                           ") must not be above the upper one (" + std::to_string(top) + ")");
    LevelPairPrediction out;
    out.lower = predict(level, X);
    out.upper = predict(top, X);
    if (level == top) {
        out.covariance = out.upper.variance;
        return out;
    }
    const Matrix C = coefficients();
    Vector covariance;
    if (m_settings.method == MfFitMethod::Recursive) {
        // f_top = ρ_level ⋯ ρ_{top−1} f_level + terms the recursion treats as independent.
        covariance = C(top, level) * predictRecursive(level, X, true).variance;
    } else {
        // Cov(f_level, f_top) = Σ_{j ≤ level} c_{level,j} c_{top,j} k_j − A_levelᵀ K⁻¹ A_top.
        Vector prior, unusedPrior, unusedMean;
        Matrix Alevel = jointCrossCovariance(level, X, prior, unusedMean);
        Matrix Atop = jointCrossCovariance(top, X, unusedPrior, unusedMean);
        covariance = Vector::Zero(X.rows());
        for (Index j = 0; j <= level; ++j)
            covariance += C(level, j) * C(top, j) * m_kernels[std::size_t(j)]->diagonal(X);
        if (m_stackX.rows() > 0) {
            m_joint.L.triangularView<Eigen::Lower>().solveInPlace(Alevel);
            m_joint.L.triangularView<Eigen::Lower>().solveInPlace(Atop);
            covariance -= Alevel.cwiseProduct(Atop).colwise().sum().transpose();
        }
    }
    out.covariance = m_scale * m_scale * covariance;
    return out;
}

Prediction LinearMultiFidelityModel::predictRecursive(Index level, const Matrix& X,
                                                      bool withVariance) const
{
    const Index m = X.rows();
    Prediction p{Vector::Zero(m), Vector::Zero(m)};
    for (Index t = 0; t <= level; ++t) {
        const GlsFactor& f = m_levels[std::size_t(t)];
        const Kernel& k = *m_kernels[std::size_t(t)];
        Vector mean = Vector::Constant(m, f.beta.size() > 0 ? f.beta(0) : 0.0);
        Vector var = k.diagonal(X);
        if (f.alpha.size() > 0) {
            Matrix V = k.compute(m_levelX[std::size_t(t)], X);
            mean.noalias() += V.transpose() * f.alpha;
            if (withVariance) {
                f.L.triangularView<Eigen::Lower>().solveInPlace(V);
                var -= V.colwise().squaredNorm().transpose();
            }
        }
        var = var.cwiseMax(0.0);
        if (t == 0) {
            p.mean = mean;
            p.variance = var;
        } else {
            const double r = m_rho(t - 1);
            p.mean = r * p.mean + mean;
            p.variance = r * r * p.variance + var;
        }
    }
    return p;
}

Prediction LinearMultiFidelityModel::predict(const Matrix& Xs, bool includeNoise) const
{
    return predictByLevel(Xs, levelCount(), m_d, [&](Index level, const Matrix& X) {
        return predict(level, X, includeNoise);
    });
}

// --- prediction gradients ------------------------------------------------------------------------

PredictionGradient LinearMultiFidelityModel::predictGradient(Index level, const Matrix& X) const
{
    requireLevelInputs(X, level);
    PredictionGradient g = m_settings.method == MfFitMethod::Joint ? gradientJoint(level, X)
                                                                   : gradientRecursive(level, X);
    g.meanGradient *= m_scale;
    g.varianceGradient *= m_scale * m_scale;
    return g;
}

PredictionGradient LinearMultiFidelityModel::gradientJoint(Index level, const Matrix& X) const
{
    const Index n = m_stackX.rows(), m = X.rows();
    const Matrix C = coefficients();
    PredictionGradient g{Matrix::Zero(m, m_d), Matrix::Zero(m, m_d)};
    std::vector<Vector> dj(static_cast<std::size_t>(level + 1));
    Matrix A = Matrix::Zero(n, m);
    for (Index j = 0; j <= level; ++j) {
        const double c = C(level, j);
        g.varianceGradient += c * c * m_kernels[std::size_t(j)]->diagonalGradient(X);
        const Index o = m_offset[std::size_t(j)], mj = n - o;
        dj[std::size_t(j)].resize(mj);
        for (Index i = 0; i < mj; ++i)
            dj[std::size_t(j)](i) = c * C(m_levelOf[std::size_t(o + i)], j);
        if (mj > 0)
            A.bottomRows(mj).noalias() +=
                dj[std::size_t(j)].asDiagonal() *
                m_kernels[std::size_t(j)]->compute(m_stackX.bottomRows(mj), X);
    }
    if (n == 0)
        return g;
    const auto L = m_joint.L.triangularView<Eigen::Lower>();
    L.solveInPlace(A);
    L.transpose().solveInPlace(A); // K⁻¹ Cov(observations, f(X))
    Matrix dA(n, m_d);
    for (Index i = 0; i < m; ++i) {
        dA.setZero();
        for (Index j = 0; j <= level; ++j) {
            const Index o = m_offset[std::size_t(j)], mj = n - o;
            if (mj > 0)
                dA.bottomRows(mj).noalias() +=
                    dj[std::size_t(j)].asDiagonal() *
                    m_kernels[std::size_t(j)]->inputGradient(X.row(i), m_stackX.bottomRows(mj));
        }
        g.meanGradient.row(i).noalias() = (dA.transpose() * m_joint.alpha).transpose();
        g.varianceGradient.row(i).noalias() -= 2.0 * (dA.transpose() * A.col(i)).transpose();
    }
    return g;
}

PredictionGradient LinearMultiFidelityModel::gradientRecursive(Index level, const Matrix& X) const
{
    const Index m = X.rows();
    PredictionGradient g{Matrix::Zero(m, m_d), Matrix::Zero(m, m_d)};
    for (Index t = 0; t <= level; ++t) {
        const GlsFactor& f = m_levels[std::size_t(t)];
        const Kernel& k = *m_kernels[std::size_t(t)];
        const Matrix& Xt = m_levelX[std::size_t(t)];
        Matrix gm = Matrix::Zero(m, m_d), gv = k.diagonalGradient(X);
        if (f.alpha.size() > 0) {
            Matrix A = k.compute(Xt, X);
            const auto L = f.L.triangularView<Eigen::Lower>();
            L.solveInPlace(A);
            L.transpose().solveInPlace(A);
            for (Index i = 0; i < m; ++i) {
                const Matrix G = k.inputGradient(X.row(i), Xt);
                gm.row(i).noalias() = (G.transpose() * f.alpha).transpose();
                gv.row(i).noalias() -= 2.0 * (G.transpose() * A.col(i)).transpose();
            }
        }
        const double r = t > 0 ? m_rho(t - 1) : 0.0;
        g.meanGradient = r * g.meanGradient + gm;
        g.varianceGradient = r * r * g.varianceGradient + gv;
    }
    return g;
}

PredictionGradient LinearMultiFidelityModel::predictGradient(const Matrix& Xs) const
{
    return predictGradientByLevel(Xs, levelCount(), m_d, [&](Index level, const Matrix& X) {
        return predictGradient(level, X);
    });
}

} // namespace emu

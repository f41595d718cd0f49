#include "engine/dgp/rbf_psi_statistics.h"

#include "engine/core/errors.h"

#include <cmath>
#include <string>

namespace emu {

namespace {

void checkShapes(const RbfParams& k, const Matrix& mean, const Matrix& variance, const Matrix& Z)
{
    const Index q = k.lengthscales.size();
    if (mean.cols() != q || variance.cols() != q || Z.cols() != q || variance.rows() != mean.rows())
        throw InvalidInput("psi statistics: the means (" + std::to_string(mean.rows()) + "×" +
                           std::to_string(mean.cols()) +
                           "), variances and inducing inputs must "
                           "all have one column per lengthscale (" +
                           std::to_string(q) + ")");
}

/// ½ Σ_q log(ℓ_q²/(ℓ_q² + c·s_nq)) for every row n: the log of the normalising product.
Vector logShrink(const Vector& l2, const Matrix& variance, double c)
{
    Vector out = Vector::Zero(variance.rows());
    for (Index n = 0; n < variance.rows(); ++n)
        for (Index q = 0; q < l2.size(); ++q)
            out(n) += 0.5 * std::log(l2(q) / (l2(q) + c * variance(n, q)));
    return out;
}

/// −Σ_q (z_mq − z_m'q)²/(4ℓ_q²) for every pair of inducing inputs.
Matrix pairTerm(const Vector& l2, const Matrix& Z)
{
    const Index m = Z.rows();
    Matrix c = Matrix::Zero(m, m);
    for (Index a = 0; a < m; ++a)
        for (Index b = 0; b < a; ++b) {
            double s = 0.0;
            for (Index q = 0; q < Z.cols(); ++q) {
                const double r = Z(a, q) - Z(b, q);
                s -= r * r / (4.0 * l2(q));
            }
            c(a, b) = c(b, a) = s;
        }
    return c;
}

} // namespace

Matrix rbfPsi1(const RbfParams& k, const Matrix& mean, const Matrix& variance, const Matrix& Z)
{
    checkShapes(k, mean, variance, Z);
    const Vector l2 = k.lengthscales.array().square();
    const Vector shrink = logShrink(l2, variance, 1.0);
    const double logVar = std::log(k.variance);
    Matrix psi1(mean.rows(), Z.rows());
    for (Index n = 0; n < mean.rows(); ++n)
        for (Index m = 0; m < Z.rows(); ++m) {
            double e = logVar + shrink(n);
            for (Index q = 0; q < Z.cols(); ++q) {
                const double d = mean(n, q) - Z(m, q);
                e -= d * d / (2.0 * (l2(q) + variance(n, q)));
            }
            psi1(n, m) = std::exp(e);
        }
    return psi1;
}

Matrix rbfPsi2Single(const RbfParams& k, const RowVector& mean, const RowVector& variance,
                     const Matrix& Z)
{
    return rbfPsiStatistics(k, Matrix(mean), Matrix(variance), Z).psi2;
}

PsiStatistics rbfPsiStatistics(const RbfParams& k, const Matrix& mean, const Matrix& variance,
                               const Matrix& Z)
{
    PsiStatistics out;
    out.psi1 = rbfPsi1(k, mean, variance, Z);
    out.psi0 = double(mean.rows()) * k.variance;

    const Index m = Z.rows(), Q = Z.cols();
    const Vector l2 = k.lengthscales.array().square();
    const Vector shrink = logShrink(l2, variance, 2.0);
    const Matrix pair = pairTerm(l2, Z);
    const double logVar2 = 2.0 * std::log(k.variance);
    out.psi2 = Matrix::Zero(m, m);
    for (Index n = 0; n < mean.rows(); ++n)
        for (Index a = 0; a < m; ++a)
            for (Index b = 0; b <= a; ++b) {
                double e = logVar2 + shrink(n) + pair(a, b);
                for (Index q = 0; q < Q; ++q) {
                    const double dev = mean(n, q) - 0.5 * (Z(a, q) + Z(b, q));
                    e -= dev * dev / (l2(q) + 2.0 * variance(n, q));
                }
                out.psi2(a, b) += std::exp(e);
            }
    out.psi2.triangularView<Eigen::StrictlyUpper>() = out.psi2.transpose();
    return out;
}

PsiGradients rbfPsiGradients(const RbfParams& k, const Matrix& mean, const Matrix& variance,
                             const Matrix& Z, double g0, const Matrix& G1, const Matrix& G2,
                             bool inputGradients)
{
    checkShapes(k, mean, variance, Z);
    const Index N = mean.rows(), M = Z.rows(), Q = Z.cols();
    const Vector l2 = k.lengthscales.array().square();
    const double logVar = std::log(k.variance);

    PsiGradients g;
    g.inducing = Matrix::Zero(M, Q);
    g.logLengthscales = Vector::Zero(Q);
    g.logVariance = g0 * double(N) * k.variance;
    if (inputGradients) {
        g.mean = Matrix::Zero(N, Q);
        g.variance = Matrix::Zero(N, Q);
    }

    // Ψ1 terms.
    const Vector shrink1 = logShrink(l2, variance, 1.0);
    for (Index n = 0; n < N; ++n)
        for (Index m = 0; m < M; ++m) {
            double e = logVar + shrink1(n);
            for (Index q = 0; q < Q; ++q) {
                const double d = mean(n, q) - Z(m, q);
                e -= d * d / (2.0 * (l2(q) + variance(n, q)));
            }
            const double w = G1(n, m) * std::exp(e);
            g.logVariance += w;
            for (Index q = 0; q < Q; ++q) {
                const double D = l2(q) + variance(n, q);
                const double d = mean(n, q) - Z(m, q);
                g.inducing(m, q) += w * d / D;
                g.logLengthscales(q) += w * (1.0 - l2(q) / D + l2(q) * d * d / (D * D));
                if (inputGradients) {
                    g.mean(n, q) -= w * d / D;
                    g.variance(n, q) += w * (d * d - D) / (2.0 * D * D);
                }
            }
        }

    // Ψ2 terms, contracted with the symmetric part of G2.
    const Matrix G2s = 0.5 * (G2 + G2.transpose());
    const Vector shrink2 = logShrink(l2, variance, 2.0);
    const Matrix pair = pairTerm(l2, Z);
    for (Index n = 0; n < N; ++n)
        for (Index a = 0; a < M; ++a)
            for (Index b = 0; b < M; ++b) {
                double e = 2.0 * logVar + shrink2(n) + pair(a, b);
                for (Index q = 0; q < Q; ++q) {
                    const double dev = mean(n, q) - 0.5 * (Z(a, q) + Z(b, q));
                    e -= dev * dev / (l2(q) + 2.0 * variance(n, q));
                }
                const double w = G2s(a, b) * std::exp(e);
                g.logVariance += 2.0 * w;
                for (Index q = 0; q < Q; ++q) {
                    const double D2 = l2(q) + 2.0 * variance(n, q);
                    const double dev = mean(n, q) - 0.5 * (Z(a, q) + Z(b, q));
                    const double r = Z(a, q) - Z(b, q);
                    g.inducing(a, q) += 2.0 * w * (dev / D2 - r / (2.0 * l2(q)));
                    g.logLengthscales(q) += w * (1.0 - l2(q) / D2 + r * r / (2.0 * l2(q)) +
                                                 2.0 * l2(q) * dev * dev / (D2 * D2));
                    if (inputGradients) {
                        g.mean(n, q) -= 2.0 * w * dev / D2;
                        g.variance(n, q) += w * (2.0 * dev * dev - D2) / (D2 * D2);
                    }
                }
            }
    return g;
}

Matrix rbfInducingCovariance(const RbfParams& k, const Matrix& Z, double relativeJitter)
{
    const Index M = Z.rows();
    const Vector l2 = k.lengthscales.array().square();
    Matrix K(M, M);
    for (Index a = 0; a < M; ++a) {
        K(a, a) = k.variance * (1.0 + relativeJitter);
        for (Index b = 0; b < a; ++b) {
            double r2 = 0.0;
            for (Index q = 0; q < Z.cols(); ++q) {
                const double d = Z(a, q) - Z(b, q);
                r2 += d * d / l2(q);
            }
            K(a, b) = K(b, a) = k.variance * std::exp(-0.5 * r2);
        }
    }
    return K;
}

InducingGradients rbfInducingCovarianceGradients(const RbfParams& k, const Matrix& Z,
                                                 double relativeJitter, const Matrix& G)
{
    const Index M = Z.rows(), Q = Z.cols();
    const Vector l2 = k.lengthscales.array().square();
    const Matrix K = rbfInducingCovariance(k, Z, relativeJitter);
    const Matrix Gs = 0.5 * (G + G.transpose());
    InducingGradients g;
    g.logVariance = (Gs.array() * K.array()).sum(); // Kuu is proportional to σ²
    g.inducing = Matrix::Zero(M, Q);
    g.logLengthscales = Vector::Zero(Q);
    for (Index a = 0; a < M; ++a)
        for (Index b = 0; b < M; ++b) {
            if (a == b)
                continue;
            const double w = Gs(a, b) * K(a, b);
            for (Index q = 0; q < Q; ++q) {
                const double d = Z(a, q) - Z(b, q);
                g.logLengthscales(q) += w * d * d / l2(q);
                g.inducing(a, q) -= 2.0 * w * d / l2(q);
            }
        }
    return g;
}

} // namespace emu

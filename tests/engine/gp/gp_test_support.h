#pragma once
// Shared data and a naive reference GP (explicit inverse, no Cholesky) for the GP tests.

#include "engine/gp/gaussian_process.h"

#include "kernel_test_support.h"

#include <Eigen/LU>

#include <cmath>
#include <numbers>

namespace emu::test {

/// A smooth test function of any dimension.
inline Vector smoothFunction(const Matrix& X)
{
    Vector y(X.rows());
    for (Index i = 0; i < X.rows(); ++i) {
        double v = std::sin(3.0 * X(i, 0));
        for (Index k = 1; k < X.cols(); ++k)
            v += 0.5 * std::cos(2.0 * X(i, k) + double(k));
        y(i) = v;
    }
    return y;
}

/// n noisy observations of smoothFunction in [0, 2]^d, scaled and shifted so that
/// normalisation has something to do.
inline void makeData(Index n, Index d, std::uint64_t seed, Matrix& X, Vector& y,
                     double noise = 0.1)
{
    Rng rng(seed);
    X = 2.0 * rng.uniformMatrix(n, d);
    y = (3.0 * smoothFunction(X)).array() + 10.0;
    for (Index i = 0; i < n; ++i)
        y(i) += noise * rng.normal();
}

/// What a GP should compute, by the textbook formulas with an explicit inverse.
struct NaiveGp
{
    Vector mean;
    Matrix covariance; ///< latent, original units
    double logLikelihood = 0.0;
};

inline NaiveGp naiveGp(const Kernel& k, const Matrix& X, const Vector& y, const Matrix& Xs,
                       double noise, MeanFunction meanFunction, bool normalise)
{
    const Index n = X.rows();
    const double m = meanFunction == MeanFunction::Constant ? y.mean() : 0.0;
    const double s = normalise ? std::sqrt((y.array() - m).square().mean()) : 1.0;
    const Vector yt = (y.array() - m) / s;
    Matrix K = k.compute(X);
    K.diagonal().array() += noise;
    const Matrix Kinv = K.inverse();
    const Matrix Ks = k.compute(Xs, X);
    NaiveGp out;
    out.mean = (s * (Ks * Kinv * yt)).array() + m;
    out.covariance = s * s * (k.compute(Xs) - Ks * Kinv * Ks.transpose());
    out.logLikelihood = -0.5 * yt.dot(Kinv * yt) - 0.5 * std::log(K.determinant()) -
                        0.5 * double(n) * std::log(2.0 * std::numbers::pi) -
                        double(n) * std::log(s);
    return out;
}

} // namespace emu::test

#pragma once
// Dense symmetric positive-definite linear algebra shared by the GP code.
//
// Adaptive jitter: a covariance matrix K that should be positive definite often is not in
// floating point (duplicate inputs, tiny noise, long lengthscales). choleskyWithJitter() tries
// K, then K + εI with ε = 1e-10·mean(diag K), growing ×10 up to 1e-2·mean(diag K), and throws
// NumericalError with advice when even that fails. A factor is accepted only if every pivot
// L_ii is finite with L_ii² > 1e-14·mean(diag K): a pivot at rounding level means the matrix
// is singular to working precision and the solves would amplify noise.
//
// inverseFromCholesky() forms K⁻¹ = L⁻ᵀL⁻¹ by a recursive triangular inverse followed by a
// recursive LᵀL product, ~2n³/3 flops against 2n³ for solving with the identity; the log
// marginal likelihood gradient needs K⁻¹ at every optimiser step.

#include "engine/core/rng.h"
#include "engine/core/types.h"

#include <string>

namespace emu {

/// A lower Cholesky factor and the jitter that made it possible.
struct JitteredCholesky
{
    Matrix L;            ///< lower triangle holds L (the strict upper triangle is unspecified)
    double jitter = 0.0; ///< ε added to the diagonal (0 if none was needed)
};

/// Smallest pivot² accepted, relative to the mean diagonal of the factorised matrix.
inline constexpr double kRelativePivotFloor = 1e-14;

/// Cholesky factor of A + εI with the smallest ε of the ladder (see header comment); `what`
/// names the matrix in the error message. A is taken by value and factorised in place.
JitteredCholesky choleskyWithJitter(Matrix A, const std::string& what);

/// K⁻¹ (full symmetric) from the lower Cholesky factor L of K; pass L as an rvalue when it is
/// no longer needed and K⁻¹ is formed in its storage.
Matrix inverseFromCholesky(Matrix L);

/// count samples (columns) of N(mean, cov), using jitter and, failing that, an eigen
/// decomposition with negative eigenvalues clipped (cov may be only semi-definite).
Matrix sampleMultivariateNormal(const Vector& mean, const Matrix& cov, int count, Rng& rng);
/// N(mean, cov) factorised once, to be sampled many times (an animation turns Z every frame).
struct JointNormal
{
    Vector mean;
    /// root·rootᵀ = cov: the jittered Cholesky factor, or a symmetric square root with negative
    /// eigenvalues clipped when cov is only semi-definite.
    Matrix root;
    /// mean + root·Z for standard normals Z (m×count): count joint samples.
    Matrix sample(const Matrix& Z) const;
    /// count joint samples, with Z drawn from rng.
    Matrix sample(int count, Rng& rng) const;
};
JointNormal jointNormal(const Vector& mean, const Matrix& cov);
/// jointNormal(mean, cov).sample(Z); sampleMultivariateNormal draws Z from rng and calls this.
Matrix transformStandardNormals(const Vector& mean, const Matrix& cov, const Matrix& Z);
/// cos(angle)·A + sin(angle)·B: for independent standard normal A and B, every angle gives
/// standard normals again, and nearby angles give nearby ones. Turning the angle through 2π
/// moves samples of N(m, Σ) smoothly through valid samples and back, for animations.
Matrix greatCircleNormals(const Matrix& A, const Matrix& B, double angle);

} // namespace emu

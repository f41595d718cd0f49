#pragma once
// Psi statistics of the RBF kernel: expectations of the kernel when its inputs are Gaussian.
// They are what makes the variational bound of a deep GP (and of the Bayesian GP-LVM)
// tractable: the hidden layer's inputs are uncertain, q(h_n) = N(μ_n, diag s_n), and the bound
// needs the kernel only through these three expectations.
//
// Kernel (ARD over the Q input columns):  k(a, b) = σ² exp(−½ Σ_q (a_q − b_q)²/ℓ_q²).
// For N inputs h_n ~ N(μ_n, diag s_n) and M inducing inputs z_m (rows of Z):
//
//   ψ0      = Σ_n E[k(h_n, h_n)] = N σ²
//   Ψ1_nm   = E[k(h_n, z_m)]
//           = σ² Π_q (ℓ_q²/(ℓ_q² + s_nq))^½ exp(−(μ_nq − z_mq)² / (2(ℓ_q² + s_nq)))
//   Ψ2_mm'  = Σ_n E[k(z_m, h_n) k(h_n, z_m')]
//           = Σ_n σ⁴ Π_q (ℓ_q²/(ℓ_q² + 2s_nq))^½
//                 exp(−(z_mq − z_m'q)²/(4ℓ_q²) − (μ_nq − z̄_q)²/(ℓ_q² + 2s_nq)),  z̄ = (z_m + z_m')/2
//
// (Titsias & Lawrence 2010, Damianou & Lawrence 2013.) With s = 0 they reduce to Σ_n k(x_n, x_n),
// K_fu and K_fuᵀ K_fu: a layer with known inputs is the special case of zero variance.
//
// Gradients. Callers compute the gradient of their objective F with respect to the statistics,
// g0 = ∂F/∂ψ0, G1 = ∂F/∂Ψ1 (N×M), G2 = ∂F/∂Ψ2 (M×M), and rbfPsiGradients() contracts them with
// the derivatives of the statistics. With D = ℓ_q² + s_nq, d = μ_nq − z_mq, for one term Ψ1_nm:
//   ∂/∂μ_nq = −Ψ1 d/D,  ∂/∂z_mq = Ψ1 d/D,  ∂/∂s_nq = Ψ1 (d² − D)/(2D²),
//   ∂/∂log σ² = Ψ1,     ∂/∂log ℓ_q = Ψ1 (1 − ℓ_q²/D + ℓ_q² d²/D²);
// with D₂ = ℓ_q² + 2s_nq, e = μ_nq − z̄_q, r = z_mq − z_m'q, for one term t of Ψ2_mm':
//   ∂/∂μ_nq = −2t e/D₂,  ∂/∂s_nq = t (2e² − D₂)/D₂²,  ∂/∂log σ² = 2t,
//   ∂/∂log ℓ_q = t (1 − ℓ_q²/D₂ + r²/(2ℓ_q²) + 2ℓ_q² e²/D₂²),
//   ∂/∂z_mq (through its first argument) = t (e/D₂ − r/(2ℓ_q²)); Ψ2 is symmetric, so the
//   contraction with the symmetric part of G2 counts that twice.
//
// The inducing covariance uses a fixed relative jitter, Kuu = σ²(R(Z) + εI) with
// R_ij = exp(−½ Σ_q (z_iq − z_jq)²/ℓ_q²): positive definite even when two inducing inputs
// meet, and a smooth function of every parameter (an adaptive jitter would make the bound jump).

#include "engine/core/types.h"

namespace emu {

/// Hyperparameters of an ARD RBF kernel, in natural units.
struct RbfParams
{
    double variance = 1.0; ///< σ²
    Vector lengthscales;   ///< ℓ_q, one per input column
};

/// The three statistics for a set of Gaussian inputs.
struct PsiStatistics
{
    double psi0 = 0.0; ///< Σ_n E[k(h_n, h_n)]
    Matrix psi1;       ///< N×M, E[k(h_n, z_m)]
    Matrix psi2;       ///< M×M, Σ_n E[k(z_m, h_n) k(h_n, z_m')]
};

/// Gradients of a scalar objective through the statistics (see the header comment).
struct PsiGradients
{
    Matrix mean;            ///< N×Q, ∂F/∂μ (empty if not requested)
    Matrix variance;        ///< N×Q, ∂F/∂s (empty if not requested)
    Matrix inducing;        ///< M×Q, ∂F/∂Z
    double logVariance = 0; ///< ∂F/∂log σ²
    Vector logLengthscales; ///< Q, ∂F/∂log ℓ_q
};

/// Gradients of a scalar objective through Kuu.
struct InducingGradients
{
    Matrix inducing;        ///< M×Q, ∂F/∂Z
    double logVariance = 0; ///< ∂F/∂log σ²
    Vector logLengthscales; ///< Q, ∂F/∂log ℓ_q
};

/// ψ0, Ψ1, Ψ2 for inputs N(mean_n, diag variance_n) (rows; variance ≥ 0) and inducing inputs Z.
PsiStatistics rbfPsiStatistics(const RbfParams& k, const Matrix& mean, const Matrix& variance,
                               const Matrix& Z);
/// Ψ1 alone (N×M): E[k(h_n, z_m)]; with zero variance the cross covariance k(mean, Z).
Matrix rbfPsi1(const RbfParams& k, const Matrix& mean, const Matrix& variance, const Matrix& Z);
/// Ψ2 of the single input N(mean, diag variance) (M×M).
Matrix rbfPsi2Single(const RbfParams& k, const RowVector& mean, const RowVector& variance,
                     const Matrix& Z);

/// Contracts g0 = ∂F/∂ψ0, G1 = ∂F/∂Ψ1, G2 = ∂F/∂Ψ2 with the derivatives of the statistics;
/// the input gradients (mean, variance) are computed only if `inputGradients`.
PsiGradients rbfPsiGradients(const RbfParams& k, const Matrix& mean, const Matrix& variance,
                             const Matrix& Z, double g0, const Matrix& G1, const Matrix& G2,
                             bool inputGradients);

/// Kuu = σ²(R(Z) + εI), ε = relativeJitter (see the header comment).
Matrix rbfInducingCovariance(const RbfParams& k, const Matrix& Z, double relativeJitter);
/// Contracts G = ∂F/∂Kuu with the derivatives of Kuu (same ε).
InducingGradients rbfInducingCovarianceGradients(const RbfParams& k, const Matrix& Z,
                                                 double relativeJitter, const Matrix& G);

} // namespace emu

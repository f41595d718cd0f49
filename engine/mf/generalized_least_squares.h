#pragma once
// A Gaussian likelihood with a linear mean whose coefficients are estimated in closed form:
//
//   y ~ N(Hβ, K),   β̂ = (HᵀK⁻¹H)⁻¹ HᵀK⁻¹ y           (generalised least squares)
//   log p(y | β̂) = −½ rᵀK⁻¹r − ½ log|K| − n/2 log 2π,  r = y − Hβ̂
//
// With K = LLᵀ, Q = L⁻¹H and q = L⁻¹y, β̂ is the least-squares solution of Qβ ≈ q (a
// column-pivoting QR, so a rank-deficient H still gives an answer) and rᵀK⁻¹r = |q − Qβ̂|².
// Because β̂ maximises the likelihood for every K, the derivative of the profiled likelihood
// with respect to any parameter of K or H is the partial derivative at fixed β = β̂
// (the envelope theorem): ½ Σ_ij (ααᵀ − K⁻¹)_ij ∂K_ij + αᵀ(∂H)β̂ with α = K⁻¹r.
// H may have no columns (a zero mean).

#include "engine/core/types.h"

#include <string>

namespace emu {

/// Factor, weights and likelihood of y ~ N(Hβ̂, K).
struct GlsFactor
{
    Matrix L;                   ///< lower Cholesky factor of K (+ jitter)
    double jitter = 0.0;        ///< jitter added to K's diagonal (see cholesky.h)
    Vector beta;                ///< β̂ (size H.cols())
    Vector alpha;               ///< K⁻¹(y − Hβ̂)
    double logLikelihood = 0.0; ///< log p(y | β̂)
};

/// Factorises K (adaptive jitter; NumericalError naming `what` if that fails) and estimates β.
GlsFactor glsFactor(Matrix K, const Matrix& H, const Vector& y, const std::string& what);

} // namespace emu

#pragma once
// One layer of a deep GP: a sparse GP with M inducing inputs Z from Gaussian inputs
// q(h_in,n) = N(μ_n, diag s_n) (zero variance for observed inputs) to one output column whose
// values are either observed, y, or themselves Gaussian, q(h_out,n) = N(m_n, v_n).
//
// Model of the layer: h_out = f(h_in) + ε, f ~ GP(0, k) with k an RBF kernel, ε ~ N(0, σn²),
// β = 1/σn². The inducing outputs u = f(Z) are integrated out with their optimal variational
// distribution (Titsias 2009; Titsias & Lawrence 2010), which gives the collapsed bound
//
//   F = −N/2 log 2π + N/2 log β + ½ log|Kuu| − ½ log|A| − β/2 ⟨yᵀy⟩
//       + β²/2 tr(A⁻¹ Ψ1ᵀ⟨yyᵀ⟩Ψ1) − β/2 ψ0 + β/2 tr(Kuu⁻¹ Ψ2),      A = Kuu + β Ψ2,
//
// where ψ0, Ψ1, Ψ2 are the psi statistics of the inputs (rbf_psi_statistics.h) and, for a
// Gaussian output, ⟨yᵀy⟩ = mᵀm + Σ v_n and ⟨yyᵀ⟩ = mmᵀ + diag(v) (Damianou & Lawrence 2013: the
// hidden layer's term has the same form as the data term, with YYᵀ replaced by its
// expectation). F ≤ E_q[log p(h_out | h_in)].
//
// Gradients, with C = Ψ1ᵀ⟨yyᵀ⟩Ψ1, v = Ψ1ᵀm, P = Ψ1 A⁻¹, G_A = −½A⁻¹ − β²/2 A⁻¹CA⁻¹:
//   ∂F/∂m = −βm + β² P v,        ∂F/∂v_n = −β/2 + β²/2 (PΨ1ᵀ)_nn,
//   ∂F/∂Ψ1 = β² (m vᵀ + diag(v)Ψ1) A⁻¹,   ∂F/∂Ψ2 = βG_A + β/2 Kuu⁻¹,   ∂F/∂ψ0 = −β/2,
//   ∂F/∂Kuu = G_A + ½Kuu⁻¹ − β/2 Kuu⁻¹Ψ2Kuu⁻¹,
//   ∂F/∂β = N/(2β) − ⟨yᵀy⟩/2 + β tr(A⁻¹C) − ψ0/2 + ½ tr(Kuu⁻¹Ψ2) + tr(G_A Ψ2),
// then through the psi statistics and Kuu to μ, s, Z, log σ², log ℓ; ∂F/∂log σn² = −β ∂F/∂β.
// Numerics. With Kuu = LLᵀ and the whitened Ψ̃2 = L⁻¹Ψ2L⁻ᵀ, C̃ = L⁻¹CL⁻ᵀ, B = I + βΨ̃2:
//   log|A| − log|Kuu| = log|B|,  tr(Kuu⁻¹Ψ2) = tr Ψ̃2,
//   ∂F/∂Kuu = L⁻ᵀ[−β²/2 (sym(B⁻¹Ψ̃2Ψ̃2) + B⁻¹C̃B⁻¹)]L⁻¹,
//   ∂F/∂Ψ2  = L⁻ᵀ[β²/2 sym(B⁻¹Ψ̃2) − β³/2 B⁻¹C̃B⁻¹]L⁻¹.
// Written as above, the four terms of ∂F/∂Kuu (each of size ‖Kuu⁻¹‖²) cancel before they are
// formed instead of after. Inducing inputs closer than about a lengthscale still make Kuu
// nearly singular, and then the chain rule through Kuu, Ψ1 and Ψ2 adds up large terms that
// cancel: the jitter ε of Kuu = σ²(R + εI) bounds that loss, and is 1e-5 because with 1e-6 the
// rounding noise of the bound itself reached 1e-3 on the Olympic data at M = 15.
//
// Prediction (after fitting): the optimal q(u) = N(Kuu A⁻¹ βΨ1ᵀm, Kuu A⁻¹ Kuu) gives, at a
// known input t, mean k(t,Z) w with w = β A⁻¹Ψ1ᵀm and variance k(t,t) − k(t,Z)(Kuu⁻¹ − A⁻¹)k(Z,t);
// at a Gaussian input t ~ N(μ, diag s) the exact moments of f(t) are
//   E f = ψ1 w,   E f² = wᵀΨ2 w + ψ0 − tr((Kuu⁻¹ − A⁻¹)Ψ2)   (statistics of that one input).

#include "engine/core/types.h"
#include "engine/dgp/rbf_psi_statistics.h"

namespace emu {

/// Parameters of one layer, in natural units.
struct SparseGpLayerParams
{
    RbfParams kernel;           ///< RBF variance and lengthscales (one per input column)
    double noiseVariance = 0.1; ///< σn² of this layer's output
    Matrix inducing;            ///< Z, M×Q
};

/// Gaussian inputs or outputs of a layer (zero variance for observed values).
struct GaussianColumns
{
    Matrix mean;     ///< N×Q
    Matrix variance; ///< N×Q, ≥ 0
};

/// The layer's bound and, if requested, its gradients.
struct SparseGpLayerBound
{
    double value = 0.0;
    Vector outputMean;        ///< ∂F/∂m (N; empty unless output gradients were requested)
    Vector outputVariance;    ///< ∂F/∂v (N; empty unless output gradients were requested)
    Matrix inputMean;         ///< ∂F/∂μ (N×Q; empty unless input gradients were requested)
    Matrix inputVariance;     ///< ∂F/∂s (N×Q; empty unless input gradients were requested)
    Matrix inducing;          ///< ∂F/∂Z (M×Q)
    double logVariance = 0.0; ///< ∂F/∂log σ²
    Vector logLengthscales;   ///< ∂F/∂log ℓ_q
    double logNoiseVariance = 0.0; ///< ∂F/∂log σn²
};

/// What gradients to compute.
struct LayerGradientRequest
{
    bool parameters = true; ///< Z, kernel, noise
    bool inputs = false;    ///< μ, s of the inputs
    bool outputs = false;   ///< m, v of the outputs
};

/// The collapsed bound of the header comment; throws NumericalError if Kuu or B is not
/// positive definite.
SparseGpLayerBound sparseGpLayerBound(const SparseGpLayerParams& layer, const GaussianColumns& in,
                                      const Vector& outMean, const Vector& outVariance,
                                      const LayerGradientRequest& request);

/// What prediction needs from a fitted layer.
struct SparseGpLayerPosterior
{
    SparseGpLayerParams params;
    Vector weights;   ///< w = β A⁻¹ Ψ1ᵀ m (M)
    Matrix reduction; ///< Kuu⁻¹ − A⁻¹ (M×M): how much the data reduce the prior variance
};

/// The posterior of the header comment for fitted parameters and data.
SparseGpLayerPosterior sparseGpLayerPosterior(const SparseGpLayerParams& layer,
                                              const GaussianColumns& in, const Vector& outMean,
                                              const Vector& outVariance);

/// Exact mean and variance of f(t) for inputs t_i ~ N(mean_i, diag variance_i), rows i
/// (zero variance gives the usual sparse-GP prediction). Without the layer's noise.
void predictSparseGpLayer(const SparseGpLayerPosterior& posterior, const GaussianColumns& in,
                          Vector& mean, Vector& variance);

/// Relative jitter ε of Kuu = σ²(R + εI) used by every layer.
inline constexpr double kInducingJitter = 1e-5;

} // namespace emu

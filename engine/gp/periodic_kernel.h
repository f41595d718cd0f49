#pragma once
// Periodic (exp-sine-squared, MacKay 1998) kernel:
//
//   k(x, x') = σ² exp(−2 Σ_k sin²(π (x_k − x'_k)/p) / ℓ_k²)
//
// with one shared period p and ARD or shared lengthscales ℓ_k. With Δ_k = x_k − x'_k and
// s_k = sin(π Δ_k/p):
//
//   ∂k/∂log σ²  = k
//   ∂k/∂log ℓ_k = 4 k s_k² / ℓ_k²                        (shared ℓ: summed over k)
//   ∂k/∂log p   = 2 k Σ_k sin(2π Δ_k/p) (π Δ_k/p) / ℓ_k²
//   ∂k/∂x_k     = −2π k sin(2π Δ_k/p) / (p ℓ_k²)

#include "engine/gp/kernel.h"

namespace emu {

/// Exactly periodic functions with period p (smooth within a period, RBF-like in sin space).
class PeriodicKernel : public Kernel
{
public:
    PeriodicKernel(Index inputDim, bool ard = false);
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "periodic"; }

    /// The period p.
    double period() const;
    std::vector<ParamInfo> paramInfo() const override;
    Vector logParams() const override;

    using Kernel::compute;
    Matrix compute(const Matrix& X1, const Matrix& X2) const override;
    Vector diagonal(const Matrix& X) const override;
    using Kernel::parameterGradients;
    std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const override;
    Vector contractedGradient(const Matrix& X, const Matrix& W) const override;
    Matrix inputGradient(const RowVector& x, const Matrix& X) const override;

protected:
    void assignLogParams(const Vector& logParams) override;

private:
    double lengthscale(Index k) const;
    /// Δ_k = X1_ik − X2_jk as an n1×n2 matrix.
    static Matrix differences(const Matrix& X1, const Matrix& X2, Index k);

    bool m_ard;
    double m_logVariance = 0.0;
    Vector m_logLengthscales;
    double m_logPeriod = 0.0;
};

} // namespace emu

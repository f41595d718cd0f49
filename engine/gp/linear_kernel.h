#pragma once
// Linear (dot-product) kernel: Bayesian linear regression through the origin,
//
//   k(x, x') = Σ_k v_k x_k x'_k        (shared variance: v xᵀx')
//
//   ∂k/∂log v_k = v_k x_k x'_k,   ∂k(x, x')/∂x_k = v_k x'_k,   ∂k(x, x)/∂x_k = 2 v_k x_k.
// Add a bias kernel for an intercept. Not stationary: the prior variance grows with |x|.

#include "engine/gp/kernel.h"

namespace emu {

/// Linear kernel with one variance per input dimension (ARD) or one shared variance.
class LinearKernel : public Kernel
{
public:
    LinearKernel(Index inputDim, bool ard = false);
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "linear"; }

    std::vector<ParamInfo> paramInfo() const override;
    Vector logParams() const override;

    Matrix compute(const Matrix& X) const override;
    Matrix compute(const Matrix& X1, const Matrix& X2) const override;
    Vector diagonal(const Matrix& X) const override;
    using Kernel::parameterGradients;
    std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const override;
    Vector contractedGradient(const Matrix& X, const Matrix& W) const override;
    Matrix inputGradient(const RowVector& x, const Matrix& X) const override;
    Matrix diagonalGradient(const Matrix& X) const override;

protected:
    void assignLogParams(const Vector& logParams) override;

private:
    /// v_k for every input dimension.
    Vector variances() const;

    bool m_ard;
    Vector m_logVariances; ///< size inputDim() if ARD, else 1
};

} // namespace emu

#pragma once
// Bias (constant) kernel: k(x, x') = σ², a random constant offset shared by all outputs.
//   ∂k/∂log σ² = σ²,  ∂k/∂x = 0.

#include "engine/gp/kernel.h"

namespace emu {

/// Constant covariance σ²: the prior of an unknown constant added to the function.
class BiasKernel : public Kernel
{
public:
    explicit BiasKernel(Index inputDim) : Kernel(inputDim) {}
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "bias"; }

    std::vector<ParamInfo> paramInfo() const override;
    Vector logParams() const override { return Vector::Constant(1, m_logVariance); }

    using Kernel::compute;
    Matrix compute(const Matrix& X1, const Matrix& X2) const override;
    Vector diagonal(const Matrix& X) const override;
    using Kernel::parameterGradients;
    std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const override;
    Vector contractedGradient(const Matrix& X, const Matrix& W) const override;
    Matrix inputGradient(const RowVector& x, const Matrix& X) const override;

protected:
    void assignLogParams(const Vector& logParams) override { m_logVariance = logParams(0); }

private:
    double m_logVariance = 0.0;
};

} // namespace emu

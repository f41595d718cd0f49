#pragma once
// White-noise kernel: independent noise of variance σ² at every OBSERVATION,
//
//   k(X, X) = σ² I  (self mode),   k(X1, X2) = 0  (cross mode, different observations),
//
// so predictions at a training location do not inherit the noise of the observation there
// (see kernel.h for the two modes). ∂k(X, X)/∂log σ² = σ² I, ∂k/∂x = 0.

#include "engine/gp/kernel.h"

namespace emu {

/// Observation noise as a kernel term (the GP also has its own noise variance).
class WhiteKernel : public Kernel
{
public:
    explicit WhiteKernel(Index inputDim) : Kernel(inputDim) {}
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "white"; }

    std::vector<ParamInfo> paramInfo() const override;
    Vector logParams() const override { return Vector::Constant(1, m_logVariance); }

    Matrix compute(const Matrix& X) const override;
    Matrix compute(const Matrix& X1, const Matrix& X2) const override;
    Vector diagonal(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const override;
    Vector contractedGradient(const Matrix& X, const Matrix& W) const override;
    Matrix inputGradient(const RowVector& x, const Matrix& X) const override;

protected:
    void assignLogParams(const Vector& logParams) override { m_logVariance = logParams(0); }

private:
    double m_logVariance = 0.0;
};

} // namespace emu

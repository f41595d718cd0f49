#include "engine/gp/bias_kernel.h"

#include <cmath>

namespace emu {

std::unique_ptr<Kernel> BiasKernel::clone() const
{
    return std::make_unique<BiasKernel>(*this);
}

std::vector<ParamInfo> BiasKernel::paramInfo() const
{
    return {makeParamInfo("variance", KernelBounds::minVariance, KernelBounds::maxVariance,
                          ParamScale::Variance)};
}

Matrix BiasKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    checkInput(X1, "X1");
    checkInput(X2, "X2");
    return Matrix::Constant(X1.rows(), X2.rows(), std::exp(m_logVariance));
}

Vector BiasKernel::diagonal(const Matrix& X) const
{
    checkInput(X, "X");
    return Vector::Constant(X.rows(), std::exp(m_logVariance));
}

std::vector<Matrix> BiasKernel::parameterGradients(const Matrix& X1, const Matrix& X2) const
{
    return {compute(X1, X2)};
}

Vector BiasKernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    checkInput(X, "X");
    return Vector::Constant(1, std::exp(m_logVariance) * W.sum());
}

Matrix BiasKernel::inputGradient(const RowVector&, const Matrix& X) const
{
    checkInput(X, "X");
    return Matrix::Zero(X.rows(), X.cols());
}

} // namespace emu

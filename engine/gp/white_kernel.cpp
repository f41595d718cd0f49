#include "engine/gp/white_kernel.h"

#include <cmath>

namespace emu {

std::unique_ptr<Kernel> WhiteKernel::clone() const
{
    return std::make_unique<WhiteKernel>(*this);
}

std::vector<ParamInfo> WhiteKernel::paramInfo() const
{
    return {makeParamInfo("variance", 1e-9, KernelBounds::maxVariance, ParamScale::Variance)};
}

Matrix WhiteKernel::compute(const Matrix& X) const
{
    checkInput(X, "X");
    return std::exp(m_logVariance) * Matrix::Identity(X.rows(), X.rows());
}

Matrix WhiteKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    checkInput(X1, "X1");
    checkInput(X2, "X2");
    return Matrix::Zero(X1.rows(), X2.rows());
}

Vector WhiteKernel::diagonal(const Matrix& X) const
{
    checkInput(X, "X");
    return Vector::Constant(X.rows(), std::exp(m_logVariance));
}

std::vector<Matrix> WhiteKernel::parameterGradients(const Matrix& X) const
{
    return {compute(X)};
}

std::vector<Matrix> WhiteKernel::parameterGradients(const Matrix& X1, const Matrix& X2) const
{
    return {compute(X1, X2)};
}

Vector WhiteKernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    checkInput(X, "X");
    return Vector::Constant(1, std::exp(m_logVariance) * W.trace());
}

Matrix WhiteKernel::inputGradient(const RowVector&, const Matrix& X) const
{
    checkInput(X, "X");
    return Matrix::Zero(X.rows(), X.cols());
}

} // namespace emu

#include "engine/gp/linear_kernel.h"

#include "engine/core/errors.h"

#include <cmath>

namespace emu {

LinearKernel::LinearKernel(Index inputDim, bool ard)
    : Kernel(inputDim), m_ard(ard), m_logVariances(Vector::Zero(ard ? inputDim : 1))
{
}

std::unique_ptr<Kernel> LinearKernel::clone() const
{
    return std::make_unique<LinearKernel>(*this);
}

std::vector<ParamInfo> LinearKernel::paramInfo() const
{
    if (!m_ard)
        return {makeParamInfo("variance", KernelBounds::minVariance, KernelBounds::maxVariance,
                              ParamScale::Variance)};
    std::vector<ParamInfo> info;
    for (Index k = 0; k < inputDim(); ++k)
        info.push_back(makeParamInfo("variance[" + std::to_string(k + 1) + "]",
                                     KernelBounds::minVariance, KernelBounds::maxVariance,
                                     ParamScale::Variance));
    return info;
}

Vector LinearKernel::logParams() const
{
    return m_logVariances;
}

void LinearKernel::assignLogParams(const Vector& logParams)
{
    m_logVariances = logParams;
}

Vector LinearKernel::variances() const
{
    if (m_ard)
        return m_logVariances.array().exp();
    return Vector::Constant(inputDim(), std::exp(m_logVariances(0)));
}

Matrix LinearKernel::compute(const Matrix& X) const
{
    checkInput(X, "X");
    // Y Yᵀ with Y = X √v, as a symmetric rank update: exactly symmetric and half the work.
    const Matrix Y = X * variances().cwiseSqrt().asDiagonal();
    Matrix K = Matrix::Zero(X.rows(), X.rows());
    K.selfadjointView<Eigen::Lower>().rankUpdate(Y);
    mirrorLowerTriangle(K);
    return K;
}

Matrix LinearKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    checkInput(X1, "X1");
    checkInput(X2, "X2");
    return X1 * variances().asDiagonal() * X2.transpose();
}

Vector LinearKernel::diagonal(const Matrix& X) const
{
    checkInput(X, "X");
    return X.cwiseAbs2() * variances();
}

std::vector<Matrix> LinearKernel::parameterGradients(const Matrix& X1, const Matrix& X2) const
{
    if (!m_ard)
        return {compute(X1, X2)};
    checkInput(X1, "X1");
    checkInput(X2, "X2");
    const Vector v = variances();
    std::vector<Matrix> grads;
    for (Index k = 0; k < inputDim(); ++k)
        grads.push_back(v(k) * X1.col(k) * X2.col(k).transpose());
    return grads;
}

Vector LinearKernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    checkInput(X, "X");
    const Matrix WX = W * X;
    const Vector perDim = (X.array() * WX.array()).colwise().sum().transpose() * variances().array();
    if (m_ard)
        return perDim;
    return Vector::Constant(1, perDim.sum());
}

Matrix LinearKernel::inputGradient(const RowVector& x, const Matrix& X) const
{
    checkInput(X, "X");
    if (x.size() != inputDim())
        throw InvalidInput("inputGradient: x has " + std::to_string(x.size()) +
                           " entries, expected " + std::to_string(inputDim()));
    return X * variances().asDiagonal();
}

Matrix LinearKernel::diagonalGradient(const Matrix& X) const
{
    checkInput(X, "X");
    return 2.0 * X * variances().asDiagonal();
}

} // namespace emu

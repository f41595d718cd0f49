#include "engine/gp/kernel.h"

#include "engine/core/errors.h"

#include <cmath>

namespace emu {

ParamInfo makeParamInfo(std::string name, double lower, double upper, ParamScale scale,
                        Index inputIndex)
{
    return ParamInfo{std::move(name), std::log(lower), std::log(upper), scale, inputIndex};
}

Kernel::Kernel(Index inputDim) : m_inputDim(inputDim)
{
    if (inputDim < 1)
        throw InvalidInput("a kernel needs at least one input dimension, got " +
                           std::to_string(inputDim));
}

void Kernel::setLogParams(const Vector& logParams)
{
    if (logParams.size() != paramCount())
        throw InvalidInput("kernel '" + describe() + "' has " + std::to_string(paramCount()) +
                           " hyperparameters, got " + std::to_string(logParams.size()));
    if (!logParams.allFinite())
        throw InvalidInput("kernel '" + describe() + "': non-finite log hyperparameter");
    assignLogParams(logParams);
}

Vector Kernel::logLowerBounds() const
{
    const std::vector<ParamInfo> info = paramInfo();
    Vector v(Index(info.size()));
    for (std::size_t j = 0; j < info.size(); ++j)
        v(Index(j)) = info[j].logLower;
    return v;
}

Vector Kernel::logUpperBounds() const
{
    const std::vector<ParamInfo> info = paramInfo();
    Vector v(Index(info.size()));
    for (std::size_t j = 0; j < info.size(); ++j)
        v(Index(j)) = info[j].logUpper;
    return v;
}

Matrix Kernel::compute(const Matrix& X) const
{
    Matrix K = compute(X, X);
    mirrorLowerTriangle(K);
    return K;
}

void Kernel::mirrorLowerTriangle(Matrix& K)
{
    K.triangularView<Eigen::StrictlyUpper>() = K.transpose();
}

std::vector<Matrix> Kernel::parameterGradients(const Matrix& X) const
{
    return parameterGradients(X, X);
}

Vector Kernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    const std::vector<Matrix> grads = parameterGradients(X);
    Vector g(Index(grads.size()));
    for (std::size_t j = 0; j < grads.size(); ++j)
        g(Index(j)) = W.cwiseProduct(grads[j]).sum();
    return g;
}

Matrix Kernel::diagonalGradient(const Matrix& X) const
{
    checkInput(X, "X");
    return Matrix::Zero(X.rows(), X.cols());
}

void Kernel::checkInput(const Matrix& X, const char* what) const
{
    if (X.cols() != m_inputDim)
        throw InvalidInput("kernel '" + describe() + "' expects " + std::to_string(m_inputDim) +
                           " input columns but " + what + " has " + std::to_string(X.cols()));
}

} // namespace emu

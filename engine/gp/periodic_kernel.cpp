#include "engine/gp/periodic_kernel.h"

#include "engine/core/errors.h"

#include <cmath>
#include <numbers>

namespace emu {

PeriodicKernel::PeriodicKernel(Index inputDim, bool ard)
    : Kernel(inputDim), m_ard(ard), m_logLengthscales(Vector::Zero(ard ? inputDim : 1))
{
}

std::unique_ptr<Kernel> PeriodicKernel::clone() const
{
    return std::make_unique<PeriodicKernel>(*this);
}

double PeriodicKernel::period() const
{
    return std::exp(m_logPeriod);
}

double PeriodicKernel::lengthscale(Index k) const
{
    return std::exp(m_logLengthscales(m_ard ? k : 0));
}

std::vector<ParamInfo> PeriodicKernel::paramInfo() const
{
    std::vector<ParamInfo> info;
    info.push_back(makeParamInfo("variance", KernelBounds::minVariance, KernelBounds::maxVariance,
                                 ParamScale::Variance));
    if (m_ard) {
        for (Index k = 0; k < inputDim(); ++k)
            info.push_back(makeParamInfo("lengthscale[" + std::to_string(k + 1) + "]",
                                         KernelBounds::minLengthscale,
                                         KernelBounds::maxLengthscale, ParamScale::Length, k));
    } else {
        info.push_back(makeParamInfo("lengthscale", KernelBounds::minLengthscale,
                                     KernelBounds::maxLengthscale, ParamScale::Length));
    }
    info.push_back(
        makeParamInfo("period", KernelBounds::minLengthscale, KernelBounds::maxLengthscale,
                      ParamScale::Length));
    return info;
}

Vector PeriodicKernel::logParams() const
{
    Vector p(2 + m_logLengthscales.size());
    p << m_logVariance, m_logLengthscales, m_logPeriod;
    return p;
}

void PeriodicKernel::assignLogParams(const Vector& logParams)
{
    m_logVariance = logParams(0);
    m_logLengthscales = logParams.segment(1, m_logLengthscales.size());
    m_logPeriod = logParams(logParams.size() - 1);
}

Matrix PeriodicKernel::differences(const Matrix& X1, const Matrix& X2, Index k)
{
    Matrix d(X1.rows(), X2.rows());
    for (Index j = 0; j < X2.rows(); ++j)
        d.col(j) = X1.col(k).array() - X2(j, k);
    return d;
}

Matrix PeriodicKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    checkInput(X1, "X1");
    checkInput(X2, "X2");
    const double w = std::numbers::pi / period();
    Eigen::ArrayXXd exponent = Eigen::ArrayXXd::Zero(X1.rows(), X2.rows());
    for (Index k = 0; k < inputDim(); ++k) {
        const double l = lengthscale(k);
        exponent += (w * differences(X1, X2, k).array()).sin().square() / (l * l);
    }
    return std::exp(m_logVariance) * (-2.0 * exponent).exp().matrix();
}

Vector PeriodicKernel::diagonal(const Matrix& X) const
{
    checkInput(X, "X");
    return Vector::Constant(X.rows(), std::exp(m_logVariance));
}

std::vector<Matrix> PeriodicKernel::parameterGradients(const Matrix& X1, const Matrix& X2) const
{
    const Matrix K = compute(X1, X2);
    const double p = period();
    const double w = std::numbers::pi / p;
    std::vector<Matrix> grads;
    grads.push_back(K);
    Matrix periodTerm = Matrix::Zero(K.rows(), K.cols());
    Matrix sharedLength = Matrix::Zero(K.rows(), K.cols());
    for (Index k = 0; k < inputDim(); ++k) {
        const double l2 = lengthscale(k) * lengthscale(k);
        const Eigen::ArrayXXd phase = w * differences(X1, X2, k).array();
        const Eigen::ArrayXXd lengthTerm = 4.0 * K.array() * phase.sin().square() / l2;
        if (m_ard)
            grads.push_back(lengthTerm.matrix());
        else
            sharedLength += lengthTerm.matrix();
        periodTerm.array() += 2.0 * K.array() * (2.0 * phase).sin() * phase / l2;
    }
    if (!m_ard)
        grads.push_back(sharedLength);
    grads.push_back(periodTerm);
    return grads;
}

Vector PeriodicKernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    const Matrix K = compute(X);
    const Eigen::ArrayXXd WK = W.array() * K.array();
    const double w = std::numbers::pi / period();
    Vector grad = Vector::Zero(paramCount());
    grad(0) = WK.sum();
    for (Index k = 0; k < inputDim(); ++k) {
        const double l2 = lengthscale(k) * lengthscale(k);
        const Eigen::ArrayXXd phase = w * differences(X, X, k).array();
        grad(1 + (m_ard ? k : 0)) += 4.0 * (WK * phase.sin().square()).sum() / l2;
        grad(paramCount() - 1) += 2.0 * (WK * (2.0 * phase).sin() * phase).sum() / l2;
    }
    return grad;
}

Matrix PeriodicKernel::inputGradient(const RowVector& x, const Matrix& X) const
{
    checkInput(X, "X");
    if (x.size() != inputDim())
        throw InvalidInput("inputGradient: x has " + std::to_string(x.size()) +
                           " entries, expected " + std::to_string(inputDim()));
    const Vector k = compute(x, X).transpose();
    const double p = period();
    Matrix grad(X.rows(), inputDim());
    for (Index c = 0; c < inputDim(); ++c) {
        const double l2 = lengthscale(c) * lengthscale(c);
        const Eigen::ArrayXd delta = x(c) - X.col(c).array();
        grad.col(c) = -2.0 * std::numbers::pi / (p * l2) * k.array() *
                      (2.0 * std::numbers::pi / p * delta).sin();
    }
    return grad;
}

} // namespace emu

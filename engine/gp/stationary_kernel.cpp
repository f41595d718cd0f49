#include "engine/gp/stationary_kernel.h"

#include "engine/core/errors.h"

#include <cmath>

namespace emu {

namespace {

// Up to this many columns, distances are summed coordinate by coordinate: exact (no
// cancellation, so duplicates are exactly zero apart) and as fast as a matrix product.
constexpr Index kDirectDistanceMaxDim = 4;

} // namespace

Matrix squaredDistances(const Matrix& Z1, const Matrix& Z2)
{
    const Index n1 = Z1.rows(), n2 = Z2.rows(), d = Z1.cols();
    Matrix r2 = Matrix::Zero(n1, n2);
    if (d <= kDirectDistanceMaxDim) {
        for (Index k = 0; k < d; ++k)
            for (Index j = 0; j < n2; ++j)
                r2.col(j).array() += (Z1.col(k).array() - Z2(j, k)).square();
        return r2;
    }
    // |a − b|² = |a|² + |b|² − 2 a·b, centred first to limit the cancellation.
    const RowVector centre = Z1.colwise().mean();
    const Matrix A = Z1.rowwise() - centre;
    const Matrix B = Z2.rowwise() - centre;
    r2.noalias() = -2.0 * A * B.transpose();
    r2.colwise() += A.rowwise().squaredNorm();
    r2.rowwise() += B.rowwise().squaredNorm().transpose();
    return r2.cwiseMax(0.0);
}

Matrix squaredDistances(const Matrix& Z)
{
    const Index n = Z.rows(), d = Z.cols();
    if (d <= kDirectDistanceMaxDim)
        return squaredDistances(Z, Z); // exact: symmetric with a zero diagonal by construction
    const Matrix A = Z.rowwise() - Z.colwise().mean();
    const Vector sq = A.rowwise().squaredNorm();
    Matrix r2(n, n);
    r2.setZero();
    r2.selfadjointView<Eigen::Lower>().rankUpdate(A, -2.0);
    r2.colwise() += sq;
    r2.rowwise() += sq.transpose();
    r2 = r2.cwiseMax(0.0);
    r2.diagonal().setZero();
    r2.triangularView<Eigen::StrictlyUpper>() = r2.transpose();
    return r2;
}

// ---------------------------------------------------------------------------------------------

StationaryKernel::StationaryKernel(Index inputDim, bool ard)
    : Kernel(inputDim), m_ard(ard), m_logLengthscales(Vector::Zero(ard ? inputDim : 1))
{
}

double StationaryKernel::variance() const
{
    return std::exp(m_logVariance);
}

Vector StationaryKernel::lengthscales() const
{
    if (m_ard)
        return m_logLengthscales.array().exp();
    return Vector::Constant(inputDim(), std::exp(m_logLengthscales(0)));
}

std::vector<ParamInfo> StationaryKernel::paramInfo() const
{
    std::vector<ParamInfo> info;
    info.push_back(makeParamInfo("variance", KernelBounds::minVariance, KernelBounds::maxVariance));
    if (m_ard) {
        for (Index k = 0; k < inputDim(); ++k)
            info.push_back(makeParamInfo("lengthscale[" + std::to_string(k + 1) + "]",
                                         KernelBounds::minLengthscale,
                                         KernelBounds::maxLengthscale));
    } else {
        info.push_back(makeParamInfo("lengthscale", KernelBounds::minLengthscale,
                                     KernelBounds::maxLengthscale));
    }
    for (ParamInfo& p : shapeParamInfo())
        info.push_back(std::move(p));
    return info;
}

Vector StationaryKernel::logParams() const
{
    const Vector shape = shapeLogParams();
    Vector p(1 + m_logLengthscales.size() + shape.size());
    p << m_logVariance, m_logLengthscales, shape;
    return p;
}

void StationaryKernel::assignLogParams(const Vector& logParams)
{
    const Index nl = m_logLengthscales.size();
    m_logVariance = logParams(0);
    m_logLengthscales = logParams.segment(1, nl);
    setShapeLogParams(logParams.tail(logParams.size() - 1 - nl));
}

Matrix StationaryKernel::scaled(const Matrix& X) const
{
    return X * lengthscales().cwiseInverse().asDiagonal();
}

Matrix StationaryKernel::compute(const Matrix& X) const
{
    checkInput(X, "X");
    const Matrix r2 = squaredDistances(scaled(X));
    Matrix f(r2.rows(), r2.cols());
    profile(r2, f, nullptr);
    return variance() * f;
}

Matrix StationaryKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    checkInput(X1, "X1");
    checkInput(X2, "X2");
    const Matrix r2 = squaredDistances(scaled(X1), scaled(X2));
    Matrix f(r2.rows(), r2.cols());
    profile(r2, f, nullptr);
    return variance() * f;
}

Vector StationaryKernel::diagonal(const Matrix& X) const
{
    checkInput(X, "X");
    return Vector::Constant(X.rows(), variance()); // f(0) = 1 for every family
}

std::vector<Matrix> StationaryKernel::parameterGradients(const Matrix& X1, const Matrix& X2) const
{
    checkInput(X1, "X1");
    checkInput(X2, "X2");
    const Matrix Z1 = scaled(X1), Z2 = scaled(X2);
    const Matrix r2 = squaredDistances(Z1, Z2);
    Matrix f(r2.rows(), r2.cols()), g(r2.rows(), r2.cols());
    profile(r2, f, &g);
    const double s2 = variance();

    std::vector<Matrix> grads;
    grads.push_back(s2 * f);
    if (m_ard) {
        for (Index k = 0; k < inputDim(); ++k) {
            Matrix dk(r2.rows(), r2.cols());
            for (Index j = 0; j < Z2.rows(); ++j)
                dk.col(j) = (Z1.col(k).array() - Z2(j, k)).square();
            grads.push_back(s2 * g.cwiseProduct(dk));
        }
    } else {
        grads.push_back(s2 * g.cwiseProduct(r2));
    }
    for (const Matrix& shape : shapeGradients(r2))
        grads.push_back(s2 * shape);
    return grads;
}

Vector StationaryKernel::contractedGradient(const Matrix& X, const Matrix& W) const
{
    checkInput(X, "X");
    // Distances are shift invariant: centring keeps the A·Z expansion below well conditioned.
    const Matrix Z = scaled(X.rowwise() - X.colwise().mean());
    const Matrix r2 = squaredDistances(Z);
    Matrix f(r2.rows(), r2.cols()), g(r2.rows(), r2.cols());
    profile(r2, f, &g);
    const double s2 = variance();
    const std::vector<Matrix> shape = shapeGradients(r2);

    Vector grad(paramCount());
    grad(0) = s2 * W.cwiseProduct(f).sum();
    const Matrix A = s2 * W.cwiseProduct(g);
    if (m_ard) {
        // Σ_ij A_ij (z_ik − z_jk)² = Σ_i (Σ_j A_ij + Σ_j A_ji) z_ik² − 2 Σ_i z_ik (A z)_ik:
        // one n×n by n×d product for all lengthscales instead of d n×n matrices.
        const Vector margins = A.rowwise().sum() + A.colwise().sum().transpose();
        const Matrix AZ = A * Z;
        for (Index k = 0; k < inputDim(); ++k)
            grad(1 + k) = margins.dot(Z.col(k).cwiseAbs2()) - 2.0 * Z.col(k).dot(AZ.col(k));
    } else {
        grad(1) = A.cwiseProduct(r2).sum();
    }
    const Index offset = 1 + (m_ard ? inputDim() : 1);
    for (std::size_t j = 0; j < shape.size(); ++j)
        grad(offset + Index(j)) = s2 * W.cwiseProduct(shape[j]).sum();
    return grad;
}

Matrix StationaryKernel::inputGradient(const RowVector& x, const Matrix& X) const
{
    checkInput(X, "X");
    if (x.size() != inputDim())
        throw InvalidInput("inputGradient: x has " + std::to_string(x.size()) +
                           " entries, expected " + std::to_string(inputDim()));
    const Vector ell = lengthscales();
    // Scaled differences (x − X_i)/ℓ, computed directly so that r² is exact near the data.
    const Matrix diff = (X.rowwise() - x) * (-ell.cwiseInverse()).asDiagonal();
    const Matrix r2 = diff.rowwise().squaredNorm();
    Matrix f(r2.rows(), 1), g(r2.rows(), 1);
    profile(r2, f, &g);
    // ∂k/∂x_k = −σ² g (x_k − X_ik)/ℓ_k² = −σ² g diff_ik / ℓ_k
    return (-variance() * g).asDiagonal() * diff * ell.cwiseInverse().asDiagonal();
}

// ---------------------------------------------------------------------------------------------

std::unique_ptr<Kernel> RbfKernel::clone() const
{
    return std::make_unique<RbfKernel>(*this);
}

void RbfKernel::profile(const Matrix& r2, Matrix& f, Matrix* g) const
{
    f = (-0.5 * r2.array()).exp();
    if (g)
        *g = f;
}

std::unique_ptr<Kernel> Matern12Kernel::clone() const
{
    return std::make_unique<Matern12Kernel>(*this);
}

void Matern12Kernel::profile(const Matrix& r2, Matrix& f, Matrix* g) const
{
    const Eigen::ArrayXXd r = r2.array().sqrt();
    f = (-r).exp();
    if (g)
        *g = (r > 0.0).select(f.array() / r, 0.0);
}

std::unique_ptr<Kernel> Matern32Kernel::clone() const
{
    return std::make_unique<Matern32Kernel>(*this);
}

void Matern32Kernel::profile(const Matrix& r2, Matrix& f, Matrix* g) const
{
    const Eigen::ArrayXXd s = std::sqrt(3.0) * r2.array().sqrt();
    const Eigen::ArrayXXd e = (-s).exp();
    f = (1.0 + s) * e;
    if (g)
        *g = 3.0 * e;
}

std::unique_ptr<Kernel> Matern52Kernel::clone() const
{
    return std::make_unique<Matern52Kernel>(*this);
}

void Matern52Kernel::profile(const Matrix& r2, Matrix& f, Matrix* g) const
{
    const Eigen::ArrayXXd s = std::sqrt(5.0) * r2.array().sqrt();
    const Eigen::ArrayXXd e = (-s).exp();
    f = (1.0 + s + (5.0 / 3.0) * r2.array()) * e;
    if (g)
        *g = (5.0 / 3.0) * (1.0 + s) * e;
}

std::unique_ptr<Kernel> RationalQuadraticKernel::clone() const
{
    return std::make_unique<RationalQuadraticKernel>(*this);
}

double RationalQuadraticKernel::alpha() const
{
    return std::exp(m_logAlpha);
}

void RationalQuadraticKernel::profile(const Matrix& r2, Matrix& f, Matrix* g) const
{
    const double a = alpha();
    const Eigen::ArrayXXd logBase = (r2.array() / (2.0 * a)).log1p();
    f = (-a * logBase).exp();
    if (g)
        *g = (-(a + 1.0) * logBase).exp();
}

std::vector<ParamInfo> RationalQuadraticKernel::shapeParamInfo() const
{
    return {makeParamInfo("alpha", 1e-3, 1e3)};
}

Vector RationalQuadraticKernel::shapeLogParams() const
{
    return Vector::Constant(1, m_logAlpha);
}

void RationalQuadraticKernel::setShapeLogParams(const Vector& p)
{
    m_logAlpha = p(0);
}

std::vector<Matrix> RationalQuadraticKernel::shapeGradients(const Matrix& r2) const
{
    const double a = alpha();
    const Eigen::ArrayXXd u = r2.array() / (2.0 * a);
    const Eigen::ArrayXXd logBase = u.log1p();
    const Eigen::ArrayXXd f = (-a * logBase).exp();
    return {(a * f * (u / (1.0 + u) - logBase)).matrix()};
}

} // namespace emu

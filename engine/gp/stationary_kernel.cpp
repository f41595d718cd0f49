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
        // Column by column, so each column is summed while it is in cache.
        for (Index j = 0; j < n2; ++j)
            for (Index k = 0; k < d; ++k)
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
    Matrix k = squaredDistances(scaled(X));
    profile(k, nullptr);
    k *= variance();
    mirrorLowerTriangle(k);
    return k;
}

Matrix StationaryKernel::compute(const Matrix& X1, const Matrix& X2) const
{
    checkInput(X1, "X1");
    checkInput(X2, "X2");
    Matrix k = squaredDistances(scaled(X1), scaled(X2));
    profile(k, nullptr);
    k *= variance();
    return k;
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
    Matrix f = r2, g;
    profile(f, &g);
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
    Matrix f = squaredDistances(Z);
    const std::vector<Matrix> shape = shapeGradients(f); // needs r², before f overwrites it
    Matrix A;
    profile(f, &A);
    const double s2 = variance();

    Vector grad(paramCount());
    grad(0) = s2 * (W.array() * f.array()).sum();
    A.array() *= s2 * W.array(); // A = σ² W ∘ g
    // Σ_ij A_ij (z_ik − z_jk)² = Σ_i (Σ_j A_ij + Σ_j A_ji) z_ik² − 2 Σ_i z_ik (A z)_ik:
    // one n×n by n×d product for all lengthscales instead of d n×n matrices. A shared
    // lengthscale gets the sum over k (Σ_k (z_ik − z_jk)² = r²).
    Vector margins = A.colwise().sum().transpose();
    margins.noalias() += A * Vector::Ones(A.cols());
    Matrix AZ(Z.rows(), Z.cols());
    AZ.noalias() = A * Z;
    const Index nl = m_ard ? inputDim() : 1;
    grad.segment(1, nl).setZero();
    for (Index k = 0; k < inputDim(); ++k)
        grad(1 + (m_ard ? k : 0)) +=
            margins.dot(Z.col(k).cwiseAbs2()) - 2.0 * Z.col(k).dot(AZ.col(k));
    for (std::size_t j = 0; j < shape.size(); ++j)
        grad(1 + nl + Index(j)) = s2 * (W.array() * shape[j].array()).sum();
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
    Matrix f = diff.rowwise().squaredNorm();
    Matrix g;
    profile(f, &g);
    // ∂k/∂x_k = −σ² g (x_k − X_ik)/ℓ_k² = −σ² g diff_ik / ℓ_k
    return (-variance() * g).asDiagonal() * diff * ell.cwiseInverse().asDiagonal();
}

// ---------------------------------------------------------------------------------------------

std::unique_ptr<Kernel> RbfKernel::clone() const
{
    return std::make_unique<RbfKernel>(*this);
}

void RbfKernel::profile(Matrix& r2ToF, Matrix* g) const
{
    r2ToF = (-0.5 * r2ToF.array()).exp();
    if (g)
        *g = r2ToF;
}

std::unique_ptr<Kernel> Matern12Kernel::clone() const
{
    return std::make_unique<Matern12Kernel>(*this);
}

void Matern12Kernel::profile(Matrix& r2ToF, Matrix* g) const
{
    r2ToF = r2ToF.array().sqrt(); // r
    if (!g) {
        r2ToF = (-r2ToF.array()).exp();
        return;
    }
    *g = (-r2ToF.array()).exp();                                          // f
    r2ToF = (r2ToF.array() > 0.0).select(g->array() / r2ToF.array(), 0.0); // g = f/r
    r2ToF.swap(*g);
}

std::unique_ptr<Kernel> Matern32Kernel::clone() const
{
    return std::make_unique<Matern32Kernel>(*this);
}

void Matern32Kernel::profile(Matrix& r2ToF, Matrix* g) const
{
    r2ToF = (3.0 * r2ToF.array()).sqrt(); // s = √3 r
    if (!g) {
        r2ToF = (1.0 + r2ToF.array()) * (-r2ToF.array()).exp();
        return;
    }
    *g = (-r2ToF.array()).exp(); // e^(−s)
    r2ToF = (1.0 + r2ToF.array()) * g->array();
    *g *= 3.0;
}

std::unique_ptr<Kernel> Matern52Kernel::clone() const
{
    return std::make_unique<Matern52Kernel>(*this);
}

void Matern52Kernel::profile(Matrix& r2ToF, Matrix* g) const
{
    r2ToF = (5.0 * r2ToF.array()).sqrt(); // s = √5 r, and 5r²/3 = s²/3
    if (!g) {
        r2ToF = (1.0 + r2ToF.array() + r2ToF.array().square() / 3.0) * (-r2ToF.array()).exp();
        return;
    }
    *g = (5.0 / 3.0) * (1.0 + r2ToF.array()) * (-r2ToF.array()).exp();
    // f = (1 + s + s²/3) e^(−s) = g (1 + s + s²/3) / (5/3 (1 + s)), with 1 + s ≥ 1.
    r2ToF = g->array() * (1.0 + r2ToF.array() + r2ToF.array().square() / 3.0) /
            ((5.0 / 3.0) * (1.0 + r2ToF.array()));
}

std::unique_ptr<Kernel> RationalQuadraticKernel::clone() const
{
    return std::make_unique<RationalQuadraticKernel>(*this);
}

double RationalQuadraticKernel::alpha() const
{
    return std::exp(m_logAlpha);
}

void RationalQuadraticKernel::profile(Matrix& r2ToF, Matrix* g) const
{
    const double a = alpha();
    r2ToF = (r2ToF.array() / (2.0 * a)).log1p(); // log(1 + r²/(2α))
    if (g)
        *g = (-(a + 1.0) * r2ToF.array()).exp();
    r2ToF = (-a * r2ToF.array()).exp();
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

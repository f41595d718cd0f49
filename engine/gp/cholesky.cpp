#include "engine/gp/cholesky.h"

#include "engine/core/errors.h"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include <cmath>
#include <sstream>

namespace emu {

namespace {

constexpr Index kRecursionLeaf = 48;

bool acceptable(const Eigen::Ref<const Matrix>& L, double floor)
{
    for (Index i = 0; i < L.rows(); ++i) {
        const double p = L(i, i);
        if (!std::isfinite(p) || !(p * p > floor))
            return false;
    }
    return true;
}

/// In place: the lower triangle of M holds L on entry and L⁻¹ on exit.
void invertLowerInPlace(Eigen::Ref<Matrix> M)
{
    const Index n = M.rows();
    if (n <= kRecursionLeaf) {
        Matrix inv = Matrix::Identity(n, n);
        M.triangularView<Eigen::Lower>().solveInPlace(inv);
        M.triangularView<Eigen::Lower>() = inv;
        return;
    }
    // [A 0; B C]⁻¹ = [A⁻¹ 0; −C⁻¹ B A⁻¹  C⁻¹]
    const Index h = n / 2;
    auto A = M.topLeftCorner(h, h);
    auto B = M.bottomLeftCorner(n - h, h);
    auto C = M.bottomRightCorner(n - h, n - h);
    A.triangularView<Eigen::Lower>().solveInPlace<Eigen::OnTheRight>(B);
    C.triangularView<Eigen::Lower>().solveInPlace(B);
    B = -B;
    invertLowerInPlace(A);
    invertLowerInPlace(C);
}

/// In place: the lower triangle of M holds a lower-triangular T on entry and of TᵀT on exit.
void lowerGramInPlace(Eigen::Ref<Matrix> M)
{
    const Index n = M.rows();
    if (n <= kRecursionLeaf) {
        const Matrix T = M.triangularView<Eigen::Lower>();
        const Matrix P = T.transpose() * T;
        M.triangularView<Eigen::Lower>() = P;
        return;
    }
    // [A 0; B C]ᵀ[A 0; B C] = [AᵀA + BᵀB, BᵀC; CᵀB, CᵀC]
    const Index h = n / 2;
    auto A = M.topLeftCorner(h, h);
    auto B = M.bottomLeftCorner(n - h, h);
    auto C = M.bottomRightCorner(n - h, n - h);
    lowerGramInPlace(A);
    A.selfadjointView<Eigen::Lower>().rankUpdate(B.transpose());
    B = C.triangularView<Eigen::Lower>().transpose() * B;
    lowerGramInPlace(C);
}

} // namespace

JitteredCholesky choleskyWithJitter(Matrix A, const std::string& what)
{
    const Index n = A.rows();
    JitteredCholesky result;
    if (n == 0) {
        result.L = Matrix(0, 0);
        return result;
    }
    const double meanDiag = A.diagonal().mean();
    if (!std::isfinite(meanDiag) || !(meanDiag > 0.0) || !A.allFinite())
        throw NumericalError(what + " has non-finite or non-positive diagonal entries; the "
                             "hyperparameters are probably extreme (check variances and "
                             "lengthscales)");
    const double floor = kRelativePivotFloor * meanDiag;
    const Vector diag = A.diagonal();

    double jitter = 0.0;
    for (int attempt = 0; attempt < 10; ++attempt) {
        if (attempt > 0) {
            jitter = 1e-10 * meanDiag * std::pow(10.0, attempt - 1);
            // The lower triangle may hold a failed factor: restore it from the upper one.
            A.triangularView<Eigen::StrictlyLower>() = A.transpose();
            A.diagonal() = diag.array() + jitter;
        }
        Eigen::LLT<Eigen::Ref<Matrix>> llt(A); // factorises A's lower triangle in place
        if (llt.info() == Eigen::Success && acceptable(A, floor)) {
            result.L = std::move(A);
            result.jitter = jitter;
            return result;
        }
    }
    std::ostringstream msg;
    msg << what << " (" << n << "×" << n << ") is not positive definite even with jitter "
        << 1e-2 * meanDiag << " (1e-2 × its mean diagonal). Usual causes: duplicate or nearly "
        << "identical inputs with a tiny noise variance, or a very long lengthscale. Increase "
        << "the noise variance, remove duplicates, or bound the lengthscale.";
    throw NumericalError(msg.str());
}

Matrix inverseFromCholesky(Matrix L)
{
    invertLowerInPlace(L);
    lowerGramInPlace(L);
    L.triangularView<Eigen::StrictlyUpper>() = L.transpose();
    return L;
}

Matrix sampleMultivariateNormal(const Vector& mean, const Matrix& cov, int count, Rng& rng)
{
    return jointNormal(mean, cov).sample(count, rng);
}

JointNormal jointNormal(const Vector& mean, const Matrix& cov)
{
    if (cov.rows() != mean.size() || cov.cols() != mean.size())
        throw InvalidInput("a " + std::to_string(cov.rows()) + "×" + std::to_string(cov.cols()) +
                           " covariance for a mean of " + std::to_string(mean.size()));
    try {
        Matrix L = choleskyWithJitter(cov, "the sample covariance").L;
        L.triangularView<Eigen::StrictlyUpper>().setZero();
        return {mean, std::move(L)};
    } catch (const NumericalError&) {
        // Semi-definite to working precision: a symmetric square root always exists.
        Eigen::SelfAdjointEigenSolver<Matrix> eig(cov);
        const Vector root = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
        return {mean, eig.eigenvectors() * root.asDiagonal()};
    }
}

Matrix JointNormal::sample(const Matrix& Z) const
{
    if (Z.rows() != mean.size())
        throw InvalidInput("standard normals of " + std::to_string(Z.rows()) + " rows for a mean of " +
                           std::to_string(mean.size()));
    Matrix samples = root * Z;
    samples.colwise() += mean;
    return samples;
}

Matrix JointNormal::sample(int count, Rng& rng) const
{
    if (count < 0)
        throw InvalidInput("sample count must be non-negative, got " + std::to_string(count));
    return sample(rng.normalMatrix(mean.size(), count));
}

Matrix transformStandardNormals(const Vector& mean, const Matrix& cov, const Matrix& Z)
{
    return jointNormal(mean, cov).sample(Z);
}

Matrix greatCircleNormals(const Matrix& A, const Matrix& B, double angle)
{
    if (A.rows() != B.rows() || A.cols() != B.cols())
        throw InvalidInput("great circle between standard normals of different shapes");
    return std::cos(angle) * A + std::sin(angle) * B;
}

} // namespace emu

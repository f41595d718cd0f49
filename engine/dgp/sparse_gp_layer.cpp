#include "engine/dgp/sparse_gp_layer.h"

#include "engine/core/errors.h"

#include <Eigen/Cholesky>

#include <cmath>
#include <numbers>

namespace emu {

namespace {

/// The factorisations shared by the bound and the posterior, in the whitened basis of Kuu.
struct Factors
{
    PsiStatistics psi;
    Matrix Linv;          ///< L⁻¹, Kuu = LLᵀ
    Matrix psi2w;         ///< Ψ̃2 = L⁻¹Ψ2L⁻ᵀ
    Matrix Binv;          ///< B⁻¹, B = I + βΨ̃2
    Matrix Kinv;          ///< Kuu⁻¹ = L⁻ᵀL⁻¹
    Matrix Ainv;          ///< A⁻¹ = L⁻ᵀB⁻¹L⁻¹
    double logDetB = 0.0; ///< log|B| = log|A| − log|Kuu|
    double beta = 0.0;
};

Factors factorise(const SparseGpLayerParams& layer, const GaussianColumns& in)
{
    Factors f;
    f.beta = 1.0 / layer.noiseVariance;
    f.psi = rbfPsiStatistics(layer.kernel, in.mean, in.variance, layer.inducing);
    const Matrix Kuu = rbfInducingCovariance(layer.kernel, layer.inducing, kInducingJitter);
    const Index M = Kuu.rows();
    const Eigen::LLT<Matrix> kuu(Kuu);
    if (kuu.info() != Eigen::Success)
        throw NumericalError("deep GP layer: the inducing covariance is not positive definite");
    f.Linv = Matrix::Identity(M, M);
    kuu.matrixL().solveInPlace(f.Linv);
    f.Kinv.noalias() = f.Linv.transpose() * f.Linv;
    f.psi2w.noalias() = f.Linv * f.psi.psi2 * f.Linv.transpose();
    f.psi2w = 0.5 * (f.psi2w + f.psi2w.transpose()).eval();

    const Matrix B = Matrix::Identity(M, M) + f.beta * f.psi2w;
    const Eigen::LLT<Matrix> b(B);
    if (b.info() != Eigen::Success)
        throw NumericalError("deep GP layer: I + βL⁻¹Ψ2L⁻ᵀ is not positive definite");
    f.logDetB = 2.0 * b.matrixLLT().diagonal().array().log().sum();
    f.Binv = b.solve(Matrix::Identity(M, M));
    f.Ainv.noalias() = f.Linv.transpose() * f.Binv * f.Linv;
    return f;
}

/// The symmetric part of a square matrix.
Matrix symmetric(const Matrix& X)
{
    return 0.5 * (X + X.transpose());
}

} // namespace

SparseGpLayerBound sparseGpLayerBound(const SparseGpLayerParams& layer, const GaussianColumns& in,
                                      const Vector& outMean, const Vector& outVariance,
                                      const LayerGradientRequest& request)
{
    const Factors f = factorise(layer, in);
    const double beta = f.beta, beta2 = beta * beta;
    const double N = double(outMean.size());
    const Matrix& psi1 = f.psi.psi1;

    const Vector v = psi1.transpose() * outMean;
    const double yy = outMean.squaredNorm() + outVariance.sum();
    const Matrix P = psi1 * f.Ainv;                                     // Ψ1A⁻¹, N×M
    const Vector leverage = (P.array() * psi1.array()).rowwise().sum(); // (Ψ1A⁻¹Ψ1ᵀ)_nn
    const Vector Av = f.Ainv * v;
    const double trAC = v.dot(Av) + outVariance.dot(leverage);
    const double trKPsi2 = f.psi2w.trace();

    SparseGpLayerBound out;
    out.value = -0.5 * N * std::log(2.0 * std::numbers::pi) + 0.5 * N * std::log(beta) -
                0.5 * f.logDetB - 0.5 * beta * yy + 0.5 * beta2 * trAC - 0.5 * beta * f.psi.psi0 +
                0.5 * beta * trKPsi2;

    if (request.outputs) {
        out.outputMean = -beta * outMean + beta2 * (psi1 * Av);
        out.outputVariance = (-0.5 * beta + 0.5 * beta2 * leverage.array()).matrix();
    }
    if (!request.parameters && !request.inputs)
        return out;

    // Gradients with respect to the statistics and Kuu. ∂F/∂Kuu and ∂F/∂Ψ2 are sums of terms
    // of size ‖Kuu⁻¹‖², which cancel; they are combined in the whitened basis first (see the
    // header), which keeps the rounding error of the gradient near that of the bound itself.
    Matrix C = v * v.transpose();
    C.noalias() += psi1.transpose() * outVariance.asDiagonal() * psi1;
    const Matrix Cw = f.Linv * C * f.Linv.transpose();
    const Matrix BCB = f.Binv * Cw * f.Binv;
    const Matrix BP = f.Binv * f.psi2w;
    const Matrix GKw = -0.5 * beta2 * (symmetric(BP * f.psi2w) + BCB);
    const Matrix G2w = 0.5 * beta2 * symmetric(BP) - 0.5 * beta2 * beta * BCB;
    const Matrix GK = f.Linv.transpose() * GKw * f.Linv;
    const Matrix G2 = f.Linv.transpose() * G2w * f.Linv;
    Matrix G1 = outMean * Av.transpose();
    G1.noalias() += outVariance.asDiagonal() * P;
    G1 *= beta2;
    const double g0 = -0.5 * beta;
    // ∂F/∂β; tr(G_A Ψ2) = −½ tr(B⁻¹Ψ̃2) − β²/2 tr(B⁻¹C̃B⁻¹Ψ̃2).
    const double trGAPsi2 = -0.5 * BP.trace() - 0.5 * beta2 * (BCB.array() * f.psi2w.array()).sum();
    const double dBeta =
        0.5 * N / beta - 0.5 * yy + beta * trAC - 0.5 * f.psi.psi0 + 0.5 * trKPsi2 + trGAPsi2;

    const PsiGradients pg = rbfPsiGradients(layer.kernel, in.mean, in.variance, layer.inducing, g0,
                                            G1, G2, request.inputs);
    if (request.inputs) {
        out.inputMean = pg.mean;
        out.inputVariance = pg.variance;
    }
    if (request.parameters) {
        const InducingGradients kg =
            rbfInducingCovarianceGradients(layer.kernel, layer.inducing, kInducingJitter, GK);
        out.inducing = pg.inducing + kg.inducing;
        out.logVariance = pg.logVariance + kg.logVariance;
        out.logLengthscales = pg.logLengthscales + kg.logLengthscales;
        out.logNoiseVariance = -beta * dBeta;
    }
    return out;
}

SparseGpLayerPosterior sparseGpLayerPosterior(const SparseGpLayerParams& layer,
                                              const GaussianColumns& in, const Vector& outMean,
                                              const Vector&)
{
    // The optimal q(u) depends on the outputs only through their mean (the variances enter the
    // bound but not the stationary point of q(u)).
    const Factors f = factorise(layer, in);
    SparseGpLayerPosterior post;
    post.params = layer;
    post.weights = f.beta * (f.Ainv * (f.psi.psi1.transpose() * outMean));
    post.reduction = f.Kinv - f.Ainv;
    return post;
}

void predictSparseGpLayer(const SparseGpLayerPosterior& posterior, const GaussianColumns& in,
                          Vector& mean, Vector& variance)
{
    const SparseGpLayerParams& p = posterior.params;
    const Matrix psi1 = rbfPsi1(p.kernel, in.mean, in.variance, p.inducing);
    mean = psi1 * posterior.weights;
    variance.resize(in.mean.rows());
    for (Index i = 0; i < in.mean.rows(); ++i) {
        double second;
        if (in.variance.row(i).isZero(0.0)) {
            // Known input: Ψ2 = kkᵀ, so E f² − (E f)² = σ² − kᵀ(Kuu⁻¹ − A⁻¹)k.
            const RowVector k = psi1.row(i);
            second =
                p.kernel.variance - k * posterior.reduction * k.transpose() + mean(i) * mean(i);
        } else {
            const Matrix psi2 =
                rbfPsi2Single(p.kernel, in.mean.row(i), in.variance.row(i), p.inducing);
            second = posterior.weights.dot(psi2 * posterior.weights) + p.kernel.variance -
                     (posterior.reduction.array() * psi2.array()).sum();
        }
        // Rounding can make the difference of two nearly equal moments slightly negative.
        variance(i) = std::max(second - mean(i) * mean(i), 1e-12 * p.kernel.variance);
    }
}

} // namespace emu

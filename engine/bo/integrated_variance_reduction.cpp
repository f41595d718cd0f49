#include "engine/bo/integrated_variance_reduction.h"

#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/gp/cholesky.h"
#include "engine/gp/gaussian_process.h"

#include <algorithm>
#include <utility>

namespace emu {

IntegratedVarianceReduction::IntegratedVarianceReduction(int referencePoints)
    : Acquisition({{"reference points", "Reference points",
                    "How many Sobol points stand for the space when averaging the variance "
                    "reduction: more is more accurate and slower.",
                    256.0, 8.0, 20000.0, true}})
{
    setParameter("reference points", double(referencePoints));
}

std::unique_ptr<Acquisition> IntegratedVarianceReduction::clone() const
{
    return std::make_unique<IntegratedVarianceReduction>(*this);
}

void IntegratedVarianceReduction::update(const Model& model, const ParameterSpace& space,
                                         std::uint64_t seed)
{
    const auto* gp = dynamic_cast<const GaussianProcess*>(&model);
    if (!gp)
        throw InvalidInput("integrated variance reduction needs posterior covariances, which "
                           "only a Gaussian process provides; the model is " +
                           model.name());
    if (gp->size() == 0)
        throw InvalidInput("integrated variance reduction needs at least one observation");
    Matrix reference = m_customReference.size() > 0
                           ? m_customReference
                           : sobolDesign(space, Index(parameterValue(0)), seed);
    if (reference.cols() != gp->inputDim())
        throw InvalidInput("integrated variance reduction: the reference points have " +
                           std::to_string(reference.cols()) + " columns, the model " +
                           std::to_string(gp->inputDim()));
    const Kernel& k = gp->kernel();
    const Matrix& X = gp->inputs();
    Matrix K = k.compute(X);
    K.diagonal().array() += gp->noiseVariance();
    // The same jitter ladder as the GP's own factorisation, so both see the same K.
    JitteredCholesky chol = choleskyWithJitter(std::move(K), "the training covariance matrix");
    m_L = std::move(chol.L);
    const auto L = std::as_const(m_L).triangularView<Eigen::Lower>();
    m_B = k.compute(X, reference);
    L.solveInPlace(m_B);
    m_A = m_B;
    L.transpose().solveInPlace(m_A);
    m_reference = std::move(reference);
    m_model = &model;
    m_dataSize = gp->size();
}

const GaussianProcess& IntegratedVarianceReduction::prepared(const Model& model) const
{
    const auto* gp = dynamic_cast<const GaussianProcess*>(&model);
    if (!gp || &model != m_model || gp->size() != m_dataSize)
        throw InvalidInput("integrated variance reduction: call update() with this model "
                           "after every change of its data or hyperparameters");
    return *gp;
}

Vector IntegratedVarianceReduction::values(const GaussianProcess& gp, const Matrix& X, Matrix& V,
                                           Matrix& C, Vector& denominator) const
{
    const Kernel& k = gp.kernel();
    const double s2 = gp.outputScale() * gp.outputScale();
    V = k.compute(gp.inputs(), X); // n×N
    m_L.triangularView<Eigen::Lower>().solveInPlace(V);
    C = k.compute(m_reference, X); // m×N
    C.noalias() -= m_B.transpose() * V;
    C *= s2;
    const Vector v = (s2 * (k.diagonal(X) - V.colwise().squaredNorm().transpose())).cwiseMax(0.0);
    denominator = v.array() + s2 * gp.noiseVariance();
    const double m = double(m_reference.rows());
    Vector value(X.rows());
    for (Index j = 0; j < X.rows(); ++j)
        value(j) = denominator(j) > 0.0 ? C.col(j).squaredNorm() / (m * denominator(j)) : 0.0;
    return value;
}

Vector IntegratedVarianceReduction::evaluate(const Model& model, const Matrix& X) const
{
    checkCandidates(model, X);
    const GaussianProcess& gp = prepared(model);
    Matrix V, C;
    Vector denominator;
    return values(gp, X, V, C, denominator);
}

Vector IntegratedVarianceReduction::evaluateWithGradient(const Model& model, const Matrix& X,
                                                         Matrix& gradient) const
{
    checkCandidates(model, X);
    const GaussianProcess& gp = prepared(model);
    Matrix V, C;
    Vector denominator;
    Vector value = values(gp, X, V, C, denominator);

    const Kernel& k = gp.kernel();
    const double s2 = gp.outputScale() * gp.outputScale();
    const double m = double(m_reference.rows());
    const auto L = m_L.triangularView<Eigen::Lower>();
    const Matrix diagonalGradient = k.diagonalGradient(X);
    gradient.setZero(X.rows(), X.cols());
    for (Index j = 0; j < X.rows(); ++j) {
        if (!(denominator(j) > 0.0))
            continue;
        const RowVector x = X.row(j);
        const Matrix GX = k.inputGradient(x, gp.inputs()); // n×d
        Matrix D = k.inputGradient(x, m_reference);        // m×d
        D.noalias() -= m_A.transpose() * GX;
        D *= s2;
        Vector w = V.col(j); // K⁻¹ k(X, x) = L⁻ᵀ (L⁻¹ k(X, x))
        L.transpose().solveInPlace(w);
        const RowVector dv =
            s2 * (diagonalGradient.row(j) - 2.0 * (GX.transpose() * w).transpose());
        const double den = denominator(j);
        gradient.row(j) = (2.0 / (m * den)) * (C.col(j).transpose() * D) -
                          (C.col(j).squaredNorm() / (m * den * den)) * dv;
    }
    return value;
}

} // namespace emu

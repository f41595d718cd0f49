#pragma once
// Integrated variance reduction (IVR; the "IMSE" / ALM-style criterion of experimental design,
// Sacks et al. 1989; Emukit's IntegratedVarianceReduction) for a Gaussian process.
//
// Observing y = f(x) + ε, ε ~ N(0, σn²), at a candidate x lowers the posterior variance of f at
// every other point r by
//   Var[f(r)] − Var[f(r) | y] = c(r, x)² / (v(x) + σn²),
// where c(r, x) is the posterior covariance of f(r) and f(x), and v(x) = c(x, x). The variance
// does not depend on the value y, so the reduction is known before evaluating. IVR averages it
// over m reference points r_1…r_m that stand for the region of interest (by default a scrambled
// Sobol set filling the space, which approximates the integral over the space):
//   IVR(x) = (1/m) Σ_k c(r_k, x)² / (v(x) + σn²)
// For a GP with K = k(X, X) + σn² I = L Lᵀ (in normalised units, output scale s):
//   c(r, x) = s² (k(r, x) − k(r, X) K⁻¹ k(X, x)),   v(x) = s² (k(x, x) − k(x, X) K⁻¹ k(X, x))
// and with A = K⁻¹ k(X, R) precomputed once per model (update()):
//   ∂c(r, x)/∂x = s² (∂k(r, x)/∂x − (∂k(X, x)/∂x)ᵀ A_r)
//   ∂IVR/∂x = (2/m) Σ_k c_k ∂c_k/∂x / (v + σn²) − (1/m) Σ_k c_k² ∂v/∂x / (v + σn²)²
//
// This needs the posterior COVARIANCE between two sets of points, which the generic Model
// interface does not offer (only marginal variances), so IVR works with a GaussianProcess and
// throws InvalidInput naming the model otherwise. It reads the GP's public kernel, data,
// noise and output scale and refactorises K once per update().

#include "engine/bo/acquisition.h"

namespace emu {

class GaussianProcess;

/// Average posterior-variance reduction over reference points; parameter "reference points".
class IntegratedVarianceReduction : public Acquisition
{
public:
    /// `referencePoints` Sobol points are drawn in the space at each update().
    explicit IntegratedVarianceReduction(int referencePoints = 256);
    std::unique_ptr<Acquisition> clone() const override;
    std::string id() const override { return "ivr"; }
    std::string displayName() const override { return "Integrated variance reduction"; }

    /// Uses these reference points (rows) instead of a Sobol set, e.g. a region of interest;
    /// an empty matrix goes back to the Sobol set. Takes effect at the next update().
    void setReferencePoints(const Matrix& points) { m_customReference = points; }
    /// The reference points of the last update().
    const Matrix& referencePoints() const { return m_reference; }

    /// Throws InvalidInput unless `model` is a GaussianProcess with data.
    void update(const Model& model, const ParameterSpace& space, std::uint64_t seed) override;
    Vector evaluate(const Model& model, const Matrix& X) const override;
    Vector evaluateWithGradient(const Model& model, const Matrix& X,
                                Matrix& gradient) const override;

private:
    /// The model as a GP that update() prepared for; throws InvalidInput otherwise.
    const GaussianProcess& prepared(const Model& model) const;
    /// Values for candidates X; fills V = L⁻¹ k(X_train, X) and the posterior covariances C.
    Vector values(const GaussianProcess& gp, const Matrix& X, Matrix& V, Matrix& C,
                  Vector& denominator) const;

    Matrix m_customReference;
    Matrix m_reference; ///< R (m×d)
    Matrix m_L;         ///< lower Cholesky factor of K (+ jitter), normalised units
    Matrix m_B;         ///< L⁻¹ k(X, R) (n×m)
    Matrix m_A;         ///< K⁻¹ k(X, R) (n×m)
    const Model* m_model = nullptr;
    Index m_dataSize = -1;
};

} // namespace emu

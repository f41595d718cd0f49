#pragma once
// Stationary kernels: functions of the scaled squared distance only,
//
//   k(x, x') = σ² f(r²),   r² = Σ_k (x_k − x'_k)² / ℓ_k²,
//
// with one lengthscale ℓ_k per input dimension (ARD, automatic relevance determination) or one
// shared ℓ. Hyperparameters, in log space: variance σ², then the lengthscale(s), then any shape
// parameters of the family. With g(r²) = −2 df/dr² the gradients are
//
//   ∂k/∂log σ²  = k
//   ∂k/∂log ℓ_k = σ² g(r²) (x_k − x'_k)² / ℓ_k²        (shared ℓ: σ² g(r²) r²)
//   ∂k/∂x_k     = −σ² g(r²) (x_k − x'_k) / ℓ_k²
//
// Families (r = √r²):
//   rbf       f = exp(−r²/2)                                g = f
//   matern12  f = exp(−r)                                   g = exp(−r)/r   (0 at r = 0)
//   matern32  f = (1 + √3 r) exp(−√3 r)                      g = 3 exp(−√3 r)
//   matern52  f = (1 + √5 r + 5r²/3) exp(−√5 r)              g = 5/3 (1 + √5 r) exp(−√5 r)
//   ratquad   f = (1 + r²/(2α))^(−α)                         g = (1 + r²/(2α))^(−α−1)
//             ∂f/∂log α = α f (u/(1+u) − log(1+u)),  u = r²/(2α)
// Matérn 1/2 is not differentiable at r = 0; there the gradients use the zero subgradient.

#include "engine/gp/kernel.h"

namespace emu {

/// Base of σ² f(r²) kernels; derived classes supply f and g on whole matrices.
class StationaryKernel : public Kernel
{
public:
    StationaryKernel(Index inputDim, bool ard);

    /// True if each input dimension has its own lengthscale.
    bool isArd() const { return m_ard; }
    /// σ².
    double variance() const;
    /// The lengthscale of every input dimension (size inputDim(), also when shared).
    Vector lengthscales() const;

    std::vector<ParamInfo> paramInfo() const override;
    Vector logParams() const override;

    Matrix compute(const Matrix& X) const override;
    Matrix compute(const Matrix& X1, const Matrix& X2) const override;
    Vector diagonal(const Matrix& X) const override;
    std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const override;
    Vector contractedGradient(const Matrix& X, const Matrix& W) const override;
    Matrix inputGradient(const RowVector& x, const Matrix& X) const override;

protected:
    StationaryKernel(const StationaryKernel&) = default;

    /// In place, elementwise on a whole matrix: r² is replaced by f(r²) and, if g is given,
    /// g(r²) = −2 df/dr² is written to it. In place because at n = 1000 every n×n temporary
    /// costs about as much as the arithmetic (allocation and page faults).
    virtual void profile(Matrix& r2ToF, Matrix* g) const = 0;
    /// Shape hyperparameters after variance and lengthscales (none by default).
    virtual std::vector<ParamInfo> shapeParamInfo() const { return {}; }
    /// log of the shape hyperparameters.
    virtual Vector shapeLogParams() const { return {}; }
    /// Sets the log shape hyperparameters.
    virtual void setShapeLogParams(const Vector&) {}
    /// ∂f/∂log(shape j) on a whole matrix of r².
    virtual std::vector<Matrix> shapeGradients(const Matrix&) const { return {}; }

    void assignLogParams(const Vector& logParams) override;

private:
    Matrix scaled(const Matrix& X) const;

    bool m_ard;
    double m_logVariance = 0.0;
    Vector m_logLengthscales; ///< size inputDim() if ARD, else 1
};

/// Squared exponential (radial basis function) kernel: infinitely smooth functions.
class RbfKernel : public StationaryKernel
{
public:
    RbfKernel(Index inputDim, bool ard = false) : StationaryKernel(inputDim, ard) {}
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "rbf"; }

protected:
    void profile(Matrix& r2ToF, Matrix* g) const override;
};

/// Matérn ν = 1/2 (exponential, Ornstein–Uhlenbeck) kernel: continuous, rough functions.
class Matern12Kernel : public StationaryKernel
{
public:
    Matern12Kernel(Index inputDim, bool ard = false) : StationaryKernel(inputDim, ard) {}
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "matern12"; }

protected:
    void profile(Matrix& r2ToF, Matrix* g) const override;
};

/// Matérn ν = 3/2 kernel: once differentiable functions.
class Matern32Kernel : public StationaryKernel
{
public:
    Matern32Kernel(Index inputDim, bool ard = false) : StationaryKernel(inputDim, ard) {}
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "matern32"; }

protected:
    void profile(Matrix& r2ToF, Matrix* g) const override;
};

/// Matérn ν = 5/2 kernel: twice differentiable functions.
class Matern52Kernel : public StationaryKernel
{
public:
    Matern52Kernel(Index inputDim, bool ard = false) : StationaryKernel(inputDim, ard) {}
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "matern52"; }

protected:
    void profile(Matrix& r2ToF, Matrix* g) const override;
};

/// Rational quadratic kernel: a scale mixture of RBFs; α → ∞ recovers the RBF.
class RationalQuadraticKernel : public StationaryKernel
{
public:
    RationalQuadraticKernel(Index inputDim, bool ard = false) : StationaryKernel(inputDim, ard) {}
    std::unique_ptr<Kernel> clone() const override;
    std::string id() const override { return "ratquad"; }
    /// The mixture shape α.
    double alpha() const;

protected:
    void profile(Matrix& r2ToF, Matrix* g) const override;
    std::vector<ParamInfo> shapeParamInfo() const override;
    Vector shapeLogParams() const override;
    void setShapeLogParams(const Vector& p) override;
    std::vector<Matrix> shapeGradients(const Matrix& r2) const override;

private:
    double m_logAlpha = 0.0;
};

/// Squared scaled distances between the rows of Z1 and Z2 (clamped at zero).
Matrix squaredDistances(const Matrix& Z1, const Matrix& Z2);
/// Squared distances between the rows of Z and themselves (exact zero diagonal, symmetric).
Matrix squaredDistances(const Matrix& Z);

} // namespace emu

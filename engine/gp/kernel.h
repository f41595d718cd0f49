#pragma once
// Covariance functions (kernels) of Gaussian processes.
//
// A kernel k(x, x') is evaluated on whole matrices: compute(X1, X2) is the n1×n2 matrix
// K_ij = k(X1_i, X2_j) for points in rows. Every hyperparameter θ_j is positive and handled in
// LOG space, log θ_j ∈ [logLower_j, logUpper_j], so optimisers work on an unconstrained-looking,
// well-scaled scale and gradients are dK/dlog θ_j = θ_j dK/dθ_j.
//
// Two evaluation modes, as in GPy and scikit-learn:
// - compute(X) is the covariance of X WITH ITSELF: row i and row i are the same observation.
// - compute(X1, X2) is the CROSS covariance of two different sets of observations.
// They agree for every kernel but white noise, which is σ² on the diagonal of compute(X) and
// zero across two sets (noise at one observation is independent of every other observation,
// even one at the same location).
//
// The log marginal likelihood needs Σ_ij W_ij ∂K_ij/∂log θ_j for one weight matrix W
// (W = αα' − K⁻¹); contractedGradient() computes that without materialising one n×n
// matrix per hyperparameter. parameterGradients() gives the full matrices (used by tests and
// by anything that needs them explicitly).

#include "engine/core/types.h"

#include <memory>
#include <string>
#include <vector>

namespace emu {

/// What a hyperparameter measures, so that fitting can draw random starts on the data's scale.
enum class ParamScale
{
    Variance, ///< a variance of the outputs (kernel, bias, white, noise variances)
    Length,   ///< a distance in input units (lengthscales, periods)
    Shape,    ///< dimensionless (e.g. the rational-quadratic α)
};

/// Name and log-space bounds of one kernel hyperparameter.
struct ParamInfo
{
    std::string name;                     ///< e.g. "variance", "lengthscale[2]"
    double logLower = 0.0;                ///< lower bound of the log of the parameter
    double logUpper = 0.0;                ///< upper bound of the log of the parameter
    ParamScale scale = ParamScale::Shape; ///< what it measures
    Index inputIndex = -1;                ///< the input column of a Length (−1: all inputs)
};

/// Default bounds shared by the kernels: wide enough for real (unscaled) data, narrow enough
/// to keep covariance matrices representable.
struct KernelBounds
{
    static constexpr double minVariance = 1e-6;
    static constexpr double maxVariance = 1e6;
    static constexpr double minLengthscale = 1e-3;
    static constexpr double maxLengthscale = 1e3;
};

/// ParamInfo with bounds given in natural (not log) units.
ParamInfo makeParamInfo(std::string name, double lower, double upper,
                        ParamScale scale = ParamScale::Shape, Index inputIndex = -1);

/// Abstract covariance function of inputs with inputDim() columns.
class Kernel
{
public:
    explicit Kernel(Index inputDim);
    virtual ~Kernel() = default;

    /// A deep copy with the same hyperparameters.
    virtual std::unique_ptr<Kernel> clone() const = 0;
    /// Registry id ("rbf", …) or "sum"/"product".
    virtual std::string id() const = 0;
    /// Human-readable formula-like description, e.g. "rbf + white".
    virtual std::string describe() const { return id(); }

    /// Number of input columns.
    Index inputDim() const { return m_inputDim; }
    /// Number of hyperparameters.
    Index paramCount() const { return Index(paramInfo().size()); }
    /// Names and log-space bounds, in the order of logParams().
    virtual std::vector<ParamInfo> paramInfo() const = 0;
    /// log θ, in the order of paramInfo().
    virtual Vector logParams() const = 0;
    /// Sets log θ (size paramCount(), finite; not clamped to the bounds).
    void setLogParams(const Vector& logParams);
    /// Lower log bounds as a vector.
    Vector logLowerBounds() const;
    /// Upper log bounds as a vector.
    Vector logUpperBounds() const;

    /// Self covariance k(X, X) (n×n, symmetric).
    virtual Matrix compute(const Matrix& X) const;
    /// Cross covariance k(X1, X2) (n1×n2).
    virtual Matrix compute(const Matrix& X1, const Matrix& X2) const = 0;
    /// diag k(X, X), without forming the matrix.
    virtual Vector diagonal(const Matrix& X) const = 0;

    /// ∂k(X, X)/∂log θ_j for every j (self mode).
    virtual std::vector<Matrix> parameterGradients(const Matrix& X) const;
    /// ∂k(X1, X2)/∂log θ_j for every j (cross mode).
    virtual std::vector<Matrix> parameterGradients(const Matrix& X1, const Matrix& X2) const = 0;
    /// [Σ_ij W_ij ∂k(X, X)_ij/∂log θ_j]_j (self mode); W is n×n.
    virtual Vector contractedGradient(const Matrix& X, const Matrix& W) const;

    /// ∂k(x, X_i)/∂x as an n×d matrix (row i: gradient wrt x of the covariance with X_i).
    virtual Matrix inputGradient(const RowVector& x, const Matrix& X) const = 0;
    /// ∂k(x, x)/∂x at every row x of X, as an n×d matrix (zero for stationary kernels).
    virtual Matrix diagonalGradient(const Matrix& X) const;

protected:
    Kernel(const Kernel&) = default;
    Kernel& operator=(const Kernel&) = default;

    /// Stores validated log θ (size already checked).
    virtual void assignLogParams(const Vector& logParams) = 0;
    /// Throws InvalidInput unless X has inputDim() columns.
    void checkInput(const Matrix& X, const char* what) const;
    /// Copies the lower triangle onto the upper one. Self-mode matrices must be exactly
    /// symmetric, but vectorised code may round entry (i, j) and (j, i) differently (SIMD lanes
    /// and scalar tails take different paths through exp, fma, ...).
    static void mirrorLowerTriangle(Matrix& K);

private:
    Index m_inputDim;
};

} // namespace emu

#pragma once
// Exact Gaussian-process regression.
//
// Model: y_i = m + s·f̃(x_i) + ε_i with f̃ ~ GP(0, k), ε̃_i ~ N(0, σn²) in normalised units, i.e.
// the outputs are first normalised, ỹ = (y − m)/s, and the GP is fitted to ỹ:
//   - mean function: Zero (m = 0) or Constant, where the constant is the EMPIRICAL MEAN of the
//     data (not a hyperparameter: it has a closed form close to its ML value, keeps the
//     likelihood gradient simple, and never drifts with bad starts);
//   - output normalisation (on by default): s = root-mean-square of y − m (1 if that is zero),
//     so kernel variance and noise variance are in units of the data's variance; predictions
//     are returned in the original units. Off: s = 1.
//
// With K = k(X, X) + σn² I (+ jitter ε I, see cholesky.h) = L Lᵀ and α = K⁻¹ ỹ:
//   mean(x*)      = m + s · k(x*, X) α
//   var(x*)       = s² (k(x*, x*) − vᵀv),  v = L⁻¹ k(X, x*)        (+ s² σn² with noise)
//   log p(y)      = −½ ỹᵀα − Σ log L_ii − n/2 log 2π − n log s      (in the units of y)
//   ∂log p/∂log θ = ½ Σ_ij (ααᵀ − K⁻¹)_ij ∂K_ij/∂log θ               (kernel and noise)
// A white-noise term inside the kernel counts towards the marginal variance of f (as in
// scikit-learn) but not towards its covariance between different points (see kernel.h).
// All test points share one triangular solve. addPoint() extends L by one bordered row in
// O(n²): L' = [L 0; lᵀ λ] with l = L⁻¹ k(X, x), λ = √(k(x,x) + σn² + ε − lᵀl).
//
// Hyperparameters are in log space: the kernel's, then log σn² (always last). fit() maximises
// log p(y) with L-BFGS-B from the current values plus seeded random starts. The bounds are
// wide, so the random starts are drawn log-uniformly from a box on the data's scale instead
// (clipped to the bounds): kernel variances 0.05–20 × v and noise 1e-4–0.5 × v, where v is the
// mean square of the normalised outputs; lengthscales and periods 0.05–2 × the range of their
// input column; shape parameters 0.2–5.

#include "engine/core/rng.h"
#include "engine/gp/cholesky.h"
#include "engine/gp/kernel.h"
#include "engine/model/model.h"

#include <memory>
#include <utility>

namespace emu {

/// Prior mean of the GP.
enum class MeanFunction
{
    Zero,     ///< m = 0
    Constant, ///< m = mean of the training outputs
};

/// Plain settings of a GaussianProcess (everything but the kernel).
struct GpSettings
{
    MeanFunction mean = MeanFunction::Constant; ///< prior mean
    bool normalizeOutputs = true;               ///< fit to (y − m)/rms; predict in original units
    double noiseVariance = 1e-2;                ///< σn², in normalised units
    bool noiseFixed = false;                    ///< exclude σn² from fit()
    double minNoiseVariance = 1e-10;            ///< lower bound of σn² in fit()
    double maxNoiseVariance = 1e4;              ///< upper bound of σn² in fit()
    /// Lower bound of every lengthscale in fit(), in input units (0: the kernel's own). A
    /// lengthscale far below the spacing of the data lets noise pass for signal: each point
    /// explains itself and the fit interpolates noise.
    double minLengthscale = 0.0;
};

/// Exact GP regression with a run-time kernel; see the header comment for the maths.
class GaussianProcess : public Model
{
public:
    /// Takes ownership of the kernel; throws InvalidInput if it is null or settings are invalid.
    explicit GaussianProcess(std::unique_ptr<Kernel> kernel, const GpSettings& settings = {});
    GaussianProcess(const GaussianProcess& other);
    GaussianProcess& operator=(const GaussianProcess& other);
    GaussianProcess(GaussianProcess&&) noexcept = default;
    GaussianProcess& operator=(GaussianProcess&&) noexcept = default;
    ~GaussianProcess() override;

    // --- Model ---------------------------------------------------------------------------
    std::unique_ptr<Model> clone() const override;
    std::string name() const override;
    Index inputDim() const override { return m_kernel->inputDim(); }
    void setData(const Matrix& X, const Vector& y) override;
    const Matrix& inputs() const override { return m_X; }
    const Vector& outputs() const override { return m_y; }
    /// Maximises the likelihood (see the header comment). The model changes during the fit:
    /// from another thread, fit a copy and swap it in. On Cancelled or an error the model is
    /// left as it was.
    FitReport fit(const FitOptions& options, Progress& progress = Progress::none()) override;
    Prediction predict(const Matrix& Xs, bool includeNoise = false) const override;
    PredictionGradient predictGradient(const Matrix& Xs) const override;
    /// The posterior mean alone: predict(Xs).mean without the O(n²)-per-point triangular solve
    /// of the variance (what a rollout on the mean needs, step after step).
    Vector predictMean(const Matrix& Xs) const;

    // --- data ------------------------------------------------------------------------------
    /// Number of training points.
    Index size() const { return m_X.rows(); }
    /// Appends one observation, updating the Cholesky factor in O(n²) (same result as setData).
    void addPoint(const RowVector& x, double y);

    // --- settings and hyperparameters ------------------------------------------------------
    /// The kernel (read-only; change hyperparameters through setLogParams()).
    const Kernel& kernel() const { return *m_kernel; }
    /// Replaces the kernel (same input dimension) and refactorises.
    void setKernel(std::unique_ptr<Kernel> kernel);
    /// Current settings (noiseVariance reflects the current value).
    GpSettings settings() const;
    /// Replaces all settings and refactorises.
    void setSettings(const GpSettings& settings);
    /// σn² in normalised units.
    double noiseVariance() const { return m_settings.noiseVariance; }
    /// Sets σn² (> 0) and refactorises.
    void setNoiseVariance(double variance);
    /// Holds σn² fixed during fit() (e.g. tiny for noise-free interpolation).
    void setNoiseFixed(bool fixed) { m_settings.noiseFixed = fixed; }
    bool isNoiseFixed() const { return m_settings.noiseFixed; }

    /// Names and log bounds of all hyperparameters: the kernel's, then "noise variance".
    std::vector<ParamInfo> paramInfo() const;
    /// All log hyperparameters: the kernel's, then log σn².
    Vector logParams() const;
    /// Sets all log hyperparameters at once and refactorises (one factorisation).
    void setLogParams(const Vector& logParams);

    // --- normalisation and numerics -----------------------------------------------------------
    /// m: the prior mean in original units.
    double outputOffset() const { return m_offset; }
    /// s: the output scale (1 without normalisation).
    double outputScale() const { return m_scale; }
    /// ε added to the diagonal by the last factorisation (0 if none was needed).
    double jitter() const { return m_jitter; }
    /// α = K⁻¹ỹ (normalised units), for callers that build a faster special-purpose predictor.
    const Vector& weights() const { return m_alpha; }
    /// Lower Cholesky factor L of K (+ jitter); the strict upper triangle is unspecified.
    const Matrix& choleskyFactor() const { return m_L; }

    // --- likelihood -------------------------------------------------------------------------
    /// log p(y | X, θ) in the units of y (0 without data).
    double logMarginalLikelihood() const { return m_logLikelihood; }
    /// ∂ log p(y)/∂ log θ for logParams() (kernel then noise), O(n³).
    Vector logMarginalLikelihoodGradient() const;

    /// The closed-form leave-one-out predictive of every training point y_i from the others,
    /// hyperparameters and normalisation held (Rasmussen & Williams §5.4.2), with noise:
    ///   mean_i = m + s (ỹ_i − α_i/[K⁻¹]_ii),   variance_i = s²/[K⁻¹]_ii.   O(n³).
    Prediction leaveOneOut() const;

    // --- posterior ----------------------------------------------------------------------------
    /// Full posterior covariance of f at the rows of Xs (+ σn² I with noise), in original units.
    Matrix posteriorCovariance(const Matrix& Xs, bool includeNoise = false) const;
    /// Cov(f(a_i), f(b_i)) for every row i of A and B (same shape), in original units: what two
    /// predictions share, for the change between them.
    Vector pairedPosteriorCovariance(const Matrix& A, const Matrix& B) const;
    /// count joint posterior samples of f at the rows of Xs (m×count, columns are samples).
    Matrix samplePosterior(const Matrix& Xs, int count, Rng& rng) const;
    /// count joint prior samples of m + s·f at the rows of Xs (m×count).
    Matrix samplePrior(const Matrix& Xs, int count, Rng& rng) const;
    /// The joint posterior of f at the rows of Xs, factorised: posteriorAt(Xs).sample(Z) for Z
    /// drawn from rng gives samplePosterior(Xs, count, rng); Z turned along
    /// greatCircleNormals() animates them at the cost of one product per frame.
    JointNormal posteriorAt(const Matrix& Xs) const;
    /// The joint prior of m + s·f at the rows of Xs, as posteriorAt().
    JointNormal priorAt(const Matrix& Xs) const;

private:
    /// The mean in original units from the cross-covariances V = k(X, x*) (n×m).
    Vector meanFromCrossCovariance(const Matrix& V) const;
    /// Factor, weights and likelihood for the current data and hyperparameters.
    struct State
    {
        Matrix L;
        Vector alpha;
        double jitter = 0.0;
        double logLikelihood = 0.0;
    };

    void validateSettings(const GpSettings& settings) const;
    void checkPoints(const Matrix& Xs, const char* what) const;
    /// Recomputes m and s from m_y.
    void updateNormalisation();
    /// Normalised outputs ỹ.
    Vector normalisedOutputs() const;
    /// Factorises K for the current hyperparameters; throws NumericalError.
    State factorise() const;
    /// Recomputes the stored state (factor, α, likelihood) from scratch.
    void refresh();
    /// α = K⁻¹ỹ and the log likelihood from the factor L of K; throws NumericalError when the
    /// outputs are too large for K⁻¹ỹ.
    std::pair<Vector, double> weightsFor(const Matrix& factor) const;
    /// Log box of the random starts of fit(), on the scale of the data.
    void startBox(Vector& lower, Vector& upper) const;
    /// Gradient of the log likelihood from the factor L of K and α; L's storage is reused.
    Vector likelihoodGradient(Matrix L, const Vector& alpha) const;
    /// Sets hyperparameters without refactorising.
    void assignLogParams(const Vector& logParams);

    std::unique_ptr<Kernel> m_kernel;
    GpSettings m_settings;
    Matrix m_X;
    Vector m_y;
    double m_offset = 0.0;
    double m_scale = 1.0;
    Matrix m_L;     ///< lower Cholesky factor of K (+ jitter); strict upper part unspecified
    Vector m_alpha; ///< K⁻¹ ỹ
    double m_jitter = 0.0;
    double m_logLikelihood = 0.0;
};

} // namespace emu

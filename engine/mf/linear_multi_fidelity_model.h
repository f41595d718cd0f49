#pragma once
// Linear multi-fidelity emulation: the autoregressive model of Kennedy & O'Hagan (2000).
//
// Levels t = 0 … L−1 (0 the lowest fidelity; see multi_fidelity_data.h for the fidelity column):
//
//   f_0(x) = δ_0(x),   f_t(x) = ρ_{t−1} f_{t−1}(x) + δ_t(x),
//   δ_t ~ GP(β_t, k_t) independent,   y = f_t(x) + ε,  ε ~ N(0, σ_t²) at level t.
//
// Unrolled, f_t = Σ_{j≤t} c_{t,j} δ_j with c_{t,j} = Π_{i=j}^{t−1} ρ_i (c_{t,t} = 1), so
//
//   Cov(f_s(x), f_t(x')) = Σ_{j ≤ min(s,t)} c_{s,j} c_{t,j} k_j(x, x'),
//   E f_t(x)             = Σ_{j≤t} c_{t,j} β_j.
//
// All observations stacked (level 0 first) form ONE Gaussian process with covariance
// K = Σ_j D_j K_j D_j + diag(σ²_{t_i}), D_j = diag(c_{t_i,j}) (zero for t_i < j), and mean Hβ,
// H_ij = c_{t_i,j}. Predictions at every level are exact Gaussian conditionals.
//
// Outputs are divided by one common scale s (normalizeOutputs): the root-mean-square
// deviation of each output from its level's mean (from 0 with a zero mean), so kernel and
// noise variances are in units of the data's variance and ρ is unchanged. Mean Constant: the
// β_j are estimated by generalised least squares and profiled out (generalized_least_squares.h);
// Zero: β = 0, and the likelihood is the plain marginal likelihood.
//
// Parameters (parameterVector()): for each level t the log hyperparameters of k_t, then
// log σ_t²; after all levels ρ_0 … ρ_{L−2}, NOT logged (ρ may be negative). The gradient of the
// log likelihood, with W = ααᵀ − K⁻¹ and α = K⁻¹(ỹ − Hβ̂):
//
//   ∂/∂log θ_j  = ½ Σ W ∘ (D_j ∂K_j D_j)     (k_j's contractedGradient with weights D_j W D_j)
//   ∂/∂log σ_t² = ½ σ_t² Σ_{i at level t} W_ii
//   ∂/∂ρ_m      = Σ_j (∂d_j)ᵀ (W ∘ K_j) d_j,
//                 ∂c_{t,j}/∂ρ_m = Π_{i=j, i≠m}^{t−1} ρ_i  if j ≤ m < t, else 0.
// (The profiled mean adds αᵀ(∂H/∂ρ_m)β̂, which is zero: that vector is constant on each level,
// H spans all such vectors, and Hᵀα = 0 at β̂.)
//
// Fit methods:
// - Joint (default): maximise the likelihood of all data over all parameters jointly
//   (L-BFGS-B) from the current parameters, from `restarts` random starts and from the
//   two-step estimate below; the best wins.
// - Recursive (Le Gratiet & Garnier 2014): level by level. Level t is a GP on (X_t, y_t) with
//   mean ρ_{t−1} μ_{t−1}(X_t) + β_t, μ_{t−1} the posterior mean of level t − 1; ρ_{t−1} and
//   β_t are the GLS coefficients of the regressors [μ_{t−1}(X_t), 1], and k_t, σ_t² maximise
//   that level's likelihood. Predictions follow the recursion
//     μ_t(x) = ρ_{t−1} μ_{t−1}(x) + β_t + k_t(x, X_t) K_t⁻¹ (y_t − ρ_{t−1} μ_{t−1}(X_t) − β_t),
//     v_t(x) = ρ_{t−1}² v_{t−1}(x) + k_t(x, x) − k_t(x, X_t) K_t⁻¹ k_t(X_t, x),
//   which equals the joint posterior for nested noise-free designs (X_t ⊂ X_{t−1}) and
//   approximates it otherwise; the uncertainty of β̂ is not propagated.
//
// Degenerate optima: with few high-fidelity points, ρ → 0 together with a vanishing
// lengthscale of δ_t explains those points as independent draws: a flat corner of the
// likelihood where an optimiser can stall. Guards: bounds on the data's scale — a lengthscale
// of k_j in column c is at least lengthscaleFloor × range_c / n_j^(1/d) (a fraction of the
// typical spacing of level j's inputs) and at most 1000 × range_c; |ρ_t| ≤ maxRho ×
// max(1, sd_{t+1}/sd_t) (sd_t: spread of level t's outputs) — plus the two-step start and
// random starts drawn on the data's scale: variances 1e-3–20 × the level's output variance,
// lengthscales 0.05–2 × the column range, noise 1e-6–1e-2 × the level's variance, ρ_t within
// ±max(1, 2 sd_{t+1}/sd_t).

#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel.h"
#include "engine/mf/generalized_least_squares.h"
#include "engine/model/model.h"

#include <memory>
#include <string>
#include <vector>

namespace emu {
struct MinimizeResult;
} // namespace emu

namespace emu {

/// How LinearMultiFidelityModel::fit() estimates the parameters.
enum class MfFitMethod
{
    Joint,     ///< all levels at once, exact likelihood of all data
    Recursive, ///< level by level (Le Gratiet): cheaper; exact for nested noise-free designs
};

/// Plain settings of a LinearMultiFidelityModel (everything but the kernels).
struct LinearMfSettings
{
    MfFitMethod method = MfFitMethod::Joint;    ///< how fit() works and predictions are formed
    MeanFunction mean = MeanFunction::Constant; ///< Constant: GLS-estimated β_t; Zero: β = 0
    bool normalizeOutputs = true;               ///< divide all outputs by one common scale
    double noiseVariance = 1e-4;     ///< initial σ_t² of every level (normalised units)
    bool noiseFixed = false;         ///< exclude the σ_t² from fit()
    double minNoiseVariance = 1e-10; ///< lower bound of σ_t² in fit()
    double maxNoiseVariance = 10.0;  ///< upper bound of σ_t² in fit()
    double maxRho = 10.0;            ///< |ρ_t| ≤ maxRho × max(1, sd_{t+1}/sd_t)
    double lengthscaleFloor = 0.25;  ///< lengthscales ≥ this × typical input spacing
};

/// One entry of LinearMultiFidelityModel::parameterVector().
struct MfParameter
{
    std::string name;     ///< e.g. "level1.lengthscale[1]", "level0.noise variance", "rho0"
    bool logScale = true; ///< the vector holds log θ (θ > 0); false: θ itself (ρ)
    double lower = 0.0;   ///< lower bound used by fit(), in the vector's units
    double upper = 0.0;   ///< upper bound used by fit(), in the vector's units
};

/// Predictions of two levels at the same inputs and their posterior covariance, row by row:
/// how much a run at the lower level tells about the upper one.
struct LevelPairPrediction
{
    Prediction lower;  ///< of f_level (without noise)
    Prediction upper;  ///< of f_top (without noise)
    Vector covariance; ///< Cov(f_level(x), f_top(x)) at each row x
};

/// The Kennedy–O'Hagan autoregressive multi-fidelity GP; see the header comment for the maths.
class LinearMultiFidelityModel : public Model
{
public:
    /// One kernel per level (level 0 first), all on the same d inputs; throws InvalidInput if
    /// there are none, one is null, the dimensions differ or the settings are invalid.
    explicit LinearMultiFidelityModel(std::vector<std::unique_ptr<Kernel>> kernels,
                                      const LinearMfSettings& settings = {});
    LinearMultiFidelityModel(const LinearMultiFidelityModel& other);
    LinearMultiFidelityModel& operator=(const LinearMultiFidelityModel& other);
    LinearMultiFidelityModel(LinearMultiFidelityModel&&) noexcept = default;
    LinearMultiFidelityModel& operator=(LinearMultiFidelityModel&&) noexcept = default;
    ~LinearMultiFidelityModel() override;

    // --- Model (inputs: d columns plus the fidelity column) --------------------------------
    std::unique_ptr<Model> clone() const override;
    std::string name() const override;
    Index inputDim() const override { return m_d + 1; }
    void setData(const Matrix& X, const Vector& y) override;
    const Matrix& inputs() const override { return m_X; }
    const Vector& outputs() const override { return m_y; }
    /// Estimates all parameters (see the header comment); needs data at every level. On
    /// Cancelled or an error the model is left as it was.
    FitReport fit(const FitOptions& options, Progress& progress = Progress::none()) override;
    /// Continues the fit from the current parameters only: the joint likelihood maximised from
    /// them, without the two-step start or random restarts (options.restarts is ignored; the
    /// recursive method refits level by level from the current values). What a loop does
    /// between full fits after adding a point, several times cheaper. Needs data at every
    /// level; on Cancelled or an error the model is left as it was.
    FitReport continueFit(const FitOptions& options, Progress& progress = Progress::none());
    /// Predictions at the level in each row's last column.
    Prediction predict(const Matrix& Xs, bool includeNoise = false) const override;
    /// Gradients with respect to the d inputs; the fidelity column's entries are zero.
    PredictionGradient predictGradient(const Matrix& Xs) const override;

    // --- levels -------------------------------------------------------------------------------
    /// Number of levels L.
    Index levelCount() const { return Index(m_kernels.size()); }
    /// Number of inputs d (without the fidelity column).
    Index spaceDim() const { return m_d; }
    /// Predictions of f_level at the rows of X (n×d, no fidelity column).
    Prediction predict(Index level, const Matrix& X, bool includeNoise = false) const;
    /// The mean alone, predict(level, X).mean without the variance's triangular solve.
    Vector predictMean(Index level, const Matrix& X) const;
    /// Gradients of the predictions of f_level at the rows of X (n×d).
    PredictionGradient predictGradient(Index level, const Matrix& X) const;
    /// f_level and f_top (level ≤ top) at the rows of X (n×d) with their posterior covariance:
    /// exact under the joint model; under the recursive one the recursion's
    /// Cov = ρ_level ⋯ ρ_{top−1} · Var f_level(x). Throws InvalidInput for bad levels or inputs.
    LevelPairPrediction predictPair(Index level, Index top, const Matrix& X) const;
    /// The training inputs (without fidelity column) and outputs of one level.
    const Matrix& levelInputs(Index level) const { return m_levelX.at(std::size_t(level)); }
    const Vector& levelOutputs(Index level) const { return m_levelY.at(std::size_t(level)); }

    // --- parameters ---------------------------------------------------------------------------
    /// The kernel k_t of δ_t (read-only; change it through setParameterVector()).
    const Kernel& kernel(Index level) const { return *m_kernels.at(std::size_t(level)); }
    /// σ_t² in normalised units.
    double noiseVariance(Index level) const;
    /// ρ_0 … ρ_{L−2} (ρ_t scales level t into level t + 1).
    const Vector& rho() const { return m_rho; }
    /// β̂ (size L, original units; zeros with a zero mean).
    Vector meanCoefficients() const;
    /// Names, scales and fit bounds of parameterVector() (bounds depend on the data).
    std::vector<MfParameter> parameterInfo() const;
    /// All parameters: per level log θ of k_t and log σ_t², then ρ.
    Vector parameterVector() const;
    /// Sets all parameters at once and recomputes the posterior.
    void setParameterVector(const Vector& p);
    /// The parameters in natural units (exp of the logged entries, ρ as is).
    Vector parameterValues() const;
    /// Current settings (noiseVariance is the initial value; see noiseVariance(level)).
    LinearMfSettings settings() const { return m_settings; }
    /// Replaces the settings (the noise variances are reset to settings.noiseVariance).
    void setSettings(const LinearMfSettings& settings);
    /// The common output scale s (1 without normalisation).
    double outputScale() const { return m_scale; }

    // --- likelihood ----------------------------------------------------------------------------
    /// Log likelihood of all data under the joint model (profiled over β̂), in units of y.
    double logMarginalLikelihood() const;
    /// Its gradient with respect to parameterVector().
    Vector logMarginalLikelihoodGradient() const;

private:
    struct Terms;
    struct DataStatistics;

    void validateSettings(const LinearMfSettings& s) const;
    std::size_t paramCount() const;
    void assignParameters(const Vector& p);
    void refresh();
    void updateScale();
    DataStatistics statistics() const;
    void startBox(Vector& lower, Vector& upper) const;
    Matrix coefficients() const;
    Terms jointTerms(bool keepParts) const;
    GlsFactor jointFactor(const Terms& terms) const;
    Vector jointGradient(const Terms& terms, const GlsFactor& f) const;
    /// Recomputes the per-level factors of levels 0 … upTo.
    void refreshRecursive(Index upTo);
    /// Cov(observations, f_level(X)) (n×m, normalised units), the prior variances of f_level
    /// at X in `prior`, and its prior mean at X in `mean`.
    Matrix jointCrossCovariance(Index level, const Matrix& X, Vector& prior, Vector& mean) const;
    /// Posterior of f_level in normalised units; without withVariance only the mean is computed.
    Prediction predictJoint(Index level, const Matrix& X, bool withVariance) const;
    Prediction predictRecursive(Index level, const Matrix& X, bool withVariance) const;
    PredictionGradient gradientJoint(Index level, const Matrix& X) const;
    PredictionGradient gradientRecursive(Index level, const Matrix& X) const;
    void fitRecursive(const FitOptions& options, Progress& progress, FitReport& report);
    /// The joint likelihood maximised from `start` (and options.restarts random starts).
    MinimizeResult minimizeJoint(const Vector& start, const FitOptions& options, Progress& progress);
    /// The parameters of the best result, or NumericalError when none could be evaluated.
    void assignBest(const std::vector<const MinimizeResult*>& results, FitReport& report);
    void requireLevelInputs(const Matrix& X, Index level) const;

    std::vector<std::unique_ptr<Kernel>> m_kernels;
    LinearMfSettings m_settings;
    Index m_d = 0;
    Vector m_logNoise; ///< log σ_t² per level
    Vector m_rho;      ///< ρ_0 … ρ_{L−2}

    Matrix m_X; ///< as given (with fidelity column)
    Vector m_y;
    std::vector<Matrix> m_levelX;
    std::vector<Vector> m_levelY;
    Matrix m_stackX;              ///< all inputs, level 0 first (n×d)
    Vector m_stackY;              ///< matching outputs / s
    std::vector<Index> m_offset;  ///< first stacked row of each level; m_offset[L] = n
    std::vector<Index> m_levelOf; ///< level of each stacked row
    double m_scale = 1.0;

    GlsFactor m_joint;               ///< joint posterior (method Joint, and the likelihood)
    std::vector<GlsFactor> m_levels; ///< per-level factors (method Recursive)
};

/// A linear multi-fidelity model with `levels` levels, each with a fresh kernel `kernelId`
/// (registry id) on d inputs.
LinearMultiFidelityModel makeLinearMultiFidelityModel(Index levels, Index d,
                                                      const std::string& kernelId = "rbf",
                                                      bool ard = true,
                                                      const LinearMfSettings& settings = {});

} // namespace emu

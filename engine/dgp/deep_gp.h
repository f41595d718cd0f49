#pragma once
// Deep Gaussian process regression (Damianou & Lawrence 2013), fitted by variational inference.
//
// Model (L layers, L = 2 or 3; every hidden layer has one column):
//   h_1 = f_1(x) + ε_1,  h_l = f_l(h_{l−1}) + ε_l (1 < l < L),  y = f_L(h_{L−1}) + ε_L,
//   f_l ~ GP(0, k_l) with an RBF kernel k_l (variance σ_l², lengthscales ℓ_l), ε_l ~ N(0, σn,l²).
// Inputs and outputs are standardised first (mean 0, population sd 1 per column); predictions
// are returned in the original units, hidden values in the (unit-free) hidden space.
//
// Variational distribution: q(h_l) = Π_n N(μ_ln, s_ln) for each hidden layer, and for each layer
// M inducing inputs Z_l whose inducing outputs u_l are integrated out optimally (the collapsed
// bound of Titsias 2009, in every layer rather than only the last: no q(u) mean or covariance is
// a parameter, and the optimal q(u_l) follows from q(h) in closed form). The bound on
// log p(y | x) that is maximised is
//
//   F = Σ_{l=1..L} F_l + Σ_{l=1..L−1} H[q(h_l)],   H[q(h_l)] = Σ_n ½ log(2πe s_ln),
//
// where F_l is the collapsed sparse-GP bound of layer l (sparse_gp_layer.h) with
//   inputs   x (known, s = 0) for l = 1, q(h_{l−1}) otherwise — through the RBF psi statistics
//            ψ0, Ψ1, Ψ2 (rbf_psi_statistics.h);
//   outputs  q(h_l) for l < L — ⟨hᵀh⟩ = μᵀμ + Σ s and ⟨hhᵀ⟩ = μμᵀ + diag(s) — and y for l = L:
//
//   F_l = −N/2 log 2π + N/2 log β_l − ½ log|I + β_l L⁻¹Ψ2L⁻ᵀ| − β_l/2 ⟨hᵀh⟩
//         + β_l²/2 tr(A_l⁻¹ Ψ1ᵀ⟨hhᵀ⟩Ψ1) − β_l/2 ψ0 + β_l/2 tr(Kuu⁻¹Ψ2),
//   β_l = 1/σn,l², Kuu = σ_l²(R(Z_l) + 10⁻⁵ I) = LLᵀ, A_l = Kuu + β_l Ψ2.
// This is the bound of Damianou & Lawrence (2013) with observed inputs at the bottom (their
// "supervised" case): the prior KL term of an unobserved top layer is replaced by the first
// layer's conditional on x. F ≤ log p(y | x) (of the standardised outputs). All gradients are
// analytic (tested against finite differences).
//
// Parameters (parameterGroups()), all free in the final stage: per hidden layer μ (N) and log s
// (N); per layer Z (M×Q), log σ², log ℓ (Q), log σn². Initialisation: μ = the standardised input
// (its first principal component if there are several columns), s = 0.01, σ² = 1, ℓ = 1,
// σn² = 0.01 (1% of the unit output variance), Z evenly spread over the range of the layer's
// inputs.
//
// Fitting (fitStaged) maximises F with bounded L-BFGS in three stages, the schedule that avoids
// the known bad optima in which the noise explains everything before the layers have learned
// a mapping:
//   1. variational parameters (μ, s, Z) only; kernel variances, lengthscales and noises fixed;
//   2. also the lengthscales of every layer and the output layer's kernel variance;
//   3. everything.
// Optional restarts repeat the schedule from seeded perturbations of the initial μ and Z and
// keep the best bound.
//
// Prediction propagates Gaussians through the layers by moment matching: layer 1 is a plain
// sparse-GP prediction at the known input, later layers take the exact mean and variance of
// f_l at a Gaussian input (psi statistics of one point), and every hidden layer adds its noise.
// For two layers the final moments are exact; for three the middle Gaussian is an approximation.
// The output of the last layer given a Gaussian input is not Gaussian, and matched moments
// understate its tails: predictiveMixture() keeps its shape by Gauss–Hermite quadrature over
// the last layer's input. sample() draws the same quantities by Monte Carlo (pointwise, seeded).
// Kernels: the fit needs the closed-form psi statistics, available here for the RBF only.

#include "engine/dgp/sparse_gp_layer.h"
#include "engine/model/model.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace emu {

/// Structure of a deep GP (changing it re-initialises the parameters).
struct DeepGpSettings
{
    int layers = 2;                      ///< GP layers L (2 or 3): x → h_1 (→ h_2) → y
    int inducing = 10;                   ///< inducing inputs M per layer
    std::string kernel = "rbf";          ///< every layer's kernel; only "rbf" (psi statistics)
    double initialNoiseVariance = 0.01;  ///< σn² of every layer at initialisation (standardised)
    double initialHiddenVariance = 0.01; ///< s of every hidden point at initialisation
};

/// Settings of DeepGp::fitStaged().
struct DeepGpFitOptions
{
    std::array<int, 3> stageIterations{300, 300, 1000}; ///< L-BFGS iterations of each stage
    int restarts = 0;                 ///< extra staged fits from perturbed initialisations
    double restartPerturbation = 0.2; ///< sd of the perturbation of μ and Z (standardised units)
    std::uint64_t seed = 0;           ///< seeds the perturbations of the restarts
};

/// Outcome of DeepGp::fitStaged().
struct DeepGpFitReport
{
    double initialBound = 0.0;           ///< F at the initialisation (of the first run)
    std::array<double, 3> stageBounds{}; ///< F after each stage (of the kept run)
    double bound = 0.0;                  ///< F at the result
    std::vector<double> runBounds;       ///< final F of every run, the unperturbed one first
    int iterations = 0;                  ///< L-BFGS iterations over all stages and runs
    int evaluations = 0;                 ///< bound evaluations over all stages and runs
    double seconds = 0.0;                ///< wall-clock time
};

/// What a block of the parameter vector holds.
enum class DeepGpParamKind
{
    HiddenMean,        ///< μ of a hidden layer (N)
    HiddenLogVariance, ///< log s of a hidden layer (N)
    Inducing,          ///< Z of a layer (M×Q, column-major)
    LogKernelVariance, ///< log σ² of a layer
    LogLengthscale,    ///< log ℓ of a layer (Q)
    LogNoiseVariance,  ///< log σn² of a layer
};

/// One block of the parameter vector.
struct DeepGpParamGroup
{
    std::string name; ///< e.g. "layer 2 inducing inputs"
    DeepGpParamKind kind;
    int layer = 0;    ///< 0-based: the GP layer, or the hidden layer h_{layer+1}
    Index offset = 0; ///< first index in parameters()
    Index size = 0;   ///< number of entries
};

/// Gaussian marginals of one layer's output at a set of points.
struct LayerMoments
{
    Vector mean;
    Vector variance;
};

/// A one-dimensional Gaussian mixture Σ_k w_k N(m_k, v_k): a predictive distribution of y.
struct GaussianMixture
{
    Vector weights;   ///< w_k ≥ 0, summing to 1
    Vector means;     ///< m_k
    Vector variances; ///< v_k > 0

    /// Σ w_k m_k.
    double mean() const;
    /// Σ w_k (v_k + m_k²) − mean².
    double variance() const;
    /// P(y > threshold) = Σ w_k Φ((m_k − threshold)/√v_k).
    double probabilityAbove(double threshold) const;
    /// The density at every entry of `grid`.
    Vector density(const Vector& grid) const;
};

/// Seeded Monte Carlo draws through the layers (columns are samples).
struct DeepGpSamples
{
    std::vector<Matrix> layers; ///< n×count per layer: hidden values, then y (original units)
    Matrix outputMean;          ///< n×count: mean of the last layer given the sampled hidden input
    Matrix outputVariance;      ///< n×count: its variance (+ noise if requested), original units
};

/// A layer as a function of its own input, for the "latent layer" plots.
struct DeepGpLayerView
{
    Matrix inputs;              ///< the grid in the layer's input space (x units for layer 0)
    Vector mean;                ///< E f_l at the grid (original y units for the last layer)
    Vector variance;            ///< Var f_l at the grid, without noise
    double noiseVariance = 0.0; ///< σn,l² in the same units
    Matrix dataInputs; ///< the data's inputs to this layer: x, or μ of the hidden layer below
    Vector dataInputVariance;  ///< s of the hidden layer below (zero for layer 0)
    Vector dataOutputs;        ///< μ of this hidden layer, or y for the last layer
    Vector dataOutputVariance; ///< s of this hidden layer (zero for the last layer)
};

/// Points followed through the layers by moment matching, noise added at each step.
struct DeepGpPinball
{
    std::vector<Vector>
        mean;               ///< stage 0: the inputs (first column, x units); stage l: h_l; last: y
    std::vector<Vector> sd; ///< standard deviations (zero at stage 0)
};

/// Deep GP regression; see the header comment for the model, the bound and the fit.
class DeepGp : public Model
{
public:
    /// Throws InvalidInput for an unsupported structure (layers outside 2–3, M < 1, kernel ≠ rbf).
    explicit DeepGp(Index inputDim = 1, const DeepGpSettings& settings = {});

    // --- Model ---------------------------------------------------------------------------
    std::unique_ptr<Model> clone() const override;
    std::string name() const override;
    Index inputDim() const override { return m_inputDim; }
    /// Standardises the data and initialises every parameter from it.
    void setData(const Matrix& X, const Vector& y) override;
    const Matrix& inputs() const override { return m_X; }
    const Vector& outputs() const override { return m_y; }
    /// fitStaged() with restarts and seed from `options` and maxIterations as the length of the
    /// last stage (the first two keep their defaults); logLikelihood is the bound in y's units.
    FitReport fit(const FitOptions& options, Progress& progress = Progress::none()) override;
    /// Moment-matched predictive mean and variance of y (original units).
    Prediction predict(const Matrix& Xs, bool includeNoise = false) const override;
    /// Central finite differences of predict() (the deep GP is used for display, so gradients
    /// of the moment-matched prediction are numerical).
    PredictionGradient predictGradient(const Matrix& Xs) const override;

    // --- structure and fitting ---------------------------------------------------------------
    const DeepGpSettings& settings() const { return m_settings; }
    /// Replaces the settings and re-initialises the parameters from the data.
    void setSettings(const DeepGpSettings& settings);
    /// Resets every parameter to the data-driven initialisation of the header comment.
    void initialise();
    /// The staged maximisation of the bound; on Cancelled or an error the model is unchanged.
    DeepGpFitReport fitStaged(const DeepGpFitOptions& options,
                              Progress& progress = Progress::none());

    // --- parameters and bound --------------------------------------------------------------
    /// Blocks of the parameter vector, in order.
    std::vector<DeepGpParamGroup> parameterGroups() const;
    /// All parameters (log for positive ones), in the order of parameterGroups().
    const Vector& parameters() const { return m_params; }
    /// Sets all parameters and refreshes the predictive state; throws NumericalError if the
    /// bound cannot be evaluated there.
    void setParameters(const Vector& params);
    /// Box of every parameter for the optimiser.
    void parameterBounds(Vector& lower, Vector& upper) const;
    /// F at the current parameters (standardised outputs).
    double bound() const { return m_bound; }
    /// F at `params`, and its gradient if `gradient` is not null; throws NumericalError.
    double boundAt(const Vector& params, Vector* gradient) const;

    /// Number of GP layers L.
    int layerCount() const { return m_settings.layers; }
    /// Parameters of GP layer l (0-based) in standardised units.
    SparseGpLayerParams layerParams(int layer) const;
    /// q(h) of hidden layer l (0-based: h_{l+1}), N×1.
    GaussianColumns hiddenLayer(int layer) const;
    /// Mean and population sd of the outputs used for standardisation.
    double outputOffset() const { return m_yMean; }
    double outputScale() const { return m_ySd; }

    // --- predictions -------------------------------------------------------------------------
    /// Moment-matched marginals of every layer's output: hidden layers with their noise (in
    /// hidden units), then y in original units (+ noise if includeNoise).
    std::vector<LayerMoments> predictLayers(const Matrix& Xs, bool includeNoise = false) const;
    /// count Monte Carlo draws per point through the layers, seeded; every hidden layer adds its
    /// noise, y too if includeNoise.
    DeepGpSamples sample(const Matrix& Xs, int count, std::uint64_t seed,
                         bool includeNoise = false) const;
    /// The predictive distribution of y at one input x as a mixture: the hidden layers below
    /// the last are moment matched (exact for two layers, whose hidden layer is Gaussian at a
    /// known input), and the last layer's Gaussian input is integrated by `nodes`-point
    /// Gauss–Hermite quadrature, so the non-Gaussian shape of the output (a scale and location
    /// mixture) is kept. Original units; the noise of y is included if includeNoise.
    GaussianMixture predictiveMixture(const RowVector& x, int nodes = 48,
                                      bool includeNoise = true) const;
    /// Mean and variance of y estimated from sample().
    Prediction predictMonteCarlo(const Matrix& Xs, int count, std::uint64_t seed,
                                 bool includeNoise = false) const;
    /// Layer l (0-based) as a function of its own input, on `grid` (rows are points in the
    /// layer's input space: x units for layer 0, hidden units after).
    DeepGpLayerView layerView(int layer, const Matrix& grid) const;
    /// The rows of Xs followed through the layers (noise added at each step, y's too).
    DeepGpPinball pinball(const Matrix& Xs) const;

private:
    /// Offsets of the blocks of the parameter vector.
    struct Layout
    {
        std::vector<Index> hiddenMean, hiddenLogVariance;                   ///< per hidden layer
        std::vector<Index> inducing, logVariance, logLengthscale, logNoise; ///< per GP layer
        std::vector<Index> inputCols;                                       ///< Q of each GP layer
        Index size = 0;
    };
    /// The parameter vector in natural units.
    struct Unpacked
    {
        std::vector<SparseGpLayerParams> layers;
        std::vector<GaussianColumns> hidden;
    };

    void validate() const;
    Layout layout() const;
    Unpacked unpack(const Vector& params) const;
    /// Recomputes the bound and the per-layer posteriors for m_params.
    void refresh();
    void checkPoints(const Matrix& Xs, const char* what) const;
    /// Runs the three stages from the current parameters; returns the final bound.
    double runSchedule(const DeepGpFitOptions& options, Progress& progress, double from, double to,
                       DeepGpFitReport& report, std::array<double, 3>& stageBounds);
    /// One Gaussian step through GP layer l: inputs (n×Q) → mean and variance (no noise).
    void predictLayer(int layer, const GaussianColumns& in, Vector& mean, Vector& variance) const;

    Index m_inputDim;
    DeepGpSettings m_settings;
    Matrix m_X;            ///< original inputs
    Vector m_y;            ///< original outputs
    Vector m_xMean, m_xSd; ///< input standardisation per column
    double m_yMean = 0.0, m_ySd = 1.0;
    Matrix m_xs; ///< standardised inputs
    Vector m_ys; ///< standardised outputs
    Vector m_params;
    double m_bound = 0.0;
    std::vector<SparseGpLayerPosterior> m_posteriors;
};

} // namespace emu

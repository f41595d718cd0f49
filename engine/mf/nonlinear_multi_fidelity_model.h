#pragma once
// Nonlinear multi-fidelity emulation: NARGP, the nonlinear autoregressive GP of Perdikaris,
// Raissi, Damianou, Lawrence & Karniadakis (2017).
//
// Level 0 is a GP on x. Level t ≥ 1 is a GP on the augmented input (x, f) where f stands for
// f_{t−1}(x), the level below:
//
//   f_t(x) = g_t(x, f_{t−1}(x)),   g_t ~ GP(m_t, k_t),
//   k_t((x, f), (x', f')) = k_ρ(x, x') · k_f(f, f') + k_δ(x, x')      (RBF pieces, ARD in x)
//
// so the high fidelity may be any smooth nonlinear, input-dependent map of the low one
// (ActiveColumnsKernel builds k_t from kernels on the x columns and on the f column). Each
// level is an ordinary GaussianProcess (constant mean, output normalisation, fitted noise).
//
// Training: level t is fitted to the inputs (X_t, μ_{t−1}(X_t)), where μ_{t−1} is the
// plug-in posterior mean of the level below: μ_0 = level 0's mean, μ_s(x) = mean of level s at
// (x, μ_{s−1}(x)). fit() fits level 0, then recomputes level 1's inputs and fits it, and so on.
// With nested designs (X_t ⊂ X_{t−1}) these inputs are (nearly) the observed values.
//
// Prediction propagates the uncertainty of every level through the next by Monte Carlo:
//
//   F_0^(s) = μ_0(x) + √v_0(x) z_0^(s);
//   level t at (x, F_{t−1}^(s)) gives μ_t^(s), v_t^(s), and F_t^(s) = μ_t^(s) + √v_t^(s) z_t^(s);
//   E f_L(x)  ≈ (1/S) Σ_s μ_L^(s),
//   Var f_L(x) ≈ (1/S) Σ_s v_L^(s) + (1/S) Σ_s (μ_L^(s))² − (E f_L(x))²   (total variance).
//
// The standard normals z_t^(s) are drawn once per (seed, sample count): stratified (one per
// 1/S quantile slice, randomly placed in it) and independently shuffled per level (a Latin
// hypercube in the levels). The SAME draws serve every point, so a point's prediction does not
// depend on the other points of the batch, the same seed gives the same numbers, and the
// predicted mean and variance are smooth functions of x. predictGradient() differentiates
// that estimate exactly (the reparametrisation above, chained through the levels).

#include "engine/gp/gaussian_process.h"
#include "engine/model/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace emu {

/// Plain settings of a NonlinearMultiFidelityModel.
struct NonlinearMfSettings
{
    int sampleCount = 100;  ///< Monte Carlo samples S per prediction (≥ 1)
    std::uint64_t seed = 0; ///< seeds the Monte Carlo draws
    GpSettings gp;          ///< settings of every level's GP
};

/// NARGP; see the header comment for the maths.
class NonlinearMultiFidelityModel : public Model
{
public:
    /// `levels` levels (≥ 1) on d inputs; throws InvalidInput for bad sizes or settings.
    NonlinearMultiFidelityModel(Index levels, Index d, const NonlinearMfSettings& settings = {});

    // --- Model (inputs: d columns plus the fidelity column) --------------------------------
    std::unique_ptr<Model> clone() const override;
    std::string name() const override;
    Index inputDim() const override { return m_d + 1; }
    void setData(const Matrix& X, const Vector& y) override;
    const Matrix& inputs() const override { return m_X; }
    const Vector& outputs() const override { return m_y; }
    /// Fits the levels one after the other (each with options.restarts); needs data at every
    /// level. On Cancelled or an error the model is left as it was.
    FitReport fit(const FitOptions& options, Progress& progress = Progress::none()) override;
    /// Monte Carlo predictions at the level in each row's last column.
    Prediction predict(const Matrix& Xs, bool includeNoise = false) const override;
    /// Exact gradients of the Monte Carlo estimate; the fidelity column's entries are zero.
    PredictionGradient predictGradient(const Matrix& Xs) const override;

    // --- levels -------------------------------------------------------------------------------
    /// Number of levels L.
    Index levelCount() const { return Index(m_levels.size()); }
    /// Number of inputs d (without the fidelity column).
    Index spaceDim() const { return m_d; }
    /// Predictions of f_level at the rows of X (n×d); exact Gaussian at level 0, Monte Carlo above.
    Prediction predict(Index level, const Matrix& X, bool includeNoise = false) const;
    /// Gradients of predict(level, X) with respect to the rows of X.
    PredictionGradient predictGradient(Index level, const Matrix& X) const;
    /// The plug-in mean μ_level at the rows of X (the training inputs of the next level).
    Vector plugInMean(Index level, const Matrix& X) const;
    /// The GP of one level (inputs: x for level 0, (x, f) above).
    const GaussianProcess& levelModel(Index level) const { return m_levels.at(std::size_t(level)); }

    // --- settings and parameters -------------------------------------------------------------
    /// Monte Carlo samples per prediction.
    int sampleCount() const { return m_settings.sampleCount; }
    /// Sets S (≥ 1) and redraws the normals.
    void setSampleCount(int count);
    /// Seed of the Monte Carlo draws.
    std::uint64_t seed() const { return m_settings.seed; }
    /// Sets the seed and redraws the normals.
    void setSeed(std::uint64_t seed);
    /// Names of parameterValues(), e.g. "level1.rho.lengthscale[1]", "level1.f.variance".
    std::vector<std::string> parameterNames() const;
    /// Every level's GP hyperparameters in natural units (kernel, then noise), level 0 first.
    Vector parameterValues() const;
    /// Σ_t log p(y_t | level t's inputs): the objective the level-wise fit maximises.
    double logMarginalLikelihood() const;

private:
    struct Propagation;

    void drawNormals();
    void requireLevelInputs(const Matrix& X, Index level) const;
    /// Sets level t's data from the current lower levels.
    void updateLevelData(Index level);
    Propagation propagate(Index level, const Matrix& X, bool includeNoise, bool gradients) const;

    Index m_d = 0;
    NonlinearMfSettings m_settings;
    std::vector<GaussianProcess> m_levels;
    Matrix m_X;
    Vector m_y;
    std::vector<Matrix> m_levelX;
    std::vector<Vector> m_levelY;
    Matrix m_draws; ///< S × (L − 1): z_t^(s) for t = 0 … L − 2
};

} // namespace emu

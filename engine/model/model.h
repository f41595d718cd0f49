#pragma once
// The surrogate-model interface. Acquisitions, Bayesian-optimisation loops, experiments and
// the UI talk to a Model only, so a GP, a multi-fidelity model, a deep GP or a user's own model
// are interchangeable.
//
// Conventions: inputs are n×d matrices (rows are points), outputs length-n vectors; all batch
// calls take every point at once. Predictions are of the latent function f; includeNoise adds
// the observation-noise variance (the predictive distribution of a new observation y).

#include "engine/core/progress.h"
#include "engine/core/types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

/// Predictive marginals at a batch of points.
struct Prediction
{
    Vector mean;     ///< E[f(x_i)] (length n)
    Vector variance; ///< Var[f(x_i)] (+ noise if requested), ≥ 0 (length n)
};

/// Gradients of the latent predictive marginals with respect to the inputs.
struct PredictionGradient
{
    Matrix meanGradient;     ///< row i: ∂E[f(x_i)]/∂x_i (n×d)
    Matrix varianceGradient; ///< row i: ∂Var[f(x_i)]/∂x_i (n×d)
};

/// Settings of Model::fit().
struct FitOptions
{
    int restarts = 5;        ///< random starts in addition to the current hyperparameters
    int maxIterations = 200; ///< optimiser iterations per start
    std::uint64_t seed = 0;  ///< seeds the random starts: same seed, same fit
};

/// Outcome of Model::fit().
struct FitReport
{
    double logLikelihood = 0.0;         ///< objective at the chosen hyperparameters
    int iterations = 0;                 ///< optimiser iterations over all starts
    int evaluations = 0;                ///< objective evaluations over all starts
    std::vector<double> restartValues;  ///< best objective of each start, the current values first
    double seconds = 0.0;               ///< wall-clock time of the fit
};

/// A surrogate model: data in, predictive mean and variance out.
class Model
{
public:
    virtual ~Model() = default;

    /// A deep copy (same data and hyperparameters).
    virtual std::unique_ptr<Model> clone() const = 0;
    /// Short human-readable name, e.g. "GP (matern52)".
    virtual std::string name() const = 0;
    /// Number of input columns.
    virtual Index inputDim() const = 0;

    /// Replaces the data (X: n×d, y: length n); throws InvalidInput on NaN/inf or shape errors.
    virtual void setData(const Matrix& X, const Vector& y) = 0;
    /// The training inputs (n×d).
    virtual const Matrix& inputs() const = 0;
    /// The training outputs (length n).
    virtual const Vector& outputs() const = 0;

    /// Optimises the hyperparameters on the current data; honours progress cancellation.
    virtual FitReport fit(const FitOptions& options, Progress& progress) = 0;

    /// Predictive mean and variance at every row of Xs, in one batch.
    virtual Prediction predict(const Matrix& Xs, bool includeNoise = false) const = 0;
    /// ∂mean/∂x and ∂variance/∂x of the latent f at every row of Xs.
    virtual PredictionGradient predictGradient(const Matrix& Xs) const = 0;

protected:
    Model() = default;
    Model(const Model&) = default;
    Model& operator=(const Model&) = default;
};

} // namespace emu

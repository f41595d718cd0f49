#pragma once
// Multi-fidelity emulation as an experiment: sample a multi-fidelity test problem on nested
// designs (many cheap low-fidelity points, few high-fidelity ones, every high-fidelity point
// also a low-fidelity one), fit a model, and measure its prediction of the HIGHEST fidelity on
// a test set. The "Multi-fidelity" lessons animate this and `emuplay-cli mf` prints it.
//
// Models:
//   "hf-only"    a GP (ARD RBF) on the high-fidelity points alone: the baseline
//   "linear"     LinearMultiFidelityModel (Kennedy–O'Hagan), ARD RBF per level
//   "nonlinear"  NonlinearMultiFidelityModel (NARGP)
//
// The models work in unit-cube coordinates (u ∈ [0, 1]^d, x = lower + u·(upper − lower)), so
// one set of bounds suits problems whose inputs span 0.05 (a radius) to 50000 (a distance);
// fitted lengthscales are therefore fractions of each input's range. The test set is a
// scrambled Sobol' design with a seed unrelated to the design's. Errors of the predictive
// mean m against the truth f on the test set:
//   rmse = √(mean (m − f)²),   relative error = ‖m − f‖₂ / ‖f‖₂ (as in Perdikaris et al. 2017).

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/design/parameter_space.h"
#include "engine/model/model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class MultiFidelityProblem;

struct MultiFidelityExperimentSettings
{
    std::string problemId = "forrester"; ///< multiFidelityProblems() id
    std::string model = "linear";        ///< "hf-only", "linear" or "nonlinear"
    std::vector<Index> points;           ///< points per level, low first; empty: the defaults
    bool recursive = false;              ///< linear only: the two-step (Le Gratiet) fit
    int testPoints = 1000;               ///< size of the test set
    int restarts = 5;                    ///< random restarts of every fit
    int samples = 100;                   ///< nonlinear only: Monte Carlo samples per prediction
    std::uint64_t seed = 0;              ///< seeds the designs, the fits and the Monte Carlo
};

struct MultiFidelityExperimentResult
{
    std::string problemId;
    std::string model;
    std::string modelName;                   ///< the model's own description
    std::vector<Index> points;               ///< points per level, low first
    std::vector<Matrix> designs;             ///< per level, in the problem's coordinates
    std::vector<Vector> values;              ///< the problem at the designs
    std::vector<std::string> parameterNames; ///< fitted parameters …
    Vector parameterValues;     ///< … in natural units (lengths: fractions of ranges)
    Vector rho;                 ///< linear: ρ_0 … ρ_{L−2}; else empty
    double logLikelihood = 0.0; ///< the fit's objective at its optimum
    int testPoints = 0;
    double rmse = 0.0;
    double relativeError = 0.0;
    double maxAbsError = 0.0;
    double meanPredictiveSd = 0.0; ///< mean predictive standard deviation (latent)
    double coverage2sd = 0.0;      ///< fraction of test points within mean ± 2 sd
    double fitSeconds = 0.0;
    double predictSeconds = 0.0; ///< predicting the whole test set
    double totalSeconds = 0.0;
};

/// A multi-fidelity emulator fitted to given data, level by level (see fitMultiFidelityModel()).
struct MultiFidelityFit
{
    std::string model;                       ///< "hf-only", "linear" or "nonlinear"
    std::string modelName;                   ///< the model's own description
    std::vector<std::string> parameterNames; ///< fitted parameters …
    Vector parameterValues;     ///< … in natural units (lengths: fractions of ranges)
    Vector rho;                 ///< linear: ρ_0 … ρ_{L−2}; else empty
    double logLikelihood = 0.0; ///< the fit's objective at its optimum
    double fitSeconds = 0.0;
    ParameterSpace space;       ///< the problem's box (the model works in its unit cube)
    Index levels = 0;
    std::shared_ptr<const Model> fitted; ///< inputs: unit-cube coordinates (+ the level column)

    /// Predictions of level `level` (0 … levels − 1; hf-only models only the highest) at the
    /// rows of X in the problem's coordinates.
    Prediction predict(Index level, const Matrix& X) const;
};

/// Fits `model` to per-level data (X[t], y[t] for t = 0 low … L − 1 high, the problem's
/// coordinates) in the unit cube of `space`; hf-only uses the highest level only. Throws
/// InvalidInput for unknown ids, empty levels or shape errors, Cancelled if cancelled.
MultiFidelityFit fitMultiFidelityModel(const std::string& model, const ParameterSpace& space,
                                       const std::vector<Matrix>& X, const std::vector<Vector>& y,
                                       const FitOptions& options, int samples = 100,
                                       bool recursive = false, Progress& progress = Progress::none());

/// The model ids accepted by runMultiFidelityExperiment(), in menu order.
std::vector<std::string> multiFidelityModelIds();
/// Default points per level (low first) of a problem: forrester 12/6, nonlinear-sin 50/14,
/// currin 20/8, park 30/10, borehole 60/15, branin3 80/40/20.
std::vector<Index> defaultMultiFidelityPoints(const MultiFidelityProblem& problem);

/// Runs one experiment; throws InvalidInput for unknown ids or bad sizes (the points must be
/// one count per level, non-increasing, the highest ≥ 1), Cancelled if cancelled.
MultiFidelityExperimentResult
runMultiFidelityExperiment(const MultiFidelityExperimentSettings& settings,
                           Progress& progress = Progress::none());

} // namespace emu

#pragma once
// The Olympic marathon lesson as plain functions returning plain structs, for the CLI and the
// Deep GPs pages: a GP fit (both optima of its likelihood), a deep GP fit, predictions on a
// year grid, the latent layers, the pinball plot, and Turing's question.
//
// GP. RBF kernel + Gaussian noise on (year, pace), outputs normalised by GaussianProcess. The
// marginal likelihood of these data has two local maxima: a short lengthscale (about 20 years,
// the curve bends towards the early outliers) and a long one (about 64 years, a smooth decline
// with more noise), close in likelihood. A fit from random starts finds either, depending on
// the seed; fitOlympicGp() therefore always starts once in each basin (ℓ = 0.1 and 0.8 × the
// year range, signal variance 1 and noise 0.1 × the output variance) plus seeded random starts,
// merges the results into distinct optima and reports all of them, the best marked.
//
// Deep GP. A two-layer DeepGp (deep_gp.h) on the same data, fitted with the staged schedule.
//
// Turing's question: Alan Turing ran a marathon at 3.935 min/km. Had there been games in 1946,
// he would have won if the winning pace had been slower than his, so
//   P(Turing wins) = P(y_1946 > 3.935)
// under each model's predictive distribution of a new observation (noise included). The GP's
// is Gaussian: Φ((m − c)/σ). The deep GP's is not: it is a mixture of Gaussians over the hidden
// value. Three answers are given: the Gaussian with the deep GP's matched mean and variance
// (which understates the tails of a mixture), moment matching through the hidden layer with
// the last layer integrated by quadrature (DeepGp::predictiveMixture; exact for two layers),
// and Monte Carlo, the fraction of S draws above c with binomial standard error √(p(1 − p)/S).
// The last two estimate the same number and agree within the Monte Carlo error.

#include "engine/core/progress.h"
#include "engine/data/olympic_marathon.h"
#include "engine/dgp/deep_gp.h"
#include "engine/gp/gaussian_process.h"

#include <cstdint>
#include <vector>

namespace emu {

/// A predictive band on a grid: draw mean ± 2 sd.
struct BandCurve
{
    Vector x;    ///< the inputs (years)
    Vector mean; ///< predictive mean (min/km)
    Vector sd;   ///< predictive standard deviation (min/km)
};

// --- GP -------------------------------------------------------------------------------------

/// Settings of fitOlympicGp().
struct OlympicGpOptions
{
    int restarts = 6;        ///< seeded random starts in addition to the two basin starts
    int maxIterations = 200; ///< L-BFGS iterations per start
    std::uint64_t seed = 0;  ///< seeds the random starts
};

/// One local maximum of the GP likelihood, in the units of the data.
struct OlympicGpOptimum
{
    Vector logParams;            ///< GaussianProcess::logParams() at the optimum
    double logLikelihood = 0.0;  ///< log p(pace | years) in min/km units
    double signalVariance = 0.0; ///< σf² in (min/km)²
    double lengthscale = 0.0;    ///< ℓ in years
    double noiseVariance = 0.0;  ///< σn² in (min/km)²
    int starts = 0;              ///< how many starts converged here
};

/// Every distinct optimum found by fitOlympicGp().
struct OlympicGpFit
{
    std::vector<OlympicGpOptimum> optima; ///< by increasing lengthscale
    int bestIndex = -1;                   ///< the highest likelihood
    int shortIndex = -1;                  ///< reached from the short-lengthscale start
    int longIndex = -1;                   ///< reached from the long-lengthscale start
    int evaluations = 0;                  ///< likelihood evaluations over all starts
    double seconds = 0.0;

    /// The optimum with the highest likelihood.
    const OlympicGpOptimum& best() const { return optima.at(std::size_t(bestIndex)); }
};

/// Fits the GP from the two basin starts and the random ones (see the header comment).
OlympicGpFit fitOlympicGp(const OlympicGpOptions& options = {},
                          Progress& progress = Progress::none());
/// The GP on the Olympic data with the hyperparameters of `optimum`.
GaussianProcess olympicGp(const OlympicGpOptimum& optimum);
/// Predictive band of the GP at `years` (with the noise: where a new winning pace would fall).
BandCurve predictOlympicGp(const OlympicGpOptimum& optimum, const Vector& years,
                           bool includeNoise = true);

// --- deep GP --------------------------------------------------------------------------------

/// Settings of fitOlympicDeepGp().
struct OlympicDeepGpOptions
{
    DeepGpSettings settings; ///< structure (2 layers, M = 10 by default)
    DeepGpFitOptions fit;    ///< the staged schedule
};

/// A fitted deep GP as a value: enough to rebuild the model (olympicDeepGp()).
struct OlympicDeepGpFit
{
    DeepGpSettings settings;
    Vector parameters;      ///< DeepGp::parameters() after the fit
    DeepGpFitReport report; ///< bounds per stage, iterations, time
};

/// Fits the deep GP to the Olympic data; honours progress cancellation.
OlympicDeepGpFit fitOlympicDeepGp(const OlympicDeepGpOptions& options = {},
                                  Progress& progress = Progress::none());
/// The deep GP with the fitted parameters.
DeepGp olympicDeepGp(const OlympicDeepGpFit& fit);
/// Moment-matched predictive band of the deep GP at `years`.
BandCurve predictOlympicDeepGp(const OlympicDeepGpFit& fit, const Vector& years,
                               bool includeNoise = true);
/// Monte Carlo predictive band (mean and sd of `samples` seeded draws per year).
BandCurve predictOlympicDeepGpMonteCarlo(const OlympicDeepGpFit& fit, const Vector& years,
                                         int samples, std::uint64_t seed, bool includeNoise = true);
/// Every layer as a function of its own input: layer 0 on `years`, later layers on `gridPoints`
/// evenly spaced hidden values covering the data's hidden values ± 3 sd.
std::vector<DeepGpLayerView> olympicLayerViews(const OlympicDeepGpFit& fit, const Vector& years,
                                               int gridPoints = 200);
/// `points` evenly spaced years from `from` to `to` followed through the layers.
DeepGpPinball olympicPinball(const OlympicDeepGpFit& fit, int points = 20, double from = 1896.0,
                             double to = 2012.0);

// --- Turing's question ------------------------------------------------------------------------

/// Settings of turingQuestion().
struct TuringOptions
{
    double pace = kTuringPace; ///< Turing's pace (min/km)
    double year = kTuringYear; ///< the year asked about
    int samples = 20000;       ///< Monte Carlo draws through the deep GP
    std::uint64_t seed = 0;    ///< seeds the draws
    int quadratureNodes = 48;  ///< Gauss–Hermite nodes over the hidden value
    int densityPoints = 200;   ///< points of the density grid
};

/// P(winning pace > Turing's) under each model, and the densities to draw.
struct TuringAnswer
{
    double pace = 0.0;                       ///< Turing's pace used
    double year = 0.0;                       ///< the year asked about
    double gpMean = 0.0, gpSd = 0.0;         ///< GP predictive of y at the year (noise included)
    double gpProbability = 0.0;              ///< P(y > pace) under the GP
    double deepGpMean = 0.0, deepGpSd = 0.0; ///< moment-matched deep GP predictive
    double deepGpGaussian = 0.0;             ///< P(y > pace) under N(deepGpMean, deepGpSd²)
    double deepGpMomentMatching = 0.0;       ///< P(y > pace), hidden layer matched, last integrated
    double deepGpMonteCarlo = 0.0;           ///< P(y > pace), fraction of Monte Carlo draws
    double deepGpMonteCarloError = 0.0;      ///< its standard error √(p(1 − p)/S)
    Vector paceGrid;                         ///< grid of paces (min/km) for the densities
    Vector gpDensity;                        ///< GP predictive density on the grid
    Vector deepGpDensityGaussian;            ///< Gaussian with the deep GP's matched moments
    Vector deepGpDensityMomentMatching;      ///< the quadrature mixture
    Vector deepGpDensityMonteCarlo;          ///< last layer's Gaussian averaged over the draws
};

/// Answers Turing's question with both models (see the header comment).
TuringAnswer turingQuestion(const OlympicGpOptimum& gp, const OlympicDeepGpFit& deepGp,
                            const TuringOptions& options = {});

// --- everything at once -------------------------------------------------------------------------

/// Settings of runOlympicExperiment().
struct OlympicExperimentOptions
{
    OlympicGpOptions gp;
    OlympicDeepGpOptions deepGp;
    TuringOptions turing;
    int gridPoints = 200;     ///< points of the year grid
    double fromYear = 1890.0; ///< first year of the grid
    double toYear = 2030.0;   ///< last year of the grid
    int pinballPoints = 20;   ///< points of the pinball plot
};

/// Everything the Olympic pages show.
struct OlympicResults
{
    OlympicMarathonData data;
    OlympicGpFit gp;
    OlympicDeepGpFit deepGp;
    Vector years;                   ///< the year grid
    std::vector<BandCurve> gpBands; ///< one band per GP optimum (same order as gp.optima)
    BandCurve deepGpBand;           ///< moment matching
    std::vector<DeepGpLayerView> layers;
    DeepGpPinball pinball;
    TuringAnswer turing; ///< with the best GP optimum
};

/// Runs the whole lesson; the deep GP fit takes most of the time. Honours cancellation.
OlympicResults runOlympicExperiment(const OlympicExperimentOptions& options = {},
                                    Progress& progress = Progress::none());

} // namespace emu

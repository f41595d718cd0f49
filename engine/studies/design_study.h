#pragma once
// Experimental design as an experiment: choose N points of a benchmark function by one method,
// fit an emulator (a GP, hyperparameters by maximum likelihood) and measure its error on a
// test set. Optionally the error after every n ≤ N points, so methods can be compared by how
// fast their emulators improve. The "Experimental design" lesson animates this and
// `emuplay-cli design` prints it.
//
// Methods: "random", "lhs", "sobol" place all N points at once and reveal them in order;
// "variance" (uncertainty sampling) is sequential: an initial Latin hypercube of
// initialPoints (default 2d + 1), then one point at a time where the GP's latent variance is
// largest (the BO loop with the model-variance acquisition, refitting every step).
//
// The test set never shares a seed with the design (a Sobol design with the test set's
// scrambling would put design points on test points and flatter the emulator): Sobol points,
// or random ones beyond the Sobol sequence's dimensions.

#include "engine/core/progress.h"
#include "engine/core/types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class GaussianProcess;

struct DesignExperimentSettings
{
    std::string functionId = "branin"; ///< benchmark function (functionRegistry())
    Index dimension = 0;               ///< for variable-dimension functions; 0: default
    std::string method = "lhs";        ///< "random", "lhs", "sobol" or "variance"
    int points = 20;                   ///< N, the design size (≥ 1)
    int initialPoints = 0;             ///< "variance" only: initial Latin hypercube; 0: 2d + 1
    int testPoints = 1024;             ///< size of the test set
    std::string kernelId = "matern52"; ///< emulator kernel (one lengthscale per input)
    bool errorCurve = false;           ///< also measure the error after every n = 2 … N points
    std::uint64_t seed = 0;
};

/// How good an emulator is on the test set.
struct EmulatorError
{
    int points = 0;               ///< design points the emulator was fitted to
    double rmse = 0.0;            ///< root-mean-square error of the predictive mean
    double maxAbsError = 0.0;     ///< largest absolute error
    double normalizedRmse = 0.0;  ///< rmse / standard deviation of the function on the test set
    double meanPredictiveSd = 0.0; ///< mean predictive standard deviation (latent)
    double coverage2sd = 0.0;     ///< fraction of test points within mean ± 2 sd
};

struct DesignExperimentResult
{
    std::string functionId;
    std::string method;
    int initialPoints = 0;        ///< "variance": size of its initial design; else 0
    Matrix X;                     ///< the design, in the order the points are added (N×d)
    Vector y;                     ///< the function at X
    std::string testDesign;       ///< "sobol" or "random"
    EmulatorError error;          ///< of the emulator fitted to all N points
    std::vector<EmulatorError> curve; ///< errorCurve: after n = 2 … N points (n = 1 if N = 1)
    std::shared_ptr<const GaussianProcess> emulator; ///< fitted to all N points
    double designSeconds = 0.0;
    double fitSeconds = 0.0;  ///< final fit and its test
    double totalSeconds = 0.0;
};

/// The methods accepted by runDesignExperiment(), in menu order.
std::vector<std::string> designExperimentMethods();

/// The emulator the experiment measures after n points: a GP (settings.kernelId, one
/// lengthscale per input) fitted by maximum likelihood to the first n rows of X, y, with
/// `restarts` random restarts seeded by settings.seed + n. Pages draw exactly this model.
std::unique_ptr<GaussianProcess> fitDesignEmulator(const DesignExperimentSettings& settings, const Matrix& X,
                                                   const Vector& y, int n, int restarts = 2);

/// Runs one method; throws InvalidInput on unknown ids or bad sizes, Cancelled if cancelled.
DesignExperimentResult runDesignExperiment(const DesignExperimentSettings& settings,
                                           Progress& progress = Progress::none());

} // namespace emu

#include "engine/studies/design_study.h"

#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/bo/model_variance.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/design/designs.h"
#include "engine/design/sobol_sequence.h"
#include "engine/functions/function_registry.h"
#include "engine/gp/gaussian_process.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

constexpr std::uint64_t kTestSeedOffset = 0x7e57'5e7d'0000'0001ULL;

Matrix varianceDesign(const TestFunction& function, int points, int initial, const std::string& kernelId,
                      std::uint64_t seed, Progress& progress)
{
    LoopSettings settings;
    settings.seed = seed;
    BayesianOptimizationLoop loop(function.space(), makeBayesianOptimizationModel(function.dimension(), kernelId),
                                  std::make_unique<ModelVariance>(), settings);
    const Matrix X0 = latinHypercubeDesign(function.space(), initial, seed);
    loop.observe(X0, function.evaluate(X0));
    const ObjectiveFunction objective = [&function](const Matrix& X) { return function.evaluate(X); };
    for (int n = initial; n < points; ++n) {
        progress.checkCancelled();
        loop.step(objective);
        progress.report(n, points, "choosing points where the emulator is least certain");
    }
    return loop.state().X;
}

/// The error of an emulator on the test set.
EmulatorError measure(const GaussianProcess& gp, int n, const Matrix& testX, const Vector& testY)
{
    const Prediction prediction = gp.predict(testX);
    const Vector error = prediction.mean - testY;
    const Vector sd = prediction.variance.cwiseMax(0.0).cwiseSqrt();
    EmulatorError result;
    result.points = n;
    result.rmse = std::sqrt(error.squaredNorm() / double(error.size()));
    result.maxAbsError = error.cwiseAbs().maxCoeff();
    const double spread = std::sqrt((testY.array() - testY.mean()).square().mean());
    result.normalizedRmse = spread > 0.0 ? result.rmse / spread : result.rmse;
    result.meanPredictiveSd = sd.mean();
    result.coverage2sd = (error.cwiseAbs().array() <= 2.0 * sd.array()).cast<double>().mean();
    return result;
}

} // namespace

std::unique_ptr<GaussianProcess> fitDesignEmulator(const DesignExperimentSettings& settings, const Matrix& X,
                                                   const Vector& y, int n, int restarts)
{
    auto gp = makeBayesianOptimizationModel(X.cols(), settings.kernelId);
    gp->setData(X.topRows(n), y.head(n));
    FitOptions fit;
    fit.restarts = restarts;
    fit.seed = settings.seed + std::uint64_t(n);
    gp->fit(fit);
    return gp;
}

std::vector<std::string> designExperimentMethods()
{
    return {"random", "lhs", "sobol", "variance"};
}

DesignExperimentResult runDesignExperiment(const DesignExperimentSettings& settings, Progress& progress)
{
    const auto methods = designExperimentMethods();
    if (std::find(methods.begin(), methods.end(), settings.method) == methods.end())
        throw InvalidInput("unknown design method \"" + settings.method +
                           "\"; methods: random, lhs, sobol, variance");
    if (settings.points < 1)
        throw InvalidInput("the design needs at least one point");
    if (settings.testPoints < 1)
        throw InvalidInput("the test set needs at least one point");
    const auto started = Clock::now();
    const std::unique_ptr<TestFunction> function = makeFunction(settings.functionId, settings.dimension);
    const int d = int(function->dimension());
    const bool sequential = settings.method == "variance";
    if (d > SobolSequence::maxDimension && (sequential || settings.method == "sobol"))
        throw InvalidInput("the " + settings.method + " design takes at most " +
                           std::to_string(SobolSequence::maxDimension) + " inputs");
    if (settings.initialPoints < 0 || settings.initialPoints > settings.points)
        throw InvalidInput("the initial design needs 1 to " + std::to_string(settings.points) + " points");

    DesignExperimentResult result;
    result.functionId = settings.functionId;
    result.method = settings.method;
    if (sequential) {
        result.initialPoints = settings.initialPoints > 0 ? settings.initialPoints : std::min(settings.points, 2 * d + 1);
        result.X = varianceDesign(*function, settings.points, result.initialPoints, settings.kernelId, settings.seed,
                                  progress);
    } else {
        result.X = makeDesign(settings.method, function->space(), settings.points, settings.seed);
    }
    result.y = function->evaluate(result.X);
    result.designSeconds = secondsSince(started);

    const bool sobolTest = d <= SobolSequence::maxDimension;
    result.testDesign = sobolTest ? "sobol" : "random";
    const Matrix testX = sobolTest ? sobolDesign(function->space(), settings.testPoints, settings.seed + kTestSeedOffset)
                                   : randomDesign(function->space(), settings.testPoints, settings.seed + kTestSeedOffset);
    const Vector testY = function->evaluate(testX);

    if (settings.errorCurve) {
        const int first = std::min(2, settings.points);
        for (int n = first; n < settings.points; ++n) {
            progress.checkCancelled();
            result.curve.push_back(measure(*fitDesignEmulator(settings, result.X, result.y, n), n, testX, testY));
            progress.report(n, settings.points, "measuring the emulator after each point");
        }
    }
    const auto fitStart = Clock::now();
    std::unique_ptr<GaussianProcess> gp = fitDesignEmulator(settings, result.X, result.y, settings.points);
    result.error = measure(*gp, settings.points, testX, testY);
    result.fitSeconds = secondsSince(fitStart);
    if (settings.errorCurve)
        result.curve.push_back(result.error);
    result.emulator = std::move(gp);
    result.totalSeconds = secondsSince(started);
    return result;
}

} // namespace emu

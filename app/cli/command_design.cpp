#include "app/cli/command_design.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/json_output.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/bo/model_variance.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/design/designs.h"
#include "engine/design/sobol_sequence.h"
#include "engine/functions/test_function.h"
#include "engine/gp/gaussian_process.h"

#include <QCommandLineParser>

#include <chrono>
#include <cmath>

namespace cli {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The test points never share a seed with the design: a Sobol design with the test set's
/// scrambling would put design points on test points and flatter the emulator.
constexpr std::uint64_t testSeedOffset = 0x7e57'5e7d'0000'0001ULL;

/// Sequential uncertainty sampling: an initial Latin hypercube, then one point at a time where
/// the GP's latent variance is largest (the loop refits the hyperparameters every step).
emu::Matrix varianceDesign(const emu::TestFunction& function, int points, int initial,
                           const QString& kernel, std::uint64_t seed)
{
    emu::LoopSettings settings;
    settings.seed = seed;
    emu::BayesianOptimizationLoop loop(
        function.space(),
        emu::makeBayesianOptimizationModel(function.dimension(), kernel.toStdString()),
        std::make_unique<emu::ModelVariance>(), settings);
    const emu::Matrix X0 = emu::latinHypercubeDesign(function.space(), initial, seed);
    loop.observe(X0, function.evaluate(X0));
    if (points > initial) {
        emu::StoppingCondition stop;
        stop.maxIterations = points - initial;
        loop.run([&](const emu::Matrix& X) { return function.evaluate(X); }, stop);
    }
    return loop.state().X;
}

} // namespace

QJsonObject runDesign(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"function", "Benchmark function: " + functionIds().join(", ") + " (default branin).", "id",
         "branin"},
        {"dimension", "Inputs of a variable-dimension function (ackley, levy).", "d"},
        {"method",
         "Design: " + designIds().join(", ") +
             ", or variance (sequential: an initial Latin hypercube, then where the GP is "
             "least certain). Default lhs.",
         "id", "lhs"},
        {"points", "Points in the design (default 20).", "n", "20"},
        {"initial", "variance only: points of its initial Latin hypercube (default 2d+1).", "n"},
        {"test-points", "Sobol test points the emulator's error is measured on (default 1024).",
         "m", "1024"},
        {"kernel", "Kernel of the emulator, one lengthscale per input (default matern52).", "id",
         "matern52"},
        {"seed", "Seed of the design and the fit (default 0).", "s", "0"},
    });
    parseOrThrow(parser, QStringLiteral("design"), args);
    const int dimension = parser.isSet("dimension") ? intOption(parser, "dimension", 1, 1000) : 0;
    const std::unique_ptr<emu::TestFunction> function =
        makeFunctionOrThrow(parser.value("function"), dimension);
    const QString method = parser.value("method");
    const bool sequential = method == "variance";
    if (!sequential && !emu::findDesign(method.toStdString()))
        throw UsageError("unknown method \"" + method.toStdString() +
                         "\"; methods: " + designIds().join(", ").toStdString() + ", variance");
    const int points = intOption(parser, "points", 1, 5000);
    if (parser.isSet("initial") && !sequential)
        throw UsageError("--initial is for --method variance only");
    const int d = int(function->dimension());
    const int initial = parser.isSet("initial") ? intOption(parser, "initial", 1, points)
                                                : std::min(points, 2 * d + 1);
    const int testPoints = intOption(parser, "test-points", 1, 1000000);
    const QString kernel = parser.value("kernel");
    requireKernel(kernel);
    const std::uint64_t seed = seedOption(parser);
    if (d > emu::SobolSequence::maxDimension && (sequential || method == "sobol"))
        throw UsageError("--method " + method.toStdString() + " takes at most " +
                         std::to_string(emu::SobolSequence::maxDimension) + " inputs");

    const auto started = Clock::now();
    const emu::Matrix X =
        sequential ? varianceDesign(*function, points, initial, kernel, seed)
                   : emu::makeDesign(method.toStdString(), function->space(), points, seed);
    const emu::Vector y = function->evaluate(X);
    const double designSeconds = secondsSince(started);

    // Every method's design is judged by the same emulator, fitted from scratch.
    const auto fitStart = Clock::now();
    const std::unique_ptr<emu::GaussianProcess> gp =
        emu::makeBayesianOptimizationModel(d, kernel.toStdString());
    gp->setData(X, y);
    emu::FitOptions fit;
    fit.restarts = 3;
    fit.seed = seed;
    gp->fit(fit);
    const double fitSeconds = secondsSince(fitStart);

    const auto testStart = Clock::now();
    const bool sobolTest = d <= emu::SobolSequence::maxDimension;
    const emu::Matrix Xt =
        sobolTest ? emu::sobolDesign(function->space(), testPoints, seed + testSeedOffset)
                  : emu::randomDesign(function->space(), testPoints, seed + testSeedOffset);
    const emu::Vector truth = function->evaluate(Xt);
    const emu::Prediction prediction = gp->predict(Xt);
    const emu::Vector error = prediction.mean - truth;
    const double rmse = std::sqrt(error.squaredNorm() / double(testPoints));
    const double spread = std::sqrt((truth.array() - truth.mean()).square().mean());
    const emu::Vector sd = prediction.variance.cwiseMax(0.0).cwiseSqrt();
    const double covered = (error.cwiseAbs().array() <= 2.0 * sd.array()).cast<double>().mean();
    const double testSeconds = secondsSince(testStart);

    QJsonObject result{
        {"function", functionJson(*function)},
        {"parameters", parametersJson(function->space())},
        {"method", method},
        {"seed", seedJson(seed)},
        {"design", QJsonObject{{"points", points}, {"x", toJson(X)}, {"value", toJson(y)}}},
        {"emulator", QJsonObject{{"kernel", kernel},
                                 {"hyperparameters", hyperparametersJson(*gp)},
                                 {"log_marginal_likelihood", gp->logMarginalLikelihood()}}},
        {"test", QJsonObject{{"points", testPoints},
                             {"design", sobolTest ? "sobol" : "random"},
                             {"rmse", rmse},
                             {"max_abs_error", error.cwiseAbs().maxCoeff()},
                             {"normalized_rmse", spread > 0.0 ? rmse / spread : rmse},
                             {"mean_predictive_sd", sd.mean()},
                             {"coverage_2sd", covered}}},
        {"timings", QJsonObject{{"design_seconds", designSeconds},
                                {"fit_seconds", fitSeconds},
                                {"test_seconds", testSeconds},
                                {"total_seconds", secondsSince(started)}}},
    };
    if (sequential)
        result["initial_points"] = initial;
    return result;
}

} // namespace cli

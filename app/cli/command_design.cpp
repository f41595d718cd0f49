#include "app/cli/command_design.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/json_output.h"
#include "app/cli/terminal_progress.h"
#include "engine/design/designs.h"
#include "engine/design/sobol_sequence.h"
#include "engine/functions/test_function.h"
#include "engine/gp/gaussian_process.h"
#include "engine/studies/design_study.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace cli {

namespace {

QJsonObject errorJson(const emu::EmulatorError& error)
{
    return QJsonObject{{"points", error.points},
                       {"rmse", error.rmse},
                       {"max_abs_error", error.maxAbsError},
                       {"normalized_rmse", error.normalizedRmse},
                       {"mean_predictive_sd", error.meanPredictiveSd},
                       {"coverage_2sd", error.coverage2sd}};
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
        {"curve", "Also report the error after every number of points n = 2 ... N."},
    });
    parseOrThrow(parser, QStringLiteral("design"), args);
    const int dimension = parser.isSet("dimension") ? intOption(parser, "dimension", 1, 1000) : 0;
    const std::unique_ptr<emu::TestFunction> function =
        makeFunctionOrThrow(parser.value("function"), dimension);
    const QString method = parser.value("method");
    const bool sequential = method == "variance";
    if (!sequential && !emu::designRegistry().find(method.toStdString()))
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

    emu::DesignExperimentSettings settings;
    settings.functionId = function->id();
    settings.dimension = function->dimension();
    settings.method = method.toStdString();
    settings.points = points;
    settings.initialPoints = sequential ? initial : 0;
    settings.testPoints = testPoints;
    settings.kernelId = kernel.toStdString();
    settings.errorCurve = parser.isSet("curve");
    settings.seed = seed;
    TerminalProgress progress("design");
    const emu::DesignExperimentResult run = emu::runDesignExperiment(settings, progress.get());

    QJsonObject test = errorJson(run.error);
    test["points"] = testPoints;
    test["design"] = QString::fromStdString(run.testDesign);
    QJsonObject result{
        {"function", functionJson(*function)},
        {"parameters", parametersJson(function->space())},
        {"method", method},
        {"seed", seedJson(seed)},
        {"design", QJsonObject{{"points", points}, {"x", toJson(run.X)}, {"value", toJson(run.y)}}},
        {"emulator", QJsonObject{{"kernel", kernel},
                                 {"hyperparameters", hyperparametersJson(*run.emulator)},
                                 {"log_marginal_likelihood", run.emulator->logMarginalLikelihood()}}},
        {"test", test},
        {"timings", QJsonObject{{"design_seconds", run.designSeconds},
                                {"fit_and_test_seconds", run.fitSeconds},
                                {"total_seconds", run.totalSeconds}}},
    };
    if (sequential)
        result["initial_points"] = run.initialPoints;
    if (settings.errorCurve) {
        QJsonArray curve;
        for (const emu::EmulatorError& e : run.curve)
            curve.append(errorJson(e));
        result["error_curve"] = curve;
    }
    return result;
}

} // namespace cli

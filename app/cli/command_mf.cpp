#include "app/cli/command_mf.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/json_output.h"
#include "app/cli/terminal_progress.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/studies/multi_fidelity_study.h"

#include <QCommandLineParser>
#include <QJsonArray>

#include <algorithm>

namespace cli {

namespace {

QStringList modelIds()
{
    QStringList ids;
    for (const std::string& id : emu::multiFidelityModelIds())
        ids << QString::fromStdString(id);
    return ids;
}

constexpr int kMaxPoints = 100000;

} // namespace

QJsonObject runMf(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"problem", "Multi-fidelity problem: " + multiFidelityProblemIds().join(", ") + " (default forrester).",
         "id", "forrester"},
        {"model",
         "Emulator: hf-only (a GP on the high-fidelity points), linear (Kennedy-O'Hagan) or "
         "nonlinear (NARGP). Default linear.",
         "id", "linear"},
        {"low", "Low-fidelity points (default: the problem's, e.g. 12 for forrester).", "n"},
        {"medium", "Medium-fidelity points of a three-level problem (branin3).", "n"},
        {"high", "High-fidelity points, a subset of the lower levels' (default: the problem's).",
         "n"},
        {"method",
         "linear only: joint (all levels at once, default) or recursive (level by "
         "level).",
         "id"},
        {"samples", "nonlinear only: Monte Carlo samples per prediction (default 100).", "k"},
        {"restarts", "Random restarts of every fit (default 5).", "n", "5"},
        {"test-points", "Sobol test points the high-fidelity error is measured on (default 1000).",
         "m", "1000"},
        {"seed", "Seed of the designs, fits and Monte Carlo draws (default 0).", "s", "0"},
        {"designs", "Also print the design points and values of every level."},
    });
    parseOrThrow(parser, QStringLiteral("mf"), args);

    // Every option is checked before any work.
    const QString problemId = parser.value("problem");
    const emu::MultiFidelityProblem* problem =
        emu::multiFidelityProblems().find(problemId.toStdString());
    if (!problem)
        throw UsageError("unknown problem \"" + problemId.toStdString() +
                         "\"; problems: " + multiFidelityProblemIds().join(", ").toStdString());
    const QString model = parser.value("model");
    if (!modelIds().contains(model))
        throw UsageError("unknown model \"" + model.toStdString() +
                         "\"; models: " + modelIds().join(", ").toStdString());
    const emu::Index levels = problem->levelCount();
    if (parser.isSet("medium") && levels != 3)
        throw UsageError("--medium is for three-level problems (branin3); " + problem->id() +
                         " has " + std::to_string(levels) + " levels");
    std::vector<emu::Index> points = emu::defaultMultiFidelityPoints(*problem);
    if (parser.isSet("low"))
        points.front() = intOption(parser, "low", 1, kMaxPoints);
    if (parser.isSet("high"))
        points.back() = intOption(parser, "high", 1, kMaxPoints);
    if (levels == 3) {
        points[1] = parser.isSet("medium") ? intOption(parser, "medium", 1, kMaxPoints)
                                           : std::clamp(points[1], points[2], points[0]);
    }
    for (std::size_t t = 1; t < points.size(); ++t)
        if (points[t] > points[t - 1])
            throw UsageError("the designs are nested (every higher-fidelity point is also a "
                             "lower-fidelity one), so the counts must not increase from --low "
                             "to --high; got " +
                             std::to_string(points[t - 1]) + " then " + std::to_string(points[t]));
    if (parser.isSet("method") && model != "linear")
        throw UsageError("--method is for --model linear only");
    const QString method = parser.isSet("method") ? parser.value("method") : "joint";
    if (method != "joint" && method != "recursive")
        throw UsageError("unknown method \"" + method.toStdString() +
                         "\"; methods: joint, recursive");
    if (parser.isSet("samples") && model != "nonlinear")
        throw UsageError("--samples is for --model nonlinear only");
    const int samples = parser.isSet("samples") ? intOption(parser, "samples", 1, 100000) : 100;
    const int restarts = intOption(parser, "restarts", 0, 1000);
    const int testPoints = intOption(parser, "test-points", 1, 1000000);
    const std::uint64_t seed = seedOption(parser);

    emu::MultiFidelityExperimentSettings settings;
    settings.problemId = problem->id();
    settings.model = model.toStdString();
    settings.points = points;
    settings.recursive = method == "recursive";
    settings.testPoints = testPoints;
    settings.restarts = restarts;
    settings.samples = samples;
    settings.seed = seed;
    TerminalProgress progress("mf");
    const emu::MultiFidelityExperimentResult run = emu::runMultiFidelityExperiment(settings, progress.get());

    QJsonArray levelNames;
    QJsonObject pointCounts;
    for (emu::Index t = 0; t < levels; ++t) {
        const QString name = QString::fromStdString(problem->levelName(t));
        levelNames.append(name);
        pointCounts[name] = qint64(points[std::size_t(t)]);
    }
    QJsonObject parameters;
    for (std::size_t j = 0; j < run.parameterNames.size(); ++j)
        parameters[QString::fromStdString(run.parameterNames[j])] =
            run.parameterValues(emu::Index(j));
    QJsonObject result{
        {"problem", QJsonObject{{"id", QString::fromStdString(problem->id())},
                                {"name", QString::fromStdString(problem->displayName())},
                                {"dimension", qint64(problem->dimension())},
                                {"levels", levelNames}}},
        {"parameters_box", parametersJson(problem->space())},
        {"model", model},
        {"model_name", QString::fromStdString(run.modelName)},
        {"seed", seedJson(seed)},
        {"points", pointCounts},
        {"fitted", parameters},
        {"log_likelihood", run.logLikelihood},
        {"test", QJsonObject{{"points", run.testPoints},
                             {"rmse", run.rmse},
                             {"relative_error", run.relativeError},
                             {"max_abs_error", run.maxAbsError},
                             {"mean_predictive_sd", run.meanPredictiveSd},
                             {"coverage_2sd", run.coverage2sd}}},
        {"timings", QJsonObject{{"fit_seconds", run.fitSeconds},
                                {"predict_seconds", run.predictSeconds},
                                {"total_seconds", run.totalSeconds}}},
        {"note", "the models work in unit-cube coordinates: lengthscales are fractions of each "
                 "input's range"},
    };
    if (model == "linear") {
        result["rho"] = toJson(run.rho);
        result["method"] = method;
    }
    if (model == "nonlinear")
        result["samples"] = samples;
    if (parser.isSet("designs")) {
        QJsonObject designs;
        for (emu::Index t = 0; t < levels; ++t)
            designs[levelNames.at(t).toString()] =
                QJsonObject{{"x", toJson(run.designs[std::size_t(t)])},
                            {"value", toJson(run.values[std::size_t(t)])}};
        result["designs"] = designs;
    }
    return result;
}

} // namespace cli

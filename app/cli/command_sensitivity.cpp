#include "app/cli/command_sensitivity.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/mountain_car_options.h"
#include "app/cli/terminal_progress.h"
#include "engine/functions/ishigami_function.h"
#include "engine/functions/test_function.h"
#include "engine/gp/gaussian_process.h"
#include "engine/sensitivity/sobol_indices.h"
#include "engine/studies/sensitivity_study.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace cli {

namespace {

const QString mountainCarId = QStringLiteral("mountain-car");

/// One object per input: name, main and total indices with their standard errors, and the
/// closed-form values when `analytic` is given.
QJsonArray inputsJson(const emu::SobolIndices& s, const emu::AnalyticSobolIndices* analytic)
{
    QJsonArray inputs;
    for (emu::Index i = 0; i < s.main.size(); ++i) {
        QJsonObject input{{"name", QString::fromStdString(s.names[std::size_t(i)])},
                          {"main", s.main(i)},
                          {"main_se", s.mainStandardError(i)},
                          {"total", s.total(i)},
                          {"total_se", s.totalStandardError(i)}};
        if (analytic) {
            input["analytic_main"] = analytic->main(i);
            input["analytic_total"] = analytic->total(i);
        }
        inputs.append(input);
    }
    return inputs;
}

/// The fields every analysis prints, whatever the function.
QJsonObject analysisJson(const emu::SobolIndices& s, std::uint64_t seed,
                         const emu::AnalyticSobolIndices* analytic)
{
    return QJsonObject{
        {"samples", qint64(s.samples)},
        {"seed", seedJson(seed)},
        {"evaluations", qint64(s.evaluations)},
        {"mean", s.mean},
        {"variance", s.variance},
        {"standard_errors", "delta method over the N independent sample rows"},
        {"inputs", inputsJson(s, analytic)},
    };
}

QJsonObject analyseBenchmark(const emu::TestFunction& function, emu::Index samples,
                             std::uint64_t seed)
{
    const emu::SobolIndices s = emu::estimateSobolIndices(
        [&function](const emu::Matrix& X) { return function.evaluate(X); }, function.space(),
        emu::SobolSettings{samples, seed});
    const auto* ishigami = dynamic_cast<const emu::IshigamiFunction*>(&function);
    const emu::AnalyticSobolIndices analytic =
        ishigami ? ishigami->analyticIndices() : emu::AnalyticSobolIndices{};
    QJsonObject result = analysisJson(s, seed, ishigami ? &analytic : nullptr);
    result["function"] = functionJson(function);
    result["parameters"] = parametersJson(function.space());
    if (ishigami)
        result["analytic"] = QJsonObject{{"mean", analytic.mean}, {"variance", analytic.variance}};
    result["timings"] = QJsonObject{{"total_seconds", s.seconds}};
    return result;
}

QJsonObject analyseMountainCar(const emu::CarSensitivitySettings& settings)
{
    TerminalProgress progress("sensitivity");
    const emu::CarSensitivityResult r = emu::runCarSensitivity(settings, progress.get());
    QJsonObject result = analysisJson(r.indices, settings.seed, nullptr);
    result["function"] = QJsonObject{{"id", mountainCarId},
                                     {"name", "Mountain car episode reward"},
                                     {"dimension", qint64(r.space.dimension())}};
    result["parameters"] = parametersJson(r.space);
    result["on"] = QString::fromStdString(emu::carSensitivityModeId(settings.mode));
    result["simulator"] = QJsonObject{{"id", QString::fromStdString(settings.simulatorId)},
                                      {"episodes", qint64(r.episodes)},
                                      {"calls", qint64(r.simulatorCalls)}};
    QJsonObject timings{{"simulation_seconds", r.simulationSeconds},
                        {"analysis_seconds", r.indices.seconds},
                        {"total_seconds", r.seconds}};
    if (r.emulator) {
        result["emulator"] =
            QJsonObject{{"training_episodes", settings.trainingEpisodes},
                        {"kernel", QString::fromStdString(settings.kernelId)},
                        {"hyperparameters", hyperparametersJson(*r.emulator)},
                        {"log_marginal_likelihood", r.emulator->logMarginalLikelihood()},
                        {"note", "the GP works on the unit cube of the inputs; the indices are "
                                 "those of its mean and do not include its error"}};
        timings["fit_seconds"] = r.fitSeconds;
    }
    result["timings"] = timings;
    return result;
}

} // namespace

QJsonObject runSensitivity(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"function",
         "What to analyse: mountain-car (the episode reward in thetaP, thetaV, theta0 and the "
         "start position) or a benchmark function: " +
             functionIds().join(", ") + " (default ishigami, with its analytic indices).",
         "id", "ishigami"},
        {"samples", "N: base samples; the analysis makes N(d+2) evaluations (default 1000).", "n",
         "1000"},
        {"seed", "Seed of the samples, and of the emulator's design and fit (default 0).", "s",
         "0"},
        {"on",
         "mountain-car only: simulator (every evaluation one episode, the default) or emulator "
         "(a GP trained on --train-calls episodes).",
         "mode"},
        {"train-calls",
         "--on emulator only: simulator episodes the GP is trained on (default " +
             QString::number(emu::CarSensitivitySettings().trainingEpisodes) + ").",
         "m"},
        {"simulator", "mountain-car only: " + simulatorIds().join(", ") + " (default classic).",
         "id"},
    });
    parseOrThrow(parser, QStringLiteral("sensitivity"), args);

    // Every option is checked before any work.
    const QString functionId = parser.value("function");
    const bool car = functionId == mountainCarId;
    if (!car && !functionIds().contains(functionId))
        throw UsageError("unknown function \"" + functionId.toStdString() +
                         "\"; functions: " + mountainCarId.toStdString() + ", " +
                         functionIds().join(", ").toStdString());
    const std::unique_ptr<emu::TestFunction> function =
        car ? nullptr : makeFunctionOrThrow(functionId, 0);
    const int samples = intOption(parser, "samples", 2, 10000000);
    const std::uint64_t seed = seedOption(parser);
    for (const char* option : {"on", "simulator"})
        if (parser.isSet(option) && !car)
            throw UsageError(std::string("--") + option + " is for --function mountain-car only");
    const QString on = parser.isSet("on") ? parser.value("on") : "simulator";
    if (on != "simulator" && on != "emulator")
        throw UsageError("--on needs simulator or emulator, got \"" + on.toStdString() + "\"");
    if (parser.isSet("train-calls") && on != "emulator")
        throw UsageError("--train-calls is for --on emulator only");
    if (!car)
        return analyseBenchmark(*function, samples, seed);

    emu::CarSensitivitySettings settings;
    settings.simulatorId = parser.isSet("simulator") ? simulatorOption(parser) : "classic";
    settings.mode =
        on == "emulator" ? emu::CarSensitivityMode::Emulator : emu::CarSensitivityMode::Simulator;
    settings.samples = samples;
    if (parser.isSet("train-calls"))
        settings.trainingEpisodes = intOption(parser, "train-calls", 2, 5000);
    settings.seed = seed;
    return analyseMountainCar(settings);
}

} // namespace cli

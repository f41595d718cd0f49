#include "app/cli/command_olympic.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/json_output.h"
#include "app/cli/terminal_progress.h"
#include "engine/bo/normal_math.h"
#include "engine/dgp/deep_gp_prior.h"
#include "engine/gp/kernel.h"
#include "engine/gp/kernel_registry.h"
#include "engine/studies/olympic_study.h"

#include <QCommandLineParser>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace cli {

namespace {

// --- shared pieces --------------------------------------------------------------------------

constexpr double kFromYear = 1890.0; ///< first year of the prediction grid
constexpr double kToYear = 2030.0;   ///< last year of the prediction grid

QJsonArray sdJson(const emu::Vector& variance)
{
    return toJson(emu::Vector(variance.cwiseMax(0.0).cwiseSqrt()));
}

/// The first column of a matrix (the one-dimensional inputs of a layer) as a JSON array.
QJsonArray columnJson(const emu::Matrix& m)
{
    return m.cols() > 0 ? toJson(emu::Vector(m.col(0))) : QJsonArray();
}

/// An index into the optima, or null when the start failed (−1).
QJsonValue indexJson(int index)
{
    return index >= 0 ? QJsonValue(index) : QJsonValue();
}

/// The name of stage `stage` of an L-layer deep GP: the year, h1 … h(L−1), then the pace.
QString stageName(int stage, int layers)
{
    if (stage == 0)
        return QStringLiteral("year");
    if (stage == layers)
        return QStringLiteral("pace");
    return QStringLiteral("h%1").arg(stage);
}

// --- olympic --gp ---------------------------------------------------------------------------

QJsonObject olympicGp(std::uint64_t seed, const emu::Vector& years, double pace)
{
    emu::OlympicGpOptions options;
    options.seed = seed;
    const emu::OlympicGpFit fit = emu::fitOlympicGp(options);

    QJsonArray optima;
    for (std::size_t j = 0; j < fit.optima.size(); ++j) {
        const emu::OlympicGpOptimum& o = fit.optima[j];
        optima.append(QJsonObject{{"lengthscale", o.lengthscale},
                                  {"signal_variance", o.signalVariance},
                                  {"noise_variance", o.noiseVariance},
                                  {"log_likelihood", o.logLikelihood},
                                  {"starts", o.starts},
                                  {"best", int(j) == fit.bestIndex},
                                  {"short", int(j) == fit.shortIndex},
                                  {"long", int(j) == fit.longIndex}});
    }
    const emu::OlympicGpOptimum& best = fit.best();
    const emu::BandCurve latent = emu::predictOlympicGp(best, years, false);
    const emu::BandCurve noisy = emu::predictOlympicGp(best, years, true);

    // Turing's question under the GP: its predictive of a new winning pace is Gaussian.
    const emu::BandCurve at =
        emu::predictOlympicGp(best, emu::Vector::Constant(1, emu::kTuringYear));
    const double probability = emu::normal::cdf((at.mean(0) - pace) / at.sd(0));

    return QJsonObject{
        {"fit", QJsonObject{{"optima", optima},
                            {"best_index", fit.bestIndex},
                            {"short_index", indexJson(fit.shortIndex)},
                            {"long_index", indexJson(fit.longIndex)},
                            {"starts", options.restarts + 2},
                            {"evaluations", fit.evaluations},
                            {"seconds", fit.seconds}}},
        {"predictions", QJsonObject{{"optimum", "best"},
                                    {"years", toJson(years)},
                                    {"mean", toJson(latent.mean)},
                                    {"sd", toJson(latent.sd)},
                                    {"sd_with_noise", toJson(noisy.sd)}}},
        {"turing", QJsonObject{{"year", emu::kTuringYear},
                               {"pace", pace},
                               {"mean", at.mean(0)},
                               {"sd", at.sd(0)},
                               {"probability", probability}}},
    };
}

// --- olympic --dgp --------------------------------------------------------------------------

QJsonObject layerJson(const emu::DeepGpLayerView& v, int layer, int layers)
{
    return QJsonObject{
        {"layer", layer + 1},
        {"input", stageName(layer, layers)},
        {"output", stageName(layer + 1, layers)},
        {"inputs", columnJson(v.inputs)},
        {"mean", toJson(v.mean)},
        {"sd", sdJson(v.variance)},
        {"noise_variance", v.noiseVariance},
        {"data", QJsonObject{{"inputs", columnJson(v.dataInputs)},
                             {"input_sd", sdJson(v.dataInputVariance)},
                             {"outputs", toJson(v.dataOutputs)},
                             {"output_sd", sdJson(v.dataOutputVariance)}}},
    };
}

QJsonObject olympicDeepGp(int layers, int inducing, std::uint64_t seed, int samples,
                          const emu::Vector& years, int gridPoints, double pace)
{
    emu::OlympicDeepGpOptions options;
    options.settings.layers = layers;
    options.settings.inducing = inducing;
    options.fit.seed = seed;
    TerminalProgress progress("olympic deep GP");
    const emu::OlympicDeepGpFit fit = emu::fitOlympicDeepGp(options, progress.get());
    const emu::DeepGpFitReport& r = fit.report;

    QJsonArray stageIterations;
    for (int n : options.fit.stageIterations)
        stageIterations.append(n);
    QJsonArray stageBounds;
    for (double b : r.stageBounds)
        stageBounds.append(b);
    QJsonArray runBounds;
    for (double b : r.runBounds)
        runBounds.append(b);

    const emu::BandCurve latent = emu::predictOlympicDeepGp(fit, years, false);
    const emu::BandCurve noisy = emu::predictOlympicDeepGp(fit, years, true);

    QJsonArray layerViews;
    const std::vector<emu::DeepGpLayerView> views = emu::olympicLayerViews(fit, years, gridPoints);
    for (std::size_t l = 0; l < views.size(); ++l)
        layerViews.append(layerJson(views[l], int(l), layers));

    const emu::DeepGpPinball pinball = emu::olympicPinball(fit);
    QJsonArray stages;
    for (std::size_t s = 0; s < pinball.mean.size(); ++s)
        stages.append(QJsonObject{{"name", stageName(int(s), layers)},
                                  {"mean", toJson(pinball.mean[s])},
                                  {"sd", toJson(pinball.sd[s])}});

    // turingQuestion() answers for a GP and the deep GP together; the GP part (a fit of a few
    // milliseconds) is not printed here: `--model gp` gives it.
    emu::TuringOptions turingOptions;
    emu::OlympicGpOptions gpOptions;
    gpOptions.seed = seed;
    turingOptions.pace = pace;
    turingOptions.samples = samples;
    turingOptions.seed = seed;
    const emu::TuringAnswer t =
        emu::turingQuestion(emu::fitOlympicGp(gpOptions).best(), fit, turingOptions);

    return QJsonObject{
        {"fit", QJsonObject{{"bound_of", "log p(pace | year) of the standardised paces"},
                            {"initial_bound", r.initialBound},
                            {"stage_bounds", stageBounds},
                            {"final_bound", r.bound},
                            {"run_bounds", runBounds},
                            {"stage_iterations", stageIterations},
                            {"iterations", r.iterations},
                            {"evaluations", r.evaluations},
                            {"seconds", r.seconds}}},
        {"predictions", QJsonObject{{"method", "moment matching"},
                                    {"years", toJson(years)},
                                    {"mean", toJson(latent.mean)},
                                    {"sd", toJson(latent.sd)},
                                    {"sd_with_noise", toJson(noisy.sd)}}},
        {"layers", layerViews},
        {"pinball", QJsonObject{{"stages", stages}}},
        {"turing", QJsonObject{{"year", t.year},
                               {"pace", t.pace},
                               {"mean", t.deepGpMean},
                               {"sd", t.deepGpSd},
                               {"probability_moment_matching", t.deepGpMomentMatching},
                               {"probability_monte_carlo", t.deepGpMonteCarlo},
                               {"monte_carlo_standard_error", t.deepGpMonteCarloError},
                               {"monte_carlo_samples", samples},
                               {"probability_gaussian", t.deepGpGaussian},
                               {"quadrature_nodes", turingOptions.quadratureNodes}}},
    };
}

// --- dgp-samples ----------------------------------------------------------------------------

constexpr int kMaxCascadeLayers = 10;
constexpr int kMaxCascadeSamples = 100;
constexpr int kMaxCascadeGrid = 1000;

/// Kernels of the registry that have a lengthscale: the ones a cascade layer can be given.
QStringList cascadeKernelIds()
{
    QStringList ids;
    for (const emu::KernelInfo& info : emu::kernelRegistry()) {
        const std::vector<emu::ParamInfo> params = info.factory(1, false)->paramInfo();
        if (std::any_of(params.begin(), params.end(),
                        [](const emu::ParamInfo& p) { return p.name == "lengthscale"; }))
            ids << QString::fromStdString(info.id);
    }
    return ids;
}

/// The comma-separated values of --option: `layers` of them, or one given to every layer.
QStringList perLayerOption(const QCommandLineParser& parser, const QString& option, int layers)
{
    QStringList values = parser.value(option).split(',');
    for (QString& v : values)
        v = v.trimmed();
    if (values.size() == 1)
        return QStringList(qsizetype(layers), values.first());
    if (values.size() != layers)
        throw UsageError(QStringLiteral("--%1 needs one value per layer (%2) or a single value for "
                                        "all, got %3 in \"%4\"")
                             .arg(option)
                             .arg(layers)
                             .arg(values.size())
                             .arg(parser.value(option))
                             .toStdString());
    return values;
}

/// "FROM:TO:COUNT" with FROM < TO and COUNT in [2, kMaxCascadeGrid], as a COUNT×1 matrix.
emu::Matrix cascadeGridOption(const QCommandLineParser& parser)
{
    const QString text = parser.value("grid");
    const QStringList parts = text.split(':');
    bool okA = false, okB = false, okN = false;
    const double a = parts.value(0).toDouble(&okA);
    const double b = parts.value(1).toDouble(&okB);
    const int n = parts.value(2).toInt(&okN);
    if (parts.size() != 3 || !okA || !okB || !okN || !std::isfinite(a) || !std::isfinite(b) ||
        !(a < b) || n < 2 || n > kMaxCascadeGrid)
        throw UsageError(
            QStringLiteral("--grid needs FROM:TO:COUNT with FROM < TO and COUNT from 2 "
                           "to %1, e.g. -2:2:200, got \"%2\"")
                .arg(kMaxCascadeGrid)
                .arg(text)
                .toStdString());
    return emu::Vector::LinSpaced(n, a, b);
}

} // namespace

QJsonObject runOlympic(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"model",
         "Model (required): gp, an RBF GP reporting every optimum of its likelihood; or dgp, a "
         "deep GP fitted in three stages.",
         "id"},
        {"layers", "[dgp] GP layers: 2 or 3 (default 2).", "L", "2"},
        {"inducing", "[dgp] Inducing inputs per layer: 1 to the 27 games (default 10).", "M", "10"},
        {"seed",
         "Seed (default 0) of the GP's random starts and of the deep GP's Monte Carlo draws.", "s",
         "0"},
        {"grid-points",
         "Points of the year grid 1890-2030 (and of each hidden layer's grid), 2 to 10000 "
         "(default 200).",
         "n", "200"},
        {"turing-pace", "Turing's pace in min/km (default 3.935: 2 h 46 min 03 s over 42.195 km).",
         "p", QString::number(emu::kTuringPace, 'g', 17)},
        {"samples", "[dgp] Monte Carlo draws for Turing's question, 2 to 1000000 (default 20000).",
         "k", "20000"},
    });
    parseOrThrow(parser, QStringLiteral("olympic"), args);

    // Every option is checked before the (up to a few seconds long) fit.
    if (!parser.isSet("model"))
        throw UsageError("--model is required: gp or dgp");
    const QString model = parser.value("model");
    if (model != "gp" && model != "dgp")
        throw UsageError("unknown model \"" + model.toStdString() + "\"; models: gp, dgp");
    if (model == "gp")
        for (const char* option : {"layers", "inducing", "samples"})
            if (parser.isSet(option))
                throw UsageError(std::string("--") + option + " is for --model dgp only");
    const emu::OlympicMarathonData data = emu::olympicMarathonMen();
    const int layers = intOption(parser, "layers", 2, 3);
    const int inducing = intOption(parser, "inducing", 1, int(data.years.size()));
    const std::uint64_t seed = seedOption(parser);
    const int gridPoints = intOption(parser, "grid-points", 2, 10000);
    const double pace = positiveOption(parser, "turing-pace");
    const int samples = intOption(parser, "samples", 2, 1000000);

    const emu::Vector years = emu::Vector::LinSpaced(gridPoints, kFromYear, kToYear);
    QJsonObject result{
        {"model", model},
        {"seed", seedJson(seed)},
        {"data", QJsonObject{{"years", toJson(data.years)}, {"pace", toJson(data.pace)}}},
    };
    if (model == "dgp")
        result["settings"] =
            QJsonObject{{"layers", layers}, {"inducing", inducing}, {"kernel", "rbf"}};
    const QJsonObject fitted =
        model == "gp" ? olympicGp(seed, years, pace)
                      : olympicDeepGp(layers, inducing, seed, samples, years, gridPoints, pace);
    for (auto it = fitted.begin(); it != fitted.end(); ++it)
        result[it.key()] = it.value();
    return result;
}

QJsonObject runDgpSamples(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"layers", QStringLiteral("GP layers composed (required), 1 to %1.").arg(kMaxCascadeLayers),
         "L"},
        {"lengthscales",
         "Lengthscale of each layer, bottom first (required): L values or one for all, each from "
         "0.001 to 1000.",
         "l1,l2,..."},
        {"kernels",
         "Kernel of each layer: L ids or one for all, from " + cascadeKernelIds().join(", ") +
             " (default rbf).",
         "k1,k2,...", "rbf"},
        {"samples",
         QStringLiteral("Independent cascades, 1 to %1 (default 3).").arg(kMaxCascadeSamples), "K",
         "3"},
        {"grid", "Input grid FROM:TO:COUNT (default -2:2:200).", "a:b:n", "-2:2:200"},
        {"seed", "Seed of the draws (default 0).", "s", "0"},
    });
    parseOrThrow(parser, QStringLiteral("dgp-samples"), args);

    if (!parser.isSet("layers"))
        throw UsageError("--layers L is required");
    if (!parser.isSet("lengthscales"))
        throw UsageError("--lengthscales l1,l2,... is required");
    const int layers = intOption(parser, "layers", 1, kMaxCascadeLayers);
    const QStringList lengthscaleTexts = perLayerOption(parser, "lengthscales", layers);
    const QStringList kernels = perLayerOption(parser, "kernels", layers);
    const QStringList valid = cascadeKernelIds();
    emu::DeepGpPriorSettings settings;
    settings.layers.clear();
    for (int l = 0; l < layers; ++l) {
        bool ok = false;
        const double lengthscale = lengthscaleTexts[l].toDouble(&ok);
        if (!ok || !std::isfinite(lengthscale) || lengthscale <= 0.0)
            throw UsageError("--lengthscales: layer " + std::to_string(l + 1) +
                             " needs a positive number, got \"" +
                             lengthscaleTexts[l].toStdString() + "\"");
        if (lengthscale < emu::KernelBounds::minLengthscale ||
            lengthscale > emu::KernelBounds::maxLengthscale)
            throw UsageError("--lengthscales: layer " + std::to_string(l + 1) + " has " +
                             lengthscaleTexts[l].toStdString() +
                             "; lengthscales must lie in [0.001, 1000]");
        if (!valid.contains(kernels[l]))
            throw UsageError(
                (emu::kernelRegistry().find(kernels[l].toStdString()) ? "kernel \"" : "unknown kernel \"") +
                kernels[l].toStdString() + "\" for layer " + std::to_string(l + 1) +
                (emu::kernelRegistry().find(kernels[l].toStdString()) ? " has no lengthscale" : "") +
                "; kernels with a lengthscale: " + valid.join(", ").toStdString());
        settings.layers.push_back({kernels[l].toStdString(), 1.0, lengthscale});
    }
    settings.samples = intOption(parser, "samples", 1, kMaxCascadeSamples);
    const emu::Matrix grid = cascadeGridOption(parser);
    settings.seed = seedOption(parser);

    const std::vector<emu::Matrix> draws = emu::sampleDeepGpPrior(grid, settings);
    QJsonArray layerArray;
    for (int l = 0; l < layers; ++l) {
        const emu::DeepGpPriorLayer& layer = settings.layers[std::size_t(l)];
        layerArray.append(QJsonObject{
            {"layer", l + 1},
            {"kernel", QString::fromStdString(layer.kernel)},
            {"lengthscale", layer.lengthscale},
            {"variance", layer.variance},
            {"samples", toJson(emu::Matrix(draws[std::size_t(l)].transpose()))},
        });
    }
    return QJsonObject{
        {"seed", seedJson(settings.seed)},
        {"samples", settings.samples},
        {"grid", toJson(emu::Vector(grid.col(0)))},
        {"layers", layerArray},
    };
}

} // namespace cli

#include "app/cli/command_gp.h"

#include "app/cli/cli.h"
#include "app/cli/json_output.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/data/csv_reader.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"

#include <QCommandLineParser>
#include <QJsonArray>

#include <cmath>

namespace cli {

namespace {

/// Parses a strictly positive finite number or throws UsageError naming the option.
double positiveNumber(const QString& text, const char* option)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value <= 0.0)
        throw UsageError(std::string("--") + option + " needs a positive number, got \"" + text.toStdString() + "\"");
    return value;
}

int nonNegativeInt(const QString& text, const char* option, int maximum)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 0 || value > maximum)
        throw UsageError(std::string("--") + option + " needs a whole number from 0 to " + std::to_string(maximum) +
                         ", got \"" + text.toStdString() + "\"");
    return value;
}

/// "a:b:n" → n evenly spaced points from a to b, as an n×1 matrix.
emu::Matrix parseGrid(const QString& text)
{
    const QStringList parts = text.split(':');
    bool okA = false, okB = false, okN = false;
    const double a = parts.value(0).toDouble(&okA);
    const double b = parts.value(1).toDouble(&okB);
    const int n = parts.value(2).toInt(&okN);
    if (parts.size() != 3 || !okA || !okB || !okN || n < 1 || n > 1000000 || !std::isfinite(a) || !std::isfinite(b))
        throw UsageError("--grid needs FROM:TO:COUNT, e.g. 0:1:101, got \"" + text.toStdString() + "\"");
    return emu::Vector::LinSpaced(n, a, b);
}

QStringList kernelIds()
{
    QStringList ids;
    for (const emu::KernelInfo& info : emu::kernelRegistry())
        ids << QString::fromStdString(info.id);
    return ids;
}

} // namespace

QJsonObject runGp(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"data", "Training data: CSV with a header; the last column is the output.", "file"},
        {"kernel", "Kernel: " + kernelIds().join(", ") + ", or sums and products of them such as rbf+periodic (default rbf).", "id", "rbf"},
        {"ard", "One lengthscale per input dimension."},
        {"optimize", "Fit the hyperparameters by maximising the log marginal likelihood."},
        {"restarts", "Random restarts of the fit (default 5).", "n", "5"},
        {"noise", "Initial noise variance, in normalised output units (default 0.01).", "v"},
        {"fix-noise", "Noise variance held fixed during the fit.", "v"},
        {"predict", "Predict at the inputs of this CSV (header, one column per input).", "file"},
        {"grid", "Predict on FROM:TO:COUNT evenly spaced points (one input only).", "a:b:n"},
        {"samples", "Posterior samples to draw at the prediction points (default 0).", "k", "0"},
        {"seed", "Seed of the restarts and samples (default 0).", "s", "0"},
    });
    parseOrThrow(parser, QStringLiteral("gp"), args);
    if (!parser.isSet("data"))
        throw UsageError("--data FILE.csv is required");
    if (parser.isSet("noise") && parser.isSet("fix-noise"))
        throw UsageError("give either --noise or --fix-noise, not both");
    if (parser.isSet("predict") && parser.isSet("grid"))
        throw UsageError("give either --predict or --grid, not both");
    const QString kernelId = parser.value("kernel");
    try { // checked here, before any file is read: a usage error
        emu::makeKernelExpression(kernelId.toStdString(), 1);
    } catch (const emu::Error& e) {
        throw UsageError(std::string(e.what()) + "; they also add and multiply, e.g. rbf+periodic");
    }
    const int restarts = nonNegativeInt(parser.value("restarts"), "restarts", 1000);
    const int sampleCount = nonNegativeInt(parser.value("samples"), "samples", 10000);
    bool seedOk = false;
    const quint64 seed = parser.value("seed").toULongLong(&seedOk);
    if (!seedOk)
        throw UsageError("--seed needs a whole number, got \"" + parser.value("seed").toStdString() + "\"");

    // Every option is checked before any file is read, so usage errors always exit with 2.
    emu::GpSettings settings;
    if (parser.isSet("noise"))
        settings.noiseVariance = positiveNumber(parser.value("noise"), "noise");
    if (parser.isSet("fix-noise")) {
        settings.noiseVariance = positiveNumber(parser.value("fix-noise"), "fix-noise");
        settings.noiseFixed = true;
    }
    emu::Matrix Xs = parser.isSet("grid") ? parseGrid(parser.value("grid")) : emu::Matrix();

    const std::string dataPath = parser.value("data").toStdString();
    const emu::RegressionData data = emu::toRegressionData(emu::readCsvFile(dataPath), dataPath);
    const emu::Index d = data.X.cols();
    emu::GaussianProcess gp(emu::makeKernelExpression(kernelId.toStdString(), d, parser.isSet("ard")), settings);
    gp.setData(data.X, data.y);

    QJsonObject result{{"data", QJsonObject{{"file", QString::fromStdString(dataPath)},
                                            {"points", qint64(data.X.rows())},
                                            {"inputs", qint64(d)}}},
                       {"kernel", kernelId}};
    if (parser.isSet("optimize")) {
        emu::FitOptions options;
        options.restarts = restarts;
        options.seed = seed;
        const emu::FitReport report = gp.fit(options);
        result["fit"] = QJsonObject{{"iterations", report.iterations},
                                    {"evaluations", report.evaluations},
                                    {"restart_log_likelihoods", toJson(emu::Vector(Eigen::Map<const emu::Vector>(
                                                                    report.restartValues.data(),
                                                                    emu::Index(report.restartValues.size()))))},
                                    {"seconds", report.seconds}};
    }
    QJsonObject hyper;
    const std::vector<emu::ParamInfo> info = gp.paramInfo();
    const emu::Vector logParams = gp.logParams();
    for (size_t j = 0; j < info.size(); ++j)
        hyper[QString::fromStdString(info[j].name)] = std::exp(logParams(emu::Index(j)));
    result["hyperparameters"] = hyper;
    result["log_marginal_likelihood"] = gp.logMarginalLikelihood();

    if (parser.isSet("grid")) {
        if (d != 1)
            throw UsageError("--grid works with one input column; the data has " + std::to_string(d) +
                             " (use --predict FILE.csv)");
    } else if (parser.isSet("predict")) {
        const std::string path = parser.value("predict").toStdString();
        const emu::CsvTable table = emu::readCsvFile(path);
        if (emu::Index(table.columns.size()) != d)
            throw emu::InvalidInput(path + " has " + std::to_string(table.columns.size()) +
                                    " columns; the model has " + std::to_string(d) + " inputs");
        Xs = table.values;
    }
    if (Xs.rows() > 0) {
        const emu::Prediction prediction = gp.predict(Xs);
        const emu::Prediction noisy = gp.predict(Xs, true);
        QJsonObject predictions{{"x", toJson(Xs)},
                                {"mean", toJson(prediction.mean)},
                                {"variance", toJson(prediction.variance)},
                                {"variance_with_noise", toJson(noisy.variance)}};
        if (sampleCount > 0) {
            emu::Rng rng(seed);
            const emu::Matrix samples = gp.samplePosterior(Xs, sampleCount, rng);
            predictions["samples"] = toJson(emu::Matrix(samples.transpose()));
        }
        result["predictions"] = predictions;
    }
    return result;
}

} // namespace cli

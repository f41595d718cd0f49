#include "app/cli/cli_options.h"

#include "app/cli/cli.h"
#include "engine/bo/acquisition_registry.h"
#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/design/parameter_space.h"
#include "engine/external/external_program.h"
#include "engine/functions/function_registry.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"

#include <QCommandLineParser>
#include <QRegularExpression>

#include <cmath>

namespace cli {

namespace {

template <typename Registry> QStringList idsOf(const Registry& registry)
{
    QStringList ids;
    for (const auto& info : registry)
        ids << QString::fromStdString(info.id);
    return ids;
}

} // namespace

emu::ParameterSpace parseBounds(const QString& text)
{
    const auto bad = [&](const QString& why) {
        return UsageError(("--bounds " + why +
                           "; expected NAME=LOW:HIGH,… such as "
                           "\"x1=0:1,x2=-5:5\", got \"" +
                           text + "\"")
                              .toStdString());
    };
    emu::ParameterSpace space;
    for (const QString& raw : text.split(',')) {
        const QString item = raw.trimmed();
        const qsizetype eq = item.indexOf('=');
        const QString name = item.left(eq).trimmed();
        if (eq < 0 || name.isEmpty())
            throw bad("needs a name before '=' in \"" + item + "\"");
        if (name.contains(QRegularExpression(R"([\s":\\])")))
            throw bad("has a name with a space, quote, ':' or '\\' (\"" + name + "\")");
        if (space.indexOf(name.toStdString()) >= 0)
            throw bad("names \"" + name + "\" twice");
        const QStringList range = item.mid(eq + 1).split(':');
        bool okLow = false, okHigh = false;
        const double low = range.value(0).trimmed().toDouble(&okLow);
        const double high = range.value(1).trimmed().toDouble(&okHigh);
        if (range.size() != 2 || !okLow || !okHigh || !std::isfinite(low) || !std::isfinite(high))
            throw bad("needs two numbers LOW:HIGH for \"" + name + "\"");
        if (low >= high)
            throw bad("needs LOW < HIGH for \"" + name + "\"");
        space.addContinuous(name.toStdString(), low, high);
    }
    return space;
}

double finiteNumber(const QString& text, const QString& option)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        throw UsageError((option + " needs a number, got \"" + text + "\"").toStdString());
    return value;
}

QStringList splitWords(const QString& text)
{
    return text.split(QRegularExpression(R"(\s+)"), Qt::SkipEmptyParts);
}

std::shared_ptr<emu::ExternalProgram> makeProgram(const QStringList& command, double timeout,
                                                  const QStringList& launcher, const QString& output)
{
    std::vector<std::string> arguments;
    for (const QString& a : command.mid(1))
        arguments.push_back(a.toStdString());
    std::vector<std::string> launcherWords;
    for (const QString& word : launcher)
        launcherWords.push_back(word.toStdString());
    auto program = std::make_shared<emu::ExternalProgram>(command.first().toStdString(), arguments,
                                                          timeout, launcherWords);
    program->setOutputName(output.toStdString());
    return program;
}

QStringList multiFidelityProblemIds()
{
    QStringList ids;
    for (const emu::MultiFidelityProblem& p : emu::multiFidelityProblems())
        ids << QString::fromStdString(p.id());
    return ids;
}

int intOption(const QCommandLineParser& parser, const QString& option, int minimum, int maximum)
{
    bool ok = false;
    const QString text = parser.value(option);
    const int value = text.toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        throw UsageError(QStringLiteral("--%1 needs a whole number from %2 to %3, got \"%4\"")
                             .arg(option)
                             .arg(minimum)
                             .arg(maximum)
                             .arg(text)
                             .toStdString());
    return value;
}

double positiveOption(const QCommandLineParser& parser, const QString& option)
{
    bool ok = false;
    const QString text = parser.value(option);
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value <= 0.0)
        throw UsageError(QStringLiteral("--%1 needs a positive number, got \"%2\"")
                             .arg(option, text)
                             .toStdString());
    return value;
}

std::uint64_t seedOption(const QCommandLineParser& parser)
{
    bool ok = false;
    const quint64 seed = parser.value("seed").toULongLong(&ok);
    if (!ok)
        throw UsageError("--seed needs a whole number, got \"" +
                         parser.value("seed").toStdString() + "\"");
    return seed;
}

QJsonValue seedJson(std::uint64_t seed)
{
    return seed < (std::uint64_t(1) << 53) ? QJsonValue(double(seed))
                                           : QJsonValue(QString::number(seed));
}

QStringList functionIds()
{
    return idsOf(emu::functionRegistry());
}

QStringList kernelIds()
{
    return idsOf(emu::kernelRegistry());
}

QStringList designIds()
{
    return idsOf(emu::designRegistry());
}

QStringList acquisitionIds()
{
    return idsOf(emu::acquisitionRegistry());
}

std::unique_ptr<emu::TestFunction> makeFunctionOrThrow(const QString& id, int dimension)
{
    if (!emu::functionRegistry().find(id.toStdString()))
        throw UsageError("unknown function \"" + id.toStdString() +
                         "\"; functions: " + functionIds().join(", ").toStdString());
    try {
        return emu::makeFunction(id.toStdString(), dimension);
    } catch (const emu::InvalidInput& e) {
        throw UsageError(std::string("--dimension: ") + e.what());
    }
}

void requireKernel(const QString& id)
{
    if (!emu::kernelRegistry().find(id.toStdString()))
        throw UsageError("unknown kernel \"" + id.toStdString() +
                         "\"; kernels: " + kernelIds().join(", ").toStdString());
}

QJsonObject functionJson(const emu::TestFunction& function)
{
    return QJsonObject{{"id", QString::fromStdString(function.id())},
                       {"name", QString::fromStdString(function.displayName())},
                       {"dimension", qint64(function.dimension())},
                       {"minimum", function.minimumValue()}};
}

QJsonArray parametersJson(const emu::ParameterSpace& space)
{
    QJsonArray parameters;
    for (const emu::Parameter& p : space.parameters())
        parameters.append(QJsonObject{
            {"name", QString::fromStdString(p.name)}, {"lower", p.lower}, {"upper", p.upper}});
    return parameters;
}

QJsonObject hyperparametersJson(const emu::GaussianProcess& gp)
{
    QJsonObject hyper;
    const std::vector<emu::ParamInfo> info = gp.paramInfo();
    const emu::Vector logParams = gp.logParams();
    for (std::size_t j = 0; j < info.size(); ++j)
        hyper[QString::fromStdString(info[j].name)] = std::exp(logParams(emu::Index(j)));
    return hyper;
}

} // namespace cli

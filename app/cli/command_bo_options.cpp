// Option parsing of the `bo` command, apart from running it: every check before anything runs.

#include "app/cli/detail/command_bo_request.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "engine/bo/acquisition_registry.h"
#include "engine/design/designs.h"
#include "engine/design/sobol_sequence.h"

#include <QCommandLineParser>

#include <algorithm>
#include <cmath>

namespace cli::detail {

namespace {

/// "NAME=VALUE" of --acquisition-parameter.
std::pair<std::string, double> parseAssignment(const QString& text)
{
    const qsizetype eq = text.lastIndexOf('=');
    if (eq <= 0)
        throw UsageError("--acquisition-parameter needs NAME=VALUE, got \"" + text.toStdString() +
                         "\"");
    const QString name = text.left(eq).trimmed();
    return {name.toStdString(), finiteNumber(text.mid(eq + 1), "--acquisition-parameter " + name)};
}

/// The option that set acquisition parameter `name`.
QString optionFor(const std::string& name)
{
    return QString::fromStdString(
        name == "jitter" || name == "beta" ? "--" + name : "--acquisition-parameter " + name);
}

/// --function and what goes with it: a benchmark, or a program with its bounds.
void parseObjective(const QCommandLineParser& parser, BoRequest& r)
{
    const QString function = parser.value("function");
    r.external = function.startsWith("cmd:");
    const QStringList externalOnly{"bounds", "timeout", "output", "launcher", "parallel"};
    if (r.external) {
        r.command = splitWords(function.mid(4));
        if (r.command.isEmpty())
            throw UsageError("--function cmd: needs a program, e.g. cmd:./simulator.sh");
        if (!parser.isSet("bounds"))
            throw UsageError("--function cmd:PROGRAM needs --bounds NAME=LOW:HIGH,… to name "
                             "and bound its inputs, e.g. --bounds \"x1=0:1,x2=-5:5\"");
        if (parser.isSet("dimension"))
            throw UsageError("--dimension is for benchmark functions; --bounds sets the inputs "
                             "of a cmd: program");
        r.bounds = parseBounds(parser.value("bounds"));
        r.timeout = positiveOption(parser, "timeout");
        r.output = parser.value("output");
        r.launcher = splitWords(parser.value("launcher"));
        if (parser.isSet("launcher") && r.launcher.isEmpty())
            throw UsageError("--launcher needs a command, e.g. --launcher \"srun -N1 -n1\"");
        r.parallel = parser.isSet("parallel") ? intOption(parser, "parallel", 1, 1000) : 0;
    } else {
        for (const QString& option : externalOnly)
            if (parser.isSet(option))
                throw UsageError("--" + option.toStdString() +
                                 " is for cmd:PROGRAM objectives only; \"" +
                                 function.toStdString() + "\" is a benchmark function");
        const int dimension =
            parser.isSet("dimension") ? intOption(parser, "dimension", 1, 1000) : 0;
        r.function = makeFunctionOrThrow(function, dimension);
    }
    const emu::Index d = r.external ? r.bounds.dimension() : r.function->dimension();
    if (d > emu::SobolSequence::maxDimension)
        throw UsageError("Bayesian optimisation here takes at most " +
                         std::to_string(emu::SobolSequence::maxDimension) + " inputs, not " +
                         std::to_string(d));
}

/// --acquisition and its parameters (--jitter, --beta, --acquisition-parameter), range-checked.
void parseAcquisition(const QCommandLineParser& parser, BoRequest& r)
{
    r.acquisitionId = parser.value("acquisition");
    const emu::AcquisitionInfo* acquisition = emu::acquisitionRegistry().find(r.acquisitionId.toStdString());
    if (!acquisition)
        throw UsageError("unknown acquisition \"" + r.acquisitionId.toStdString() +
                         "\"; acquisitions: " + acquisitionIds().join(", ").toStdString());
    for (const char* name : {"jitter", "beta"})
        if (parser.isSet(name))
            r.acquisitionParameters.emplace_back(
                name, finiteNumber(parser.value(name), QString("--") + name));
    for (const QString& text : parser.values("acquisition-parameter"))
        r.acquisitionParameters.push_back(parseAssignment(text));
    for (const auto& [name, value] : r.acquisitionParameters) {
        const auto& info = acquisition->parameters;
        const auto it =
            std::find_if(info.begin(), info.end(),
                         [&](const emu::AcquisitionParameter& p) { return p.name == name; });
        if (it == info.end()) {
            QStringList names;
            for (const emu::AcquisitionParameter& p : info)
                names << QString::fromStdString(p.name);
            throw UsageError(optionFor(name).toStdString() + " does not apply to " +
                             acquisition->id + " (its parameters: " +
                             (names.isEmpty() ? QString("none") : names.join(", ")).toStdString() +
                             ")");
        }
        if (value < it->lower || value > it->upper || (it->integer && value != std::floor(value)))
            throw UsageError(QStringLiteral("%1 needs a %2 from %3 to %4, got %5")
                                 .arg(optionFor(name), it->integer ? "whole number" : "number")
                                 .arg(it->lower)
                                 .arg(it->upper)
                                 .arg(value)
                                 .toStdString());
    }
}

} // namespace

BoRequest parseRequest(const QCommandLineParser& parser)
{
    BoRequest r;
    parseObjective(parser, r);
    r.randomSearch = parser.isSet("random-search");
    for (const char* option :
         {"acquisition", "jitter", "beta", "acquisition-parameter", "kernel", "design"})
        if (r.randomSearch && parser.isSet(option))
            throw UsageError(std::string("--random-search uses no model, so --") + option +
                             " does not apply");
    parseAcquisition(parser, r);
    r.initial = intOption(parser, "initial", 1, 100000);
    r.iterations = intOption(parser, "iterations", 0, 100000);
    r.batch = intOption(parser, "batch", 1, 1000);
    r.design = parser.value("design");
    if (!emu::designRegistry().find(r.design.toStdString()))
        throw UsageError("unknown design \"" + r.design.toStdString() +
                         "\"; designs: " + designIds().join(", ").toStdString());
    r.kernel = parser.value("kernel");
    requireKernel(r.kernel);
    r.seed = seedOption(parser);
    return r;
}

} // namespace cli::detail

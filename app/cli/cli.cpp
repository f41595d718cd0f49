#include "app/cli/cli.h"

#include "app/cli/command_bo.h"
#include "app/cli/command_design.h"
#include "app/cli/command_gp.h"
#include "app/cli/command_info.h"
#include "app/cli/command_mf.h"
#include "app/cli/command_mfbo.h"
#include "app/cli/command_mountain_car.h"
#include "app/cli/command_olympic.h"
#include "app/cli/command_sensitivity.h"
#include "app/cli/command_system.h"
#include "engine/core/errors.h"
#include "engine/core/version.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

namespace cli {

const std::vector<Command>& commands()
{
    static const std::vector<Command> all = {
        {"info", "Versions and the models, kernels and functions the engine offers", runInfo},
        {"gp", "Fit a Gaussian process to a CSV file and predict", runGp},
        {"bo", "Bayesian optimisation of a benchmark function or your own simulator", runBo},
        {"design", "Experimental designs and the error of a GP emulator fitted to them", runDesign},
        {"mountain-car", "Simulate, tune and map mountain car controllers", runMountainCar},
        {"olympic", "Olympic marathon: GP or deep GP fit, its layers and Turing's question", runOlympic},
        {"dgp-samples", "Samples from a deep GP prior: a cascade of GP layers on a grid", runDgpSamples},
        {"mf", "Multi-fidelity emulation of a test problem: fitted parameters and test error", runMf},
        {"mfbo", "Cost-aware multi-fidelity Bayesian optimisation within a budget", runMfbo},
        {"sensitivity", "Sobol sensitivity indices of a benchmark or the mountain car's reward", runSensitivity},
        {"system", "A system of components (the built-in supply chain or your file): run, emulate, intervene, monitor", runSystem},
    };
    return all;
}

void parseOrThrow(QCommandLineParser& parser, const QString& command, const QStringList& args)
{
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    parser.addOption(help);
    parser.setApplicationDescription(command);
    if (!parser.parse(QStringList{QStringLiteral("emuplay-cli ") + command} + args))
        throw UsageError(parser.errorText().toStdString());
    if (parser.isSet(help))
        throw HelpRequested(parser.helpText().toStdString());
    if (!parser.positionalArguments().isEmpty())
        throw UsageError("unexpected argument \"" + parser.positionalArguments().first().toStdString() + "\"");
}

QJsonObject runSubCommand(const std::vector<Command>& subCommands, const QStringList& args, const QString& help)
{
    QStringList names;
    for (const Command& s : subCommands)
        names << s.name;
    if (args.isEmpty())
        throw UsageError("a sub-command is needed: " + names.join(", ").toStdString());
    const QString first = args.first();
    if (first == "-h" || first == "--help" || first == "help")
        throw HelpRequested(help.toStdString());
    for (const Command& s : subCommands)
        if (s.name == first)
            return s.run(args.mid(1));
    throw UsageError("unknown sub-command \"" + first.toStdString() + "\"; sub-commands: " +
                     names.join(", ").toStdString());
}

QString subCommandLines(const std::vector<Command>& subCommands)
{
    QString text;
    for (const Command& s : subCommands)
        text += QStringLiteral("  %1  %2\n").arg(s.name, -10).arg(s.summary);
    return text;
}

namespace {

QString usage()
{
    QString text = QStringLiteral("Usage: emuplay-cli <command> [options]\n"
                                  "Headless Emulation Playground: computes what the GUI shows and prints JSON.\n\n"
                                  "Commands:\n");
    for (const Command& c : commands())
        text += QStringLiteral("  %1  %2\n").arg(c.name, -14).arg(c.summary);
    text += QStringLiteral("\nOptions:\n  -h, --help     this help (or `emuplay-cli <command> --help`)\n"
                           "  -v, --version  the version\n");
    return text;
}

} // namespace

int runCli(const QStringList& argv, QTextStream& out, QTextStream& err)
{
    const QStringList args = argv.mid(1);
    if (args.isEmpty()) {
        err << usage();
        return 2;
    }
    const QString first = args.first();
    if (first == "-h" || first == "--help" || first == "help") {
        out << usage();
        return 0;
    }
    if (first == "-v" || first == "--version") {
        out << "emuplay-cli " << EMUPLAY_VERSION << "\n";
        return 0;
    }
    const auto it = std::find_if(commands().begin(), commands().end(),
                                 [&](const Command& c) { return c.name == first; });
    if (it == commands().end()) {
        err << "emuplay-cli: unknown command \"" << first << "\"\n\n" << usage();
        return 2;
    }
    try {
        const QJsonObject result = it->run(args.mid(1));
        out << QJsonDocument(result).toJson(QJsonDocument::Indented);
        return 0;
    } catch (const HelpRequested& help) {
        out << help.what();
        return 0;
    } catch (const UsageError& e) {
        err << "emuplay-cli " << first << ": " << e.what() << "\n"
            << "Try `emuplay-cli " << first << " --help`.\n";
        return 2;
    } catch (const PartialFailure& e) {
        out << QJsonDocument(e.result()).toJson(QJsonDocument::Indented);
        err << "emuplay-cli " << first << ": error: " << e.what() << "\n";
        return 1;
    } catch (const emu::Cancelled&) {
        err << "emuplay-cli " << first << ": cancelled\n";
        return 1;
    } catch (const std::exception& e) {
        err << "emuplay-cli " << first << ": error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace cli

#include "app/cli/command_info.h"

#include "app/cli/cli.h"
#include "engine/bo/acquisition_registry.h"
#include "engine/core/build_info.h"
#include "engine/design/designs.h"
#include "engine/functions/function_registry.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/gp/kernel_registry.h"
#include "engine/sim/box2d_info.h"
#include "engine/sim/simulator_registry.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace cli {

namespace {

/// {id, name, description} of every entry of a registry.
template <class Registry>
QJsonArray registryJson(const Registry& registry)
{
    QJsonArray entries;
    for (const auto& info : registry)
        entries.append(QJsonObject{{"id", QString::fromStdString(info.id)},
                                   {"name", QString::fromStdString(info.displayName)},
                                   {"description", QString::fromStdString(info.description)}});
    return entries;
}

/// {id, name, description, dimension, levels} of every multi-fidelity problem.
QJsonArray multiFidelityProblemsJson()
{
    QJsonArray entries;
    for (const emu::MultiFidelityProblem& p : emu::multiFidelityProblems()) {
        QJsonArray levels, costs, noise;
        for (emu::Index t = 0; t < p.levelCount(); ++t) {
            levels.append(QString::fromStdString(p.levelName(t)));
            costs.append(p.cost(t));
            noise.append(p.noiseSd(t));
        }
        entries.append(QJsonObject{{"id", QString::fromStdString(p.id())},
                                   {"name", QString::fromStdString(p.displayName())},
                                   {"description", QString::fromStdString(p.description())},
                                   {"dimension", qint64(p.dimension())},
                                   {"levels", levels},
                                   {"costs", costs},
                                   {"noise_sd", noise}});
    }
    return entries;
}

} // namespace

QJsonObject runInfo(const QStringList& args)
{
    QCommandLineParser parser;
    parseOrThrow(parser, QStringLiteral("info"), args);
    QJsonArray names;
    for (const Command& c : commands())
        names.append(c.name);
    return QJsonObject{
        {"version", QString::fromStdString(emu::emuplayVersion())},
        {"libraries", QJsonObject{{"qt", qVersion()},
                                  {"eigen", QString::fromStdString(emu::eigenVersion())},
                                  {"box2d", QString::fromStdString(emu::box2dVersion())}}},
        {"commands", names},
        {"kernels", registryJson(emu::kernelRegistry())},
        {"acquisitions", registryJson(emu::acquisitionRegistry())},
        {"designs", registryJson(emu::designRegistry())},
        {"functions", registryJson(emu::functionRegistry())},
        {"multi_fidelity_problems", multiFidelityProblemsJson()},
        {"simulators", registryJson(emu::simulatorRegistry())},
    };
}

} // namespace cli

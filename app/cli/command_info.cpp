#include "app/cli/command_info.h"

#include "app/cli/cli.h"
#include "engine/core/build_info.h"
#include "engine/sim/box2d_info.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace cli {

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
    };
}

} // namespace cli

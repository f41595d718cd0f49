#pragma once
// Shared helpers of the CLI tests: run emuplay-cli and capture its exit code and output, and
// write small shell-script simulators.

#include "common/shell_script.h"
#include "common/timeouts.h"

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace emu::test {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

inline CliRun runCli(const QStringList& args)
{
    QProcess process;
    process.start(QStringLiteral(EMUPLAY_CLI_PATH), args);
    CliRun run;
    if (!process.waitForFinished(scaledTimeout(60000))) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

inline QByteArray quadraticSimulator(int failAfter)
{
    return "count=$(cat \"$0.count\" 2>/dev/null || echo 0)\n"
           "count=$((count + 1))\n"
           "echo $count > \"$0.count\"\n"
           "input=$(cat)\n"
           "if [ " + QByteArray::number(failAfter) + " -gt 0 ] && [ $count -gt " + QByteArray::number(failAfter) + " ]; then\n"
           "  echo 'licence server unreachable' >&2\n"
           "  exit 4\n"
           "fi\n"
           "echo \"$input\" | awk -F'[:,}]' '{ print ($2 - 0.3)^2 + ($4)^2 }'\n";
}

} // namespace emu::test

#pragma once
// Shared helpers of the CLI tests: run emuplay-cli and capture its exit code and output, and
// write small shell-script simulators.

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
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

/// Writes an executable shell script into dir and returns its path.
inline QString writeScript(const QTemporaryDir& dir, const QString& name, const QByteArray& body)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\n" + body);
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

/// A simulator script: (a - 0.3)^2 + b^2 of its JSON input {"a": …, "b": …}; after `failAfter`
/// runs (0: never) it fails with exit code 4, as a simulator losing its licence server would.
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

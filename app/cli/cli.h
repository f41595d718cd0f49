#pragma once
// emuplay-cli: every sub-command is registered in one place (commands() in cli.cpp), parses
// its own options and returns a JSON object that is printed on stdout. Usage errors exit with
// code 2, engine errors (bad data, numerical failure) with code 1; messages go to stderr.

#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <stdexcept>
#include <vector>

class QCommandLineParser;
class QTextStream;

namespace cli {

/// Wrong command-line usage: the message says what was wrong; exit code 2.
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct Command
{
    QString name;
    QString summary;
    /// Runs with the arguments after the command name; returns the JSON result.
    std::function<QJsonObject(const QStringList& args)> run;
};

/// All sub-commands, in the order `--help` lists them.
const std::vector<Command>& commands();

/// Runs the sub-command named by args' first word (`emuplay-cli mountain-car simulate …`) with
/// the rest; throws UsageError naming the sub-commands for a missing or unknown one, and
/// HelpRequested with `help` for -h, --help or help.
QJsonObject runSubCommand(const std::vector<Command>& subCommands, const QStringList& args, const QString& help);
/// One line per sub-command, "  name  summary", for a help text.
QString subCommandLines(const std::vector<Command>& subCommands);

/// Parses args (without the program name) with parser; throws UsageError on unknown options or
/// stray arguments. Handles --help by throwing HelpRequested.
void parseOrThrow(QCommandLineParser& parser, const QString& command, const QStringList& args);

/// Thrown by parseOrThrow when --help was given; carries the help text.
class HelpRequested : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// The command failed part-way but has a result worth keeping (e.g. the history of an
/// optimisation whose simulator failed): runCli prints `result` (with an "error" field) on
/// stdout, the message on stderr, and exits with code 1.
class PartialFailure : public std::runtime_error
{
public:
    PartialFailure(const std::string& message, QJsonObject result)
        : std::runtime_error(message), m_result(std::move(result))
    {
    }
    const QJsonObject& result() const { return m_result; }

private:
    QJsonObject m_result;
};

/// Runs the CLI with full argv (program name first); writes to out/err, returns the exit code.
int runCli(const QStringList& argv, QTextStream& out, QTextStream& err);

} // namespace cli

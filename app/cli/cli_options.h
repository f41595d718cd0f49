#pragma once
// Option parsing and JSON pieces shared by the `bo` and `design` commands: every check throws
// UsageError (exit code 2) with a message naming the option and what it needs.

#include "engine/core/types.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>

class QCommandLineParser;

namespace emu {
class ExternalProgram;
class GaussianProcess;
class ParameterSpace;
class TestFunction;
} // namespace emu

namespace cli {

/// The value of --option as a whole number in [minimum, maximum].
int intOption(const QCommandLineParser& parser, const QString& option, int minimum, int maximum);
/// The value of --option as a finite number > 0.
double positiveOption(const QCommandLineParser& parser, const QString& option);
/// "x1=0:1,x2=-5:5" (the value of --bounds) → a box with those names and bounds.
emu::ParameterSpace parseBounds(const QString& text);
/// A finite number given to `option` (named in the message).
double finiteNumber(const QString& text, const QString& option);
/// Words split at white space, e.g. a command line or a launcher.
QStringList splitWords(const QString& text);
/// A cmd: program from its words (the program, then its arguments), its timeout in seconds, the
/// launcher's words in front of it (may be empty) and the output to take (empty: y or the first).
std::shared_ptr<emu::ExternalProgram> makeProgram(const QStringList& command, double timeout,
                                                  const QStringList& launcher, const QString& output);
/// The value of --seed (any unsigned 64-bit number).
std::uint64_t seedOption(const QCommandLineParser& parser);

/// A seed as a JSON number when a double holds it exactly, else as a string.
QJsonValue seedJson(std::uint64_t seed);

/// Registered ids, for help texts and error messages.
QStringList functionIds();
QStringList kernelIds();
QStringList designIds();
QStringList acquisitionIds();
QStringList multiFidelityProblemIds();

/// The benchmark function `id` in `dimension` (0: its default); UsageError if either is wrong.
std::unique_ptr<emu::TestFunction> makeFunctionOrThrow(const QString& id, int dimension);
/// UsageError unless `id` names a kernel.
void requireKernel(const QString& id);

/// {"id", "name", "dimension", "minimum"} of a benchmark function.
QJsonObject functionJson(const emu::TestFunction& function);
/// [{"name", "lower", "upper"}, …]: the box of a parameter space.
QJsonArray parametersJson(const emu::ParameterSpace& space);
/// {"name": value, …}: the GP's hyperparameters (not logged), e.g. "lengthscale[0]".
QJsonObject hyperparametersJson(const emu::GaussianProcess& gp);

} // namespace cli

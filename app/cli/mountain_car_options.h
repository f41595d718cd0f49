#pragma once
// Option parsing and JSON pieces shared by the `mountain-car` sub-commands (command_mountain_car
// and command_mountain_car_emulator): every check throws UsageError (exit code 2).

#include "engine/sim/linear_controller.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <string>
#include <vector>

class QCommandLineParser;

namespace emu {
struct DirectBoSettings;
struct EmulatedRunResult;
struct EmulatorOutputError;
struct EmulatorTestError;
} // namespace emu

namespace cli {

/// Help text of --theta: the order THETA0,THETAP,THETAV and the domain.
extern const char* const thetaHelp;

/// Registered simulator ids, for help texts and error messages.
QStringList simulatorIds();
/// The value of --simulator (or of another option naming a simulator: --high, --low);
/// UsageError naming the option and listing the ids if it is unknown.
std::string simulatorOption(const QCommandLineParser& parser, const QString& option = "simulator");
/// "θ0,θp,θv" → the engine's controller (θp, θv, θ0), checked against ControllerDomain.
emu::LinearController thetaOption(const QString& text);
/// {"theta0", "thetaP", "thetaV"} of a controller.
QJsonObject thetaJson(const emu::LinearController& c);
/// A list of numbers as a JSON array.
QJsonArray arrayJson(const std::vector<double>& values);

/// {"rmse", "nrmse", "max_abs_error", "output_sd", "coverage_2sd"} of one output's errors.
QJsonObject outputErrorJson(const emu::EmulatorOutputError& e);
/// {"points", "simulator_calls", "dp", "dv"} of held-out one-step errors.
QJsonObject testErrorJson(const emu::EmulatorTestError& e);

/// The options every tuning method shares, parsed and checked before any work.
struct TuneOptions
{
    std::string simulatorId;
    std::uint64_t seed = 0;
    int initialPoints = -1; ///< -1: the method's default
    int iterations = -1;    ///< -1: the method's default
    bool history = false;
};

/// --initial and --iterations of a method that optimises on an emulator (`method`: its name in
/// messages) into `bo`; UsageError for fewer than one initial controller.
void readEmulatorOptimization(const TuneOptions& options, const char* method,
                              emu::DirectBoSettings& bo);
/// What every emulator method reports (emulator_study.h, EmulatedRunResult): the best
/// controller, its emulated and real rewards and steps, the times and, with `history`, every
/// episode of the optimisation on the emulator. Added to `json`.
void addEmulatedRunJson(QJsonObject& json, const emu::EmulatedRunResult& r, bool history);

} // namespace cli

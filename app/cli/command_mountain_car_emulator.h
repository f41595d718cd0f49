#pragma once
// The emulator parts of `emuplay-cli mountain-car`: `tune --method emulator` (Bayesian
// optimisation on a GP emulator of the car's dynamics, validated on the simulator), `compare`
// (emulator against simulator for one controller) and `sweep` (simulator calls against the
// reward achieved, over training sizes and designs).

#include "app/cli/mountain_car_options.h"

#include <QCommandLineOption>
#include <QJsonObject>
#include <QList>
#include <QStringList>

class QCommandLineParser;

namespace cli {

/// One-line summary of `--method emulator` for the tune methods table.
QString emulatorTuneSummary();
/// The options of `tune --method emulator`.
QList<QCommandLineOption> emulatorTuneOptions();
/// Runs `tune --method emulator`; UsageError on bad options.
QJsonObject tuneEmulator(const TuneOptions& options, const QCommandLineParser& parser);

/// `mountain-car compare --theta THETA0,THETAP,THETAV [...]`.
QJsonObject runCompare(const QStringList& args);
/// `mountain-car sweep [...]`.
QJsonObject runSweep(const QStringList& args);

} // namespace cli

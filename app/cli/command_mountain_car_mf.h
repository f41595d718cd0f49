#pragma once
// The multi-fidelity parts of `emuplay-cli mountain-car`: `tune --method multifidelity`
// (Bayesian optimisation on a multi-fidelity emulator of the car's dynamics, validated on the
// high-fidelity simulator) and `mf-compare` (the high-fidelity-only and multi-fidelity
// emulators side by side).

#include "app/cli/mountain_car_options.h"

#include <QCommandLineOption>
#include <QJsonObject>
#include <QList>
#include <QStringList>

class QCommandLineParser;

namespace cli {

/// One-line summary of `--method multifidelity` for the tune methods table.
QString multiFidelityTuneSummary();
/// The options of `tune --method multifidelity`.
QList<QCommandLineOption> multiFidelityTuneOptions();
/// Runs `tune --method multifidelity`; UsageError on bad options.
QJsonObject tuneMultiFidelity(const TuneOptions& options, const QCommandLineParser& parser);

/// `mountain-car mf-compare [--seed S] [--high classic|box2d] [...]`.
QJsonObject runMfCompare(const QStringList& args);

} // namespace cli

#pragma once
// The deep GP lessons on the command line: the Olympic marathon fitted by a GP or a deep GP
// (with Turing's question), and samples from a deep GP prior cascade.

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli olympic`: GP or deep GP fit of the Olympic marathon data (see --help).
QJsonObject runOlympic(const QStringList& args);

/// `emuplay-cli dgp-samples`: draws from a cascade of GP layers on a grid (see --help).
QJsonObject runDgpSamples(const QStringList& args);

} // namespace cli

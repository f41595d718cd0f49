#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli design`: an experimental design on a benchmark function and the error of a GP
/// emulator fitted to it on test points (see --help).
QJsonObject runDesign(const QStringList& args);

} // namespace cli

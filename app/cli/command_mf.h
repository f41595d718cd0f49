#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli mf`: fits a multi-fidelity (or high-fidelity-only) emulator to nested designs
/// of a multi-fidelity test problem and reports its parameters and test error (see --help).
QJsonObject runMf(const QStringList& args);

} // namespace cli

#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli mfbo`: cost-aware multi-fidelity Bayesian optimisation of a multi-fidelity test
/// problem or of your own programs as fidelities, within a total cost budget (see --help).
QJsonObject runMfbo(const QStringList& args);

} // namespace cli

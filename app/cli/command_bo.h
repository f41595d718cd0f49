#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli bo`: Bayesian optimisation (or random search) of a benchmark function or of a
/// user's simulator program (see --help). If the simulator or the model fails part-way, throws
/// PartialFailure carrying the JSON of every point evaluated before, with an "error" field.
QJsonObject runBo(const QStringList& args);

} // namespace cli

#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli sensitivity`: Sobol main and total indices with standard errors of a benchmark
/// function (analytic values beside them for ishigami) or of the mountain car's reward, on the
/// simulator or on a GP emulator (see --help).
QJsonObject runSensitivity(const QStringList& args);

} // namespace cli

#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli gp`: fit a GP to a CSV file and predict (see --help).
QJsonObject runGp(const QStringList& args);

} // namespace cli

#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli info`: versions and what the engine offers.
QJsonObject runInfo(const QStringList& args);

} // namespace cli

#pragma once
// `emuplay-cli system monitor`: the system run once a day against an emulator's forecast, the
// conditions changed behind its back on a chosen day; every day printed (one seed), or how fast
// the change is noticed over several seeds.

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `system monitor [...]`.
QJsonObject runSystemMonitor(const QStringList& args);

} // namespace cli

#pragma once
// The emulator parts of `emuplay-cli system`: `emulate` (both emulators at one setting, or
// compared over budgets with --compare, or Sobol indices with --sobol) and `intervene` (a change
// of the interventions predicted by an emulator, then measured on the system).

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `system emulate [...]`.
QJsonObject runSystemEmulate(const QStringList& args);
/// `system intervene --set NAME=VALUE [...]`.
QJsonObject runSystemIntervene(const QStringList& args);

} // namespace cli

#pragma once
// The settings of a user's program as the External program dialog would give them, for page tests.

#include "ui/panels/external_program_dialog.h"

namespace emu::test {

inline ui::ExternalProgramSettings programSettings(const QString& programLine,
                                                   const QList<std::tuple<QString, double, double>>& parameters,
                                                   double timeoutSeconds = 10.0)
{
    ui::ExternalProgramSettings settings;
    settings.programLine = programLine;
    settings.parameters = parameters;
    settings.timeoutSeconds = timeoutSeconds;
    return settings;
}

} // namespace emu::test

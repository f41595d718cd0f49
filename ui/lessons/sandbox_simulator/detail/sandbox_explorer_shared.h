#pragma once
// Internal to SandboxExplorer: what both of its halves (widgets, runs) name the same way.

#include <QString>

#include <string>

namespace ui::detail {

/// Job names: installing a simulator or resetting cancels what these started.
inline const QString kRunJob = QStringLiteral("sandbox-run");
inline const QString kSuggestJob = QStringLiteral("sandbox-suggest");

/// Engine names (std::string) as shown in the widgets.
inline QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace ui::detail

#pragma once
// What the sandbox's explorer runs (sandbox_explorer.h): a built-in simulator, the user's
// program, or a system file. One value names it, makes its simulator, keys the runs kept for it
// and saves it in the session. A system file is kept as its text, so that a session carries it
// whole and opens where the file is gone.

#include "engine/sandbox/sandbox_simulator.h"
#include "ui/panels/external_program_dialog.h"

#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace ui {

/// A system file as the sandbox keeps it.
struct SandboxSystemFile
{
    QString name; ///< the file's name, for messages and the menu
    QString text;
};

struct SandboxSource
{
    QString builtInId; ///< a sandboxSimulators() id; empty for a program or a system
    std::optional<ExternalProgramSettings> program;
    std::optional<SandboxSystemFile> system;

    static SandboxSource builtIn(const QString& id) { return {id, std::nullopt, std::nullopt}; }
    static SandboxSource ofProgram(const ExternalProgramSettings& settings) { return {{}, settings, std::nullopt}; }
    static SandboxSource ofSystem(const SandboxSystemFile& file) { return {{}, std::nullopt, file}; }

    /// Reads the "simulator", "program" and "system" entries of a saved state (unchecked:
    /// makeSimulator() checks).
    static SandboxSource fromState(const QJsonObject& state);
    /// Writes those entries into a state.
    void writeTo(QJsonObject& state) const;
    /// Throws emu::Error with a message for the user (an unknown id, a program that cannot run,
    /// a system file refused with its line).
    std::unique_ptr<emu::SandboxSimulator> makeSimulator() const;
    /// Equal for the same simulator: the key of the runs kept for it.
    QString key() const;
};

} // namespace ui

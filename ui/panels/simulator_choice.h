#pragma once
// Simulator menus filled from the engine's registry by role (simulator_registry.h), so that no
// page names a simulator: a new simulator appears wherever its roles fit.

#include "engine/sim/simulator_registry.h"

#include <QString>

class QComboBox;

namespace ui {

/// Adds the simulators with `role` to `combo`, the cheapest first (emu::simulatorsWithRole()):
/// the display name (or the short name when `shortNames`) as text, the id as item data, the
/// description as tooltip.
void addSimulators(QComboBox* combo, emu::SimulatorRole role, bool shortNames = false);
/// The short name of simulator `id` for labels ("Box2D physics"), or the id if unknown.
QString simulatorShortName(const std::string& id);

} // namespace ui

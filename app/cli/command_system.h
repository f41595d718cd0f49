#pragma once
// `emuplay-cli system <sub-command>`: a system of components (a deployed machine-learning
// system drawn as a graph: the built-in supply chain, or a file) run, emulated, intervened on and
// monitored, as the talk's "solve supply chain, then solve everything else" asks.
//
//   write      the system's file (JSON) to start a file of your own from
//   describe   inputs and their roles, components, ports, wires, outputs, run order
//   run        runs of the system at a setting, with a summary per output
//   emulate    whole-system and composed component emulators at a setting; --compare, --sobol
//              (command_system_emulate.cpp)
//   intervene  a change of the interventions predicted, then measured (command_system_emulate.cpp)
//   monitor    the system watched day by day against a forecast (command_system_monitor.cpp)
//
// Shared options and JSON conventions: system_options.h.

#include <QJsonObject>
#include <QStringList>

namespace cli {

/// `emuplay-cli system`: dispatches to the sub-commands (see --help).
QJsonObject runSystem(const QStringList& args);

} // namespace cli

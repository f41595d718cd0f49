#pragma once
// The simulators a user can pick at run time (combo boxes, CLI options, saved sessions), by id.

#include "engine/sim/simulator.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace emu {

/// One selectable simulator.
struct SimulatorInfo
{
    std::string id;          ///< stable identifier: "classic", "low", "box2d"
    std::string displayName; ///< for menus
    std::string description; ///< one or two sentences for tooltips
    int fidelity = 1;        ///< as Simulator::fidelity()
    std::function<std::unique_ptr<Simulator>()> factory; ///< a new simulator, calls = 0
};

/// Every registered simulator, in menu order (classic, low, box2d).
const std::vector<SimulatorInfo>& simulatorRegistry();
/// The entry with this id, or nullptr.
const SimulatorInfo* findSimulator(const std::string& id);
/// A new simulator by id; throws InvalidInput listing the valid ids if `id` is unknown.
std::unique_ptr<Simulator> makeSimulator(const std::string& id);

} // namespace emu

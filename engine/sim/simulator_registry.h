#pragma once
// The simulators a user can pick at run time (combo boxes, CLI options, saved sessions), by id.
// Each declares its roles, so that pages and the CLI choose simulators by what they are for
// (driving the car, the expensive or the cheap level of a multi-fidelity emulator) and never by
// id.

#include "engine/core/registry.h"
#include "engine/sim/simulator.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace emu {

/// What a simulator may be used for (bit flags of SimulatorInfo::roles).
enum SimulatorRole : unsigned {
    /// A controller can reach the goal on it: offered where the car is driven and tuned (the
    /// crude low-fidelity equations cannot; they serve only as training data).
    kDrivable = 1u << 0,
    /// May be the expensive level of a multi-fidelity emulator.
    kHighFidelity = 1u << 1,
    /// May be the cheap level of a multi-fidelity emulator.
    kLowFidelity = 1u << 2,
};

/// One selectable simulator; fidelity, cost and physics are read from the simulator itself.
struct SimulatorInfo
{
    std::string id;          ///< stable identifier: "classic", "low", "box2d"
    std::string displayName; ///< for menus
    std::string shortName;   ///< for labels on a chart, e.g. "Box2D physics"
    std::string description; ///< one or two sentences for tooltips
    int fidelity = 1;        ///< as Simulator::fidelity()
    double relativeCost = 1; ///< as Simulator::relativeCost(): cost of a step, classic = 1
    bool physics = false;    ///< as Simulator::hasPose(): a rigid-body car worth animating
    unsigned roles = 0;      ///< SimulatorRole flags
    std::function<std::unique_ptr<Simulator>()> factory; ///< a new simulator, calls = 0

    bool hasRole(SimulatorRole role) const { return (roles & role) != 0; }
};

/// Every registered simulator, in menu order (classic, low, box2d).
const Registry<SimulatorInfo>& simulatorRegistry();
/// The simulators with `role`, lowest fidelity first (registry order among equals): a menu's
/// first entry, its default, is the cheapest (the crude equations as a low fidelity, the
/// classic ones as the car to drive).
std::vector<const SimulatorInfo*> simulatorsWithRole(SimulatorRole role);
/// A new simulator by id; throws InvalidInput listing the valid ids if `id` is unknown.
std::unique_ptr<Simulator> makeSimulator(const std::string& id);

} // namespace emu

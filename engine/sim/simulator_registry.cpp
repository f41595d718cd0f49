#include "engine/sim/simulator_registry.h"

#include "engine/core/errors.h"
#include "engine/sim/box2d_mountain_car.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/low_fidelity_mountain_car.h"

#include <algorithm>

namespace emu {

namespace {

/// The registry line of simulator S: id, name, fidelity, cost and physics from S itself.
template <typename S>
SimulatorInfo entry(std::string shortName, std::string description, unsigned roles)
{
    const S prototype;
    return {prototype.id(),
            prototype.displayName(),
            std::move(shortName),
            std::move(description),
            prototype.fidelity(),
            prototype.relativeCost(),
            prototype.hasPose(),
            roles,
            [] { return std::unique_ptr<Simulator>(std::make_unique<S>()); }};
}

std::vector<SimulatorInfo> buildRegistry()
{
    return {
        entry<ClassicMountainCar>(
            "Classic equations",
            "The standard continuous mountain car equations: an underpowered car must swing "
            "back and forth to climb the right hill. The high-fidelity simulator of the lessons.",
            kDrivable | kHighFidelity | kLowFidelity),
        entry<LowFidelityMountainCar>(
            "Crude equations",
            "A corrupted, cheaper version of the classic equations (different gravity term, no "
            "clipping), correlated with them: the low fidelity of the multi-fidelity lesson.",
            kLowFidelity),
        entry<Box2dMountainCar>(
            "Box2D physics",
            "A two-wheeled car with sprung wheels and motors on the same hill, simulated by the "
            "Box2D physics engine: richer and slower than the equations.",
            kDrivable | kHighFidelity),
    };
}

} // namespace

const Registry<SimulatorInfo>& simulatorRegistry()
{
    static const Registry<SimulatorInfo> registry("simulator", "simulators", buildRegistry());
    return registry;
}

std::vector<const SimulatorInfo*> simulatorsWithRole(SimulatorRole role)
{
    std::vector<const SimulatorInfo*> out;
    for (const SimulatorInfo& info : simulatorRegistry())
        if (info.hasRole(role))
            out.push_back(&info);
    std::stable_sort(out.begin(), out.end(), [](const SimulatorInfo* a, const SimulatorInfo* b) {
        return a->fidelity < b->fidelity;
    });
    return out;
}

std::unique_ptr<Simulator> makeSimulator(const std::string& id)
{
    return simulatorRegistry().at(id).factory();
}

} // namespace emu

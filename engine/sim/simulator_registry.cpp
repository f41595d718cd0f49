#include "engine/sim/simulator_registry.h"

#include "engine/core/errors.h"
#include "engine/sim/box2d_mountain_car.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/low_fidelity_mountain_car.h"

namespace emu {

namespace {

template <typename S> std::unique_ptr<Simulator> make()
{
    return std::make_unique<S>();
}

std::vector<SimulatorInfo> buildRegistry()
{
    return {
        {"classic", "Classic mountain car",
         "The standard continuous mountain car equations: an underpowered car must swing back "
         "and forth to climb the right hill. The high-fidelity simulator of the lessons.",
         1, make<ClassicMountainCar>},
        {"low", "Low-fidelity mountain car",
         "A corrupted, cheaper version of the classic equations (different gravity term, no "
         "clipping), correlated with them: the low fidelity of the multi-fidelity lesson.",
         0, make<LowFidelityMountainCar>},
        {"box2d", "Box2D physics car",
         "A two-wheeled car with sprung wheels and motors on the same hill, simulated by the "
         "Box2D physics engine: richer and slower than the equations.",
         2, make<Box2dMountainCar>},
    };
}

} // namespace

const std::vector<SimulatorInfo>& simulatorRegistry()
{
    static const std::vector<SimulatorInfo> registry = buildRegistry();
    return registry;
}

const SimulatorInfo* findSimulator(const std::string& id)
{
    for (const SimulatorInfo& info : simulatorRegistry())
        if (info.id == id)
            return &info;
    return nullptr;
}

std::unique_ptr<Simulator> makeSimulator(const std::string& id)
{
    const SimulatorInfo* info = findSimulator(id);
    if (!info) {
        std::string valid;
        for (const SimulatorInfo& s : simulatorRegistry())
            valid += (valid.empty() ? "" : ", ") + s.id;
        throw InvalidInput("unknown simulator '" + id + "'; valid simulators are: " + valid);
    }
    return info->factory();
}

} // namespace emu

// A system of components as a sandbox simulator (makeSystemSimulator(), sandbox_simulator.h).

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/sandbox/sandbox_simulator.h"
#include "engine/system/system.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <thread>

namespace emu {

namespace {

/// The seed of a run's random inputs, made from the point itself: a run is reproducible and
/// thread-safe whichever clone runs it, and two points get independent draws.
std::uint64_t pointSeed(const RowVector& x)
{
    std::uint64_t seed = 0xcbf29ce484222325ULL; // FNV-1a over the inputs' bits
    for (Index j = 0; j < x.size(); ++j) {
        seed ^= std::bit_cast<std::uint64_t>(x(j));
        seed *= 0x100000001b3ULL;
    }
    return seed;
}

class SystemSandboxSimulator : public SandboxSimulator
{
public:
    explicit SystemSandboxSimulator(const System& system)
        : SandboxSimulator(system.description().name.empty() ? system.description().source
                                                             : system.description().name,
                           system.interventionSpace(), system.outputNames()),
          m_system(system)
    {
    }
    std::unique_ptr<SandboxSimulator> clone() const override
    {
        return std::make_unique<SystemSandboxSimulator>(m_system);
    }
    int parallelRuns() const override
    {
        // Programs inside the system are run one at a time, as a program simulator is by default.
        const auto& components = m_system.description().components;
        const bool programs = std::any_of(components.begin(), components.end(),
                                          [](const SystemComponentSpec& c) { return c.type == "program"; });
        return programs ? 1 : int(std::max(1u, std::thread::hardware_concurrency()));
    }

protected:
    RowVector compute(const RowVector& x) override
    {
        Rng rng(pointSeed(x));
        const SystemRun run = m_system.run(m_system.drawInputs(x, rng));
        if (!run.ok())
            throw NumericalError(name() + ": " + run.error);
        return run.outputs;
    }

private:
    System m_system;
};

} // namespace

std::unique_ptr<SandboxSimulator> makeSystemSimulator(const std::string& fileText, const std::string& source)
{
    const System system(readSystemDescription(fileText, source));
    if (system.interventionSpace().isEmpty())
        throw InvalidInput(source + ": the system has no intervention to vary");
    return std::make_unique<SystemSandboxSimulator>(system);
}

} // namespace emu

#include "engine/sim/mountain_car.h"

#include "engine/core/rng.h"

#include <cmath>

namespace emu {

double MountainCar::terrainHeight(double p)
{
    return 0.45 * std::sin(3.0 * p) + 0.55;
}

double MountainCar::terrainSlope(double p)
{
    return 1.35 * std::cos(3.0 * p);
}

CarState MountainCar::randomStart(Rng& rng)
{
    return {rng.uniform(randomStartLow, randomStartHigh), 0.0};
}

CarState MountainCar::randomStart(std::uint64_t seed)
{
    Rng rng(seed);
    return randomStart(rng);
}

} // namespace emu

#pragma once
// Settings shared by the direct Bayesian-optimisation tests.

#include "engine/studies/mountain_car_study.h"

namespace emu::test {

/// A short run, for tests that check bookkeeping rather than optimisation.
inline DirectBoSettings shortDirectBoRun(std::uint64_t seed)
{
    DirectBoSettings s;
    s.initialPoints = 5;
    s.iterations = 4;
    s.seed = seed;
    return s;
}

} // namespace emu::test

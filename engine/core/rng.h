#pragma once
// Seeded random numbers. The engine owns no global random state: every random thing takes an
// Rng or a seed. mt19937_64 is specified bit-for-bit by the C++ standard and the conversions
// below are our own, so the same seed gives the same numbers on every platform and compiler
// (std::normal_distribution would not).

#include "engine/core/types.h"

#include <cstdint>
#include <random>

namespace emu {

class Rng
{
public:
    explicit Rng(std::uint64_t seed = 0) : m_engine(seed) {}

    /// Uniform in [0, 1).
    double uniform();
    /// Uniform in [low, high).
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    /// Standard normal (Marsaglia polar method).
    double normal();
    /// Uniform integer in [0, n).
    std::uint64_t index(std::uint64_t n);
    /// n×d matrix of standard normals.
    Matrix normalMatrix(Index rows, Index cols);
    /// n×d matrix uniform in [0, 1).
    Matrix uniformMatrix(Index rows, Index cols);
    /// A new independent seed drawn from this generator (for child computations).
    std::uint64_t nextSeed() { return m_engine(); }

private:
    std::mt19937_64 m_engine;
    double m_spareNormal = 0.0;
    bool m_hasSpare = false;
};

} // namespace emu

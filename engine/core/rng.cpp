#include "engine/core/rng.h"

#include <cmath>
#include <limits>

namespace emu {

double Rng::uniform()
{
    // 53 random bits → a double in [0, 1) with every representable step equally likely.
    return static_cast<double>(m_engine() >> 11) * 0x1.0p-53;
}

double Rng::normal()
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spareNormal;
    }
    double u = 0.0, v = 0.0, s = 0.0;
    do {
        u = 2.0 * uniform() - 1.0;
        v = 2.0 * uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    m_spareNormal = v * factor;
    m_hasSpare = true;
    return u * factor;
}

std::uint64_t Rng::index(std::uint64_t n)
{
    // Rejection sampling avoids the modulo bias.
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
    std::uint64_t r = 0;
    do {
        r = m_engine();
    } while (r >= limit);
    return r % n;
}

Matrix Rng::normalMatrix(Index rows, Index cols)
{
    Matrix m(rows, cols);
    for (Index j = 0; j < cols; ++j)
        for (Index i = 0; i < rows; ++i)
            m(i, j) = normal();
    return m;
}

Matrix Rng::uniformMatrix(Index rows, Index cols)
{
    Matrix m(rows, cols);
    for (Index j = 0; j < cols; ++j)
        for (Index i = 0; i < rows; ++i)
            m(i, j) = uniform();
    return m;
}

} // namespace emu

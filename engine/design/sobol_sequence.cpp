#include "engine/design/sobol_sequence.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"

#include <bit>
#include <string>

namespace emu {

namespace {

/// One row of Joe & Kuo's new-joe-kuo-6.21201: degree s, polynomial coefficients a (the
/// s−1 inner bits), initial direction integers m_1…m_s.
struct JoeKuoRow
{
    int s;
    std::uint32_t a;
    std::array<std::uint32_t, 7> m;
};

// Dimensions 2 to 32 of new-joe-kuo-6.21201 (S. Joe and F. Y. Kuo, "Constructing Sobol sequences
// with better two-dimensional projections", SIAM J. Sci. Comput. 30, 2008). Dimension 1 is not
// in the table: all its m are 1.
constexpr std::array<JoeKuoRow, SobolSequence::maxDimension - 1> joeKuo = {{
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},
}};

/// The top 53 bits as a double in [0, 1): exact, and never rounds up to 1.
double toUnit(std::uint64_t digits)
{
    return static_cast<double>(digits >> 11) * 0x1.0p-53;
}

std::uint64_t grayCode(std::uint64_t k)
{
    return k ^ (k >> 1);
}

} // namespace

SobolSequence::SobolSequence(Index dimension) : m_dimension(dimension)
{
    if (dimension < 1 || dimension > maxDimension)
        throw InvalidInput("the Sobol sequence supports 1 to " + std::to_string(maxDimension) +
                           " dimensions, not " + std::to_string(dimension));
    buildDirections();
    m_shift.assign(static_cast<std::size_t>(dimension), 0);
    m_state = m_shift;
}

SobolSequence::SobolSequence(Index dimension, std::uint64_t seed) : SobolSequence(dimension)
{
    scramble(seed);
    m_state = m_shift;
}

void SobolSequence::buildDirections()
{
    m_directions.resize(static_cast<std::size_t>(m_dimension));
    // Digit b+1 (weight 2^−(b+1)) lives at bit 63−b, so m_{b+1} < 2^{b+1} is shifted by 63−b.
    for (int b = 0; b < Bits; ++b)
        m_directions[0][static_cast<std::size_t>(b)] = std::uint64_t{1} << (63 - b);
    for (std::size_t j = 1; j < m_directions.size(); ++j) {
        const JoeKuoRow& row = joeKuo[j - 1];
        auto& v = m_directions[j];
        for (int b = 0; b < Bits; ++b) {
            const auto ub = static_cast<std::size_t>(b);
            if (b < row.s) {
                v[ub] = std::uint64_t{row.m[ub]} << (63 - b);
                continue;
            }
            // The recurrence on m, written for the shifted integers v.
            const std::size_t back = ub - static_cast<std::size_t>(row.s);
            v[ub] = v[back] ^ (v[back] >> row.s);
            for (int k = 1; k < row.s; ++k)
                if ((row.a >> (row.s - 1 - k)) & 1u)
                    v[ub] ^= v[ub - static_cast<std::size_t>(k)];
        }
    }
}

void SobolSequence::scramble(std::uint64_t seed)
{
    Rng rng(seed);
    m_scrambled = true;
    for (std::size_t j = 0; j < m_directions.size(); ++j) {
        // Row i of the lower-triangular matrix L, as a mask over the input digits: its own digit
        // (bit p) plus random more significant digits (bits above p).
        std::array<std::uint64_t, Bits> rows{};
        for (int p = 0; p < Bits; ++p) {
            const std::uint64_t above = p == 63 ? 0 : ~((std::uint64_t{1} << (p + 1)) - 1);
            rows[static_cast<std::size_t>(p)] = (rng.nextSeed() & above) | (std::uint64_t{1} << p);
        }
        for (std::uint64_t& v : m_directions[j]) {
            std::uint64_t scrambled = 0;
            for (int p = 0; p < Bits; ++p)
                scrambled |= static_cast<std::uint64_t>(
                                 std::popcount(rows[static_cast<std::size_t>(p)] & v) & 1)
                             << p;
            v = scrambled;
        }
        m_shift[j] = rng.nextSeed();
    }
}

Matrix SobolSequence::next(Index n)
{
    if (n < 0)
        throw InvalidInput("cannot generate " + std::to_string(n) + " Sobol points");
    Matrix points(n, m_dimension);
    for (Index i = 0; i < n; ++i) {
        for (Index j = 0; j < m_dimension; ++j)
            points(i, j) = toUnit(m_state[static_cast<std::size_t>(j)]);
        // Gray codes of k and k+1 differ in bit ctz(k+1): one XOR moves every coordinate on.
        const auto bit = static_cast<std::size_t>(std::countr_zero(m_position + 1));
        if (bit >= static_cast<std::size_t>(Bits))
            throw InvalidInput("the Sobol sequence is exhausted after 2^64 − 1 points");
        for (std::size_t j = 0; j < m_state.size(); ++j)
            m_state[j] ^= m_directions[j][bit];
        ++m_position;
    }
    return points;
}

void SobolSequence::seek(std::uint64_t index)
{
    const std::uint64_t gray = grayCode(index);
    for (std::size_t j = 0; j < m_state.size(); ++j) {
        std::uint64_t x = m_shift[j];
        for (int b = 0; b < Bits; ++b)
            if ((gray >> b) & 1u)
                x ^= m_directions[j][static_cast<std::size_t>(b)];
        m_state[j] = x;
    }
    m_position = index;
}

} // namespace emu

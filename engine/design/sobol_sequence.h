#pragma once
// The Sobol' low-discrepancy sequence in up to 32 dimensions, optionally scrambled.
//
// Construction (Bratley & Fox 1988; Joe & Kuo 2008). Coordinate j of point k is
//     x_kj = ⊕_b g_b(k) · v_bj       (bitwise XOR over the bits g_b of the Gray code of k)
// with direction numbers v_bj = m_bj / 2^b. Dimension 1 has m_b = 1 (van der Corput); dimension
// j ≥ 2 has a primitive polynomial of degree s with coefficients a_1…a_{s−1} and initial odd
// m_1…m_s from the public table new-joe-kuo-6.21201 of Joe and Kuo, and for b > s
//     m_b = 2a_1 m_{b−1} ⊕ 4a_2 m_{b−2} ⊕ … ⊕ 2^{s−1}a_{s−1} m_{b−s+1} ⊕ 2^s m_{b−s} ⊕ m_{b−s}.
// Points come in Gray-code order (one XOR per coordinate per point); the first 2^m points are
// the same set as in natural order, and form a (t, m, d)-net: every 1-D projection puts exactly
// one point in each interval [i/2^m, (i+1)/2^m).
// Unscrambled, the sequence starts 0, 0.5, 0.75, 0.25, 0.375, … in dimension 1 (the first point
// is the origin, a corner of the cube).
//
// Scrambling: Matoušek's random linear matrix scramble plus a random digital shift, the kind
// SciPy's qmc.Sobol uses. Each coordinate's 64 binary digits x_1 x_2 … (x_1 most significant)
// are mapped to y_i = x_i ⊕ (⊕_{l<i} L_il x_l) ⊕ e_i with random bits L_il and e_i per dimension.
// This is linear, so it is applied once to the direction numbers; the net property survives,
// every point becomes uniform on the cube (no corner point), and a seed gives a fresh,
// reproducible randomisation. It is cheaper than, and not the same as, Owen's full nested
// uniform scrambling.

#include "engine/core/types.h"

#include <array>
#include <cstdint>
#include <vector>

namespace emu {

class SobolSequence
{
public:
    /// Largest supported dimension (rows of the Joe–Kuo table stored in the engine, plus one).
    static constexpr Index maxDimension = 32;

    /// The plain (unscrambled) sequence; throws InvalidInput unless 1 ≤ dimension ≤ maxDimension.
    explicit SobolSequence(Index dimension);
    /// A scrambled sequence: linear matrix scramble + digital shift drawn from `seed`.
    SobolSequence(Index dimension, std::uint64_t seed);

    Index dimension() const { return m_dimension; }
    bool isScrambled() const { return m_scrambled; }
    /// Index of the point next() returns first.
    std::uint64_t position() const { return m_position; }

    /// The next n points as an n×d matrix in [0, 1)^d, advancing the sequence.
    Matrix next(Index n);
    /// Moves to point `index` (0 = the start) without generating the points in between.
    void seek(std::uint64_t index);
    /// Skips n points.
    void skip(std::uint64_t n) { seek(m_position + n); }

private:
    static constexpr int Bits = 64;

    void buildDirections();
    void scramble(std::uint64_t seed);

    Index m_dimension;
    bool m_scrambled = false;
    std::uint64_t m_position = 0;
    /// m_directions[j][b]: direction number v_{b+1} of dimension j, digit 1 at bit 63.
    std::vector<std::array<std::uint64_t, Bits>> m_directions;
    /// Image of the origin: zero, or the digital shift when scrambled.
    std::vector<std::uint64_t> m_shift;
    /// The current point's digits, i.e. the point at m_position.
    std::vector<std::uint64_t> m_state;
};

} // namespace emu

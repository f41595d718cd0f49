#pragma once
// The Ishigami function (Ishigami & Homma 1990) on [−π, π]³, the standard check of sensitivity
// analysis because its variance decomposition is known in closed form:
//   f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1,   a = 7, b = 0.1 by convention.
//
// With independent xi ~ U[−π, π]: E f = a/2 and
//   V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2
//   V1  = ½ (1 + bπ⁴/5)²,   V2 = a²/8,   V3 = 0,   V13 = 8b²π⁸/225 (the only interaction)
//   VT1 = V1 + V13,          VT2 = V2,    VT3 = V13
// and the main and total Sobol indices are S_i = V_i/V and ST_i = VT_i/V. x3 acts only through
// its interaction with x1, so S3 = 0 while ST3 ≈ 0.24: the case a first-order analysis misses.
//
// Global minimum over the box, for b > 0: −(1 + bπ⁴) at x1 = −π/2, x2 ∈ {−π, 0, π},
// x3 = ±π (sin x1 = −1, sin² x2 = 0, x3⁴ largest). The minimisers lie on the box's edge, so the
// gradient there is not zero.

#include "engine/functions/test_function.h"

namespace emu {

/// Main and total Sobol indices of a function known in closed form, with its mean and variance.
struct AnalyticSobolIndices
{
    double mean = 0.0;     ///< E f
    double variance = 0.0; ///< V = Var f
    Vector main;           ///< S_i = V_i/V, one per input
    Vector total;          ///< ST_i = VT_i/V, one per input
};

class IshigamiFunction : public TestFunction
{
public:
    static constexpr double defaultA = 7.0;
    static constexpr double defaultB = 0.1;

    /// The Ishigami function with coefficients a and b (b > 0 for the minimum above); throws
    /// InvalidInput if either is not finite or b ≤ 0.
    explicit IshigamiFunction(double a = defaultA, double b = defaultB);

    std::string id() const override { return "ishigami"; }
    std::string displayName() const override { return "Ishigami"; }
    double minimumValue() const override;
    Matrix minimisers() const override;

    double a() const { return m_a; }
    double b() const { return m_b; }
    /// The closed-form mean, variance and Sobol indices of the file comment.
    AnalyticSobolIndices analyticIndices() const;

protected:
    Vector compute(const Matrix& X) const override;

private:
    double m_a;
    double m_b;
};

} // namespace emu

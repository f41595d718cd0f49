#pragma once
// Standard normal density, distribution and their ratios, evaluated without overflow, underflow
// to NaN, or catastrophic cancellation in the tails. Shared by the acquisitions.
//
//   ψ(z) = exp(−z²/2)/√(2π),   Φ(z) = ½ erfc(−z/√2)
//   log Φ(z) for z < −30 from the asymptotic series
//     Φ(z) = ψ(z)/(−z) · (1 − 1/z² + 3/z⁴ − 15/z⁶ + …)
//   r(z) = ψ(z)/Φ(z) (the inverse Mills ratio), from the same series for z < −30, where both
//   ψ and Φ are below 1e-196 and their quotient ≈ −z.
//   τ(z) = zΦ(z) + ψ(z) = E[max(0, z + N(0, 1))] ≥ 0, clamped at 0 because in the far left
//   tail the two terms cancel to rounding level.

#include <algorithm>
#include <cmath>
#include <numbers>

namespace emu::normal {

/// ψ(z), the standard normal density.
inline double pdf(double z)
{
    return std::exp(-0.5 * z * z) * (0.5 * std::numbers::inv_sqrtpi * std::numbers::sqrt2);
}

/// Φ(z), the standard normal distribution function.
inline double cdf(double z)
{
    return 0.5 * std::erfc(-z * (0.5 * std::numbers::sqrt2));
}

/// 1 − 1/z² + 3/z⁴ − 15/z⁶ + 105/z⁸: the asymptotic correction of Φ(z) ≈ ψ(z)/(−z), z ≪ 0.
inline double tailSeries(double z)
{
    const double w = 1.0 / (z * z);
    return 1.0 - w * (1.0 - w * (3.0 - w * (15.0 - w * 105.0)));
}

/// log Φ(z), finite for every finite z.
inline double logCdf(double z)
{
    if (z > -30.0)
        return std::log(cdf(z));
    return -0.5 * z * z - std::log(-z) - 0.5 * std::log(2.0 * std::numbers::pi) +
           std::log(tailSeries(z));
}

/// ψ(z)/Φ(z), finite for every finite z (≈ −z in the left tail, → 0 in the right tail).
inline double inverseMillsRatio(double z)
{
    if (z > -30.0)
        return pdf(z) / cdf(z);
    return -z / tailSeries(z);
}

/// τ(z) = zΦ(z) + ψ(z) ≥ 0 (the expected improvement of a unit-variance normal).
inline double expectedPositivePart(double z)
{
    return std::max(0.0, z * cdf(z) + pdf(z));
}

} // namespace emu::normal

#pragma once
// Φ⁻¹, the standard normal quantile, for the rooms that turn probabilities into z-scores
// (stratified normal draws, monitoring residuals).

namespace emu {

/// Φ⁻¹(p) for p in (0, 1): the rational approximation of Abramowitz & Stegun 26.2.23
/// (|error| < 4.5e-4), polished by Newton steps on Φ(z) = p.
double normalQuantile(double p);

} // namespace emu

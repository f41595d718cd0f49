#pragma once
// Max-value entropy search (MES; Wang & Jegelka 2017), written for minimisation.
//
// MES picks the x whose observation tells most about the optimal VALUE y* = min_x f(x):
//   a(x) = H[p(f(x))] − E_{y*}[H[p(f(x) | f(x) ≥ y*)]]
// Conditioning a Gaussian f(x) ~ N(μ, σ²) on f(x) ≥ y* truncates it, which gives, with
// γ = (μ − y*)/σ, the closed form averaged over K samples y*_1…y*_K:
//   a(x) ≈ (1/K) Σ_k [ γ_k ψ(γ_k) / (2Φ(γ_k)) − log Φ(γ_k) ]
// Each term h(γ) is ≥ 0, → 0 as γ → ∞ (the model is sure f(x) lies far above y*), and
//   h'(γ) = −r(1 + γ²)/2 − γ r²/2,   r = ψ(γ)/Φ(γ)
//   ∂a/∂μ = (1/K) Σ h'(γ_k)/σ,       ∂a/∂v = −(1/K) Σ h'(γ_k) γ_k/(2v)
//
// Sampling y* (update()): over a grid of G points (a scrambled Sobol set in the space plus the
// training inputs) treated as independent, P(y* > z) ≈ Π_i Φ((μ_i − z)/σ_i). The maximum of
// −f, w = −y*, then has P(w < t) ≈ Π_i Φ((t + μ_i)/σ_i), which is fitted by a Gumbel law
// exp(−exp(−(t − a)/b)) through its quartiles (found by bisection):
//   b = (t₇₅ − t₂₅) / (log log 4 − log log(4/3)),   a = t₅₀ + b log log 2
// and sampled as w_k = a − b log(−log u_k), u_k ~ U(0, 1) from the seed. As in the authors'
// code, every w_k is at least max_i(−y_i) + 5σn: y* cannot be above the best observation.

#include "engine/bo/acquisition.h"

namespace emu {

class Rng;

/// `samples` draws of the minimum value y* of a function whose posterior at the G points of a
/// grid is `grid` (the Gumbel fit of the file comment), none above bestObserved − 5·noiseSd (y*
/// cannot lie above the best observation; +∞ when nothing is observed yet).
Vector sampleMinimumValues(const Prediction& grid, double bestObserved, double noiseSd,
                           Index samples, Rng& rng);

/// Information about the minimum value; parameters "samples" (K) and "grid" (G).
class MaxValueEntropySearch : public MarginalAcquisition
{
public:
    explicit MaxValueEntropySearch(int samples = 10, int gridPoints = 1000);
    std::unique_ptr<Acquisition> clone() const override;
    std::string id() const override { return "mes"; }
    std::string displayName() const override { return "Max-value entropy search"; }

    /// Draws the y* samples for this model (Gumbel approximation, see the file comment).
    void update(const Model& model, const ParameterSpace& space, std::uint64_t seed) override;
    /// The current samples y*_k of the minimum value (empty before update()).
    const Vector& minValueSamples() const { return m_samples; }

protected:
    Vector fromMarginals(const Model& model, const Prediction& p, Vector* dMean,
                         Vector* dVariance) const override;
    void parameterChanged(std::size_t) override { m_samples.resize(0); }

private:
    Vector m_samples;
    const Model* m_model = nullptr;
    Index m_dataSize = -1;
};

} // namespace emu

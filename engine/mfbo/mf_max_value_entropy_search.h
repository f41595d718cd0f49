#pragma once
// Multi-fidelity max-value entropy search (after Takeno et al. 2020, "Multi-fidelity Bayesian
// optimization with max-value entropy search and its parallelization"), written for
// minimisation: a run at (x, l) is worth the information its value f_l(x) carries about the top
// level's minimum value y*, per unit of its cost:
//
//   a(x, l) = I(f_l(x); y*) / c_l,   I = H[f_l(x)] − E_{y*} H[f_l(x) | f_top ≥ y* everywhere]
//
// approximated, as MES does, by conditioning only f_top(x) ≥ y* at the same x. With the
// posterior of the pair (f_l(x), f_top(x)) (LinearMultiFidelityModel::predictPair: means, sds
// σ_l, σ_t, correlation ρ), u = (f_l − μ_l)/σ_l, γ = (μ_t − y*)/σ_t and
// η(u) = (μ_t − y* + ρ σ_t u)/s, s = σ_t √(1 − ρ²) (f_top's sd once f_l is known), the
// conditional density of u is φ(u) Φ(η(u)) / Φ(γ), and for each sample y*_k
//
//   I_k = ½ ρ² γ r(γ) − log Φ(γ) + E[log Φ(η(u)) | f_top ≥ y*],   r = φ/Φ,
//
// (the first two terms use E[u² | f_top ≥ y*] = 1 − ρ² γ r(γ)). At the top level (ρ = 1, s = 0)
// the last term vanishes and I_k is MES's γ r/2 − log Φ(γ); with ρ = 0 it is 0. The expectation
// is a one-dimensional integral, taken in η by Simpson's rule over ±8 sd of η's conditional
// law (whose mean and variance are closed forms), normalised exactly by Φ(γ), in steps of at
// most ½ where Φ(η) rises (levels nearly perfectly correlated make η's law wide).
//
// The samples y*_k of the top level's minimum come from sampleMinimumValues() (MES's Gumbel
// fit) over a Sobol grid and every observed input, none above the best top-level observation.

#include "engine/mfbo/mf_acquisition.h"

namespace emu {

/// See the file comment; parameters: K samples of y*, G grid points.
class MultiFidelityMaxValueEntropySearch : public MfAcquisition
{
public:
    explicit MultiFidelityMaxValueEntropySearch(int samples = 10, int gridPoints = 1000);
    std::unique_ptr<MfAcquisition> clone() const override;
    std::string id() const override { return "mf-mes"; }
    std::string displayName() const override { return "Multi-fidelity max-value entropy search"; }
    void update(const LinearMultiFidelityModel& model, const ParameterSpace& space,
                const std::vector<double>& costs, std::uint64_t seed) override;
    Vector evaluate(const LinearMultiFidelityModel& model, const Matrix& X,
                    Index level) const override;
    /// The samples y*_k of the last update().
    const Vector& minValueSamples() const { return m_samples; }

    /// I_k for one sample: the pair's top mean, variances and covariance at one x, and y*.
    static double informationGain(double meanTop, double varianceTop, double varianceLevel,
                                  double covariance, double minValue);

private:
    int m_sampleCount;
    int m_gridPoints;
    Vector m_samples;
    std::vector<double> m_costs;
};

} // namespace emu

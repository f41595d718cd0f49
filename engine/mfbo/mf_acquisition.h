#pragma once
// Acquisitions of multi-fidelity Bayesian optimisation: what a run at input x and fidelity level
// l is worth, per unit of its cost, for finding the minimum of the top level. The conventions of
// engine/bo/acquisition.h hold (objectives minimised, acquisitions maximised, batches of rows);
// every acquisition here already divides by the level's cost, so a loop compares levels
// directly and runs the (x, l) with the largest value.
//
// Augmented expected improvement (Huang, Allen, Notz & Miller 2006, "Sequential kriging
// optimization using multiple-fidelity evaluations"), written for minimisation:
//
//   AEI(x, l) = EI_top(x) · corr(f_l(x), f_top(x)) · (1 − σ_l / √(s_l²(x) + σ_l²)) · c_top / c_l
//
//   EI_top(x) = s_top τ((y** − μ_top)/s_top), the expected improvement of the top level's
//               posterior N(μ_top, s_top²) over the "effective best" y** = μ_top(x**), where x**
//               is the observed input (any level) with the least μ_top + s_top: a noisy lucky
//               observation does not set the bar, and low-fidelity runs can;
//   corr        the posterior correlation of the two levels at x (1 at the top level), in
//               absolute value: a run tells about the top level only as much as it is
//               correlated with it, whichever the sign (ρ may be negative);
//   σ_l²        level l's noise variance: the factor discounts runs whose noise would hide what
//               they show once the model is already sure (s_l → 0);
//   c_l         the cost of a run at level l.
//
// The model is a LinearMultiFidelityModel (its predictPair() gives the correlation).
//
// High-fidelity expected improvement is the reference a cost-aware loop is measured against:
// Jones et al.'s EI of the top level over its best observation, zero below the top level, so a
// loop given it pays only for top-level runs (MultiFidelityBoLoop then fits the top level alone).

#include "engine/core/types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class LinearMultiFidelityModel;
class ParameterSpace;

/// Every level's training inputs of `model`, lowest level first, without the fidelity column.
Matrix allLevelInputs(const LinearMultiFidelityModel& model);

/// A multi-fidelity acquisition, already divided by cost; see the file comment.
class MfAcquisition
{
public:
    virtual ~MfAcquisition() = default;
    virtual std::unique_ptr<MfAcquisition> clone() const = 0;
    /// Registry id, e.g. "aei".
    virtual std::string id() const = 0;
    /// Name for menus and legends.
    virtual std::string displayName() const = 0;
    /// Precomputes what depends on the model as it is now (its data, its parameters) and the
    /// costs (one per level, positive); call it after every change of the model. Throws
    /// InvalidInput for costs that do not match the model's levels.
    virtual void update(const LinearMultiFidelityModel& model, const ParameterSpace& space,
                        const std::vector<double>& costs, std::uint64_t seed) = 0;
    /// The value per unit cost of a run at `level` at every row of X (n×d, no fidelity column).
    virtual Vector evaluate(const LinearMultiFidelityModel& model, const Matrix& X,
                            Index level) const = 0;
    /// Whether the acquisition is worth nothing below the top level, so that a loop need not
    /// run (nor model) the levels below.
    virtual bool highestLevelOnly() const { return false; }
};

/// Huang et al.'s augmented expected improvement; see the file comment.
class AugmentedExpectedImprovement : public MfAcquisition
{
public:
    std::unique_ptr<MfAcquisition> clone() const override;
    std::string id() const override { return "aei"; }
    std::string displayName() const override { return "Augmented expected improvement"; }
    void update(const LinearMultiFidelityModel& model, const ParameterSpace& space,
                const std::vector<double>& costs, std::uint64_t seed) override;
    Vector evaluate(const LinearMultiFidelityModel& model, const Matrix& X,
                    Index level) const override;
    /// The effective best y** of the last update().
    double effectiveBest() const { return m_effectiveBest; }

private:
    double m_effectiveBest = 0.0;
    std::vector<double> m_costs;
};

/// Expected improvement at the top level only; see the file comment.
class HighFidelityExpectedImprovement : public MfAcquisition
{
public:
    std::unique_ptr<MfAcquisition> clone() const override;
    std::string id() const override { return "ei"; }
    std::string displayName() const override { return "Expected improvement, high fidelity only"; }
    void update(const LinearMultiFidelityModel& model, const ParameterSpace& space,
                const std::vector<double>& costs, std::uint64_t seed) override;
    Vector evaluate(const LinearMultiFidelityModel& model, const Matrix& X,
                    Index level) const override;
    bool highestLevelOnly() const override { return true; }

private:
    double m_best = 0.0;
    double m_topCost = 0.0;
};

} // namespace emu

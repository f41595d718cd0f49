#pragma once
// Batch suggestions by local penalisation (González, Dai, Hennig & Lawrence 2016), for
// minimisation.
//
// After choosing x_1…x_j, the next point maximises the acquisition multiplied by one penaliser
// per chosen point, without refitting or fantasising observations:
//   ã(x) = g(a(x)) Π_k φ_k(x),   φ_k(x) = Φ((L‖x − x_k‖ − max(μ_k − M, 0))/σ_k)
// φ_k is the probability that x lies outside the ball around x_k that cannot contain the
// minimiser: with a Lipschitz constant L of f and the minimum value M, a value
// f(x_k) ~ N(μ_k, σ_k²) rules out the ball of radius (f(x_k) − M)/L. M is estimated as the
// lower of the best observation and the posterior mean's minimum over the anchors, and μ_k − M
// is clamped at 0: with M above μ_k (the usual case for the best observation, since BO samples
// where the mean is lowest) the ball would be empty and x_k not penalised at all. So every
// penaliser at least halves the acquisition at its centre. L is estimated as the
// largest norm of the posterior mean's gradient over the anchors and the data; when the mean is
// flat it falls back to (max y − min y)/(diameter of the space), or 1.
// g makes the acquisition positive: the identity for acquisitions that are ≥ 0 (EI, PI, MES,
// variance, IVR), softplus g(a) = log(1 + eᵃ) otherwise (LCB). Optimisation works on
//   log ã(x) = log g(a(x)) + Σ_k log φ_k(x)
// whose gradient uses ∂ log φ_k/∂x = r(z_k) L/σ_k · (x − x_k)/‖x − x_k‖, r = ψ/Φ (0 at x_k).

#include "engine/bo/acquisition_optimizer.h"
#include "engine/core/types.h"

#include <cstdint>
#include <vector>

namespace emu {

class Acquisition;
class Model;

/// The product of local penalisers around already chosen batch points.
class LocalPenalizer
{
public:
    /// L = `lipschitz` (> 0), M = `bestValue`.
    LocalPenalizer(double lipschitz, double bestValue);
    /// Adds a penaliser around x (1×d) using the model's prediction there.
    void addCentre(const Model& model, const RowVector& x);
    /// Number of penalisers.
    Index size() const { return Index(m_gap.size()); }
    /// Σ_k log φ_k at every row of X; fills the n×d gradient when non-null.
    Vector logPenalty(const Matrix& X, Matrix* gradient) const;

private:
    double m_lipschitz;
    double m_best;
    Matrix m_centres;                ///< rows x_k
    std::vector<double> m_gap, m_sd; ///< max(μ_k − M, 0) and σ_k per centre
};

/// max ‖∂μ/∂x‖ over the rows of `points` (with the fallbacks of the file comment).
double estimateLipschitzConstant(const Model& model, const Matrix& points,
                                 const ParameterSpace& space);

/// q distinct points by local penalisation; `values` receives the (unpenalised) acquisition at
/// each. q = 1 is plain maximisation. The acquisition must be update()d for the model.
Matrix suggestLocallyPenalizedBatch(const Acquisition& acquisition, const Model& model,
                                    const AcquisitionOptimizer& optimizer, Index q,
                                    std::uint64_t seed, const Matrix& extraAnchors = Matrix(),
                                    Vector* values = nullptr);

} // namespace emu

#pragma once
// Maximisation of an acquisition over a ParameterSpace.
//
// Acquisitions are cheap in batches and multimodal, so the optimiser works in two stages:
//  1. anchors: a scrambled Sobol set of `anchors` points filling the space (plus optional
//     extra anchors, e.g. points next to the best observation), evaluated in ONE batch call;
//  2. polish: the best `polished` distinct anchors start bounded L-BFGS-B (minimizeBounded on
//     −a/|a_best| with the analytic gradient; dividing by the best anchor's value makes the
//     optimiser's absolute tolerances relative to the acquisition's own scale).
// Discrete parameters keep the anchor's (allowed) value during polishing: minimizeBounded holds
// a coordinate fixed when its lower and upper bounds are equal. Continuous coordinates are
// clamped to the bounds; every returned point is projected into the space.
//
// "Distinct" means: two points differ by more than distinctTolerance × (upper − lower) in at
// least one coordinate. Points listed in `exclude` are never returned unless nothing else is
// available; batch selection uses this to guarantee q distinct points.

#include "engine/core/types.h"
#include "engine/design/parameter_space.h"

#include <cstdint>
#include <functional>

namespace emu {

class Acquisition;
class Model;

/// Settings of AcquisitionOptimizer.
struct AcquisitionOptimizerSettings
{
    int anchors = 256;      ///< Sobol candidates evaluated in one batch (≥ 1)
    int polished = 3;       ///< best distinct anchors refined by L-BFGS-B (0: anchors only)
    int maxIterations = 50; ///< L-BFGS-B iterations per polished anchor
    /// A polish stops when an iteration raises the acquisition by less than this fraction.
    double valueTolerance = 2.2e-9;
};

/// The best point found and its acquisition value.
struct AcquisitionOptimum
{
    RowVector x;         ///< argmax (1×d, inside the space)
    double value = 0.0;  ///< the acquisition (or batch function) at x
    int evaluations = 0; ///< single-point evaluations spent polishing
};

/// A function to maximise in batches: values at the rows of X; when gradient is non-null it is
/// set to the n×d matrix of ∂value_i/∂x_i.
using BatchFunction = std::function<Vector(const Matrix& X, Matrix* gradient)>;

/// f with central-difference gradients (steps of 10⁻⁶ of each input's range, inside the box),
/// for maximising functions that have no analytic gradient: the 2d neighbours of every row go
/// into one batch call of f.
BatchFunction withNumericalGradient(std::function<Vector(const Matrix&)> f, const ParameterSpace& space);

/// Anchors + L-BFGS-B maximisation over a ParameterSpace; see the file comment.
class AcquisitionOptimizer
{
public:
    /// Relative per-coordinate tolerance under which two points count as the same.
    static constexpr double distinctTolerance = 1e-6;

    /// Throws InvalidInput for an empty space or settings out of range.
    explicit AcquisitionOptimizer(ParameterSpace space,
                                  const AcquisitionOptimizerSettings& settings = {});

    const ParameterSpace& space() const { return m_space; }
    const AcquisitionOptimizerSettings& settings() const { return m_settings; }

    /// The Sobol anchors for this seed, followed by `extra` projected into the space.
    Matrix anchors(std::uint64_t seed, const Matrix& extra = Matrix()) const;
    /// argmax of the acquisition for the model (the acquisition must be update()d already).
    AcquisitionOptimum maximize(const Acquisition& acquisition, const Model& model,
                                std::uint64_t seed, const Matrix& extraAnchors = Matrix()) const;
    /// argmax of any batch function, avoiding the rows of `exclude` (see the file comment).
    AcquisitionOptimum maximize(const BatchFunction& f, std::uint64_t seed,
                                const Matrix& extraAnchors = Matrix(),
                                const Matrix& exclude = Matrix()) const;
    /// Whether a and b are the same point up to distinctTolerance (see the file comment).
    bool samePoint(const RowVector& a, const RowVector& b) const;

private:
    bool isExcluded(const RowVector& x, const Matrix& exclude) const;

    ParameterSpace m_space;
    AcquisitionOptimizerSettings m_settings;
    Vector m_lower, m_upper;
};

} // namespace emu

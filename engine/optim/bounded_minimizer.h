#pragma once
// Bounded quasi-Newton minimisation with restarts.
//
// minimizeBounded() minimises a smooth f: R^n → R inside the box lower ≤ x ≤ upper with
// L-BFGS-B (projected gradient, limited-memory BFGS curvature, Moré–Thuente line search),
// first from x0 and then from `restarts` extra starts drawn uniformly from Rng(seed) in the
// start box (the bounds unless given). It returns the best point of all starts.
//
// Robustness rules, because objectives such as a GP log marginal likelihood can fail:
// - a NaN/inf value (or gradient) counts as +inf: the line search sees a penalty slightly above
//   the best value so far and backtracks, and such a point is never returned;
// - the solver's own failures (line search giving up, a non-descent direction) end the start,
//   keeping the best point it evaluated; the start is resumed once from there with fresh
//   curvature while that still improves;
// - coordinates with lower == upper are held fixed and not shown to the solver.
// The answer is the best finite evaluation seen, never a NaN; if no evaluation was finite the
// value is +inf and x is x0 projected into the box.

#include "engine/core/progress.h"
#include "engine/core/types.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace emu {

/// f(x) with its gradient written into grad (already sized like x).
using Objective = std::function<double(const Vector& x, Vector& grad)>;

/// Settings of minimizeBounded().
struct MinimizeOptions
{
    int restarts = 0;                ///< extra random starts after x0, uniform in the start box
    int maxIterations = 200;         ///< L-BFGS-B iterations per start
    double gradientTolerance = 1e-5; ///< stop when the projected gradient's ∞-norm is below this
    double valueTolerance = 2.2e-9;  ///< stop when an iteration lowers f by less than this × max(|f|, 1)
    std::uint64_t seed = 0;          ///< seeds the random starts
    /// Box of the random starts, clipped to the bounds; empty means the bounds themselves.
    /// Lets callers start where solutions are plausible when the bounds are very wide.
    Vector startLower, startUpper;
};

/// Outcome of minimizeBounded().
struct MinimizeResult
{
    Vector x;                        ///< best point found (inside the bounds)
    double value = 0.0;              ///< f(x); +inf if no evaluation was finite
    int iterations = 0;              ///< solver iterations over all starts
    int evaluations = 0;             ///< objective evaluations over all starts
    std::vector<double> startValues; ///< best value of each start, x0 first
};

/// Minimises f in [lower, upper] from x0 and `opts.restarts` random starts; see the header comment.
/// Throws InvalidInput for mismatched sizes, lower > upper, non-finite x0, or random starts in an
/// unbounded box; Cancelled if progress is cancelled (checked before each start).
MinimizeResult minimizeBounded(const Objective& f, const Vector& x0, const Vector& lower,
                               const Vector& upper, const MinimizeOptions& opts,
                               Progress& progress = Progress::none());

} // namespace emu

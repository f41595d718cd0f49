#include "engine/optim/bounded_minimizer.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"

#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace emu {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The objective as the solver sees it: only the free coordinates, non-finite values replaced
/// by a penalty, and the best finite evaluation remembered.
class TrackedObjective
{
public:
    TrackedObjective(const Objective& f, Vector fullPoint, std::vector<Index> freeIndices)
        : m_f(f), m_full(std::move(fullPoint)), m_free(std::move(freeIndices)),
          m_fullGrad(m_full.size())
    {
    }

    double operator()(const Vector& reduced, Vector& reducedGrad)
    {
        scatter(reduced);
        m_fullGrad.setZero();
        const double value = m_f(m_full, m_fullGrad);
        ++m_evaluations;
        if (!std::isfinite(value) || !m_fullGrad.allFinite()) {
            // A value a little above the best so far makes the Moré–Thuente interpolation
            // bracket and step back roughly halfway, like backtracking (a huge value would
            // shrink the step a thousandfold and stall); a zero gradient stops the solver if
            // this is the start point.
            reducedGrad.setZero();
            return penalty();
        }
        for (std::size_t k = 0; k < m_free.size(); ++k)
            reducedGrad(Index(k)) = m_fullGrad(m_free[k]);
        if (value < m_startBest) {
            m_startBest = value;
            m_startBestPoint = reduced;
        }
        return value;
    }

    void beginStart(const Vector& reducedStart)
    {
        m_startBest = kInf;
        m_startBestPoint = reducedStart;
    }
    double startBest() const { return m_startBest; }
    const Vector& startBestPoint() const { return m_startBestPoint; }
    int evaluations() const { return m_evaluations; }
    int iterations() const { return m_iterations; }
    void countIteration() { ++m_iterations; }

    /// The full point for reduced coordinates (fixed coordinates keep their value).
    Vector expand(const Vector& reduced)
    {
        scatter(reduced);
        return m_full;
    }

private:
    void scatter(const Vector& reduced)
    {
        for (std::size_t k = 0; k < m_free.size(); ++k)
            m_full(m_free[k]) = reduced(Index(k));
    }

    double penalty() const
    {
        if (!std::isfinite(m_startBest))
            return std::numeric_limits<double>::max() / 4;
        return m_startBest + 0.1 * std::max(1.0, std::abs(m_startBest));
    }

    const Objective& m_f;
    Vector m_full;
    std::vector<Index> m_free;
    Vector m_fullGrad;
    double m_startBest = kInf;
    Vector m_startBestPoint;
    int m_evaluations = 0;
    int m_iterations = 0;
};

/// Moré–Thuente line search that also counts solver iterations (one line search per
/// iteration), which stays correct when the solver leaves by an exception.
template <typename Scalar>
class CountingLineSearch
{
public:
    using Vec = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

    template <typename Foo>
    static void LineSearch(Foo& f, Scalar& fx, Vec& x, Vec& grad, Scalar& step,
                           const Scalar& stepMax, const Vec& drt, const Vec& xp,
                           const LBFGSpp::LBFGSBParam<Scalar>& param)
    {
        f.countIteration();
        LBFGSpp::LineSearchMoreThuente<Scalar>::LineSearch(f, fx, x, grad, step, stepMax, drt, xp,
                                                           param);
    }
};

void validate(const Vector& x0, const Vector& lower, const Vector& upper,
              const MinimizeOptions& opts)
{
    if (lower.size() != x0.size() || upper.size() != x0.size())
        throw InvalidInput("minimizeBounded: x0 has " + std::to_string(x0.size()) +
                           " entries but the bounds have " + std::to_string(lower.size()) +
                           " and " + std::to_string(upper.size()));
    if (!x0.allFinite())
        throw InvalidInput("minimizeBounded: the start point x0 has a non-finite entry");
    for (Index i = 0; i < x0.size(); ++i) {
        if (std::isnan(lower(i)) || std::isnan(upper(i)) || lower(i) > upper(i))
            throw InvalidInput("minimizeBounded: bound " + std::to_string(i + 1) +
                               " has lower > upper (or NaN)");
    }
    const bool hasStartBox = opts.startLower.size() > 0 || opts.startUpper.size() > 0;
    if (hasStartBox && (opts.startLower.size() != x0.size() || opts.startUpper.size() != x0.size()))
        throw InvalidInput("minimizeBounded: the start box must have one entry per coordinate");
    for (Index i = 0; i < x0.size() && opts.restarts > 0; ++i) {
        const double lo = hasStartBox ? opts.startLower(i) : lower(i);
        const double hi = hasStartBox ? opts.startUpper(i) : upper(i);
        if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi)
            throw InvalidInput("minimizeBounded: random restarts need a finite start box with "
                               "lower ≤ upper, but coordinate " + std::to_string(i + 1) +
                               " has [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    if (opts.maxIterations < 1)
        throw InvalidInput("minimizeBounded: maxIterations must be at least 1");
    if (opts.restarts < 0)
        throw InvalidInput("minimizeBounded: restarts must be non-negative");
}

} // namespace

MinimizeResult minimizeBounded(const Objective& f, const Vector& x0, const Vector& lower,
                               const Vector& upper, const MinimizeOptions& opts,
                               Progress& progress)
{
    validate(x0, lower, upper, opts);

    const Vector start0 = x0.cwiseMax(lower).cwiseMin(upper);
    std::vector<Index> freeIndices;
    for (Index i = 0; i < x0.size(); ++i)
        if (lower(i) < upper(i))
            freeIndices.push_back(i);
    const Index m = Index(freeIndices.size());
    Vector lowerFree(m), upperFree(m), x0Free(m), startLo(m), startHi(m);
    const bool hasStartBox = opts.startLower.size() > 0;
    for (Index k = 0; k < m; ++k) {
        const Index i = freeIndices[k];
        lowerFree(k) = lower(i);
        upperFree(k) = upper(i);
        x0Free(k) = start0(i);
        startLo(k) = hasStartBox ? std::clamp(opts.startLower(i), lower(i), upper(i)) : lower(i);
        startHi(k) = hasStartBox ? std::clamp(opts.startUpper(i), lower(i), upper(i)) : upper(i);
    }

    TrackedObjective tracked(f, start0, freeIndices);
    LBFGSpp::LBFGSBParam<double> param;
    param.epsilon = opts.gradientTolerance;
    param.epsilon_rel = 0.0;
    param.past = 1;
    param.delta = opts.valueTolerance;
    param.max_linesearch = 20;
    param.m = 10;
    param.min_step = 1e-10;

    MinimizeResult result;
    result.value = kInf;
    result.x = start0;
    Rng rng(opts.seed);
    const int starts = 1 + opts.restarts;
    Vector gradScratch(m);

    for (int s = 0; s < starts; ++s) {
        progress.checkCancelled();
        progress.report(s, starts, "optimisation start " + std::to_string(s + 1) + " of " +
                                       std::to_string(starts));
        Vector x = x0Free;
        if (s > 0)
            for (Index k = 0; k < m; ++k)
                x(k) = rng.uniform(startLo(k), startHi(k));
        tracked.beginStart(x);

        if (m == 0) {
            tracked(x, gradScratch); // nothing to optimise: the value at the fixed point
        } else {
            int iterationsLeft = opts.maxIterations;
            for (int attempt = 0; attempt < 3 && iterationsLeft > 0; ++attempt) {
                const double before = tracked.startBest();
                param.max_iterations = iterationsLeft;
                LBFGSpp::LBFGSBSolver<double, CountingLineSearch> solver(param);
                double fx = 0.0;
                const int iterationsBefore = tracked.iterations();
                try {
                    solver.minimize(tracked, x, fx, lowerFree, upperFree);
                    break;
                } catch (const Error&) {
                    throw; // the objective's own errors (Cancelled, InvalidInput) are not ours to hide
                } catch (const std::exception&) {
                    // Line search gave up or lost descent: resume from the best point seen, with
                    // fresh curvature, as long as that keeps improving.
                    iterationsLeft -= tracked.iterations() - iterationsBefore;
                    if (!(tracked.startBest() < before))
                        break;
                    x = tracked.startBestPoint();
                }
            }
        }

        result.startValues.push_back(tracked.startBest());
        if (tracked.startBest() < result.value) {
            result.value = tracked.startBest();
            result.x = tracked.expand(tracked.startBestPoint());
        }
    }
    result.evaluations = tracked.evaluations();
    result.iterations = tracked.iterations();
    progress.report(starts, starts, "optimisation done");
    return result;
}

} // namespace emu

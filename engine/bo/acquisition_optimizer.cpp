#include "engine/bo/acquisition_optimizer.h"

#include "engine/bo/acquisition.h"
#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/optim/bounded_minimizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace emu {

AcquisitionOptimizer::AcquisitionOptimizer(ParameterSpace space,
                                           const AcquisitionOptimizerSettings& settings)
    : m_space(std::move(space)), m_settings(settings)
{
    if (m_space.isEmpty())
        throw InvalidInput("the acquisition optimiser needs a non-empty parameter space");
    if (settings.anchors < 1 || settings.polished < 0 || settings.maxIterations < 1 ||
        !(settings.valueTolerance >= 0.0))
        throw InvalidInput("acquisition optimiser: anchors ≥ 1, polished ≥ 0, "
                           "maxIterations ≥ 1 and valueTolerance ≥ 0 are required");
    m_lower = m_space.lowerBounds();
    m_upper = m_space.upperBounds();
}

Matrix AcquisitionOptimizer::anchors(std::uint64_t seed, const Matrix& extra) const
{
    Matrix sobol = sobolDesign(m_space, m_settings.anchors, seed);
    if (extra.rows() == 0)
        return sobol;
    Matrix all(sobol.rows() + extra.rows(), sobol.cols());
    all << sobol, m_space.project(extra);
    return all;
}

bool AcquisitionOptimizer::samePoint(const RowVector& a, const RowVector& b) const
{
    for (Index j = 0; j < a.size(); ++j)
        if (std::abs(a(j) - b(j)) > distinctTolerance * (m_upper(j) - m_lower(j)))
            return false;
    return true;
}

bool AcquisitionOptimizer::isExcluded(const RowVector& x, const Matrix& exclude) const
{
    for (Index i = 0; i < exclude.rows(); ++i)
        if (samePoint(x, exclude.row(i)))
            return true;
    return false;
}

AcquisitionOptimum AcquisitionOptimizer::maximize(const Acquisition& acquisition,
                                                  const Model& model, std::uint64_t seed,
                                                  const Matrix& extraAnchors) const
{
    const BatchFunction f = [&](const Matrix& X, Matrix* gradient) {
        return gradient ? acquisition.evaluateWithGradient(model, X, *gradient)
                        : acquisition.evaluate(model, X);
    };
    return maximize(f, seed, extraAnchors);
}

AcquisitionOptimum AcquisitionOptimizer::maximize(const BatchFunction& f, std::uint64_t seed,
                                                  const Matrix& extraAnchors,
                                                  const Matrix& exclude) const
{
    const Matrix A = anchors(seed, extraAnchors);
    Vector values = f(A, nullptr);
    if (values.size() != A.rows())
        throw InvalidInput("acquisition optimiser: the function returned " +
                           std::to_string(values.size()) + " values for " +
                           std::to_string(A.rows()) + " points");
    constexpr double lowest = -std::numeric_limits<double>::infinity();
    for (Index i = 0; i < values.size(); ++i)
        if (!std::isfinite(values(i)))
            values(i) = lowest;

    std::vector<Index> order(std::size_t(A.rows()));
    std::iota(order.begin(), order.end(), Index{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](Index a, Index b) { return values(a) > values(b); });

    // The best anchors that are distinct from each other and not excluded.
    std::vector<Index> starts;
    for (Index i : order) {
        if (int(starts.size()) >= std::max(1, m_settings.polished))
            break;
        const RowVector x = A.row(i);
        if (isExcluded(x, exclude))
            continue;
        bool duplicate = false;
        for (Index s : starts)
            duplicate = duplicate || samePoint(x, A.row(s));
        if (!duplicate)
            starts.push_back(i);
    }
    if (starts.empty()) // everything is excluded (e.g. a tiny discrete space): best anchor
        return {A.row(order.front()), values(order.front()), 0};

    AcquisitionOptimum best{A.row(starts.front()), values(starts.front()), 0};
    if (m_settings.polished == 0)
        return best;

    // Scale so that the minimiser's absolute tolerances are relative to the acquisition.
    const double scale =
        std::isfinite(best.value) && best.value != 0.0 ? std::abs(best.value) : 1.0;
    const Index d = A.cols();
    int evaluations = 0;
    const Objective negative = [&](const Vector& x, Vector& grad) {
        ++evaluations;
        Matrix g;
        const double value = f(x.transpose(), &g)(0);
        grad = -g.row(0).transpose() / scale;
        return -value / scale;
    };
    MinimizeOptions options;
    options.maxIterations = m_settings.maxIterations;
    options.valueTolerance = m_settings.valueTolerance;
    for (Index s : starts) {
        const Vector x0 = A.row(s).transpose();
        Vector lower = m_lower, upper = m_upper;
        for (Index j = 0; j < d; ++j)
            if (m_space.parameter(j).isDiscrete())
                lower(j) = upper(j) = x0(j);
        const MinimizeResult r = minimizeBounded(negative, x0, lower, upper, options);
        if (!std::isfinite(r.value))
            continue;
        const RowVector x = m_space.project(r.x.transpose());
        const double value = -r.value * scale;
        if (value > best.value && !isExcluded(x, exclude))
            best = {x, value, 0};
    }
    best.evaluations = evaluations;
    return best;
}

BatchFunction withNumericalGradient(std::function<Vector(const Matrix&)> f, const ParameterSpace& space)
{
    const Vector lower = space.lowerBounds(), upper = space.upperBounds();
    return [f = std::move(f), lower, upper](const Matrix& X, Matrix* gradient) {
        if (!gradient)
            return f(X);
        const Index n = X.rows(), d = X.cols();
        Matrix all(n * (1 + 2 * d), d);
        all.topRows(n) = X;
        Matrix steps(n, d);
        for (Index i = 0; i < n; ++i)
            for (Index j = 0; j < d; ++j) {
                const double h = 1e-6 * (upper(j) - lower(j));
                RowVector plus = X.row(i), minus = X.row(i);
                plus(j) = std::min(upper(j), plus(j) + h);
                minus(j) = std::max(lower(j), minus(j) - h);
                all.row(n + (i * d + j) * 2) = plus;
                all.row(n + (i * d + j) * 2 + 1) = minus;
                steps(i, j) = plus(j) - minus(j);
            }
        const Vector values = f(all);
        gradient->resize(n, d);
        for (Index i = 0; i < n; ++i)
            for (Index j = 0; j < d; ++j) {
                const Index k = n + (i * d + j) * 2;
                (*gradient)(i, j) = steps(i, j) > 0.0 ? (values(k) - values(k + 1)) / steps(i, j) : 0.0;
            }
        return Vector(values.head(n));
    };
}

} // namespace emu

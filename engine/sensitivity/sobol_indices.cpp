#include "engine/sensitivity/sobol_indices.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/core/stopwatch.h"
#include "engine/design/designs.h"
#include "engine/model/model.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace emu {

// Why the delta method and not the bootstrap for the error bars: every index is a ratio of two
// means over the N independent rows k (row k holds A_k, B_k and every A_B^(i)_k), so its error
// to first order is that of the mean of the influence values ψ_k of the header, which the
// delta method gives in closed form, in O(N d), with no second random stream. A bootstrap over
// the rows estimates the same first-order error, but needs some 200 recomputations and adds
// resampling noise of its own to the bar.
//
// Derivation. With x̄ the mean of a_k and V the mean of v_k, Ŝ = x̄/V and to first order
//   Ŝ − S ≈ (x̄ − E x̄)/V − S (V̂ − V)/V = mean_k ψ_k,
// so Var Ŝ ≈ Var(ψ)/N. The mean μ is estimated too, but it leaves no first-order trace: V's
// derivative in μ is −2 mean(f − μ) = 0, and S_i's numerator's is −mean(f(A_B^(i)) − f(A)),
// whose expectation is 0. ST_i's numerator does not involve μ.

namespace {

/// The two independent samples of the scheme.
struct SaltelliSamples
{
    Matrix A;
    Matrix B;
};

/// A and B from one seeded uniform N×2d sample. Independent random rows rather than a Sobol'
/// design: the standard errors assume i.i.d. rows; a low-discrepancy design would usually be
/// more accurate, but its error would no longer be the one reported.
SaltelliSamples drawSamples(const ParameterSpace& space, Index samples, std::uint64_t seed)
{
    Rng rng(seed);
    const Index d = space.dimension();
    const Matrix unit = randomUnitDesign(samples, 2 * d, rng);
    return {space.fromUnitCube(unit.leftCols(d)), space.fromUnitCube(unit.rightCols(d))};
}

/// A_B^(i): A with column i taken from B.
Matrix withColumnFrom(const Matrix& A, const Matrix& B, Index i)
{
    Matrix mixed = A;
    mixed.col(i) = B.col(i);
    return mixed;
}

/// "(x1 = 0.5, x2 = -1)": row `row` of X with the space's names.
std::string pointText(const ParameterSpace& space, const Matrix& X, Index row)
{
    std::ostringstream text;
    text.precision(10);
    text << "(";
    for (Index j = 0; j < X.cols(); ++j)
        text << (j ? ", " : "") << space.parameter(j).name << " = " << X(row, j);
    text << ")";
    return text.str();
}

/// f(X), checked: one finite value per row. `batch` names X in messages.
Vector evaluateBatch(const BatchEvaluator& f, const ParameterSpace& space, const Matrix& X,
                     const std::string& batch)
{
    const Vector y = f(X);
    if (y.size() != X.rows())
        throw InvalidInput("the function returned " + std::to_string(y.size()) +
                           " values for a batch of " + std::to_string(X.rows()) +
                           " points; it must return one value per row");
    for (Index k = 0; k < y.size(); ++k)
        if (!std::isfinite(y(k)))
            throw InvalidInput("the function returned " + std::to_string(y(k)) + " at " +
                               pointText(space, X, k) + " (" + batch + ", row " +
                               std::to_string(k + 1) +
                               "); Sobol indices need a finite output everywhere in the box");
    return y;
}

/// Throws InvalidInput if f is constant over the samples: the indices divide by V. Rounding
/// leaves V a few ulps of f² above zero for a constant f, hence the relative threshold.
void requireVariance(double variance, const Vector& fA, const Vector& fB)
{
    const double scale = std::max(fA.cwiseAbs().maxCoeff(), fB.cwiseAbs().maxCoeff());
    const double floor = 1e-12 * scale;
    if (!(variance > floor * floor))
        throw InvalidInput("the function is constant over the " + std::to_string(2 * fA.size()) +
                           " sampled points (value " + std::to_string(fA(0)) +
                           "), so its variance is 0 and Sobol indices are undefined; check that "
                           "it depends on its inputs over this box");
}

/// One index and its standard error.
struct Estimate
{
    double value = 0.0;
    double standardError = 0.0;
};

/// mean(terms)/V with its delta-method standard error (see the comment at the top); V is the
/// mean of varianceTerms.
Estimate ratioToVariance(const Vector& terms, const Vector& varianceTerms, double variance)
{
    const double n = double(terms.size());
    const double value = terms.mean() / variance;
    const Eigen::ArrayXd influence =
        ((terms.array() - terms.mean()) - value * (varianceTerms.array() - variance)) / variance;
    return {value, std::sqrt(influence.square().sum() / (n - 1.0) / n)};
}

void validate(const BatchEvaluator& f, const ParameterSpace& space, const SobolSettings& settings)
{
    if (!f)
        throw InvalidInput("Sobol indices need a function to analyse");
    if (space.isEmpty())
        throw InvalidInput("Sobol indices need at least one input (the space is empty)");
    if (settings.samples < 2)
        throw InvalidInput("Sobol indices need at least 2 base samples N (got " +
                           std::to_string(settings.samples) + ")");
}

} // namespace

SobolIndices estimateSobolIndices(const BatchEvaluator& f, const ParameterSpace& space,
                                  const SobolSettings& settings, Progress& progress)
{
    validate(f, space, settings);
    const Clock::time_point start = Clock::now();
    const Index n = settings.samples;
    const Index d = space.dimension();
    const SaltelliSamples samples = drawSamples(space, n, settings.seed);

    Index batchesDone = 0;
    auto evaluate = [&](const Matrix& X, const std::string& batch) {
        progress.checkCancelled();
        Vector y = evaluateBatch(f, space, X, batch);
        progress.report(double(++batchesDone), double(d + 2), "Sobol indices: " + batch);
        return y;
    };
    const Vector fA = evaluate(samples.A, "sample A");
    const Vector fB = evaluate(samples.B, "sample B");

    SobolIndices out;
    out.names = space.names();
    out.samples = n;
    out.evaluations = n * (d + 2);
    out.mean = (fA.sum() + fB.sum()) / double(2 * n);
    const Vector varianceTerms =
        0.5 * ((fA.array() - out.mean).square() + (fB.array() - out.mean).square()).matrix();
    out.variance = varianceTerms.mean();
    requireVariance(out.variance, fA, fB);

    out.main.resize(d);
    out.total.resize(d);
    out.mainStandardError.resize(d);
    out.totalStandardError.resize(d);
    const Eigen::ArrayXd centredB = fB.array() - out.mean;
    for (Index i = 0; i < d; ++i) {
        const Vector fMixed = evaluate(withColumnFrom(samples.A, samples.B, i),
                                       "A with " + space.parameter(i).name + " from B");
        const Eigen::ArrayXd change = fMixed.array() - fA.array();
        const Estimate main =
            ratioToVariance((centredB * change).matrix(), varianceTerms, out.variance);
        const Estimate total =
            ratioToVariance((0.5 * change.square()).matrix(), varianceTerms, out.variance);
        out.main(i) = main.value;
        out.mainStandardError(i) = main.standardError;
        out.total(i) = total.value;
        out.totalStandardError(i) = total.standardError;
    }
    out.seconds = secondsSince(start);
    return out;
}

SobolIndices estimateSobolIndices(const Model& model, const ParameterSpace& space,
                                  const SobolSettings& settings, Progress& progress)
{
    if (model.inputDim() != space.dimension())
        throw InvalidInput("the model takes " + std::to_string(model.inputDim()) +
                           " inputs but the space has " + std::to_string(space.dimension()));
    return estimateSobolIndices([&model](const Matrix& X) { return model.predict(X).mean; }, space,
                                settings, progress);
}

} // namespace emu

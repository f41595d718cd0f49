#include "engine/mf/multi_fidelity_data.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/core/rng.h"
#include "engine/design/designs.h"

#include <cmath>
#include <limits>

namespace emu {

Matrix withFidelity(const Matrix& X, Index level)
{
    Matrix out(X.rows(), X.cols() + 1);
    out.leftCols(X.cols()) = X;
    out.col(X.cols()).setConstant(double(level));
    return out;
}

Matrix stackLevels(const std::vector<Matrix>& inputs)
{
    if (inputs.empty())
        return Matrix();
    Index rows = 0;
    const Index d = inputs.front().cols();
    for (const Matrix& X : inputs) {
        if (X.cols() != d)
            throw InvalidInput("stackLevels: every level needs the same number of inputs");
        rows += X.rows();
    }
    Matrix out(rows, d + 1);
    Index offset = 0;
    for (std::size_t t = 0; t < inputs.size(); ++t) {
        out.middleRows(offset, inputs[t].rows()) = withFidelity(inputs[t], Index(t));
        offset += inputs[t].rows();
    }
    return out;
}

Vector stackOutputs(const std::vector<Vector>& outputs)
{
    Index rows = 0;
    for (const Vector& y : outputs)
        rows += y.size();
    Vector out(rows);
    Index offset = 0;
    for (const Vector& y : outputs) {
        out.segment(offset, y.size()) = y;
        offset += y.size();
    }
    return out;
}

std::vector<std::vector<Index>> splitByFidelity(const Matrix& X, Index levels,
                                                const std::string& what)
{
    if (X.cols() < 1)
        throw InvalidInput(what + " has no fidelity column");
    std::vector<std::vector<Index>> rows(std::size_t(std::max<Index>(levels, 0)));
    const Index c = X.cols() - 1;
    for (Index i = 0; i < X.rows(); ++i) {
        const double v = X(i, c);
        const double t = std::round(v);
        if (!std::isfinite(v) || t != v || t < 0.0 || t >= double(levels))
            throw InvalidInput(what + ": the fidelity column (the last one) of row " +
                               std::to_string(i + 1) + " is " + std::to_string(v) +
                               "; it must be a level 0 to " + std::to_string(levels - 1));
        rows[std::size_t(t)].push_back(i);
    }
    return rows;
}

std::vector<std::vector<Index>> splitTrainingData(const Matrix& X, const Vector& y, Index d,
                                                  Index levels)
{
    requireColumns(X, d + 1, "multi-fidelity training inputs X");
    requireFinite(X, "multi-fidelity training inputs X");
    requireRows(y.size(), X.rows(), "multi-fidelity training outputs y");
    requireFinite(y, "multi-fidelity training outputs y");
    return splitByFidelity(X, levels, "multi-fidelity training inputs X");
}

Matrix selectInputs(const Matrix& X, const std::vector<Index>& rows)
{
    Matrix out(Index(rows.size()), X.cols() - 1);
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.row(Index(i)) = X.row(rows[i]).head(X.cols() - 1);
    return out;
}

Vector selectOutputs(const Vector& y, const std::vector<Index>& rows)
{
    Vector out(Index(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i)
        out(Index(i)) = y(rows[i]);
    return out;
}

std::vector<Matrix> nestedDesign(const ParameterSpace& space, const std::vector<Index>& counts,
                                 std::uint64_t seed)
{
    if (counts.empty())
        throw InvalidInput("a nested design needs at least one level");
    for (std::size_t t = 0; t < counts.size(); ++t) {
        if (counts[t] < 1)
            throw InvalidInput("every level of a nested design needs at least one point");
        if (t > 0 && counts[t] > counts[t - 1])
            throw InvalidInput("a nested design needs non-increasing point counts, got " +
                               std::to_string(counts[t - 1]) + " then " +
                               std::to_string(counts[t]));
    }
    Rng rng(seed);
    const Index d = space.dimension();
    Matrix U = latinHypercubeUnitDesign(counts[0], d, rng);
    std::vector<Matrix> designs{space.fromUnitCube(U)};
    for (std::size_t t = 1; t < counts.size(); ++t) {
        const Index n = U.rows(), k = counts[t];
        std::vector<Index> picked{Index(rng.index(std::uint64_t(n)))};
        Vector nearest = (U.rowwise() - U.row(picked[0])).rowwise().squaredNorm();
        while (Index(picked.size()) < k) {
            Index next = 0;
            nearest.maxCoeff(&next);
            picked.push_back(next);
            nearest = nearest.cwiseMin((U.rowwise() - U.row(next)).rowwise().squaredNorm());
        }
        Matrix subset(k, d);
        for (Index i = 0; i < k; ++i)
            subset.row(i) = U.row(picked[std::size_t(i)]);
        U = std::move(subset);
        designs.push_back(space.fromUnitCube(U));
    }
    return designs;
}

Prediction predictByLevel(const Matrix& Xs, Index levels, Index d,
                          const std::function<Prediction(Index level, const Matrix& X)>& perLevel)
{
    requireColumns(Xs, d + 1, "prediction points");
    requireFinite(Xs, "prediction points");
    const std::vector<std::vector<Index>> rows = splitByFidelity(Xs, levels, "prediction points");
    Prediction p{Vector(Xs.rows()), Vector(Xs.rows())};
    for (Index t = 0; t < levels; ++t) {
        const std::vector<Index>& r = rows[std::size_t(t)];
        if (r.empty())
            continue;
        const Prediction pt = perLevel(t, selectInputs(Xs, r));
        for (std::size_t i = 0; i < r.size(); ++i) {
            p.mean(r[i]) = pt.mean(Index(i));
            p.variance(r[i]) = pt.variance(Index(i));
        }
    }
    return p;
}

PredictionGradient predictGradientByLevel(
    const Matrix& Xs, Index levels, Index d,
    const std::function<PredictionGradient(Index level, const Matrix& X)>& perLevel)
{
    requireColumns(Xs, d + 1, "prediction points");
    requireFinite(Xs, "prediction points");
    const std::vector<std::vector<Index>> rows = splitByFidelity(Xs, levels, "prediction points");
    PredictionGradient g{Matrix::Zero(Xs.rows(), d + 1), Matrix::Zero(Xs.rows(), d + 1)};
    for (Index t = 0; t < levels; ++t) {
        const std::vector<Index>& r = rows[std::size_t(t)];
        if (r.empty())
            continue;
        const PredictionGradient gt = perLevel(t, selectInputs(Xs, r));
        for (std::size_t i = 0; i < r.size(); ++i) {
            g.meanGradient.row(r[i]).head(d) = gt.meanGradient.row(Index(i));
            g.varianceGradient.row(r[i]).head(d) = gt.varianceGradient.row(Index(i));
        }
    }
    return g;
}

void requireDataAtEveryLevel(const std::vector<Matrix>& levelInputs)
{
    for (std::size_t t = 0; t < levelInputs.size(); ++t)
        if (levelInputs[t].rows() == 0)
            throw InvalidInput("fit: level " + std::to_string(t) +
                               " has no data; a multi-fidelity model needs data at every level");
}

} // namespace emu

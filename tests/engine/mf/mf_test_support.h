#pragma once
// Shared data of the multi-fidelity tests: nested designs of a registered problem and a
// high-fidelity-only GP baseline.

#include "engine/functions/multi_fidelity_problem.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/mf/multi_fidelity_data.h"

#include <cstdint>
#include <string>
#include <vector>

namespace emu::test {

/// Nested designs of a problem (counts low first) with the stacked data a model takes.
struct MfData
{
    std::vector<Matrix> X; ///< per level, without fidelity column
    std::vector<Vector> y;
    Matrix stackedX; ///< with fidelity column
    Vector stackedY;
};

inline MfData mfData(const std::string& problemId, const std::vector<Index>& counts,
                     std::uint64_t seed)
{
    const MultiFidelityProblem& p = multiFidelityProblems().at(problemId);
    MfData data;
    data.X = nestedDesign(p.space(), counts, seed);
    for (Index t = 0; t < Index(counts.size()); ++t)
        data.y.push_back(p.evaluate(t, data.X[std::size_t(t)]));
    data.stackedX = stackLevels(data.X);
    data.stackedY = stackOutputs(data.y);
    return data;
}

/// ‖m − f‖₂ / ‖f‖₂.
inline double relativeError(const Vector& mean, const Vector& truth)
{
    return (mean - truth).norm() / truth.norm();
}

/// A GP (ARD RBF) fitted to the highest level only.
inline GaussianProcess highFidelityOnly(const MfData& data, int restarts, std::uint64_t seed)
{
    GaussianProcess gp(makeKernel("rbf", data.X.back().cols(), true));
    gp.setData(data.X.back(), data.y.back());
    FitOptions options;
    options.restarts = restarts;
    options.seed = seed;
    gp.fit(options);
    return gp;
}

} // namespace emu::test

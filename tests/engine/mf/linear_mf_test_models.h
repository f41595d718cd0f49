#pragma once
// Linear multi-fidelity models and data for the tests: random data on L levels that share
// structure, and models with seeded, non-trivial parameters.

#include "engine/core/rng.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/multi_fidelity_data.h"

#include "../gp/kernel_test_support.h"

#include <QString>

#include <cmath>
#include <memory>
#include <vector>

namespace emu::test {

/// Random (non-nested) data on L levels in [0, 1]², with outputs that share structure.
inline void randomLevels(Index L, std::uint64_t seed, Matrix& X, Vector& y)
{
    Rng rng(seed);
    std::vector<Matrix> inputs;
    std::vector<Vector> outputs;
    for (Index t = 0; t < L; ++t) {
        const Matrix Xt = rng.uniformMatrix(10 - 2 * t, 2);
        Vector yt(Xt.rows());
        for (Index i = 0; i < Xt.rows(); ++i)
            yt(i) = (1.0 + 0.5 * double(t)) * std::sin(3.0 * Xt(i, 0)) + Xt(i, 1) * double(t) +
                    0.1 * rng.normal() + 4.0;
        inputs.push_back(Xt);
        outputs.push_back(yt);
    }
    X = stackLevels(inputs);
    y = stackOutputs(outputs);
}

/// A model with the given kernels and seeded, non-trivial parameters.
inline LinearMultiFidelityModel makeModel(Index L, const QString& kernel, MeanFunction mean,
                                   const Vector& rho, MfFitMethod method = MfFitMethod::Joint)
{
    LinearMfSettings s;
    s.mean = mean;
    s.method = method;
    std::vector<std::unique_ptr<Kernel>> kernels;
    for (Index t = 0; t < L; ++t)
        kernels.push_back(emu::test::buildKernel(kernel, 2, true));
    LinearMultiFidelityModel model(std::move(kernels), s);
    Vector p = model.parameterVector();
    Rng rng(77);
    for (Index j = 0; j < p.size() - rho.size(); ++j)
        p(j) = rng.uniform(-0.8, 0.3);
    p.tail(rho.size()) = rho;
    model.setParameterVector(p);
    return model;
}

} // namespace emu::test

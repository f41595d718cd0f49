#include "engine/dgp/deep_gp_prior.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/core/rng.h"
#include "engine/gp/cholesky.h"
#include "engine/gp/kernel_registry.h"

#include <cmath>

namespace emu {

namespace {

std::unique_ptr<Kernel> makeLayerKernel(const DeepGpPriorLayer& layer)
{
    if (!(layer.variance > 0.0) || !(layer.lengthscale > 0.0) || !std::isfinite(layer.variance) ||
        !std::isfinite(layer.lengthscale))
        throw InvalidInput("deep GP prior: variances and lengthscales must be positive and finite");
    std::unique_ptr<Kernel> k = makeKernel(layer.kernel, 1);
    const std::vector<ParamInfo> info = k->paramInfo();
    Vector p = k->logParams();
    for (std::size_t j = 0; j < info.size(); ++j) {
        if (info[j].name == "variance")
            p(Index(j)) = std::log(layer.variance);
        else if (info[j].name == "lengthscale")
            p(Index(j)) = std::log(layer.lengthscale);
    }
    k->setLogParams(p);
    return k;
}

} // namespace

std::vector<Matrix> sampleDeepGpPrior(const Matrix& grid, const DeepGpPriorSettings& settings)
{
    requireColumns(grid, 1, "deep GP prior grid");
    requireFinite(grid, "deep GP prior grid");
    if (settings.layers.empty())
        throw InvalidInput("deep GP prior: at least one layer is needed");
    if (settings.samples < 1)
        throw InvalidInput("deep GP prior: the number of samples must be positive");
    std::vector<std::unique_ptr<Kernel>> kernels;
    for (const DeepGpPriorLayer& layer : settings.layers)
        kernels.push_back(makeLayerKernel(layer));

    const Index n = grid.rows();
    std::vector<Matrix> out(settings.layers.size(), Matrix(n, settings.samples));
    Rng rng(settings.seed);
    Rng turn(settings.seed ^ 0x9e3779b97f4a7c15ULL); // the second set of the great circle
    for (int s = 0; s < settings.samples; ++s) {
        Matrix input = grid;
        for (std::size_t l = 0; l < kernels.size(); ++l) {
            // Each layer's covariance depends on the draw below, so it is rebuilt per cascade.
            const Matrix K = kernels[l]->compute(input);
            Matrix Z = rng.normalMatrix(n, 1);
            if (settings.phase != 0.0)
                Z = greatCircleNormals(Z, turn.normalMatrix(n, 1), settings.phase);
            const Matrix draw = transformStandardNormals(Vector::Zero(n), K, Z);
            out[l].col(s) = draw.col(0);
            input = draw;
        }
    }
    return out;
}

} // namespace emu

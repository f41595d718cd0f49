#include "engine/gp/kernel_registry.h"

#include "engine/core/errors.h"
#include "engine/gp/bias_kernel.h"
#include "engine/gp/linear_kernel.h"
#include "engine/gp/periodic_kernel.h"
#include "engine/gp/stationary_kernel.h"
#include "engine/gp/white_kernel.h"

namespace emu {

namespace {

template <typename K>
std::unique_ptr<Kernel> makeArd(Index inputDim, bool ard)
{
    return std::make_unique<K>(inputDim, ard);
}

template <typename K>
std::unique_ptr<Kernel> makePlain(Index inputDim, bool)
{
    return std::make_unique<K>(inputDim);
}

std::vector<KernelInfo> buildRegistry()
{
    return {
        {"rbf", "RBF (squared exponential)",
         "Very smooth functions; the lengthscale sets how far apart points are still related.",
         true, makeArd<RbfKernel>},
        {"matern12", "Matérn 1/2 (exponential)",
         "Continuous but rough, random-walk-like functions.", true, makeArd<Matern12Kernel>},
        {"matern32", "Matérn 3/2", "Once-differentiable functions: smooth, with some wiggle.",
         true, makeArd<Matern32Kernel>},
        {"matern52", "Matérn 5/2",
         "Twice-differentiable functions; the usual default for Bayesian optimisation.", true,
         makeArd<Matern52Kernel>},
        {"ratquad", "Rational quadratic",
         "A mixture of RBFs of many lengthscales; alpha sets how varied they are.", true,
         makeArd<RationalQuadraticKernel>},
        {"periodic", "Periodic", "Functions that repeat exactly with a fitted period.", true,
         makeArd<PeriodicKernel>},
        {"linear", "Linear", "Straight lines (planes) through the origin; add a bias for an "
                             "intercept.",
         true, makeArd<LinearKernel>},
        {"bias", "Bias (constant)", "An unknown constant offset.", false, makePlain<BiasKernel>},
        {"white", "White noise", "Independent noise at every observation.", false,
         makePlain<WhiteKernel>},
    };
}

} // namespace

const Registry<KernelInfo>& kernelRegistry()
{
    static const Registry<KernelInfo> registry("kernel", "kernels", buildRegistry());
    return registry;
}

std::unique_ptr<Kernel> makeKernel(const std::string& id, Index inputDim, bool ard)
{
    return kernelRegistry().at(id).factory(inputDim, ard);
}

} // namespace emu

#include "engine/gp/kernel_registry.h"

#include "engine/core/errors.h"
#include "engine/gp/bias_kernel.h"
#include "engine/gp/combination_kernel.h"
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

namespace {

/// `text` cut at every `separator`, each piece without surrounding spaces.
std::vector<std::string> splitTrimmed(const std::string& text, char separator)
{
    std::vector<std::string> pieces;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        std::string piece = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        piece.erase(0, piece.find_first_not_of(' '));
        piece.erase(piece.find_last_not_of(' ') + 1);
        pieces.push_back(std::move(piece));
        if (end == std::string::npos)
            return pieces;
        start = end + 1;
    }
}

} // namespace

std::unique_ptr<Kernel> makeKernelExpression(const std::string& expression, Index inputDim, bool ard)
{
    std::vector<std::unique_ptr<Kernel>> terms;
    for (const std::string& term : splitTrimmed(expression, '+')) {
        std::vector<std::unique_ptr<Kernel>> factors;
        for (const std::string& id : splitTrimmed(term, '*')) {
            if (id.empty())
                throw InvalidInput("kernel \"" + expression + "\": a kernel id is missing around \"+\" or \"*\"");
            factors.push_back(makeKernel(id, inputDim, ard));
        }
        terms.push_back(factors.size() == 1 ? std::move(factors.front())
                                            : std::make_unique<ProductKernel>(std::move(factors)));
    }
    return terms.size() == 1 ? std::move(terms.front()) : std::make_unique<SumKernel>(std::move(terms));
}

} // namespace emu

#include "engine/bo/acquisition_registry.h"

#include "engine/bo/expected_improvement.h"
#include "engine/bo/integrated_variance_reduction.h"
#include "engine/bo/lower_confidence_bound.h"
#include "engine/bo/max_value_entropy_search.h"
#include "engine/bo/model_variance.h"
#include "engine/bo/probability_of_improvement.h"
#include "engine/core/errors.h"

namespace emu {

namespace {

template <typename A> AcquisitionInfo entry(std::string description, bool needsGp = false)
{
    const A prototype;
    return {prototype.id(),
            prototype.displayName(),
            std::move(description),
            needsGp,
            prototype.parameterInfo(),
            [] { return std::unique_ptr<Acquisition>(std::make_unique<A>()); }};
}

std::vector<AcquisitionInfo> buildRegistry()
{
    return {
        entry<ExpectedImprovement>(
            "How much lower than the best value so far the objective is expected to be: "
            "balances exploiting good regions and exploring uncertain ones."),
        entry<ProbabilityOfImprovement>(
            "The probability of beating the best value so far: greedy, it refines the best "
            "region more than it explores."),
        entry<LowerConfidenceBound>(
            "An optimistic guess of the objective, β standard deviations below the mean: β "
            "sets how much uncertainty is worth."),
        entry<ModelVariance>(
            "Where the model is least certain: experimental design that ignores the values."),
        entry<IntegratedVarianceReduction>(
            "How much an observation would shrink the uncertainty over the whole space: "
            "experimental design that avoids the edges (Gaussian processes only).",
            true),
        entry<MaxValueEntropySearch>(
            "How much an observation would reveal about the minimum value, using sampled "
            "minima: information-based optimisation."),
    };
}

} // namespace

const Registry<AcquisitionInfo>& acquisitionRegistry()
{
    static const Registry<AcquisitionInfo> registry("acquisition", "acquisitions", buildRegistry());
    return registry;
}

std::unique_ptr<Acquisition> makeAcquisition(const std::string& id)
{
    return acquisitionRegistry().at(id).factory();
}

} // namespace emu

#include "engine/functions/function_registry.h"

#include "engine/core/errors.h"
#include "engine/functions/ackley_function.h"
#include "engine/functions/branin_function.h"
#include "engine/functions/forrester_function.h"
#include "engine/functions/hartmann_function.h"
#include "engine/functions/ishigami_function.h"
#include "engine/functions/levy_function.h"
#include "engine/functions/six_hump_camel_function.h"

namespace emu {

namespace {

template <typename F> std::unique_ptr<TestFunction> makeFixed(Index)
{
    return std::make_unique<F>();
}

template <typename F> std::unique_ptr<TestFunction> makeSized(Index dimension)
{
    return std::make_unique<F>(dimension);
}

std::unique_ptr<TestFunction> makeForresterLow(Index)
{
    return std::make_unique<ForresterFunction>(ForresterFunction::Fidelity::Low);
}

std::vector<FunctionInfo> buildRegistry()
{
    return {
        {"forrester", "Forrester",
         "A 1-D curve with one deep minimum and a local one; the "
         "classic high-fidelity function.",
         1, false, "", makeFixed<ForresterFunction>},
        {"forrester-low", "Forrester (low fidelity)",
         "A cheap, biased version of Forrester whose minimum sits in the wrong place.", 1, false,
         "forrester", makeForresterLow},
        {"branin", "Branin", "A 2-D valley with three equally good minima.", 2, false, "",
         makeFixed<BraninFunction>},
        {"six-hump-camel", "Six-hump camel",
         "A 2-D surface with six local minima, two of them global.", 2, false, "",
         makeFixed<SixHumpCamelFunction>},
        {"hartmann3", "Hartmann 3-D", "Four Gaussian wells in the unit cube; one is deepest.", 3,
         false, "", makeSized<HartmannFunction>},
        {"hartmann6", "Hartmann 6-D", "Four Gaussian wells in the 6-D unit cube; one is deepest.",
         6, false, "", makeSized<HartmannFunction>},
        {"ishigami", "Ishigami",
         "Sines in a 3-D box whose inputs matter in known shares; the standard check of "
         "sensitivity analysis.",
         3, false, "", makeFixed<IshigamiFunction>},
        {"ackley", "Ackley", "A flat, bumpy plateau around a single deep hole at the origin.", 2,
         true, "", makeSized<AckleyFunction>},
        {"levy", "Levy", "Rows of regularly spaced local minima; the global one is at (1, …, 1).",
         2, true, "", makeSized<LevyFunction>},
    };
}

} // namespace

const Registry<FunctionInfo>& functionRegistry()
{
    static const Registry<FunctionInfo> registry("function", "functions", buildRegistry());
    return registry;
}

std::unique_ptr<TestFunction> makeFunction(const std::string& id, Index dimension)
{
    const FunctionInfo* info = &functionRegistry().at(id);
    if (dimension == 0)
        dimension = info->defaultDimension;
    if (info->variableDimension && dimension < 1)
        throw InvalidInput(info->displayName + " needs at least 1 dimension, not " +
                           std::to_string(dimension));
    if (!info->variableDimension && dimension != info->defaultDimension)
        throw InvalidInput(info->displayName + " is defined in " +
                           std::to_string(info->defaultDimension) + " dimension(s) only, not " +
                           std::to_string(dimension));
    return info->factory(dimension);
}

} // namespace emu

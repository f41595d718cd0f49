#include "engine/sandbox/sandbox_suggestion.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/design/parameter_space.h"
#include "engine/gp/gaussian_process.h"
#include "engine/sandbox/sandbox_runs.h"

#include <cmath>

namespace emu {

SandboxSuggestion suggestSandboxRun(const ParameterSpace& inputs, const SandboxRuns& runs,
                                    Index output, bool maximise, std::uint64_t seed)
{
    if (runs.size() < 2)
        throw InvalidInput("a suggestion needs at least two runs to learn from");
    if (output < 0 || output >= runs.Y.cols())
        throw InvalidInput("no output " + std::to_string(output) + " to optimise");
    const double sign = maximise ? -1.0 : 1.0; // the loop minimises
    auto model = makeBayesianOptimizationModel(inputs.dimension());
    model->setData(runs.X, sign * runs.Y.col(output));
    LoopSettings settings;
    settings.seed = seed;
    BayesianOptimizationLoop loop(inputs, std::move(model), makeAcquisition("ei"), settings);
    SandboxSuggestion s;
    s.x = loop.suggest().row(0);
    const Prediction p = loop.model().predict(Matrix(s.x));
    s.mean = sign * p.mean(0);
    s.sd = std::sqrt(std::max(p.variance(0), 0.0));
    s.bestSoFar = maximise ? runs.Y.col(output).maxCoeff() : runs.Y.col(output).minCoeff();
    return s;
}

} // namespace emu

#include "engine/bo/run_bayesian_optimization.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/design/designs.h"
#include "engine/functions/function_registry.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"

namespace emu {

namespace {

/// Fills bestSoFar, the best point and value and the regret from points/values.
void summarise(BoRunResult& r)
{
    const Index n = r.values.size();
    r.bestSoFar.resize(n);
    for (Index i = 0; i < n; ++i)
        r.bestSoFar(i) = i == 0 ? r.values(0) : std::min(r.bestSoFar(i - 1), r.values(i));
    Index best = 0;
    r.bestValue = n > 0 ? r.values.minCoeff(&best) : std::numeric_limits<double>::infinity();
    r.bestPoint = n > 0 ? RowVector(r.points.row(best)) : RowVector();
    r.regret = r.bestValue - r.minimumValue;
}

} // namespace

std::unique_ptr<GaussianProcess> makeBayesianOptimizationModel(Index inputDim,
                                                               const std::string& kernelId)
{
    GpSettings settings;
    settings.mean = MeanFunction::Constant;
    settings.normalizeOutputs = true;
    settings.noiseVariance = 1e-4;
    settings.minNoiseVariance = 1e-6;
    return std::make_unique<GaussianProcess>(makeKernel(kernelId, inputDim, true), settings);
}

BoRunResult runBayesianOptimization(const BoRunOptions& options, Progress& progress)
{
    const std::unique_ptr<TestFunction> function =
        makeFunction(options.functionId, options.dimension);
    return runBayesianOptimization(*function, options, progress);
}

BoRunResult runBayesianOptimization(const TestFunction& function, const BoRunOptions& options,
                                    Progress& progress)
{
    if (options.initialPoints < 1 || options.iterations < 0)
        throw InvalidInput("Bayesian optimisation needs at least one initial point and a "
                           "non-negative number of iterations");
    const auto started = Clock::now();
    std::unique_ptr<Acquisition> acquisition = makeAcquisition(options.acquisitionId);
    for (const auto& [name, value] : options.acquisitionParameters)
        acquisition->setParameter(name, value);

    BoRunResult result;
    result.functionId = function.id();
    result.acquisitionId = acquisition->id();
    result.minimumValue = function.minimumValue();
    result.initialPoints = options.initialPoints;

    const ObjectiveFunction objective = [&](const Matrix& X) { return function.evaluate(X); };
    const Matrix X0 =
        makeDesign(options.designId, function.space(), options.initialPoints, options.seed);
    const auto designStart = Clock::now();
    const Vector y0 = objective(X0);
    const double designEvaluation = secondsSince(designStart);

    LoopSettings settings = options.loop;
    settings.seed = options.seed;
    BayesianOptimizationLoop loop(
        function.space(), makeBayesianOptimizationModel(function.dimension(), options.kernelId),
        std::move(acquisition), settings);
    loop.observe(X0, y0);
    if (options.iterations > 0) {
        StoppingCondition stop;
        stop.maxIterations = options.iterations;
        if (loop.run(objective, stop, progress) == StopReason::Cancelled)
            throw Cancelled();
    }

    const BoState& state = loop.state();
    result.points = state.X;
    result.values = state.y;
    result.state = state;
    summarise(result);
    result.regretPerIteration.resize(Index(state.iterations.size()) + 1);
    result.regretPerIteration(0) =
        result.bestSoFar(options.initialPoints - 1) - result.minimumValue;
    result.evaluationSeconds = designEvaluation;
    for (std::size_t i = 0; i < state.iterations.size(); ++i) {
        const BoIteration& it = state.iterations[i];
        result.regretPerIteration(Index(i) + 1) = it.bestValue - result.minimumValue;
        result.fitSeconds += it.fitSeconds;
        result.acquisitionSeconds += it.acquisitionSeconds;
        result.evaluationSeconds += it.evaluationSeconds;
    }
    result.totalSeconds = secondsSince(started);
    return result;
}

BoRunResult runRandomSearch(const TestFunction& function, int evaluations, std::uint64_t seed)
{
    if (evaluations < 1)
        throw InvalidInput("random search needs at least one evaluation");
    const auto started = Clock::now();
    BoRunResult result;
    result.functionId = function.id();
    result.acquisitionId = "random";
    result.minimumValue = function.minimumValue();
    result.points = randomDesign(function.space(), evaluations, seed);
    const auto evaluationStart = Clock::now();
    result.values = function.evaluate(result.points);
    result.evaluationSeconds = secondsSince(evaluationStart);
    summarise(result);
    result.regretPerIteration = (result.bestSoFar.array() - result.minimumValue).matrix();
    result.totalSeconds = secondsSince(started);
    return result;
}

} // namespace emu

#include "engine/experiments/multi_fidelity_experiments.h"

#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/multi_fidelity_data.h"
#include "engine/mf/nonlinear_multi_fidelity_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace emu {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

constexpr std::uint64_t kTestSeedOffset = 0x3f1d'e117'7e57'0001ULL;

} // namespace

std::vector<std::string> multiFidelityModelIds()
{
    return {"hf-only", "linear", "nonlinear"};
}

std::vector<Index> defaultMultiFidelityPoints(const MultiFidelityProblem& problem)
{
    static const std::map<std::string, std::vector<Index>> defaults = {
        {"forrester", {12, 6}}, {"nonlinear-sin", {50, 14}}, {"currin", {20, 8}},
        {"park", {30, 10}},     {"borehole", {60, 15}},      {"branin3", {80, 40, 20}},
    };
    const auto it = defaults.find(problem.id());
    if (it != defaults.end())
        return it->second;
    // Any other problem: 10 d points at the top, twice as many per level below.
    std::vector<Index> points(std::size_t(problem.levelCount()));
    Index n = 10 * problem.dimension();
    for (std::size_t t = points.size(); t-- > 0; n *= 2)
        points[t] = n;
    return points;
}

MultiFidelityExperimentResult
runMultiFidelityExperiment(const MultiFidelityExperimentSettings& settings, Progress& progress)
{
    const auto started = Clock::now();
    const MultiFidelityProblem& problem = multiFidelityProblem(settings.problemId);
    const std::vector<std::string> models = multiFidelityModelIds();
    if (std::find(models.begin(), models.end(), settings.model) == models.end())
        throw InvalidInput("unknown multi-fidelity model '" + settings.model +
                           "'; valid models are: hf-only, linear, nonlinear");
    const Index L = problem.levelCount(), d = problem.dimension();
    const std::vector<Index> points =
        settings.points.empty() ? defaultMultiFidelityPoints(problem) : settings.points;
    if (Index(points.size()) != L)
        throw InvalidInput(problem.displayName() + " has " + std::to_string(L) + " levels, but " +
                           std::to_string(points.size()) + " point counts were given");
    if (settings.testPoints < 1)
        throw InvalidInput("the test set needs at least one point");
    if (settings.restarts < 0)
        throw InvalidInput("restarts must be non-negative");

    // Nested designs in the unit cube; the problem is evaluated at the mapped points.
    const ParameterSpace unit = ParameterSpace::box(Vector::Zero(d), Vector::Ones(d));
    const std::vector<Matrix> unitDesigns = nestedDesign(unit, points, settings.seed);
    MultiFidelityExperimentResult result;
    result.problemId = problem.id();
    result.model = settings.model;
    result.points = points;
    for (Index t = 0; t < L; ++t) {
        result.designs.push_back(problem.space().fromUnitCube(unitDesigns[std::size_t(t)]));
        result.values.push_back(problem.evaluate(t, result.designs.back()));
    }
    progress.checkCancelled();

    FitOptions fit;
    fit.restarts = settings.restarts;
    fit.seed = settings.seed;
    const Matrix X = stackLevels(unitDesigns);
    const Vector y = stackOutputs(result.values);
    const Matrix testUnit =
        sobolUnitDesign(settings.testPoints, d, settings.seed ^ kTestSeedOffset);
    const Vector truth = problem.evaluate(L - 1, problem.space().fromUnitCube(testUnit));

    Prediction prediction;
    auto fitStarted = Clock::now();
    if (settings.model == "hf-only") {
        GaussianProcess gp(makeKernel("rbf", d, true));
        gp.setData(unitDesigns.back(), result.values.back());
        result.logLikelihood = gp.fit(fit, progress).logLikelihood;
        result.fitSeconds = secondsSince(fitStarted);
        for (const ParamInfo& p : gp.paramInfo())
            result.parameterNames.push_back(p.name);
        result.parameterValues = gp.logParams().array().exp();
        result.modelName = gp.name();
        const auto predictStarted = Clock::now();
        prediction = gp.predict(testUnit);
        result.predictSeconds = secondsSince(predictStarted);
    } else if (settings.model == "linear") {
        LinearMfSettings s;
        s.method = settings.recursive ? MfFitMethod::Recursive : MfFitMethod::Joint;
        LinearMultiFidelityModel model = makeLinearMultiFidelityModel(L, d, "rbf", true, s);
        model.setData(X, y);
        result.logLikelihood = model.fit(fit, progress).logLikelihood;
        result.fitSeconds = secondsSince(fitStarted);
        for (const MfParameter& p : model.parameterInfo())
            result.parameterNames.push_back(p.name);
        result.parameterValues = model.parameterValues();
        result.rho = model.rho();
        result.modelName = model.name();
        const auto predictStarted = Clock::now();
        prediction = model.predict(L - 1, testUnit);
        result.predictSeconds = secondsSince(predictStarted);
    } else {
        NonlinearMfSettings s;
        s.sampleCount = settings.samples;
        s.seed = settings.seed;
        NonlinearMultiFidelityModel model(L, d, s);
        model.setData(X, y);
        result.logLikelihood = model.fit(fit, progress).logLikelihood;
        result.fitSeconds = secondsSince(fitStarted);
        result.parameterNames = model.parameterNames();
        result.parameterValues = model.parameterValues();
        result.modelName = model.name();
        const auto predictStarted = Clock::now();
        prediction = model.predict(L - 1, testUnit);
        result.predictSeconds = secondsSince(predictStarted);
    }

    const Vector error = prediction.mean - truth;
    const Vector sd = prediction.variance.cwiseMax(0.0).cwiseSqrt();
    result.testPoints = settings.testPoints;
    result.rmse = std::sqrt(error.squaredNorm() / double(error.size()));
    const double norm = truth.norm();
    result.relativeError = norm > 0.0 ? error.norm() / norm : error.norm();
    result.maxAbsError = error.cwiseAbs().maxCoeff();
    result.meanPredictiveSd = sd.mean();
    result.coverage2sd = (error.cwiseAbs().array() <= 2.0 * sd.array()).cast<double>().mean();
    result.totalSeconds = secondsSince(started);
    return result;
}

} // namespace emu

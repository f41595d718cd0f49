#include "engine/studies/multi_fidelity_study.h"

#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/design/designs.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/multi_fidelity_data.h"
#include "engine/mf/nonlinear_multi_fidelity_model.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace emu {

namespace {

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
    const MultiFidelityProblem& problem = multiFidelityProblems().at(settings.problemId);
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
    const MultiFidelityFit fitted = fitMultiFidelityModel(settings.model, problem.space(), result.designs, result.values,
                                                          fit, settings.samples, settings.recursive, progress);
    result.modelName = fitted.modelName;
    result.parameterNames = fitted.parameterNames;
    result.parameterValues = fitted.parameterValues;
    result.rho = fitted.rho;
    result.logLikelihood = fitted.logLikelihood;
    result.fitSeconds = fitted.fitSeconds;

    const Matrix testUnit =
        sobolUnitDesign(settings.testPoints, d, settings.seed ^ kTestSeedOffset);
    const Matrix test = problem.space().fromUnitCube(testUnit);
    const Vector truth = problem.evaluate(L - 1, test);
    const auto predictStarted = Clock::now();
    const Prediction prediction = fitted.predict(L - 1, test);
    result.predictSeconds = secondsSince(predictStarted);

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

Prediction MultiFidelityFit::predict(Index level, const Matrix& X) const
{
    const Matrix unit = space.toUnitCube(X);
    if (model == "hf-only") {
        if (level != levels - 1)
            throw InvalidInput("the high-fidelity-only GP predicts the highest level only");
        return fitted->predict(unit);
    }
    if (level < 0 || level >= levels)
        throw InvalidInput("level " + std::to_string(level) + " is outside 0 … " + std::to_string(levels - 1));
    return fitted->predict(withFidelity(unit, level));
}

MultiFidelityFit fitMultiFidelityModel(const std::string& model, const ParameterSpace& space,
                                       const std::vector<Matrix>& X, const std::vector<Vector>& y,
                                       const FitOptions& options, int samples, bool recursive, Progress& progress)
{
    const std::vector<std::string> models = multiFidelityModelIds();
    if (std::find(models.begin(), models.end(), model) == models.end())
        throw InvalidInput("unknown multi-fidelity model '" + model + "'; valid models are: hf-only, linear, nonlinear");
    const Index L = Index(X.size()), d = space.dimension();
    if (L < 1 || y.size() != X.size())
        throw InvalidInput("give inputs and outputs for every level");
    std::vector<Matrix> unit;
    for (Index t = 0; t < L; ++t) {
        if (X[std::size_t(t)].rows() == 0)
            throw InvalidInput("level " + std::to_string(t) + " has no data");
        unit.push_back(space.toUnitCube(X[std::size_t(t)]));
    }
    MultiFidelityFit result;
    result.model = model;
    result.space = space;
    result.levels = L;
    const auto started = Clock::now();
    if (model == "hf-only") {
        auto gp = std::make_shared<GaussianProcess>(makeKernel("rbf", d, true));
        gp->setData(unit.back(), y.back());
        result.logLikelihood = gp->fit(options, progress).logLikelihood;
        for (const ParamInfo& p : gp->paramInfo())
            result.parameterNames.push_back(p.name);
        result.parameterValues = gp->logParams().array().exp();
        result.modelName = gp->name();
        result.fitted = gp;
    } else if (model == "linear") {
        LinearMfSettings s;
        s.method = recursive ? MfFitMethod::Recursive : MfFitMethod::Joint;
        auto mf = std::make_shared<LinearMultiFidelityModel>(makeLinearMultiFidelityModel(L, d, "rbf", true, s));
        mf->setData(stackLevels(unit), stackOutputs(y));
        result.logLikelihood = mf->fit(options, progress).logLikelihood;
        for (const MfParameter& p : mf->parameterInfo())
            result.parameterNames.push_back(p.name);
        result.parameterValues = mf->parameterValues();
        result.rho = mf->rho();
        result.modelName = mf->name();
        result.fitted = mf;
    } else {
        NonlinearMfSettings s;
        s.sampleCount = samples;
        s.seed = options.seed;
        auto mf = std::make_shared<NonlinearMultiFidelityModel>(L, d, s);
        mf->setData(stackLevels(unit), stackOutputs(y));
        result.logLikelihood = mf->fit(options, progress).logLikelihood;
        result.parameterNames = mf->parameterNames();
        result.parameterValues = mf->parameterValues();
        result.modelName = mf->name();
        result.fitted = mf;
    }
    result.fitSeconds = secondsSince(started);
    return result;
}

} // namespace emu

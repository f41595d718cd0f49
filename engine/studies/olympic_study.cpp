#include "engine/studies/olympic_study.h"

#include "engine/bo/normal_math.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/gp/stationary_kernel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <string>

namespace emu {

namespace {

/// Two fits ended at the same optimum if their likelihoods and lengthscales agree, or if their
/// likelihoods agree to 1e-5: lengthscales far below the spacing of the years (an interpolating
/// white-noise-like fit) all give the same likelihood and the same predictions at the data.
bool sameOptimum(const Vector& logParamsA, double lmlA, const Vector& logParamsB, double lmlB)
{
    const double scale = std::max(1.0, std::abs(lmlA));
    const double dl = std::abs(lmlA - lmlB);
    return dl < 1e-5 * scale ||
           (dl < 1e-3 * scale && std::abs(logParamsA(1) - logParamsB(1)) < 0.1);
}

Matrix column(const Vector& v)
{
    return Matrix(v);
}

double normalDensity(double x, double mean, double variance)
{
    const double z = (x - mean) / std::sqrt(variance);
    return normal::pdf(z) / std::sqrt(variance);
}

} // namespace

// --- GP -------------------------------------------------------------------------------------

GaussianProcess olympicGp(const OlympicGpOptimum& optimum)
{
    const OlympicMarathonData data = olympicMarathonMen();
    GaussianProcess gp(std::make_unique<RbfKernel>(1));
    gp.setData(column(data.years), data.pace);
    if (optimum.logParams.size() > 0)
        gp.setLogParams(optimum.logParams);
    return gp;
}

OlympicGpFit fitOlympicGp(const OlympicGpOptions& options, Progress& progress)
{
    if (options.restarts < 0 || options.maxIterations < 1)
        throw InvalidInput("fitOlympicGp: restarts must be ≥ 0 and maxIterations ≥ 1");
    const auto started = std::chrono::steady_clock::now();
    const OlympicMarathonData data = olympicMarathonMen();
    GaussianProcess gp(std::make_unique<RbfKernel>(1));
    gp.setData(column(data.years), data.pace);
    const double range = data.years.maxCoeff() - data.years.minCoeff();

    // Starts (log σf², log ℓ, log σn², normalised output units): one in each basin, then
    // log-uniform random ones on the scale of the data (the GaussianProcess start box).
    std::vector<Vector> starts;
    starts.push_back(Vector{{0.0, std::log(0.1 * range), std::log(0.1)}});
    starts.push_back(Vector{{0.0, std::log(0.8 * range), std::log(0.1)}});
    Rng rng(options.seed);
    for (int r = 0; r < options.restarts; ++r)
        starts.push_back(Vector{{rng.uniform(std::log(0.05), std::log(20.0)),
                                 rng.uniform(std::log(0.05 * range), std::log(2.0 * range)),
                                 rng.uniform(std::log(1e-4), std::log(0.5))}});

    OlympicGpFit fit;
    std::vector<int> reachedFrom; // optimum index of each start (−1 if it failed)
    const double scale2 = gp.outputScale() * gp.outputScale();
    for (std::size_t k = 0; k < starts.size(); ++k) {
        progress.checkCancelled();
        progress.report(double(k), double(starts.size()),
                        "GP fit: start " + std::to_string(k + 1) + " of " +
                            std::to_string(starts.size()));
        FitReport report;
        try {
            gp.setLogParams(starts[k]);
            FitOptions fo;
            fo.restarts = 0;
            fo.maxIterations = options.maxIterations;
            report = gp.fit(fo);
        } catch (const NumericalError&) {
            reachedFrom.push_back(-1); // this start could not be evaluated: skip it
            continue;
        }
        fit.evaluations += report.evaluations;
        const Vector p = gp.logParams();
        const double lml = gp.logMarginalLikelihood();
        int index = -1;
        for (std::size_t j = 0; j < fit.optima.size(); ++j)
            if (sameOptimum(fit.optima[j].logParams, fit.optima[j].logLikelihood, p, lml))
                index = int(j);
        if (index < 0) {
            OlympicGpOptimum o;
            o.logParams = p;
            o.logLikelihood = lml;
            o.signalVariance = std::exp(p(0)) * scale2;
            o.lengthscale = std::exp(p(1));
            o.noiseVariance = std::exp(p(2)) * scale2;
            fit.optima.push_back(o);
            index = int(fit.optima.size()) - 1;
        }
        ++fit.optima[std::size_t(index)].starts;
        reachedFrom.push_back(index);
    }
    if (fit.optima.empty())
        throw NumericalError("fitOlympicGp: the likelihood could not be evaluated from any start");

    // Order by lengthscale, and remap the indices.
    std::vector<int> order(fit.optima.size());
    for (std::size_t j = 0; j < order.size(); ++j)
        order[j] = int(j);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return fit.optima[std::size_t(a)].lengthscale < fit.optima[std::size_t(b)].lengthscale;
    });
    std::vector<OlympicGpOptimum> sorted;
    std::vector<int> newIndex(order.size());
    for (std::size_t j = 0; j < order.size(); ++j) {
        newIndex[std::size_t(order[j])] = int(j);
        sorted.push_back(fit.optima[std::size_t(order[j])]);
    }
    fit.optima = std::move(sorted);
    fit.shortIndex = reachedFrom[0] >= 0 ? newIndex[std::size_t(reachedFrom[0])] : -1;
    fit.longIndex = reachedFrom[1] >= 0 ? newIndex[std::size_t(reachedFrom[1])] : -1;
    fit.bestIndex = 0;
    for (std::size_t j = 1; j < fit.optima.size(); ++j)
        if (fit.optima[j].logLikelihood > fit.optima[std::size_t(fit.bestIndex)].logLikelihood)
            fit.bestIndex = int(j);
    fit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.report(1.0, 1.0, "GP fit: done");
    return fit;
}

BandCurve predictOlympicGp(const OlympicGpOptimum& optimum, const Vector& years, bool includeNoise)
{
    const GaussianProcess gp = olympicGp(optimum);
    const Prediction p = gp.predict(column(years), includeNoise);
    return {years, p.mean, p.variance.cwiseSqrt()};
}

// --- deep GP --------------------------------------------------------------------------------

OlympicDeepGpFit fitOlympicDeepGp(const OlympicDeepGpOptions& options, Progress& progress)
{
    const OlympicMarathonData data = olympicMarathonMen();
    DeepGp model(1, options.settings);
    model.setData(column(data.years), data.pace);
    OlympicDeepGpFit fit;
    fit.settings = options.settings;
    fit.report = model.fitStaged(options.fit, progress);
    fit.parameters = model.parameters();
    return fit;
}

DeepGp olympicDeepGp(const OlympicDeepGpFit& fit)
{
    const OlympicMarathonData data = olympicMarathonMen();
    DeepGp model(1, fit.settings);
    model.setData(column(data.years), data.pace);
    if (fit.parameters.size() > 0)
        model.setParameters(fit.parameters);
    return model;
}

BandCurve predictOlympicDeepGp(const OlympicDeepGpFit& fit, const Vector& years, bool includeNoise)
{
    const Prediction p = olympicDeepGp(fit).predict(column(years), includeNoise);
    return {years, p.mean, p.variance.cwiseSqrt()};
}

BandCurve predictOlympicDeepGpMonteCarlo(const OlympicDeepGpFit& fit, const Vector& years,
                                         int samples, std::uint64_t seed, bool includeNoise)
{
    const Prediction p =
        olympicDeepGp(fit).predictMonteCarlo(column(years), samples, seed, includeNoise);
    return {years, p.mean, p.variance.cwiseSqrt()};
}

std::vector<DeepGpLayerView> olympicLayerViews(const OlympicDeepGpFit& fit, const Vector& years,
                                               int gridPoints)
{
    if (gridPoints < 2)
        throw InvalidInput("olympicLayerViews: the hidden grid needs at least two points");
    const DeepGp model = olympicDeepGp(fit);
    std::vector<DeepGpLayerView> views;
    views.push_back(model.layerView(0, column(years)));
    for (int l = 1; l < model.layerCount(); ++l) {
        const GaussianColumns h = model.hiddenLayer(l - 1);
        const Vector sd = h.variance.col(0).cwiseSqrt();
        const double lo = (h.mean.col(0) - 3.0 * sd).minCoeff();
        const double hi = (h.mean.col(0) + 3.0 * sd).maxCoeff();
        views.push_back(model.layerView(l, column(Vector::LinSpaced(gridPoints, lo, hi))));
    }
    return views;
}

DeepGpPinball olympicPinball(const OlympicDeepGpFit& fit, int points, double from, double to)
{
    if (points < 1 || !(to >= from))
        throw InvalidInput("olympicPinball: needs at least one point and from ≤ to");
    const Vector years = points == 1 ? Vector(Vector::Constant(1, 0.5 * (from + to)))
                                     : Vector(Vector::LinSpaced(points, from, to));
    return olympicDeepGp(fit).pinball(column(years));
}

// --- Turing's question ------------------------------------------------------------------------

TuringAnswer turingQuestion(const OlympicGpOptimum& gpOptimum, const OlympicDeepGpFit& deepGp,
                            const TuringOptions& options)
{
    if (options.samples < 2 || options.densityPoints < 2)
        throw InvalidInput("turingQuestion: needs at least two samples and two density points");
    TuringAnswer a;
    a.pace = options.pace;
    a.year = options.year;
    const Matrix x = Matrix::Constant(1, 1, options.year);

    const Prediction gp = olympicGp(gpOptimum).predict(x, true);
    a.gpMean = gp.mean(0);
    a.gpSd = std::sqrt(gp.variance(0));
    a.gpProbability = normal::cdf((a.gpMean - a.pace) / a.gpSd);

    const DeepGp model = olympicDeepGp(deepGp);
    const Prediction mm = model.predict(x, true);
    a.deepGpMean = mm.mean(0);
    a.deepGpSd = std::sqrt(mm.variance(0));
    a.deepGpGaussian = normal::cdf((a.deepGpMean - a.pace) / a.deepGpSd);
    const GaussianMixture mixture = model.predictiveMixture(x.row(0), options.quadratureNodes);
    a.deepGpMomentMatching = mixture.probabilityAbove(a.pace);

    const DeepGpSamples s = model.sample(x, options.samples, options.seed, true);
    const RowVector draws = s.layers.back().row(0);
    const double S = double(options.samples);
    a.deepGpMonteCarlo = double((draws.array() > a.pace).count()) / S;
    a.deepGpMonteCarloError = std::sqrt(a.deepGpMonteCarlo * (1.0 - a.deepGpMonteCarlo) / S);

    // A grid covering both predictive distributions and Turing's pace.
    const double lo = std::min({a.gpMean - 4.0 * a.gpSd, a.deepGpMean - 4.0 * a.deepGpSd, a.pace});
    const double hi = std::max({a.gpMean + 4.0 * a.gpSd, a.deepGpMean + 4.0 * a.deepGpSd, a.pace});
    a.paceGrid = Vector::LinSpaced(options.densityPoints, lo, hi);
    const Index n = a.paceGrid.size();
    a.gpDensity.resize(n);
    a.deepGpDensityGaussian.resize(n);
    for (Index i = 0; i < n; ++i) {
        a.gpDensity(i) = normalDensity(a.paceGrid(i), a.gpMean, a.gpSd * a.gpSd);
        a.deepGpDensityGaussian(i) =
            normalDensity(a.paceGrid(i), a.deepGpMean, a.deepGpSd * a.deepGpSd);
    }
    a.deepGpDensityMomentMatching = mixture.density(a.paceGrid);
    GaussianMixture drawn;
    drawn.weights = Vector::Constant(options.samples, 1.0 / S);
    drawn.means = s.outputMean.row(0).transpose();
    drawn.variances = s.outputVariance.row(0).transpose();
    a.deepGpDensityMonteCarlo = drawn.density(a.paceGrid);
    return a;
}

// --- everything at once -------------------------------------------------------------------------

OlympicResults runOlympicExperiment(const OlympicExperimentOptions& options, Progress& progress)
{
    if (options.gridPoints < 2 || !(options.toYear > options.fromYear))
        throw InvalidInput("runOlympicExperiment: the year grid needs two points and from < to");
    OlympicResults r;
    r.data = olympicMarathonMen();
    {
        ChildProgress sub(progress, 0.0, 0.02);
        r.gp = fitOlympicGp(options.gp, sub.get());
    }
    {
        ChildProgress sub(progress, 0.02, 0.95);
        r.deepGp = fitOlympicDeepGp(options.deepGp, sub.get());
    }
    progress.checkCancelled();
    progress.report(0.95, 1.0, "predictions");
    r.years = Vector::LinSpaced(options.gridPoints, options.fromYear, options.toYear);
    for (const OlympicGpOptimum& o : r.gp.optima)
        r.gpBands.push_back(predictOlympicGp(o, r.years));
    r.deepGpBand = predictOlympicDeepGp(r.deepGp, r.years);
    r.layers = olympicLayerViews(r.deepGp, r.years);
    r.pinball = olympicPinball(r.deepGp, options.pinballPoints);
    r.turing = turingQuestion(r.gp.best(), r.deepGp, options.turing);
    progress.report(1.0, 1.0, "done");
    return r;
}

} // namespace emu

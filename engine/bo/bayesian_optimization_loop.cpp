#include "engine/bo/bayesian_optimization_loop.h"

#include "engine/bo/local_penalization.h"
#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/core/rng.h"
#include "engine/core/stopwatch.h"
#include "engine/gp/gaussian_process.h"

#include <cmath>

namespace emu {

namespace {

/// SplitMix64 finaliser: decorrelates seeds that differ in a few bits.
std::uint64_t mix(std::uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Vector hyperparametersOf(const Model& model)
{
    if (const auto* gp = dynamic_cast<const GaussianProcess*>(&model))
        return gp->logParams();
    return {};
}

} // namespace

std::string stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::MaxIterations:
        return "max-iterations";
    case StopReason::EvaluationBudget:
        return "evaluation-budget";
    case StopReason::NoImprovement:
        return "no-improvement";
    case StopReason::TargetReached:
        return "target-reached";
    case StopReason::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

Index BoState::bestIndex() const
{
    if (y.size() == 0)
        return -1;
    Index best = 0;
    y.minCoeff(&best);
    return best;
}

double BoState::bestValue() const
{
    return y.size() == 0 ? std::numeric_limits<double>::infinity() : y.minCoeff();
}

RowVector BoState::bestPoint() const
{
    const Index i = bestIndex();
    return i < 0 ? RowVector() : RowVector(X.row(i));
}

BayesianOptimizationLoop::BayesianOptimizationLoop(ParameterSpace space,
                                                   std::unique_ptr<Model> model,
                                                   std::unique_ptr<Acquisition> acquisition,
                                                   const LoopSettings& settings)
    : m_space(std::move(space)), m_model(std::move(model)), m_acquisition(std::move(acquisition)),
      m_settings(settings)
{
    if (!m_model || !m_acquisition)
        throw InvalidInput("a Bayesian optimisation loop needs a model and an acquisition");
    if (m_space.isEmpty() || m_model->inputDim() != m_space.dimension())
        throw InvalidInput("the model has " + std::to_string(m_model->inputDim()) +
                           " inputs but the parameter space has " +
                           std::to_string(m_space.dimension()) + " parameters");
    validate(settings);
    m_space.requireInside(m_model->inputs(), "the model's data");
    m_state.X = m_model->inputs();
    m_state.y = m_model->outputs();
    m_state.bestSoFar.resize(m_state.y.size());
    for (Index i = 0; i < m_state.y.size(); ++i)
        m_state.bestSoFar(i) =
            i == 0 ? m_state.y(0) : std::min(m_state.bestSoFar(i - 1), m_state.y(i));
    m_state.acquisitionId = m_acquisition->id();
    m_state.modelName = m_model->name();
}

BayesianOptimizationLoop::BayesianOptimizationLoop(BayesianOptimizationLoop&&) noexcept = default;
BayesianOptimizationLoop&
BayesianOptimizationLoop::operator=(BayesianOptimizationLoop&&) noexcept = default;
BayesianOptimizationLoop::~BayesianOptimizationLoop() = default;

void BayesianOptimizationLoop::validate(const LoopSettings& s)
{
    if (s.batchSize < 1 || s.refitEvery < 0 || s.fitRestarts < 0 || s.refitRestarts < 0 ||
        s.fitMaxIterations < 1)
        throw InvalidInput("loop settings: batchSize ≥ 1, refitEvery ≥ 0, restarts ≥ 0 and "
                           "fitMaxIterations ≥ 1 are required");
    if (s.optimizer.anchors < 1 || s.optimizer.polished < 0 || s.optimizer.maxIterations < 1)
        throw InvalidInput("loop settings: the optimiser needs anchors ≥ 1, polished ≥ 0 and "
                           "maxIterations ≥ 1");
}

void BayesianOptimizationLoop::setAcquisition(std::unique_ptr<Acquisition> acquisition)
{
    if (!acquisition)
        throw InvalidInput("setAcquisition: null acquisition");
    m_acquisition = std::move(acquisition);
    m_state.acquisitionId = m_acquisition->id();
    m_pending.reset();
}

void BayesianOptimizationLoop::setSettings(const LoopSettings& settings)
{
    validate(settings);
    m_settings = settings;
    m_pending.reset();
}

std::uint64_t BayesianOptimizationLoop::seedFor(std::uint64_t purpose) const
{
    const auto iteration = std::uint64_t(m_state.iterations.size());
    return mix(mix(m_settings.seed ^ (purpose << 56)) + iteration);
}

Matrix BayesianOptimizationLoop::incumbentAnchors(std::uint64_t seed) const
{
    // The acquisition's maximum is often just next to the best point (EI, PI), where the Sobol
    // anchors are too coarse to start from; a few perturbed copies of it make sure it is tried.
    constexpr Index count = 8;
    const Index best = m_state.bestIndex();
    if (best < 0)
        return {};
    const Vector range = m_space.upperBounds() - m_space.lowerBounds();
    Rng rng(seed);
    Matrix anchors = Matrix(m_state.X.row(best)).replicate(count, 1);
    for (Index i = 0; i < count; ++i)
        for (Index j = 0; j < anchors.cols(); ++j)
            anchors(i, j) += 0.01 * range(j) * rng.normal();
    return m_space.project(anchors);
}

Matrix BayesianOptimizationLoop::suggestPoints(Index count, Progress& progress, BoIteration& record)
{
    if (m_state.size() == 0)
        throw InvalidInput("suggest: observe at least one point (an initial design) first");
    if (count < 1)
        throw InvalidInput("suggest: the number of points must be at least 1");

    progress.checkCancelled();
    const auto fitStart = Clock::now();
    if (m_settings.refitEvery > 0 && (!m_fitted || m_iterationsSinceFit >= m_settings.refitEvery)) {
        FitOptions options;
        options.restarts = m_fitted ? m_settings.refitRestarts : m_settings.fitRestarts;
        options.maxIterations = m_settings.fitMaxIterations;
        options.seed = seedFor(1);
        m_model->fit(options, Progress::none());
        m_fitted = true;
        m_iterationsSinceFit = 0;
        record.refitted = true;
    }
    record.fitSeconds = secondsSince(fitStart);

    progress.checkCancelled();
    const auto acquisitionStart = Clock::now();
    m_acquisition->update(*m_model, m_space, seedFor(2));
    const AcquisitionOptimizer optimizer(m_space, m_settings.optimizer);
    Vector values;
    Matrix points = suggestLocallyPenalizedBatch(*m_acquisition, *m_model, optimizer, count,
                                                 seedFor(3), incumbentAnchors(seedFor(4)), &values);
    record.acquisitionSeconds = secondsSince(acquisitionStart);

    record.index = int(m_state.iterations.size());
    record.dataCount = m_state.size();
    record.suggested = points;
    record.acquisitionValues = values;
    record.hyperparameters = hyperparametersOf(*m_model);
    return points;
}

Matrix BayesianOptimizationLoop::suggest(Progress& progress)
{
    return suggest(m_settings.batchSize, progress);
}

Matrix BayesianOptimizationLoop::suggest(Index count, Progress& progress)
{
    m_pending.reset();
    BoIteration record;
    Matrix points = suggestPoints(count, progress, record);
    m_pending = std::move(record);
    return points;
}

void BayesianOptimizationLoop::observe(const Matrix& X, const Vector& y)
{
    requireColumns(X, m_space.dimension(), "observed points X");
    requireRows(y.size(), X.rows(), "observed values y");
    requireFinite(X, "observed points X");
    requireFinite(y, "observed values y");
    m_space.requireInside(X, "observed points X");
    if (X.rows() == 0)
        return;

    const Index n = m_state.size(), k = X.rows();
    Matrix allX(n + k, X.cols());
    allX << m_state.X, X;
    Vector allY(n + k);
    allY << m_state.y, y;
    m_model->setData(allX, allY); // may throw: nothing has changed yet

    m_state.X = std::move(allX);
    m_state.y = std::move(allY);
    m_state.bestSoFar.conservativeResize(n + k);
    for (Index i = n; i < n + k; ++i)
        m_state.bestSoFar(i) =
            i == 0 ? m_state.y(0) : std::min(m_state.bestSoFar(i - 1), m_state.y(i));
    m_state.modelName = m_model->name();

    if (m_pending) {
        BoIteration record = std::move(*m_pending);
        m_pending.reset();
        record.values = y;
        record.bestValue = m_state.bestSoFar(n + k - 1);
        m_state.iterations.push_back(std::move(record));
        ++m_iterationsSinceFit;
    }
}

void requireIterationsTile(const std::vector<BoIteration>& records, Index observations, Index dimension)
{
    if (records.empty())
        return;
    Index next = records.front().dataCount;
    if (next < 1)
        throw InvalidInput("the first iteration must follow at least one observation");
    for (std::size_t k = 0; k < records.size(); ++k) {
        const BoIteration& r = records[k];
        const Index q = r.values.size();
        if (r.dataCount != next || q < 1 || r.suggested.cols() != dimension || next + q > observations)
            throw InvalidInput("iteration " + std::to_string(k + 1) + " does not follow the observations before it");
        next += q;
    }
    if (next != observations)
        throw InvalidInput("the iterations end at observation " + std::to_string(next) + " of " +
                           std::to_string(observations));
}

void BayesianOptimizationLoop::restoreIterations(std::vector<BoIteration> records)
{
    if (records.empty())
        return;
    if (!m_state.iterations.empty())
        throw InvalidInput("restoreIterations: the loop already recorded iterations");
    requireIterationsTile(records, m_state.size(), m_space.dimension());
    for (std::size_t k = 0; k < records.size(); ++k) {
        BoIteration& r = records[k];
        const Index first = r.dataCount, q = r.values.size();
        r.index = int(k);
        r.values = m_state.y.segment(first, q);
        r.bestValue = m_state.bestSoFar(first + q - 1);
    }
    m_state.iterations = std::move(records);
    m_pending.reset();
}

const BoIteration& BayesianOptimizationLoop::evaluatePending(const Matrix& X,
                                                             const ObjectiveFunction& objective)
{
    if (!m_pending)
        throw InvalidInput("evaluatePending: no suggestion is pending (call suggest() first)");
    if (!objective)
        throw InvalidInput("evaluatePending: no objective function");
    try {
        const auto start = Clock::now();
        const Vector y = objective(X);
        if (y.size() != X.rows())
            throw InvalidInput("the objective returned " + std::to_string(y.size()) +
                               " values for " + std::to_string(X.rows()) + " points");
        m_pending->evaluationSeconds = secondsSince(start);
        observe(X, y);
    } catch (...) {
        m_pending.reset(); // never observed: forget the suggestion, keep the history
        throw;
    }
    return m_state.iterations.back();
}

const BoIteration& BayesianOptimizationLoop::step(const ObjectiveFunction& objective,
                                                  Progress& progress)
{
    if (!objective)
        throw InvalidInput("step: no objective function");
    const Matrix X = suggest(progress);
    return evaluatePending(X, objective);
}

StopReason BayesianOptimizationLoop::run(const ObjectiveFunction& objective,
                                         const StoppingCondition& stop, Progress& progress)
{
    if (!objective)
        throw InvalidInput("run: no objective function");
    if (stop.maxIterations <= 0 && stop.maxEvaluations <= 0 && stop.noImprovementIterations <= 0 &&
        !std::isfinite(stop.targetValue))
        throw InvalidInput("run: set at least one stopping condition (iterations, evaluation "
                           "budget, no-improvement window or target value)");
    const std::size_t first = m_state.iterations.size();
    int sinceImprovement = 0;
    for (;;) {
        const int done = int(m_state.iterations.size() - first);
        if (m_state.bestValue() <= stop.targetValue)
            return StopReason::TargetReached;
        if (stop.maxIterations > 0 && done >= stop.maxIterations)
            return StopReason::MaxIterations;
        if (stop.maxEvaluations > 0 && m_state.size() >= stop.maxEvaluations)
            return StopReason::EvaluationBudget;
        if (stop.noImprovementIterations > 0 && sinceImprovement >= stop.noImprovementIterations)
            return StopReason::NoImprovement;
        if (progress.isCancelled())
            return StopReason::Cancelled;

        Index count = m_settings.batchSize;
        if (stop.maxEvaluations > 0)
            count = std::min<Index>(count, stop.maxEvaluations - m_state.size());
        const double before = m_state.bestValue();
        try {
            const Matrix X = suggest(count, progress);
            evaluatePending(X, objective);
        } catch (const Cancelled&) {
            return StopReason::Cancelled;
        }
        sinceImprovement = m_state.bestValue() < before ? 0 : sinceImprovement + 1;

        double fraction = 0.0;
        if (stop.maxIterations > 0)
            fraction = double(done + 1) / double(stop.maxIterations);
        if (stop.maxEvaluations > 0)
            fraction = std::max(fraction, double(m_state.size()) / double(stop.maxEvaluations));
        progress.report(fraction, 1.0,
                        "iteration " + std::to_string(m_state.iterations.size()) + ", best " +
                            std::to_string(m_state.bestValue()));
    }
}

std::unique_ptr<Model> replayModel(const Model& prototype, const BoState& state,
                                   std::size_t iteration)
{
    if (iteration >= state.iterations.size())
        throw InvalidInput("replayModel: iteration " + std::to_string(iteration) +
                           " does not exist (the history has " +
                           std::to_string(state.iterations.size()) + ")");
    const BoIteration& it = state.iterations[iteration];
    std::unique_ptr<Model> model = prototype.clone();
    if (auto* gp = dynamic_cast<GaussianProcess*>(model.get()); gp && it.hyperparameters.size() > 0)
        gp->setLogParams(it.hyperparameters);
    model->setData(state.X.topRows(it.dataCount), state.y.head(it.dataCount));
    return model;
}

} // namespace emu

#include "engine/mfbo/mf_bo_loop.h"

#include "engine/core/errors.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/mf/multi_fidelity_data.h"
#include "engine/mfbo/mf_max_value_entropy_search.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace emu {

namespace {

/// A level's value counts as known at x when its posterior sd is below this fraction of the
/// spread of that level's observations.
constexpr double kKnownFraction = 0.01;
/// Levels whose best anchor reaches this share of the best level's are polished.
constexpr double kPolishShare = 0.5;
/// run() gives up after this many failed runs in a row.
constexpr int kFailuresInARow = 5;
/// Proposals keep this far (a fraction of the box's width, in every input) from failed runs.
constexpr double kFailureRadius = 1e-3;

std::vector<Index> defaultInitialPoints(Index levels, Index d)
{
    std::vector<Index> counts(static_cast<std::size_t>(levels));
    // Two top-level runs cannot tell ρ from the discrepancy's trend (on the Forrester pair, two
    // of them leave the fit at ρ ≈ 0.8 instead of 2): d + 2 at the top, at least 3.
    Index n = std::max<Index>(3, d + 2);
    for (Index t = levels - 1; t >= 0; --t, n *= 2)
        counts[std::size_t(t)] = n;
    return counts;
}

} // namespace

AcquisitionOptimizerSettings mfOptimizerDefaults()
{
    AcquisitionOptimizerSettings settings;
    settings.valueTolerance = 1e-6;
    return settings;
}

const std::vector<std::string>& mfAcquisitionIds()
{
    static const std::vector<std::string> ids{"mf-mes", "aei", "ei"};
    return ids;
}

std::unique_ptr<MfAcquisition> makeMfAcquisition(const std::string& id)
{
    if (id == "mf-mes")
        return std::make_unique<MultiFidelityMaxValueEntropySearch>();
    if (id == "aei")
        return std::make_unique<AugmentedExpectedImprovement>();
    if (id == "ei")
        return std::make_unique<HighFidelityExpectedImprovement>();
    throw InvalidInput("unknown multi-fidelity acquisition '" + id + "'; valid ones are: mf-mes, aei, ei");
}

MultiFidelityBoLoop::MultiFidelityBoLoop(MfObjective objective, MfBoSettings settings)
    : m_objective(std::move(objective)), m_settings(std::move(settings)),
      m_acquisition(makeMfAcquisition(m_settings.acquisitionId))
{
    if (m_objective.space.isEmpty())
        throw InvalidInput("a multi-fidelity optimisation needs at least one input");
    if (m_objective.costs.size() < 2)
        throw InvalidInput("a multi-fidelity optimisation needs at least two levels");
    requireLevelCosts(m_objective.costs, levelCount());
    if (!m_objective.evaluate)
        throw InvalidInput("a multi-fidelity optimisation needs an objective");
    if (!m_objective.measuredCosts.empty() && Index(m_objective.measuredCosts.size()) != levelCount())
        throw InvalidInput("say for each of the " + std::to_string(levelCount()) +
                           " levels whether its cost is measured");
    if (!std::isfinite(m_settings.budget) || m_settings.budget <= 0.0)
        throw InvalidInput("the budget must be a positive number");
    if (m_settings.maxRuns < 0)
        throw InvalidInput("the largest number of runs must be ≥ 0 (0: no limit)");
    if (m_settings.fitRestarts < 0 || m_settings.fullFitEvery < 1)
        throw InvalidInput("the number of fit restarts must be ≥ 0 and full fits at least every run");
    if (m_acquisition->highestLevelOnly())
        m_firstLevel = levelCount() - 1;
    if (m_settings.initialPoints.empty())
        m_settings.initialPoints = defaultInitialPoints(levelCount(), m_objective.space.dimension());
    if (Index(m_settings.initialPoints.size()) != levelCount())
        throw InvalidInput("give the initial design's size at each of the " +
                           std::to_string(levelCount()) + " levels");
    const std::vector<Index> designSizes(m_settings.initialPoints.begin() + m_firstLevel,
                                         m_settings.initialPoints.end());
    const std::vector<Matrix> designs = nestedDesign(m_objective.space, designSizes, m_settings.seed);
    double designCost = 0.0;
    for (Index t = m_firstLevel; t < levelCount(); ++t) {
        const Matrix& design = designs[std::size_t(t - m_firstLevel)];
        designCost += double(design.rows()) * m_objective.costs[std::size_t(t)];
        for (Index i = 0; i < design.rows(); ++i)
            m_design.emplace_back(design.row(i), t);
    }
    if (designCost > m_settings.budget)
        throw InvalidInput("the budget " + formatNumber(m_settings.budget) +
                           " does not pay for the initial design, which costs " +
                           formatNumber(designCost));
}

std::vector<double> MultiFidelityBoLoop::spentPerLevel() const
{
    std::vector<double> spent(static_cast<std::size_t>(levelCount()), 0.0);
    for (const MfBoRun& r : m_runs)
        spent[std::size_t(r.level)] += r.cost;
    for (const MfBoFailure& f : m_failures)
        spent[std::size_t(f.level)] += f.cost;
    return spent;
}

bool MultiFidelityBoLoop::costIsObserved(Index level) const
{
    return m_objective.runWithCost ||
           (!m_objective.measuredCosts.empty() && m_objective.measuredCosts[std::size_t(level)]);
}

double MultiFidelityBoLoop::expectedCost(Index level) const
{
    if (!costIsObserved(level))
        return m_objective.costs[std::size_t(level)];
    double total = 0.0;
    int count = 0;
    for (const MfBoRun& r : m_runs)
        if (r.level == level) {
            total += r.cost;
            ++count;
        }
    return count > 0 ? total / count : m_objective.costs[std::size_t(level)];
}

bool MultiFidelityBoLoop::isFinished() const
{
    if (inDesign())
        return false;
    if (m_settings.maxRuns > 0 && m_runs.size() + m_failures.size() >= std::size_t(m_settings.maxRuns))
        return true;
    for (Index level = m_firstLevel; level < levelCount(); ++level)
        if (affordable(level))
            return false;
    return true;
}

std::uint64_t MultiFidelityBoLoop::seedFor(std::uint64_t purpose) const
{
    const std::uint64_t attempts = m_runs.size() + m_failures.size();
    return m_settings.seed * 1000003ULL + attempts * 16ULL + purpose;
}

void MultiFidelityBoLoop::setDataOfRuns(LinearMultiFidelityModel& model) const
{
    std::vector<Matrix> inputs(static_cast<std::size_t>(modelLevelCount()));
    std::vector<Vector> outputs(static_cast<std::size_t>(modelLevelCount()));
    for (const MfBoRun& r : m_runs) {
        Matrix& X = inputs[std::size_t(r.level - m_firstLevel)];
        Vector& y = outputs[std::size_t(r.level - m_firstLevel)];
        X.conservativeResize(X.rows() + 1, r.x.size());
        X.bottomRows(1) = r.x;
        y.conservativeResize(y.size() + 1);
        y(y.size() - 1) = r.value;
    }
    model.setData(stackLevels(inputs), stackOutputs(outputs));
}

Matrix MultiFidelityBoLoop::observedInputs() const
{
    Matrix observed(Index(m_runs.size()), m_objective.space.dimension());
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        observed.row(Index(i)) = m_runs[i].x;
    return observed;
}

void MultiFidelityBoLoop::refit()
{
    auto model = m_model ? std::make_unique<LinearMultiFidelityModel>(*m_model)
                         : std::make_unique<LinearMultiFidelityModel>(makeLinearMultiFidelityModel(
                               modelLevelCount(), m_objective.space.dimension(), m_settings.kernelId));
    setDataOfRuns(*model);
    FitOptions options;
    const bool full = !m_model || m_runs.size() % std::size_t(m_settings.fullFitEvery) == 0;
    options.restarts = m_settings.fitRestarts;
    options.seed = seedFor(1);
    if (full)
        model->fit(options);
    else
        model->continueFit(options);
    m_model = std::move(model);
}

MfBoProposal MultiFidelityBoLoop::suggest(Progress& progress)
{
    if (isFinished())
        throw InvalidInput("the budget is spent: " + formatNumber(spent()) + " of " +
                           formatNumber(m_settings.budget));
    if (m_pending)
        return *m_pending;
    MfBoProposal proposal;
    proposal.valuePerCost = Vector::Zero(levelCount());
    if (inDesign()) {
        proposal.x = m_design[m_designDone].first;
        proposal.level = m_design[m_designDone].second;
        m_pending = proposal;
        return proposal;
    }
    progress.report(0.0, 1.0, "fitting the multi-fidelity model");
    refit();
    progress.checkCancelled();
    std::vector<double> modelCosts;
    for (Index level = m_firstLevel; level < levelCount(); ++level)
        modelCosts.push_back(expectedCost(level));
    m_acquisition->update(*m_model, m_objective.space, modelCosts, seedFor(2));
    const Matrix observed = observedInputs();
    std::vector<BatchFunction> acquisitionAt(static_cast<std::size_t>(levelCount()));
    for (Index level = m_firstLevel; level < levelCount(); ++level)
        if (affordable(level))
            acquisitionAt[std::size_t(level)] = withNumericalGradient(
                [this, level, modelLevel = level - m_firstLevel](const Matrix& X) {
                    return withoutFailures(m_acquisition->evaluate(*m_model, X, modelLevel), X, level);
                },
                m_objective.space);
    // Every level's best anchor first (one batch each), then only the levels within reach of
    // the best are polished: polishing (with numerical gradients) is most of the time, and a
    // level whose best anchor is under half the leader's does not overtake it by polishing.
    AcquisitionOptimizerSettings anchorsOnly = m_settings.optimizer;
    anchorsOnly.polished = 0;
    const AcquisitionOptimizer anchorOptimizer(m_objective.space, anchorsOnly);
    const AcquisitionOptimizer optimizer(m_objective.space, m_settings.optimizer);
    std::vector<AcquisitionOptimum> optima(static_cast<std::size_t>(levelCount()));
    double bestAnchor = 0.0;
    for (Index level = m_firstLevel; level < levelCount(); ++level) {
        if (!acquisitionAt[std::size_t(level)])
            continue;
        progress.checkCancelled();
        optima[std::size_t(level)] =
            anchorOptimizer.maximize(acquisitionAt[std::size_t(level)], seedFor(3 + std::uint64_t(level)), observed);
        bestAnchor = std::max(bestAnchor, optima[std::size_t(level)].value);
    }
    double best = -1.0;
    for (Index level = m_firstLevel; level < levelCount(); ++level) {
        if (!acquisitionAt[std::size_t(level)])
            continue;
        AcquisitionOptimum& optimum = optima[std::size_t(level)];
        if (optimum.value >= kPolishShare * bestAnchor) {
            progress.checkCancelled();
            progress.report(double(level + 1), double(levelCount() + 1), "maximising the acquisition");
            optimum = optimizer.maximize(acquisitionAt[std::size_t(level)], seedFor(3 + std::uint64_t(level)), observed);
        }
        proposal.valuePerCost(level) = optimum.value;
        if (optimum.value > best) {
            best = optimum.value;
            proposal.x = optimum.x;
            proposal.level = level;
        }
    }
    promoteIfKnown(proposal);
    m_pending = proposal;
    return proposal;
}

void MultiFidelityBoLoop::promoteIfKnown(MfBoProposal& proposal) const
{
    // A cheap run where the model already knows that level's value teaches nothing, however
    // the acquisition rates it (an overconfident fit rates cheap runs near the low level's
    // minimum forever). Such a run goes up a level at the same input, while one is affordable
    // (after Kandasamy et al. 2016: query a fidelity only while it is still uncertain there).
    const Index top = levelCount() - 1;
    while (proposal.level < top) {
        const Index modelLevel = proposal.level - m_firstLevel;
        const Vector& y = m_model->levelOutputs(modelLevel);
        const double spread = y.size() > 1 ? std::sqrt((y.array() - y.mean()).square().mean()) : 0.0;
        const double sd = std::sqrt(std::max(0.0, m_model->predict(modelLevel, Matrix(proposal.x)).variance(0)));
        const Index up = proposal.level + 1;
        if (sd > kKnownFraction * spread || !affordable(up))
            break;
        proposal.level = up;
    }
}

Vector MultiFidelityBoLoop::withoutFailures(Vector values, const Matrix& X, Index level) const
{
    const RowVector width = (m_objective.space.upperBounds() - m_objective.space.lowerBounds()).transpose();
    for (const MfBoFailure& f : m_failures) {
        if (f.level != level)
            continue;
        for (Index i = 0; i < X.rows(); ++i)
            if (((X.row(i) - f.x).cwiseAbs().array() <= kFailureRadius * width.array()).all())
                values(i) = 0.0;
    }
    return values;
}

void MultiFidelityBoLoop::observe(const RowVector& x, Index level, double value, double cost, bool chosen)
{
    if (level < 0 || level >= levelCount())
        throw InvalidInput("the objective has levels 0 to " + std::to_string(levelCount() - 1) +
                           ", not " + std::to_string(level));
    if (level < m_firstLevel)
        throw InvalidInput(m_acquisition->displayName() + " runs only the highest level, " +
                           std::to_string(m_firstLevel) + ", not level " + std::to_string(level));
    m_objective.space.requireInside(Matrix(x), "the run's input");
    if (!std::isfinite(value))
        throw InvalidInput("the run's value is not a finite number");
    if (!std::isfinite(cost) || cost <= 0.0)
        throw InvalidInput("the run's cost must be a positive number");
    if (cost > remaining() + 1e-9 * m_settings.budget && !costIsObserved(level))
        throw InvalidInput("the run costs " + formatNumber(cost) + " but only " +
                           formatNumber(remaining()) + " of the budget remains");
    MfBoRun run;
    run.x = x;
    run.level = level;
    run.value = value;
    run.cost = cost;
    run.spent = m_spent + cost;
    run.chosen = chosen;
    if (inDesign()) {
        ++m_designDone;
    } else {
        run.iteration = int(std::count_if(m_runs.begin(), m_runs.end(),
                                          [](const MfBoRun& r) { return r.iteration >= 0; }));
        if (m_pending)
            run.acquisition = m_pending->valuePerCost(m_pending->level);
    }
    m_runs.push_back(run);
    m_spent = run.spent;
    m_pending.reset();
}

void MultiFidelityBoLoop::recordFailure(const RowVector& x, Index level, double cost, std::string message)
{
    if (level < m_firstLevel || level >= levelCount() || x.size() != m_objective.space.dimension())
        throw InvalidInput("a failed run needs an input of the space and a level the loop runs");
    if (!std::isfinite(cost) || cost < 0.0)
        throw InvalidInput("a failed run's cost must be a number ≥ 0");
    m_failures.push_back({x, level, cost, std::move(message)});
    m_spent += cost;
    if (inDesign())
        ++m_designDone; // a design run that fails is not tried again
    m_pending.reset();
}

bool MultiFidelityBoLoop::step(Progress& progress)
{
    const MfBoProposal p = suggest(progress);
    return runObjective(p.x, p.level, false);
}

bool MultiFidelityBoLoop::evaluateAt(const RowVector& x, Index level)
{
    if (level < m_firstLevel || level >= levelCount())
        throw InvalidInput("this optimisation runs levels " + std::to_string(m_firstLevel) + " to " +
                           std::to_string(levelCount() - 1) + ", not " + std::to_string(level));
    m_objective.space.requireInside(Matrix(x), "the run's input");
    if (!affordable(level))
        throw InvalidInput("a run at level " + std::to_string(level) + " costs " +
                           formatNumber(expectedCost(level)) + " but only " + formatNumber(remaining()) +
                           " of the budget remains");
    return runObjective(x, level, true);
}

bool MultiFidelityBoLoop::runObjective(const RowVector& x, Index level, bool chosen)
{
    const auto start = std::chrono::steady_clock::now();
    double reported = 0.0;
    const auto costOfThisRun = [&] {
        if (m_objective.runWithCost && reported > 0.0)
            return reported;
        if (!costIsObserved(level) || m_objective.runWithCost) // fixed, or a failed reporting run
            return m_objective.costs[std::size_t(level)];
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        return std::max(1e-6, elapsed.count());
    };
    double value = 0.0;
    try {
        if (m_objective.runWithCost) {
            const MfRunOutcome outcome = m_objective.runWithCost(level, x);
            if (!std::isfinite(outcome.cost) || outcome.cost <= 0.0)
                throw InvalidInput("the objective reported a cost that is not a positive number");
            value = outcome.value;
            reported = outcome.cost;
        } else {
            const Vector y = m_objective.evaluate(level, Matrix(x));
            if (y.size() != 1)
                throw InvalidInput("the objective returned " + std::to_string(y.size()) + " values for one point");
            value = y(0);
        }
        if (!std::isfinite(value))
            throw InvalidInput("the objective returned a value that is not a finite number");
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        recordFailure(x, level, costOfThisRun(), e.what());
        return false;
    }
    observe(x, level, value, costOfThisRun(), chosen);
    return true;
}

void MultiFidelityBoLoop::run(Progress& progress)
{
    int failuresInARow = 0;
    while (!isFinished()) {
        progress.checkCancelled();
        progress.report(spent(), m_settings.budget, "spending the budget");
        failuresInARow = step(Progress::none()) ? 0 : failuresInARow + 1;
        if (failuresInARow == kFailuresInARow)
            throw Error(std::to_string(kFailuresInARow) + " runs in a row failed; the last: " +
                        m_failures.back().message);
    }
    progress.report(1.0, 1.0, "budget spent");
}

MfBoRecommendation MultiFidelityBoLoop::recommend() const
{
    if (!m_model)
        throw InvalidInput("nothing to recommend before the model's first fit");
    const Index top = modelLevelCount() - 1;
    const AcquisitionOptimizer optimizer(m_objective.space, m_settings.optimizer);
    const Matrix observed = observedInputs();
    // The last fit's parameters, conditioned on every run (the last run came after the fit).
    LinearMultiFidelityModel model = *m_model;
    setDataOfRuns(model);
    const BatchFunction negativeMean = [&model, top](const Matrix& X, Matrix* gradient) {
        if (gradient)
            *gradient = -model.predictGradient(top, X).meanGradient;
        return Vector(-model.predictMean(top, X));
    };
    const AcquisitionOptimum best = optimizer.maximize(negativeMean, seedFor(9), observed);
    const Prediction p = model.predict(top, Matrix(best.x));
    return {best.x, p.mean(0), std::sqrt(std::max(0.0, p.variance(0)))};
}

} // namespace emu

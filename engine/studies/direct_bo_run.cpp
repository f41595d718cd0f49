#include "engine/studies/direct_bo_run.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/design/designs.h"
#include "engine/gp/gaussian_process.h"

#include <algorithm>

namespace emu {

namespace {

/// The run's design and loop on the unit cube, for validated settings. The initial design is
/// built on the unit cube (the same design as on the controller box, mapped linearly, without
/// a round trip that could leave the cube by rounding).
BoRun unitCubeRun(const DirectBoSettings& settings)
{
    validateDirectBoSettings(settings);
    return BoRun(BayesianOptimizationLoop(directBoUnitSpace(), makeDirectBoModel(settings),
                                          makeAcquisition(settings.acquisitionId),
                                          directBoLoopSettings(settings)),
                 makeDesign(settings.designId, directBoUnitSpace(), settings.initialPoints,
                            settings.seed));
}

} // namespace

DirectBoRun::DirectBoRun(Simulator& simulator, const DirectBoSettings& settings)
    : m_simulator(&simulator), m_run(unitCubeRun(settings))
{
    m_result.settings = settings;
    m_result.settings.simulatorId = simulator.id();
    m_result.callBudget = std::uint64_t(settings.initialPoints + settings.iterations) *
                          std::uint64_t(settings.episode.maxSteps);
    m_callsBefore = simulator.calls();
}

DirectBoRun::DirectBoRun(std::unique_ptr<Simulator> simulator, const DirectBoSettings& settings)
    : DirectBoRun(simulator
                      ? *simulator
                      : throw InvalidInput("a direct Bayesian optimisation needs a simulator"),
                  settings)
{
    m_ownedSimulator = std::move(simulator);
}

DirectBoRun::DirectBoRun(DirectBoRun&&) noexcept = default;
DirectBoRun& DirectBoRun::operator=(DirectBoRun&&) noexcept = default;
DirectBoRun::~DirectBoRun() = default;

int DirectBoRun::iterationsDone() const
{
    return int(m_run.loop().state().iterations.size());
}

void DirectBoRun::requireRunning(const char* what) const
{
    if (isFinished())
        throw InvalidInput(std::string(what) + ": the run has done all its " +
                           std::to_string(settings().iterations) + " iterations");
}

LinearController DirectBoRun::propose(Progress& progress)
{
    requireRunning("propose");
    if (m_proposal)
        return *m_proposal;
    const auto start = Clock::now();
    m_proposal = LinearController::fromRow(controllerFromUnitCube(m_run.propose(progress)), 0);
    m_result.seconds += secondsSince(start);
    return *m_proposal;
}

Vector DirectBoRun::runEpisodes(const Matrix& thetas, std::vector<EpisodeSummary>& episodes)
{
    const auto start = Clock::now();
    episodes = m_simulator->runEpisodes(thetas, settings().episode);
    Vector values(thetas.rows());
    for (Index i = 0; i < values.size(); ++i)
        values(i) = directBoObjectiveValue(settings().objective, episodes[std::size_t(i)].reward);
    m_result.simulationSeconds += secondsSince(start);
    return values;
}

const DirectBoEvaluation&
DirectBoRun::record(const Matrix& thetas, const std::vector<EpisodeSummary>& episodes,
                    int iteration, bool chosen)
{
    std::vector<DirectBoEvaluation>& evaluations = m_result.evaluations;
    for (std::size_t k = 0; k < episodes.size(); ++k) {
        const EpisodeSummary& e = episodes[k];
        DirectBoEvaluation ev;
        ev.controller = LinearController::fromRow(thetas, Index(k));
        ev.reward = e.reward;
        ev.reachedGoal = e.reachedGoal;
        ev.steps = e.steps;
        ev.bestReward =
            evaluations.empty() ? e.reward : std::max(evaluations.back().bestReward, e.reward);
        ev.callsSoFar =
            (evaluations.empty() ? 0 : evaluations.back().callsSoFar) + std::uint64_t(e.steps);
        ev.iteration = iteration;
        ev.chosen = chosen;
        evaluations.push_back(ev);
    }
    return evaluations.back();
}

const DirectBoEvaluation& DirectBoRun::complete(const Matrix& thetas, const Matrix& units,
                                                bool chosen)
{
    const bool designPoint = inDesign();
    const int iteration = designPoint ? -1 : iterationsDone();
    std::vector<EpisodeSummary> episodes;
    m_proposal.reset(); // proposed again if anything below throws
    m_run.evaluate(units, [&](const Matrix&) { return runEpisodes(thetas, episodes); });
    if (!designPoint) {
        const BoIteration& done = m_run.loop().state().iterations.back();
        m_result.fitSeconds += done.fitSeconds;
        m_result.acquisitionSeconds += done.acquisitionSeconds;
    }
    return record(thetas, episodes, iteration, chosen);
}

const DirectBoEvaluation& DirectBoRun::evaluate(Progress& progress)
{
    propose(progress);
    progress.checkCancelled();
    const auto start = Clock::now();
    const Matrix units = *m_run.proposal();
    const DirectBoEvaluation& e = complete(controllerFromUnitCube(units), units, false);
    m_result.seconds += secondsSince(start);
    return e;
}

const DirectBoEvaluation& DirectBoRun::evaluate(const LinearController& controller,
                                                Progress& progress)
{
    requireRunning("evaluate");
    if (inDesign())
        throw InvalidInput("a controller of your own can be evaluated once the initial design of " +
                           std::to_string(settings().initialPoints) + " controllers is done");
    if (!ControllerDomain::contains(controller))
        throw InvalidInput("the controller (" + std::to_string(controller.thetaP) + ", " +
                           std::to_string(controller.thetaV) + ", " +
                           std::to_string(controller.theta0) +
                           ") is outside the controller domain");
    propose(progress); // the iteration the choice completes
    progress.checkCancelled();
    const auto start = Clock::now();
    Matrix thetas(1, LinearController::parameterCount);
    thetas << controller.thetaP, controller.thetaV, controller.theta0;
    // Rounding may put a boundary controller a few ulps outside the cube: project it.
    const Matrix units = directBoUnitSpace().project(controllerToUnitCube(thetas));
    const DirectBoEvaluation& e = complete(thetas, units, true);
    m_result.seconds += secondsSince(start);
    return e;
}

DirectBoSurface DirectBoRun::surface(double theta0, const LandscapeGrid& grid) const
{
    if (inDesign())
        throw InvalidInput("the model has no data before the initial design of " +
                           std::to_string(settings().initialPoints) + " controllers is done");
    if (!m_proposal)
        return directBoSurface(result(), std::size_t(iterationsDone()), theta0, grid);
    DirectBoSurface out = directBoModelSurface(m_run.loop().model(), m_run.loop().acquisition(),
                                               settings().objective, theta0, grid);
    out.iteration = std::size_t(iterationsDone());
    out.hasSuggestion = true;
    out.suggested = *m_proposal;
    return out;
}

DirectBoResult DirectBoRun::result() const
{
    DirectBoResult r = m_result;
    r.state = m_run.loop().state();
    r.simulatorCalls = m_simulator->calls() - m_callsBefore;
    if (r.evaluations.empty())
        return r;
    const auto best =
        std::max_element(r.evaluations.begin(), r.evaluations.end(),
                         [](const DirectBoEvaluation& a, const DirectBoEvaluation& b) {
                             return a.reward < b.reward;
                         });
    r.best = best->controller;
    r.bestReward = best->reward;
    r.reachedGoal = best->reachedGoal;
    r.stepsToGoal = best->reachedGoal ? best->steps : -1;
    return r;
}

} // namespace emu

#include "engine/studies/direct_bo_run.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/core/errors.h"
#include "engine/core/stopwatch.h"
#include "engine/design/designs.h"
#include "engine/gp/gaussian_process.h"

#include <algorithm>

namespace emu {

DirectBoRun::DirectBoRun(Simulator& simulator, const DirectBoSettings& settings)
    : m_simulator(&simulator)
{
    validateDirectBoSettings(settings);
    m_result.settings = settings;
    m_result.settings.simulatorId = simulator.id();
    m_result.callBudget = std::uint64_t(settings.initialPoints + settings.iterations) *
                          std::uint64_t(settings.episode.maxSteps);
    m_callsBefore = simulator.calls();
    // The initial design is built on the unit cube (the same design as on the controller box,
    // mapped linearly, without a round trip that could leave the cube by rounding).
    m_design =
        makeDesign(settings.designId, directBoUnitSpace(), settings.initialPoints, settings.seed);
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
    return m_loop ? int(m_loop->state().iterations.size()) : 0;
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
    if (inDesign()) {
        m_proposalUnits = m_design.row(evaluationCount());
    } else {
        m_proposalUnits = m_loop->suggest(progress);
    }
    m_proposal = LinearController::fromRow(controllerFromUnitCube(m_proposalUnits), 0);
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
DirectBoRun::record(const Matrix& thetas, const std::vector<EpisodeSummary>& episodes, bool chosen)
{
    std::vector<DirectBoEvaluation>& evaluations = m_result.evaluations;
    const int iteration = inDesign() ? -1 : iterationsDone() - 1;
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
    std::vector<EpisodeSummary> episodes;
    const ObjectiveFunction objective = [&](const Matrix&) {
        return runEpisodes(thetas, episodes);
    };
    m_proposal.reset(); // proposed again if anything below throws
    const BoIteration& done = m_loop->evaluatePending(units, objective);
    m_result.fitSeconds += done.fitSeconds;
    m_result.acquisitionSeconds += done.acquisitionSeconds;
    return record(thetas, episodes, chosen);
}

const DirectBoEvaluation& DirectBoRun::evaluate(Progress& progress)
{
    propose(progress);
    progress.checkCancelled();
    const auto start = Clock::now();
    const Matrix thetas = controllerFromUnitCube(m_proposalUnits);
    if (!inDesign()) {
        const DirectBoEvaluation& e = complete(thetas, m_proposalUnits, false);
        m_result.seconds += secondsSince(start);
        return e;
    }
    // A design point: its value waits for the rest of the design, which the loop then observes
    // at once (the model needs the whole design before its first fit).
    std::vector<EpisodeSummary> episodes;
    const Vector y = runEpisodes(thetas, episodes);
    m_proposal.reset();
    const Index n = m_designY.size();
    m_designY.conservativeResize(n + 1);
    m_designY(n) = y(0);
    const DirectBoEvaluation& e = record(thetas, episodes, false);
    if (!inDesign()) {
        m_loop = std::make_unique<BayesianOptimizationLoop>(
            directBoUnitSpace(), makeDirectBoModel(settings()),
            makeAcquisition(settings().acquisitionId), directBoLoopSettings(settings()));
        m_loop->observe(m_design, m_designY);
    }
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
    if (!m_loop)
        throw InvalidInput("the model has no data before the initial design of " +
                           std::to_string(settings().initialPoints) + " controllers is done");
    if (!m_proposal)
        return directBoSurface(result(), std::size_t(iterationsDone()), theta0, grid);
    DirectBoSurface out = directBoModelSurface(m_loop->model(), m_loop->acquisition(),
                                               settings().objective, theta0, grid);
    out.iteration = std::size_t(iterationsDone());
    out.hasSuggestion = true;
    out.suggested = *m_proposal;
    return out;
}

DirectBoResult DirectBoRun::result() const
{
    DirectBoResult r = m_result;
    if (m_loop)
        r.state = m_loop->state();
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

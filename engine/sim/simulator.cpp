#include "engine/sim/simulator.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/sim/episode_loop.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

void requireFiniteState(const CarState& s, const char* what)
{
    if (!std::isfinite(s.p) || !std::isfinite(s.v))
        throw InvalidInput(std::string(what) + " is not finite (p = " + std::to_string(s.p) +
                           ", v = " + std::to_string(s.v) + ")");
}

double clippedAction(double u)
{
    if (!std::isfinite(u))
        throw InvalidInput("action u is not finite (" + std::to_string(u) + ")");
    return std::clamp(u, -1.0, 1.0);
}

} // namespace

Simulator::State Simulator::step(const State& s, double u)
{
    requireFiniteState(s, "state");
    const double action = clippedAction(u);
    ++m_calls;
    return computeStep(s, action);
}

Matrix Simulator::stepBatch(const Matrix& statesAndActions)
{
    requireColumns(statesAndActions, 3, "states and actions (p, v, u)");
    requireFinite(statesAndActions, "states and actions (p, v, u)");
    Matrix next(statesAndActions.rows(), 2);
    computeStepBatch(statesAndActions, next);
    m_calls += static_cast<std::uint64_t>(statesAndActions.rows());
    return next;
}

void Simulator::reset(const State& s)
{
    requireFiniteState(s, "start state");
    resetEpisode(s);
    m_state = s;
    m_episodeReady = true;
}

Simulator::State Simulator::advance(double u)
{
    const double action = clippedAction(u);
    if (!m_episodeReady)
        reset(m_state);
    ++m_calls;
    m_state = advanceEpisode(m_state, action);
    return m_state;
}

std::vector<EpisodeSummary> Simulator::runEpisodes(const Matrix& thetas,
                                                   const EpisodeSettings& settings)
{
    requireColumns(thetas, LinearController::parameterCount,
                   "controller parameters (thetaP, thetaV, theta0)");
    requireFinite(thetas, "controller parameters (thetaP, thetaV, theta0)");
    requireFiniteState(settings.start, "episode start state");
    if (settings.maxSteps < 0)
        throw InvalidInput("episode maxSteps is negative (" + std::to_string(settings.maxSteps) +
                           ")");
    if (!std::isfinite(settings.goalPosition))
        throw InvalidInput("episode goal position is not finite");
    std::vector<EpisodeSummary> out(static_cast<std::size_t>(thetas.rows()));
    m_episodeReady = false; // the default computeEpisodes reuses the episode machinery
    computeEpisodes(thetas, settings, out);
    for (const EpisodeSummary& e : out)
        m_calls += static_cast<std::uint64_t>(e.steps);
    return out;
}

void Simulator::computeStepBatch(const Matrix& statesAndActions, Matrix& next)
{
    for (Index i = 0; i < statesAndActions.rows(); ++i) {
        const State s{statesAndActions(i, 0), statesAndActions(i, 1)};
        const State n = computeStep(s, std::clamp(statesAndActions(i, 2), -1.0, 1.0));
        next(i, 0) = n.p;
        next(i, 1) = n.v;
    }
}

void Simulator::resetEpisode(const State&) {}

Simulator::State Simulator::advanceEpisode(const State& current, double u)
{
    return computeStep(current, u);
}

void Simulator::computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                                std::vector<EpisodeSummary>& out)
{
    for (Index i = 0; i < thetas.rows(); ++i) {
        resetEpisode(settings.start);
        out[static_cast<std::size_t>(i)] = detail::runEpisodeLoop(
            LinearController::fromRow(thetas, i), settings,
            [this](const State& s, double u) { return advanceEpisode(s, u); });
    }
}

} // namespace emu

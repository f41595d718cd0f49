#include "engine/dynamics/emulated_mountain_car.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/sim/episode_loop.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emu {

// --- EmulatedMountainCar ---------------------------------------------------------------------

EmulatedMountainCar::EmulatedMountainCar(std::shared_ptr<const StepModel> model)
    : m_model(std::move(model))
{
    if (!m_model)
        throw InvalidInput("an emulated mountain car needs an emulator");
    m_work = m_model->newWorkspace();
}

int EmulatedMountainCar::fidelity() const
{
    const SimulatorInfo* info = simulatorRegistry().find(m_model->simulatorId());
    return info ? info->fidelity : 1;
}

Simulator::State EmulatedMountainCar::computeStep(const State& s, double u)
{
    return m_model->meanStep(s, u, *m_work);
}

void EmulatedMountainCar::computeEpisodes(const Matrix& thetas, const EpisodeSettings& settings,
                                          std::vector<EpisodeSummary>& out)
{
    const StepModel& model = *m_model;
    StepModel::Workspace& work = *m_work;
    for (Index i = 0; i < thetas.rows(); ++i)
        out[std::size_t(i)] = detail::runEpisodeLoop(
            LinearController::fromRow(thetas, i), settings,
            [&](const State& s, double u) { return model.meanStep(s, u, work); });
}

// --- sampled episodes ------------------------------------------------------------------------

namespace {

void requireEpisode(const LinearController& controller, const EpisodeSettings& episode)
{
    controller.requireFinite();
    if (!std::isfinite(episode.start.p) || !std::isfinite(episode.start.v))
        throw InvalidInput("the episode start state is not finite");
    if (!std::isfinite(episode.goalPosition))
        throw InvalidInput("the episode goal position is not finite");
    if (episode.maxSteps < 0)
        throw InvalidInput("episode maxSteps is negative (" + std::to_string(episode.maxSteps) +
                           ")");
}

/// A trace of the car `carId` holding only the start state, with room for a whole episode.
EpisodeTrace startTrace(const std::string& carId, const LinearController& controller,
                        const EpisodeSettings& episode)
{
    EpisodeTrace trace;
    trace.simulatorId = carId;
    trace.controller = controller;
    trace.settings = episode;
    const std::size_t capacity = std::size_t(episode.maxSteps) + 1;
    trace.p.reserve(capacity);
    trace.v.reserve(capacity);
    trace.u.reserve(capacity);
    trace.p.push_back(episode.start.p);
    trace.v.push_back(episode.start.v);
    trace.maxPosition = episode.start.p;
    trace.reachedGoal = episode.start.p >= episode.goalPosition;
    return trace;
}

} // namespace

EmulatedSamples sampleEmulatedEpisodes(const StepModel& emulator,
                                       const LinearController& controller,
                                       const EpisodeSettings& episode,
                                       const EmulatedSampleSettings& settings, Progress& progress)
{
    requireEpisode(controller, episode);
    if (settings.samples < 1 || settings.samples > 1000)
        throw InvalidInput("sampled emulated episodes: the sample count must lie in [1, 1000] "
                           "(got " + std::to_string(settings.samples) + ")");
    const int K = settings.samples;
    EmulatedSamples result;
    result.samples.assign(std::size_t(K), startTrace(emulator.carId(), controller, episode));
    std::vector<CarState> state(std::size_t(K), episode.start);
    std::vector<double> sumSquaredActions(std::size_t(K), 0.0);
    std::vector<int> active;
    active.reserve(std::size_t(K));

    Rng rng(settings.seed);
    const std::unique_ptr<StepModel::Workspace> work = emulator.newWorkspace();
    Matrix X, mean, variance;
    for (int t = 0; t < episode.maxSteps; ++t) {
        progress.checkCancelled();
        progress.report(t, episode.maxSteps, "sampling emulated paths");
        active.clear();
        for (int k = 0; k < K; ++k)
            if (!result.samples[std::size_t(k)].reachedGoal)
                active.push_back(k);
        if (active.empty())
            break;
        const Index m = Index(active.size());
        if (X.rows() != m)
            X.resize(m, StepModel::inputCount);
        for (Index j = 0; j < m; ++j) {
            const CarState& s = state[std::size_t(active[std::size_t(j)])];
            X(j, 0) = s.p;
            X(j, 1) = s.v;
            X(j, 2) = controller.action(s);
        }
        emulator.incrementMarginals(X, settings.includeNoise, mean, variance, *work);
        for (Index j = 0; j < m; ++j) {
            const std::size_t k = std::size_t(active[std::size_t(j)]);
            const double dp = mean(j, 0) + std::sqrt(variance(j, 0)) * rng.normal();
            const double dv = mean(j, 1) + std::sqrt(variance(j, 1)) * rng.normal();
            const double u = X(j, 2);
            state[k] = emulator.limits().apply(state[k], dp, dv);
            EpisodeTrace& trace = result.samples[k];
            trace.u.push_back(u);
            sumSquaredActions[k] += u * u;
            ++trace.steps;
            trace.p.push_back(state[k].p);
            trace.v.push_back(state[k].v);
            trace.maxPosition = std::max(trace.maxPosition, state[k].p);
            trace.reachedGoal = state[k].p >= episode.goalPosition;
        }
    }

    int longest = 0;
    double rewardSum = 0.0;
    for (std::size_t k = 0; k < result.samples.size(); ++k) {
        EpisodeTrace& trace = result.samples[k];
        trace.reward = EpisodeReward::of(trace.reachedGoal, sumSquaredActions[k]);
        longest = std::max(longest, trace.steps);
        result.goalCount += trace.reachedGoal ? 1 : 0;
        rewardSum += trace.reward;
    }
    result.meanReward = rewardSum / double(K);
    progress.report(1.0, 1.0, "sampled " + std::to_string(K) + " emulated paths");
    result.positionLower.resize(std::size_t(longest) + 1);
    result.positionUpper.resize(std::size_t(longest) + 1);
    for (int t = 0; t <= longest; ++t) {
        double low = std::numeric_limits<double>::infinity(), high = -low;
        for (const EpisodeTrace& trace : result.samples) {
            const double p = trace.p[std::size_t(std::min(t, trace.steps))];
            low = std::min(low, p);
            high = std::max(high, p);
        }
        result.positionLower[std::size_t(t)] = low;
        result.positionUpper[std::size_t(t)] = high;
    }
    return result;
}

// --- comparison ------------------------------------------------------------------------------

EmulatorComparison compareWithSimulator(const StepModel& emulator, Simulator& simulator,
                                        const LinearController& controller,
                                        const EpisodeSettings& episode)
{
    requireEpisode(controller, episode);
    EmulatorComparison c;
    c.simulated = runEpisode(simulator, controller, episode);
    // A non-owning handle: the car lives only inside this function.
    EmulatedMountainCar car(
        std::shared_ptr<const StepModel>(&emulator, [](const StepModel*) {}));
    c.emulated = runEpisode(car, controller, episode);

    const std::size_t common = std::size_t(std::min(c.simulated.steps, c.emulated.steps)) + 1;
    c.positionError.resize(common);
    c.velocityError.resize(common);
    double sumP = 0.0;
    for (std::size_t t = 0; t < common; ++t) {
        c.positionError[t] = c.emulated.p[t] - c.simulated.p[t];
        c.velocityError[t] = c.emulated.v[t] - c.simulated.v[t];
        c.maxAbsPositionError = std::max(c.maxAbsPositionError, std::abs(c.positionError[t]));
        c.maxAbsVelocityError = std::max(c.maxAbsVelocityError, std::abs(c.velocityError[t]));
        sumP += c.positionError[t] * c.positionError[t];
    }
    c.rmsPositionError = std::sqrt(sumP / double(common));

    const std::size_t steps = std::size_t(c.simulated.steps);
    c.oneStepPositionError.resize(steps);
    c.oneStepVelocityError.resize(steps);
    const std::unique_ptr<StepModel::Workspace> work = emulator.newWorkspace();
    double sumOneP = 0.0, sumOneV = 0.0;
    for (std::size_t t = 0; t < steps; ++t) {
        const CarState next =
            emulator.meanStep({c.simulated.p[t], c.simulated.v[t]}, c.simulated.u[t], *work);
        c.oneStepPositionError[t] = next.p - c.simulated.p[t + 1];
        c.oneStepVelocityError[t] = next.v - c.simulated.v[t + 1];
        sumOneP += c.oneStepPositionError[t] * c.oneStepPositionError[t];
        sumOneV += c.oneStepVelocityError[t] * c.oneStepVelocityError[t];
    }
    if (steps > 0) {
        c.rmsOneStepPositionError = std::sqrt(sumOneP / double(steps));
        c.rmsOneStepVelocityError = std::sqrt(sumOneV / double(steps));
    }
    return c;
}

} // namespace emu

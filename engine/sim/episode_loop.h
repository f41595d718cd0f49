#pragma once
// Internal to engine/sim: the one episode loop every simulator shares, templated on the step
// function so the equation simulators get it fully inlined (a 500-step classic episode then
// costs a few microseconds, which is what makes 100×100 reward landscapes interactive).

#include "engine/core/types.h"
#include "engine/sim/episode_trace.h"

#include <algorithm>
#include <vector>

namespace emu::detail {

/// Runs `controller` from settings.start until the goal or settings.maxSteps; `step(s, u)`
/// returns the next state for an action already in [-1, 1].
template <typename Step>
EpisodeSummary runEpisodeLoop(const LinearController& controller, const EpisodeSettings& settings,
                              Step&& step)
{
    EpisodeSummary e;
    CarState s = settings.start;
    e.maxPosition = s.p;
    e.reachedGoal = s.p >= settings.goalPosition;
    while (!e.reachedGoal && e.steps < settings.maxSteps) {
        const double u = controller.action(s);
        e.sumSquaredActions += u * u;
        s = step(s, u);
        ++e.steps;
        e.maxPosition = std::max(e.maxPosition, s.p);
        e.reachedGoal = s.p >= settings.goalPosition;
    }
    e.finalState = s;
    e.reward = EpisodeReward::of(e.reachedGoal, e.sumSquaredActions);
    return e;
}

/// Runs one episode per row of `thetas` into `out`, `Lanes` episodes in lockstep. Each step
/// depends on the one before (a cos, then the state update), so a single episode waits on
/// latency; interleaving independent episodes lets the CPU overlap them (≈2-3× faster). Every
/// lane performs exactly the operations of runEpisodeLoop, so the results are bit-identical.
template <int Lanes, typename Step>
void runEpisodesInterleaved(const Matrix& thetas, const EpisodeSettings& settings,
                            std::vector<EpisodeSummary>& out, Step&& step)
{
    const Index n = thetas.rows();
    for (Index base = 0; base < n; base += Lanes) {
        LinearController controller[Lanes];
        EpisodeSummary e[Lanes];
        CarState s[Lanes];
        bool active[Lanes];
        for (int l = 0; l < Lanes; ++l) {
            const bool used = base + l < n;
            if (used)
                controller[l] = LinearController::fromRow(thetas, base + l);
            s[l] = settings.start;
            e[l].maxPosition = s[l].p;
            e[l].reachedGoal = s[l].p >= settings.goalPosition;
            active[l] = used && !e[l].reachedGoal;
        }
        for (int t = 0; t < settings.maxSteps; ++t) {
            bool any = false;
            for (int l = 0; l < Lanes; ++l) {
                if (!active[l])
                    continue;
                const double u = controller[l].action(s[l]);
                e[l].sumSquaredActions += u * u;
                s[l] = step(s[l], u);
                ++e[l].steps;
                e[l].maxPosition = std::max(e[l].maxPosition, s[l].p);
                e[l].reachedGoal = s[l].p >= settings.goalPosition;
                active[l] = !e[l].reachedGoal;
                any = true;
            }
            if (!any)
                break;
        }
        for (int l = 0; l < Lanes && base + l < n; ++l) {
            e[l].finalState = s[l];
            e[l].reward = EpisodeReward::of(e[l].reachedGoal, e[l].sumSquaredActions);
            out[static_cast<std::size_t>(base + l)] = e[l];
        }
    }
}

} // namespace emu::detail

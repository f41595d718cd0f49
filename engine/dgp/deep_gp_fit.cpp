// DeepGp: the staged maximisation of the variational bound.

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/dgp/deep_gp.h"
#include "engine/optim/bounded_minimizer.h"

#include <chrono>
#include <cmath>
#include <limits>

namespace emu {

namespace {

/// Whether a block is optimised in stage s (0-based) of the schedule in deep_gp.h.
bool isFree(const DeepGpParamGroup& g, int stage, int layers)
{
    switch (g.kind) {
    case DeepGpParamKind::HiddenMean:
    case DeepGpParamKind::HiddenLogVariance:
    case DeepGpParamKind::Inducing:
        return true;
    case DeepGpParamKind::LogLengthscale:
        return stage >= 1;
    case DeepGpParamKind::LogKernelVariance:
        return stage >= 2 || (stage == 1 && g.layer == layers - 1);
    case DeepGpParamKind::LogNoiseVariance:
        return stage >= 2;
    }
    return true;
}

const char* stageName(int stage)
{
    switch (stage) {
    case 0:
        return "deep GP: variational parameters";
    case 1:
        return "deep GP: + lengthscales and output variance";
    default:
        return "deep GP: all parameters";
    }
}

} // namespace

double DeepGp::runSchedule(const DeepGpFitOptions& options, Progress& progress, double from,
                           double to, DeepGpFitReport& report, std::array<double, 3>& stageBounds)
{
    Vector lower, upper;
    parameterBounds(lower, upper);
    const std::vector<DeepGpParamGroup> groups = parameterGroups();
    int totalIterations = 0;
    for (int it : options.stageIterations)
        totalIterations += std::max(it, 0);
    double done = 0.0;

    for (int stage = 0; stage < 3; ++stage) {
        const int iterations = options.stageIterations[std::size_t(stage)];
        if (iterations <= 0) {
            stageBounds[std::size_t(stage)] = m_bound;
            continue;
        }
        Vector lo = lower, hi = upper;
        const Vector start = m_params.cwiseMax(lower).cwiseMin(upper);
        for (const DeepGpParamGroup& g : groups)
            if (!isFree(g, stage, m_settings.layers)) { // lower == upper: the minimiser holds it
                lo.segment(g.offset, g.size) = start.segment(g.offset, g.size);
                hi.segment(g.offset, g.size) = start.segment(g.offset, g.size);
            }

        // The minimiser checks cancellation only between starts; a stage is one long start, so
        // the objective polls it and reports progress by evaluations (about 1.2 per iteration).
        int evaluations = 0;
        const double stageFrom = from + (to - from) * done / totalIterations;
        const double stageTo = from + (to - from) * (done + iterations) / totalIterations;
        const Objective negativeBound = [&](const Vector& p, Vector& grad) {
            progress.checkCancelled();
            if (++evaluations % 16 == 0) {
                const double f = std::min(1.0, evaluations / (1.2 * iterations));
                progress.report(stageFrom + f * (stageTo - stageFrom), 1.0, stageName(stage));
            }
            try {
                const double F = boundAt(p, &grad);
                grad = -grad;
                return -F;
            } catch (const NumericalError&) {
                return std::numeric_limits<double>::infinity(); // the minimiser backs off
            }
        };
        MinimizeOptions mo;
        mo.maxIterations = iterations;
        mo.gradientTolerance = 1e-5;
        const MinimizeResult r = minimizeBounded(negativeBound, start, lo, hi, mo);
        report.iterations += r.iterations;
        report.evaluations += r.evaluations;
        if (std::isfinite(r.value))
            setParameters(r.x);
        stageBounds[std::size_t(stage)] = m_bound;
        done += iterations;
        progress.report(stageTo, 1.0, stageName(stage));
    }
    return m_bound;
}

DeepGpFitReport DeepGp::fitStaged(const DeepGpFitOptions& options, Progress& progress)
{
    if (m_xs.rows() == 0)
        throw InvalidInput("fit: the deep GP has no data");
    if (options.restarts < 0)
        throw InvalidInput("fit: restarts must be non-negative");
    if (!(options.restartPerturbation >= 0.0) || !std::isfinite(options.restartPerturbation))
        throw InvalidInput("fit: the restart perturbation must be a finite non-negative number");
    const auto started = std::chrono::steady_clock::now();
    const Vector original = m_params;
    const Vector initial = m_params;

    DeepGpFitReport report;
    report.initialBound = m_bound;
    Vector best;
    double bestBound = -std::numeric_limits<double>::infinity();
    const int runs = 1 + options.restarts;
    Rng rng(options.seed);
    try {
        for (int run = 0; run < runs; ++run) {
            Vector start = initial;
            if (run > 0) {
                // Perturb the locations (μ and Z), keep the scales: a different path through
                // the same schedule.
                for (const DeepGpParamGroup& g : parameterGroups())
                    if (g.kind == DeepGpParamKind::HiddenMean ||
                        g.kind == DeepGpParamKind::Inducing)
                        for (Index i = 0; i < g.size; ++i)
                            start(g.offset + i) += options.restartPerturbation * rng.normal();
            }
            setParameters(start);
            std::array<double, 3> stageBounds{};
            const double F = runSchedule(options, progress, double(run) / runs,
                                         double(run + 1) / runs, report, stageBounds);
            report.runBounds.push_back(F);
            if (F > bestBound) {
                bestBound = F;
                best = m_params;
                report.stageBounds = stageBounds;
            }
        }
    } catch (...) {
        setParameters(original); // cancelled or failed: leave the model as it was
        throw;
    }
    setParameters(best);
    report.bound = m_bound;
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.report(1.0, 1.0, "deep GP: done");
    return report;
}

FitReport DeepGp::fit(const FitOptions& options, Progress& progress)
{
    DeepGpFitOptions o;
    o.restarts = options.restarts;
    o.seed = options.seed;
    o.stageIterations[2] = options.maxIterations;
    const DeepGpFitReport r = fitStaged(o, progress);
    // The bound is for the standardised outputs; y = mean + sd·ỹ adds −N log sd.
    const double shift = -double(m_y.size()) * std::log(m_ySd);
    FitReport report;
    report.logLikelihood = r.bound + shift;
    report.iterations = r.iterations;
    report.evaluations = r.evaluations;
    for (double b : r.runBounds)
        report.restartValues.push_back(b + shift);
    report.seconds = r.seconds;
    return report;
}

} // namespace emu

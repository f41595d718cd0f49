// Bayesian-optimisation benchmarks against the performance targets of engine/bo:
//   - one BO step (warm-started refit + acquisition optimisation + observe), 1-D Forrester
//     with N ≤ 30 and 2-D Branin with N ≤ 100 (no target: reported for the record);
//   - a full Branin run, 10 initial points + 50 iterations;
//   - 20 iterations of EI on Forrester, refitting every step: < 20 ms in total;
//   - one 2-D step followed by the acquisition on a 100×100 grid (a heat-map redraw): < 15 ms;
//   - the acquisition's share of a 2-D step (no refit), for every registered acquisition.
// Steps use the loop's default settings (first fit with restarts, later refits warm-started
// with one restart, 256 Sobol anchors, 3 polished). Single-threaded, like the engine.

#include "bench_util.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/memory.h"
#include "engine/design/designs.h"
#include "engine/functions/function_registry.h"
#include "engine/gp/gaussian_process.h"

#include <cstdlib>
#include <string>

using namespace emu;

namespace {

/// A GP fitted (with restarts) to n LHS points of f: the model a loop has after a while.
std::unique_ptr<GaussianProcess> fittedModel(const TestFunction& f, Index n)
{
    auto gp = makeBayesianOptimizationModel(f.dimension());
    const Matrix X = latinHypercubeDesign(f.space(), n, 1);
    gp->setData(X, f.evaluate(X));
    FitOptions options;
    options.restarts = 3;
    gp->fit(options, Progress::none());
    return gp;
}

/// One step of a loop whose model is a copy of `fitted`; the step refits warm-started.
void oneStep(const TestFunction& f, const GaussianProcess& fitted, const LoopSettings& settings)
{
    BayesianOptimizationLoop loop(f.space(), fitted.clone(), makeAcquisition("ei"), settings);
    const BoIteration& it = loop.step([&](const Matrix& X) { return f.evaluate(X); });
    if (!it.refitted || !f.space().contains(it.suggested))
        std::abort();
}

} // namespace

int main()
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    // A step on an already fitted model refits like a later iteration does.
    LoopSettings stepSettings;
    stepSettings.fitRestarts = stepSettings.refitRestarts;

    for (const char* name : {"forrester", "branin"}) {
        const auto f = makeFunction(name);
        const std::vector<Index> sizes =
            f->dimension() == 1 ? std::vector<Index>{10, 20, 30} : std::vector<Index>{25, 50, 100};
        for (Index n : sizes) {
            const auto gp = fittedModel(*f, n);
            const auto ms = bench::timeRuns([&] { oneStep(*f, *gp, stepSettings); }, 15);
            bench::report(std::string("bo_step_") + name + "_n" + std::to_string(n), ms,
                          "\"d\": " + std::to_string(f->dimension()) +
                              ", \"n\": " + std::to_string(n) + ", \"acquisition\": \"ei\"");
        }
    }

    {
        // The acquisition's share of a step (update + anchors + polishing), per acquisition.
        const auto f = makeFunction("branin");
        const auto gp = fittedModel(*f, 50);
        LoopSettings noRefit;
        noRefit.refitEvery = 0;
        for (const AcquisitionInfo& info : acquisitionRegistry()) {
            const auto ms = bench::timeRuns(
                [&] {
                    BayesianOptimizationLoop loop(f->space(), gp->clone(), info.factory(), noRefit);
                    if (!f->space().contains(loop.suggest()))
                        std::abort();
                },
                15);
            bench::report("bo_acquisition_" + info.id + "_branin_n50", ms,
                          "\"d\": 2, \"n\": 50, \"refit\": false");
        }
    }

    {
        const auto f = makeFunction("branin");
        const auto gp = fittedModel(*f, 50);
        const Matrix grid = f->space().fromUnitCube([] {
            Matrix U(100 * 100, 2);
            for (Index i = 0; i < 100; ++i)
                for (Index j = 0; j < 100; ++j)
                    U.row(i * 100 + j) << (i + 0.5) / 100.0, (j + 0.5) / 100.0;
            return U;
        }());
        const auto ms = bench::timeRuns(
            [&] {
                BayesianOptimizationLoop loop(f->space(), gp->clone(), makeAcquisition("ei"),
                                              stepSettings);
                loop.step([&](const Matrix& X) { return f->evaluate(X); });
                const Vector surface = loop.acquisition().evaluate(loop.model(), grid);
                if (!surface.allFinite())
                    std::abort();
            },
            15);
        bench::report("bo_step_branin_n50_with_100x100_surface", ms,
                      "\"d\": 2, \"n\": 50, \"grid\": 10000, \"target_ms\": 15");
    }

    {
        BoRunOptions options;
        options.functionId = "forrester";
        options.initialPoints = 5;
        options.iterations = 20;
        const auto ms = bench::timeRuns(
            [&] {
                const BoRunResult r = runBayesianOptimization(options);
                if (r.state.iterations.size() != 20 || !r.state.iterations.back().refitted)
                    std::abort();
            },
            9);
        bench::report("bo_run_forrester_5_plus_20_ei", ms,
                      "\"initial\": 5, \"iterations\": 20, \"refit_every\": 1, \"target_ms\": 20");
    }

    {
        BoRunOptions options;
        options.functionId = "branin";
        options.initialPoints = 10;
        options.iterations = 50;
        double regret = 0.0;
        const auto ms =
            bench::timeRuns([&] { regret = runBayesianOptimization(options).regret; }, 5);
        bench::report("bo_run_branin_10_plus_50_ei", ms,
                      "\"initial\": 10, \"iterations\": 50, \"regret\": " + std::to_string(regret));
    }
    return 0;
}

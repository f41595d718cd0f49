// Olympic marathon and deep GP benchmarks against their performance targets:
//   - GP fit with restarts on the Olympic data (two basin starts + 6 random): < 10 ms
//   - deep GP, full staged fit (2 layers, M = 10, 300 + 300 + 1000 iterations at most): < 2 s
// plus the pieces the Deep GPs pages recompute: predictions on a 200-year grid, Turing's
// question (quadrature and 100 000 Monte Carlo draws), and larger structures.
// Single-threaded, like the engine.

#include "bench_util.h"

#include "engine/core/memory.h"
#include "engine/studies/olympic_study.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace emu;

namespace {

/// "key": value as a JSON fragment (snprintf: GCC 12 warns falsely on "literal" + std::string).
std::string number(const char* key, double value)
{
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "\"%s\": %.6g", key, value);
    return buffer;
}

} // namespace

int main()
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    {
        OlympicGpFit fit;
        const auto ms = bench::timeRuns([&] { fit = fitOlympicGp(); }, 21);
        bench::report("olympic_gp_fit_restarts", ms,
                      "\"starts\": 8, " + number("best_log_likelihood", fit.best().logLikelihood) +
                          ", " + number("optima", double(fit.optima.size())) +
                          ", \"target_ms\": 10");
    }

    OlympicDeepGpFit deep;
    for (int layers : {2, 3}) {
        for (int inducing : {10, 20}) {
            OlympicDeepGpOptions o;
            o.settings.layers = layers;
            o.settings.inducing = inducing;
            OlympicDeepGpFit fit;
            const auto ms = bench::timeRuns([&] { fit = fitOlympicDeepGp(o); }, 5);
            const bool isDefault = layers == 2 && inducing == 10;
            if (isDefault)
                deep = fit;
            bench::report("deep_gp_staged_fit_L" + std::to_string(layers) + "_M" +
                              std::to_string(inducing),
                          ms,
                          number("bound", fit.report.bound) + ", " +
                              number("iterations", fit.report.iterations) + ", " +
                              number("evaluations", fit.report.evaluations) +
                              (isDefault ? ", \"target_ms\": 2000" : ""));
        }
    }

    {
        const Vector years = Vector::LinSpaced(200, 1890.0, 2030.0);
        const DeepGp model = olympicDeepGp(deep);
        const auto ms = bench::timeRuns(
            [&] {
                const Prediction p = model.predict(Matrix(years), true);
                if (!p.variance.allFinite())
                    std::abort();
            },
            21);
        bench::report("deep_gp_predict_moment_matching", ms, "\"points\": 200");
    }
    {
        TuringAnswer a;
        TuringOptions o;
        o.samples = 100000;
        const OlympicGpFit gp = fitOlympicGp();
        const auto ms = bench::timeRuns([&] { a = turingQuestion(gp.best(), deep, o); }, 5);
        bench::report("turing_question", ms,
                      "\"samples\": 100000, " + number("p_gp", a.gpProbability) + ", " +
                          number("p_deep_gp_moment_matching", a.deepGpMomentMatching) + ", " +
                          number("p_deep_gp_monte_carlo", a.deepGpMonteCarlo) + ", " +
                          number("p_deep_gp_gaussian", a.deepGpGaussian));
    }
    return 0;
}

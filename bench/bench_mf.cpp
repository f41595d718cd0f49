// Multi-fidelity benchmarks against the targets of engine/mf:
//   - linear multi-fidelity fit (joint, 5 restarts) on the Forrester pair, 12 low + 6 high: < 50 ms
//   - nonlinear (NARGP) prediction at 200 points (100 Monte Carlo samples): < 20 ms
// plus the other fits and predictions on the Forrester and nonlinear-sine pairs, each with the
// fitted ρ (linear) and the relative error of the high-fidelity mean on 1000 test points.
// Single-threaded, like the engine.

#include "bench_util.h"

#include "engine/core/memory.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/multi_fidelity_data.h"
#include "engine/mf/nonlinear_multi_fidelity_model.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace emu;

namespace {

struct Pair
{
    std::string id;
    Matrix X;
    Vector y;
    Matrix grid;  ///< 200 prediction points
    Matrix test;  ///< 1000 test points
    Vector truth; ///< high fidelity at the test points
};

Pair makePair(const std::string& id, Index low, Index high)
{
    const MultiFidelityProblem& p = multiFidelityProblems().at(id);
    const std::vector<Matrix> designs = nestedDesign(p.space(), {low, high}, 0);
    Pair pair;
    pair.id = id;
    pair.X = stackLevels(designs);
    pair.y = stackOutputs({p.evaluate(0, designs[0]), p.evaluate(1, designs[1])});
    pair.grid = Vector::LinSpaced(200, 0.0, 1.0);
    pair.test = Vector::LinSpaced(1000, 0.0, 1.0);
    pair.truth = p.evaluate(1, pair.test);
    return pair;
}

double relativeError(const Vector& mean, const Vector& truth)
{
    return (mean - truth).norm() / truth.norm();
}

std::string number(double v)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

FitOptions fiveRestarts()
{
    FitOptions options;
    options.restarts = 5;
    return options;
}

void benchLinear(const Pair& pair, MfFitMethod method, const char* target)
{
    LinearMfSettings settings;
    settings.method = method;
    LinearMultiFidelityModel model = makeLinearMultiFidelityModel(2, 1, "rbf", true, settings);
    const auto fitMs = bench::timeRuns(
        [&] {
            model = makeLinearMultiFidelityModel(2, 1, "rbf", true, settings);
            model.setData(pair.X, pair.y);
            model.fit(fiveRestarts());
        },
        9);
    const std::string name = method == MfFitMethod::Joint ? "joint" : "recursive";
    const std::string extra = "\"n\": " + std::to_string(pair.X.rows()) +
                              ", \"restarts\": 5, \"rho\": " + number(model.rho()(0)) +
                              ", \"relative_error\": " +
                              number(relativeError(model.predict(1, pair.test).mean, pair.truth));
    bench::report("mf_linear_" + name + "_fit_" + pair.id, fitMs,
                  extra + (target ? std::string(", \"target_ms\": ") + target : ""));
    const auto predictMs = bench::timeRuns(
        [&] {
            if (!model.predict(1, pair.grid).variance.allFinite())
                std::abort();
        },
        51);
    bench::report("mf_linear_" + name + "_predict200_" + pair.id, predictMs, "\"points\": 200");
}

void benchNonlinear(const Pair& pair, const char* target)
{
    NonlinearMultiFidelityModel model(2, 1);
    const auto fitMs = bench::timeRuns(
        [&] {
            model = NonlinearMultiFidelityModel(2, 1);
            model.setData(pair.X, pair.y);
            model.fit(fiveRestarts());
        },
        9);
    bench::report("mf_nonlinear_fit_" + pair.id, fitMs,
                  "\"n\": " + std::to_string(pair.X.rows()) +
                      ", \"restarts\": 5, \"relative_error\": " +
                      number(relativeError(model.predict(1, pair.test).mean, pair.truth)));
    const auto predictMs = bench::timeRuns(
        [&] {
            if (!model.predict(1, pair.grid).variance.allFinite())
                std::abort();
        },
        51);
    bench::report("mf_nonlinear_predict200_" + pair.id, predictMs,
                  "\"points\": 200, \"samples\": " + std::to_string(model.sampleCount()) +
                      (target ? std::string(", \"target_ms\": ") + target : ""));
}

} // namespace

int main()
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    const Pair forrester = makePair("forrester", 12, 6);
    const Pair sine = makePair("nonlinear-sin", 50, 14);
    benchLinear(forrester, MfFitMethod::Joint, "50");
    benchLinear(forrester, MfFitMethod::Recursive, nullptr);
    benchNonlinear(forrester, "20");
    benchLinear(sine, MfFitMethod::Joint, nullptr);
    benchLinear(sine, MfFitMethod::Recursive, nullptr);
    benchNonlinear(sine, "20");
    return 0;
}

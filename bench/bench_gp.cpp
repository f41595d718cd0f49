// Gaussian-process benchmarks against the performance targets of the GP engine:
//   - set data + predict mean and variance at 1000 points, fixed RBF hyperparameters,
//     N = 100, 500, 1000, 2000 and d = 1, 3 (target at N = 1000: < 40 ms); Matérn 5/2 too
//   - hyperparameter fit, ARD RBF + noise, d = 3, N = 100 and 500, 5 restarts
//   - one interactive update, N = 50, 500 grid points: well under 1 ms
//   - hyperparameter fit, ARD RBF + noise, d = 3, N = 500, 5 restarts (compared with
//     scikit-learn's GaussianProcessRegressor on the same data by a script: ≥ 5× faster)
// Single-threaded, like the engine.

#include "bench_util.h"

#include "engine/core/memory.h"
#include "engine/core/rng.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"

#include <cmath>
#include <cstdlib>
#include <string>

using namespace emu;

namespace {

/// Smooth test function plus seeded noise; inputs uniform in [0, 2]^d.
void makeData(Index n, Index d, std::uint64_t seed, Matrix& X, Vector& y)
{
    Rng rng(seed);
    X = 2.0 * rng.uniformMatrix(n, d);
    y.resize(n);
    for (Index i = 0; i < n; ++i) {
        double v = std::sin(3.0 * X(i, 0));
        for (Index k = 1; k < d; ++k)
            v += 0.5 * std::cos(2.0 * X(i, k) + double(k));
        y(i) = v + 0.1 * rng.normal();
    }
}

} // namespace

int main()
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    for (const char* kernel : {"rbf", "matern52"}) {
        for (Index d : {1, 3}) {
            for (Index n : {100, 500, 1000, 2000}) {
                Matrix X, Xs;
                Vector y, ys;
                makeData(n, d, 1, X, y);
                makeData(1000, d, 2, Xs, ys);
                GaussianProcess gp(makeKernel(kernel, d, true));
                const auto ms = bench::timeRuns(
                    [&] {
                        gp.setData(X, y);
                        const Prediction p = gp.predict(Xs);
                        if (!p.variance.allFinite())
                            std::abort();
                    },
                    n >= 2000 ? 5 : 9);
                bench::report(std::string("gp_set_data_predict_") + kernel + "_d" + std::to_string(d) + "_n" +
                                  std::to_string(n),
                              ms, "\"n\": " + std::to_string(n) + ", \"points\": 1000" +
                                      (n == 1000 ? ", \"target_ms\": 40" : ""));
            }
        }
    }

    {
        Matrix X, grid(500, 1);
        Vector y;
        makeData(50, 1, 3, X, y);
        for (Index i = 0; i < 500; ++i)
            grid(i, 0) = 2.0 * double(i) / 499.0;
        GaussianProcess gp(makeKernel("rbf", 1));
        bench::report("gp_interactive_set_data_predict",
                      bench::timeRuns([&] { gp.setData(X, y), gp.predict(grid); }, 101),
                      "\"n\": 50, \"points\": 500, \"target_ms\": 1");
        GaussianProcess base(makeKernel("rbf", 1));
        base.setData(X.topRows(49), y.head(49));
        bench::report("gp_interactive_add_point_predict", bench::timeRuns([&] {
                          GaussianProcess copy = base;
                          copy.addPoint(X.row(49), y(49));
                          copy.predict(grid);
                      }, 101),
                      "\"n\": 50, \"points\": 500, \"target_ms\": 1");
    }

    for (Index n : {100, 500}) {
        Matrix X;
        Vector y;
        makeData(n, 3, 11, X, y);
        FitReport last;
        const auto ms = bench::timeRuns(
            [&] {
                GaussianProcess gp(makeKernel("rbf", 3, true));
                gp.setData(X, y);
                FitOptions options;
                options.restarts = 5;
                last = gp.fit(options);
            },
            3);
        bench::report("gp_fit_ard_rbf_d3_n" + std::to_string(n) + "_restarts5", ms,
                      "\"evaluations\": " + std::to_string(last.evaluations) +
                          ", \"log_likelihood\": " + std::to_string(last.logLikelihood));
    }
    return 0;
}

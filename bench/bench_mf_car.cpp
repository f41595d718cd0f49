// Multi-fidelity dynamics-emulator benchmarks (the mountain-car part of multi-fidelity
// emulation): for the linear (AR1) and nonlinear (NARGP) models, each with one model per
// output (Δp, Δv) on 250 low-fidelity + 250 high-fidelity calls (the same inputs),
//   - training: the nested design, the 500 calls and the fits of both outputs;
//   - predicting the high level's mean and variance of both increments at 1000 points;
//   - one emulated 500-step episode on the high level's mean (what BO runs 75 times);
//   - the whole multi-fidelity car (runMfEmulatorBayesianOptimization): training, BO on the
//     emulator (25 + 50), validation on the classic car and the 1000-point held-out test.
// Then a profile log likelihood of the linear model's ρ, to see whether the small ρ the
// recursive fit finds (≈ 0.01–0.02) is what the data support or a poor optimum (see
// benchRhoProfile()).
// Single-threaded, like the engine.

#include "bench_util.h"

#include "engine/core/memory.h"
#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/dynamics/multi_fidelity_dynamics_emulator.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/multi_fidelity_data.h"
#include "engine/sim/classic_mountain_car.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/mf_emulator_study.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace emu;

namespace {

/// One multi-fidelity emulator of the comparison.
struct Variant
{
    std::string model;     ///< "linear" or "nonlinear"
    std::string linearFit; ///< "joint" or "recursive"
    std::string name;      ///< suffix of the benchmark names
};

/// The linear model fitted jointly (what the car used before) and level by level (now).
std::vector<Variant> variants()
{
    return {{"linear", "joint", "linear_joint"},
            {"linear", "recursive", "linear_recursive"},
            {"nonlinear", "recursive", "nonlinear"}};
}

std::string jsonBool(bool value)
{
    return value ? "true" : "false";
}

double millisecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

/// Training, prediction and one emulated episode of one variant.
void benchEmulator(const Variant& variant)
{
    MfEmulatorSettings settings; // 250 + 250, 2 restarts
    settings.model = variant.model;
    settings.linearFit = variant.linearFit;
    std::shared_ptr<const MultiFidelityDynamicsEmulator> emulator;
    double fitMs = 0.0;
    const auto trainMs = bench::timeRuns(
        [&] {
            const auto low = makeSimulator("low");
            const auto high = makeSimulator("classic");
            emulator = std::make_shared<const MultiFidelityDynamicsEmulator>(
                MultiFidelityDynamicsEmulator::train(*low, *high, settings));
            fitMs = 1000.0 * emulator->fitSeconds();
            if (low->calls() != 250 || high->calls() != 250)
                std::abort();
        },
        3);
    ClassicMountainCar tester;
    const EmulatorTestError error = emulator->test(tester, 1000, 0);
    bench::report("mf_car_train_250_250_" + variant.name, trainMs,
                  "\"low_calls\": 250, \"high_calls\": 250, \"restarts\": 2, \"fit_ms\": " +
                      std::to_string(fitMs) + ", \"rho_dp\": " + bench::number(emulator->rho(0)) +
                      ", \"rho_dv\": " + bench::number(emulator->rho(1)) +
                      ", \"test_nrmse_dp\": " + bench::number(error.position.normalizedRmse) +
                      ", \"test_nrmse_dv\": " + bench::number(error.velocity.normalizedRmse));

    const Matrix X = StepModel::testInputs(emulator->limits(), 1000, 0);
    const auto predictMs = bench::timeRuns(
        [&] {
            Matrix variance;
            if (emulator->predictIncrements(X, &variance).rows() != 1000)
                std::abort();
        },
        5);
    bench::report("mf_car_predict_1000_" + variant.name, predictMs,
                  "\"points\": 1000, \"what\": \"high-level mean and variance of dp, dv\"");

    EmulatedMountainCar car(emulator);
    const LinearController idle{0.0, 0.0, 0.0}; // never leaves the valley: all 500 steps
    const auto episodeMs = bench::timeRuns(
        [&] {
            if (runEpisode(car, idle).steps != MountainCar::maxSteps)
                std::abort();
        },
        5);
    bench::report("mf_car_episode_500_" + variant.name, episodeMs, "\"steps\": 500");
}

/// The whole multi-fidelity car of one variant with the default settings and seed 0.
void benchPipeline(const Variant& variant)
{
    MfEmulatorBoSettings settings;
    settings.emulator.model = variant.model;
    settings.emulator.linearFit = variant.linearFit;
    settings.seed = 0;
    settings.testPoints = 1000;
    MfEmulatorBoResult result;
    const auto ms =
        bench::timeRuns([&] { result = runMfEmulatorBayesianOptimization(settings); }, 2);
    bench::report(
        "mf_car_pipeline_" + variant.name, ms,
        "\"reward\": " + bench::number(result.reward) +
            ", \"reached_goal\": " + jsonBool(result.reachedGoal) +
            ", \"rho_dp\": " + bench::number(result.emulator->rho(0)) +
            ", \"rho_dv\": " + bench::number(result.emulator->rho(1)) +
            ", \"test_nrmse_dp\": " + bench::number(result.testError.position.normalizedRmse) +
            ", \"test_nrmse_dv\": " + bench::number(result.testError.velocity.normalizedRmse) +
            ", \"training_seconds\": " + bench::number(result.trainingSeconds) +
            ", \"test_seconds\": " + bench::number(result.testSeconds));
}

// --- profile likelihood of ρ ------------------------------------------------------------------
//
// The recursive fit of the linear model explains the high level's increments at X_H by
//     y_H = ρ μ_L(X_H) + δ(X_H),   δ ~ GP(β, Matérn 5/2 ARD) + noise,
// with μ_L the fitted low level's posterior mean and ρ, β the GLS coefficients. Holding ρ fixed
// and maximising the likelihood of the residuals y_H − ρ μ_L(X_H) over δ's hyperparameters
// gives the profile log likelihood of ρ; its maximum over ρ is what the data support. δ is an
// engine GaussianProcess (Matérn 5/2 ARD, fitted noise; its constant mean is the residuals'
// average, not the GLS β) on the unit-cube inputs the emulator uses, started from the
// emulator's own δ and from random starts, so at the fitted ρ the profile is at least the
// likelihood of the emulator's δ in that GP.

constexpr int kCalls = 250;
constexpr std::uint64_t kSeed = 0;

/// Simulator calls at both levels: rows (p, v, u) and rows (p', v').
struct Transitions
{
    Matrix lowInputs, lowNext, highInputs, highNext;
    StateLimits lowLimits, highLimits;
};

/// The calls MultiFidelityDynamicsEmulator::train makes with the default settings and seed 0
/// (the same nested design), made here so that the bench holds the data.
Transitions simulateNestedDesign()
{
    const auto low = makeSimulator("low");
    const auto high = makeSimulator("classic");
    Transitions t;
    t.lowLimits = low->limits();
    t.highLimits = high->limits();
    const std::vector<Matrix> design =
        nestedDesign(t.highLimits.trainingBox(), {Index(kCalls), Index(kCalls)}, kSeed);
    t.lowInputs = design[0];
    t.highInputs = design[1];
    t.lowNext = low->stepBatch(t.lowInputs);
    t.highNext = high->stepBatch(t.highInputs);
    return t;
}

/// The high level's data of one output as the emulator's model sees it, and μ_L there.
struct HighLevel
{
    Matrix units;     ///< unit-cube inputs of the transitions off the limits
    Vector increment; ///< y_H: Δp or Δv
    Vector lowMean;   ///< μ_L(X_H): the low level's posterior mean (fidelity column 0)
};

HighLevel highLevel(const Transitions& t, const MultiFidelityDynamicsEmulator& emulator,
                    Index output)
{
    const std::vector<Index> keep = t.highLimits.rowsOffLimits(t.highNext);
    const Matrix inputs = t.highInputs(keep, Eigen::all);
    HighLevel h;
    h.units = t.highLimits.toUnitCube(inputs);
    h.increment = t.highNext(keep, output) - inputs.col(output);
    h.lowMean = emulator.model(output).predict(withFidelity(h.units, 0)).mean;
    return h;
}

/// Ordinary least squares y ≈ a + b x.
struct LeastSquaresLine
{
    double slope = 0.0;
    double rSquared = 0.0;
};

LeastSquaresLine leastSquaresLine(const Vector& x, const Vector& y)
{
    const Vector dx = x.array() - x.mean();
    const Vector dy = y.array() - y.mean();
    const double sxy = dx.dot(dy), sxx = dx.squaredNorm(), syy = dy.squaredNorm();
    return {sxy / sxx, sxy * sxy / (sxx * syy)};
}

/// The emulator's δ of the high level: hyperparameters in the units of its model's output
/// scale (the model divides all outputs by one scale s, so variances are in units of s²).
struct FittedDelta
{
    Vector kernelLogParams;
    double noiseVariance = 0.0;
    double minNoiseVariance = 0.0; ///< the model's lower bound of the noise variance
    double outputScale = 1.0;
};

FittedDelta fittedDelta(const MultiFidelityDynamicsEmulator& emulator, Index output)
{
    const auto& model = dynamic_cast<const LinearMultiFidelityModel&>(emulator.model(output));
    return {model.kernel(1).logParams(), model.noiseVariance(1), model.settings().minNoiseVariance,
            model.outputScale()};
}

/// The δ of `fitted` as log hyperparameters of `gp`, which divides its outputs by its own
/// scale: variances (kernel and noise) change by (s_model / s_gp)², lengthscales stay.
Vector inGpUnits(const FittedDelta& fitted, const GaussianProcess& gp)
{
    const double logRatio = 2.0 * std::log(fitted.outputScale / gp.outputScale());
    const std::vector<ParamInfo> info = gp.kernel().paramInfo();
    Vector p(Index(info.size()) + 1);
    for (Index j = 0; j < Index(info.size()); ++j)
        p(j) = fitted.kernelLogParams(j) +
               (info[std::size_t(j)].scale == ParamScale::Variance ? logRatio : 0.0);
    p(p.size() - 1) = std::log(fitted.noiseVariance) + logRatio;
    return p;
}

/// A δ GP of the residuals y_H − ρ μ_L(X_H), with the emulator's δ as its hyperparameters.
/// The data are noise-free, so the best noise variance is the lowest allowed, and that floor
/// moves the likelihood by tens of units: the GP gets the model's floor in absolute terms.
GaussianProcess deltaAt(const HighLevel& h, double rho, const FittedDelta& fitted)
{
    GaussianProcess gp(makeKernel("matern52", DynamicsEmulator::inputCount, true));
    gp.setData(h.units, h.increment - rho * h.lowMean);
    GpSettings settings = gp.settings();
    settings.minNoiseVariance =
        fitted.minNoiseVariance * std::pow(fitted.outputScale / gp.outputScale(), 2.0);
    settings.noiseVariance = std::max(settings.noiseVariance, settings.minNoiseVariance);
    gp.setSettings(settings);
    const Vector start = inGpUnits(fitted, gp);
    const Vector lower = gp.kernel().logLowerBounds(), upper = gp.kernel().logUpperBounds();
    Vector clipped = start;
    clipped.head(lower.size()) = start.head(lower.size()).cwiseMax(lower).cwiseMin(upper);
    gp.setLogParams(clipped);
    return gp;
}

/// One point of the profile: ρ and max over δ's hyperparameters of log p(y_H − ρ μ_L).
struct ProfilePoint
{
    double rho = 0.0;
    std::string kind; ///< "grid", "fitted" (the emulator's ρ) or "ols" (the OLS slope)
    double logLikelihood = 0.0;
    double fitMs = 0.0;
};

ProfilePoint profileAt(const HighLevel& h, double rho, const std::string& kind,
                       const FittedDelta& fitted, std::uint64_t seed)
{
    const auto start = std::chrono::steady_clock::now();
    GaussianProcess gp = deltaAt(h, rho, fitted);
    FitOptions options; // the emulator's δ plus random starts
    options.restarts = 3;
    options.maxIterations = 100;
    options.seed = seed;
    gp.fit(options);
    return {rho, kind, gp.logMarginalLikelihood(), millisecondsSince(start)};
}

const ProfilePoint& maximum(const std::vector<ProfilePoint>& profile)
{
    return *std::max_element(profile.begin(), profile.end(),
                             [](const ProfilePoint& a, const ProfilePoint& b) {
                                 return a.logLikelihood < b.logLikelihood;
                             });
}

double logLikelihoodAt(const std::vector<ProfilePoint>& profile, const std::string& kind,
                       double rho)
{
    for (const ProfilePoint& p : profile)
        if (p.kind == kind && p.rho == rho)
            return p.logLikelihood;
    return std::nan("");
}

/// The profile of one output on a fixed grid plus the fitted ρ and the OLS slope (one line per
/// ρ, with how far below the maximum it lies), then a summary: the fitted ρ, the OLS slope of
/// y_H on μ_L(X_H) and its R², the ρ of the maximum, how far the fitted ρ, 0 and 1 lie below
/// it, and the log likelihood of the emulator's own δ at the fitted ρ (the same GP, not fitted).
void benchRhoProfileOf(const Transitions& t, const MultiFidelityDynamicsEmulator& emulator,
                       Index output, const std::string& outputName)
{
    const HighLevel h = highLevel(t, emulator, output);
    const FittedDelta fitted = fittedDelta(emulator, output);
    const double fittedRho = emulator.rho(output);
    const LeastSquaresLine ols = leastSquaresLine(h.lowMean, h.increment);
    const std::uint64_t seed = 11 + std::uint64_t(output); // the same random starts at every ρ

    std::vector<ProfilePoint> profile;
    for (const double rho : {0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0})
        profile.push_back(profileAt(h, rho, "grid", fitted, seed));
    profile.push_back(profileAt(h, fittedRho, "fitted", fitted, seed));
    profile.push_back(profileAt(h, ols.slope, "ols", fitted, seed));
    std::stable_sort(profile.begin(), profile.end(),
                     [](const ProfilePoint& a, const ProfilePoint& b) { return a.rho < b.rho; });

    const ProfilePoint& best = maximum(profile);
    double totalMs = 0.0;
    for (const ProfilePoint& p : profile) {
        totalMs += p.fitMs;
        bench::report(
            "mf_car_rho_profile_" + outputName, {p.fitMs},
            "\"rho\": " + bench::number(p.rho) + ", \"kind\": \"" + p.kind +
                "\", \"log_likelihood\": " + bench::number(p.logLikelihood) +
                ", \"below_max\": " + bench::number(best.logLikelihood - p.logLikelihood));
    }
    const double atFitted = logLikelihoodAt(profile, "fitted", fittedRho);
    const double emulatorDelta = deltaAt(h, fittedRho, fitted).logMarginalLikelihood();
    bench::report("mf_car_rho_summary_" + outputName, {totalMs},
                  "\"high_points\": " + std::to_string(h.units.rows()) + ", \"fitted_rho\": " +
                      bench::number(fittedRho) + ", \"ols_rho\": " + bench::number(ols.slope) +
                      ", \"ols_r2\": " + bench::number(ols.rSquared) + ", \"max_rho\": " +
                      bench::number(best.rho) + ", \"max_kind\": \"" + best.kind +
                      "\", \"max_log_likelihood\": " + bench::number(best.logLikelihood) +
                      ", \"fitted_below_max\": " + bench::number(best.logLikelihood - atFitted) +
                      ", \"zero_below_max\": " +
                      bench::number(best.logLikelihood - logLikelihoodAt(profile, "grid", 0.0)) +
                      ", \"one_below_max\": " +
                      bench::number(best.logLikelihood - logLikelihoodAt(profile, "grid", 1.0)) +
                      ", \"emulator_delta_log_likelihood\": " + bench::number(emulatorDelta));
}

/// Profiles of ρ for Δp and Δv of the linear model fitted level by level (the car's default).
void benchRhoProfile()
{
    const Transitions t = simulateNestedDesign();
    MfEmulatorSettings settings; // linear, recursive, seed 0: the emulator train() builds
    const MultiFidelityDynamicsEmulator emulator = MultiFidelityDynamicsEmulator::fromTransitions(
        t.lowInputs, t.lowNext, t.highInputs, t.highNext, settings, t.lowLimits, t.highLimits);
    benchRhoProfileOf(t, emulator, 0, "dp");
    benchRhoProfileOf(t, emulator, 1, "dv");
}

} // namespace

int main()
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    for (const Variant& variant : variants()) {
        benchEmulator(variant);
        benchPipeline(variant);
    }
    benchRhoProfile();
    return 0;
}

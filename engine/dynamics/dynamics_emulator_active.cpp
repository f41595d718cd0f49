// The active (uncertainty-sampling) design of DynamicsEmulator::train; see dynamics_emulator.h.
//
// Per output o, with the GP's factor L (n×n, noise and jitter included) and the candidates C:
//     V_o = L⁻¹ k_o(X, C)   (n×M),   var_o(c) = σ_o² − |V_o(:, c)|²       (normalised units)
// Adding candidate c* with observation noise σn² borders L by the row (lᵀ, λ), l = V_o(:, c*),
// λ² = var_o(c*) + σn², which appends to V_o the row
//     r = (k_o(x*, C) − lᵀ V_o) / λ,   and   var_o ← var_o − r²
// (the posterior variance after one more observation), O(n M) per point instead of a new
// O(n² M) solve. After a refit the hyperparameters change and V_o is recomputed from scratch.

#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/dynamics/detail/fit_progress.h"
#include "engine/dynamics/dynamics_emulator.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/stationary_kernel.h"
#include "engine/sim/simulator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emu {

namespace {

/// Mixed into the candidates' Sobol scrambling so they never coincide with the initial design.
constexpr std::uint64_t kCandidateSeedOffset = 0xca9d'1da7'e500'0001ULL;
/// Largest default candidate set (memory: 2 × N × M doubles).
constexpr Index kMaxDefaultCandidates = 4096;
/// Iterations of the intermediate, warm-started refits.
constexpr int kRefitIterations = 50;

/// The candidate's state while choosing points for one output.
struct OutputState
{
    Matrix V;        ///< rows 0…n−1: L⁻¹ k(X, C) (N×M allocated)
    Vector variance; ///< latent variance at every candidate (M), normalised units
    double kernelVariance = 1.0;
    double noise = 0.0; ///< σn² + jitter of the last factorisation
};

} // namespace

void DynamicsEmulator::acquireActive(Simulator& simulator, Progress& progress)
{
    const int N = m_settings.trainingCalls;
    const int n0 = m_settings.activeInitialPoints > 0 ? m_settings.activeInitialPoints
                                                      : std::min(N, std::max(7, N / 10));
    const Index M =
        m_settings.activeCandidates > 0
            ? Index(m_settings.activeCandidates)
            : std::max<Index>(N, std::min<Index>(kMaxDefaultCandidates, std::max(1024, 2 * N)));
    const std::uint64_t seed = m_settings.seed;
    const ParameterSpace unit = ParameterSpace::box(Vector::Zero(3), Vector::Ones(3));
    // Progress: the active design takes [0, 0.8] of train(), the final fit the rest.
    constexpr double share = 0.8;

    progress.checkCancelled();
    const Matrix X0 = fromUnitCube(makeDesign("lhs", unit, n0, seed));
    appendData(X0, simulator.stepBatch(X0));
    const Matrix C = sobolDesign(unit, M, seed ^ kCandidateSeedOffset);
    std::vector<char> used(std::size_t(M), 0);

    const Matrix Cx = fromUnitCube(C);
    std::vector<char> predictedLimited(std::size_t(M), 0);

    OutputState out[outputCount];
    for (OutputState& o : out)
        o.V.resize(N, M);
    int fittedAt = 0;
    // Fits the GPs to all data so far and recomputes every candidate's variance, and which
    // candidates the GPs expect to end on a limit.
    auto refit = [&](int restarts, int iterations) {
        const Index n = m_trainUnits.rows();
        const double at = share * double(m_inputs.rows()) / double(N);
        fitModels(restarts, iterations, seed + std::uint64_t(m_inputs.rows()), progress, at, at);
        Matrix next = Cx.leftCols(outputCount);
        for (int k = 0; k < outputCount; ++k) {
            const GaussianProcess& gp = *m_models[k];
            OutputState& o = out[k];
            auto V = o.V.topRows(n);
            V = gp.kernel().compute(m_trainUnits, C);
            next.col(k).array() +=
                gp.outputOffset() + gp.outputScale() * (V.transpose() * gp.weights()).array();
            gp.choleskyFactor().triangularView<Eigen::Lower>().solveInPlace(V);
            o.kernelVariance = static_cast<const StationaryKernel&>(gp.kernel()).variance();
            o.variance = (o.kernelVariance - V.colwise().squaredNorm().array()).max(0.0).matrix();
            o.noise = gp.noiseVariance() + gp.jitter();
        }
        for (Index c = 0; c < M; ++c)
            predictedLimited[std::size_t(c)] = m_limits.onLimit({next(c, 0), next(c, 1)}) ? 1 : 0;
        fittedAt = int(n);
    };
    refit(m_settings.fitRestarts, m_settings.fitMaxIterations);

    for (Index calls = m_inputs.rows(); calls < N; ++calls) {
        progress.checkCancelled();
        progress.report(share * double(calls), double(N),
                        "active learning: " + std::to_string(calls) + " of " + std::to_string(N) +
                            " calls");
        // The unused candidate with the largest summed relative variance, among those the GPs
        // expect to stay inside the box (a transition on a limit is left out of the GPs, so a
        // call there would be wasted) unless none is left.
        Index best = -1;
        double bestValue = -std::numeric_limits<double>::infinity();
        bool bestInside = false;
        for (Index c = 0; c < M; ++c) {
            if (used[std::size_t(c)])
                continue;
            const bool inside = !predictedLimited[std::size_t(c)];
            if (bestInside && !inside)
                continue;
            const double a = out[0].variance(c) / out[0].kernelVariance +
                             out[1].variance(c) / out[1].kernelVariance;
            if (a > bestValue || (inside && !bestInside)) {
                bestValue = a;
                best = c;
                bestInside = inside;
            }
        }
        used[std::size_t(best)] = 1;
        const Matrix z = C.row(best);
        const Matrix x = fromUnitCube(z);
        const Index n = m_trainUnits.rows();
        appendData(x, simulator.stepBatch(x));
        if (m_trainUnits.rows() == n)
            continue; // a limited transition: not in the GPs, the variances stay as they are

        for (int k = 0; k < outputCount; ++k) {
            OutputState& o = out[k];
            const double lambda2 = o.variance(best) + o.noise;
            if (!(lambda2 > 0.0))
                throw NumericalError("active design: a candidate's variance became negative");
            const double lambda = std::sqrt(lambda2);
            auto row = o.V.row(n);
            row.noalias() = m_models[k]->kernel().compute(z, C).row(0);
            row.noalias() -= o.V.col(best).head(n).transpose() * o.V.topRows(n);
            row /= lambda;
            o.variance = (o.variance.array() - row.transpose().array().square()).max(0.0).matrix();
        }
        if (calls + 1 < N && n + 1 >= fittedAt + fittedAt / 2)
            refit(0, std::min(kRefitIterations, m_settings.fitMaxIterations));
    }
}

} // namespace emu

#include "engine/dynamics/dynamics_emulator.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/core/rng.h"
#include "engine/design/designs.h"
#include "engine/dynamics/detail/fit_progress.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/stationary_kernel.h"
#include "engine/sim/simulator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emu {

namespace {

/// The largest N accepted: the fits are O(N³) and the active design keeps N×M candidate rows.
constexpr int kMaxTrainingCalls = 2000;
/// Rows per stepBatch() while simulating a design, so a slow simulator can be cancelled.
constexpr Index kSimulationChunk = 100;
/// Mixed into the seed of the fitting subset.
constexpr std::uint64_t kSubsetSeedOffset = 0x50b5'e7f1'7000'0005ULL;

} // namespace

namespace detail {

void fitWithProgress(GaussianProcess& gp, const FitOptions& options, Progress& parent, double from,
                     double to)
{
    // GaussianProcess::fit reports 0…1 and polls its own Progress; this one maps the reports
    // into [from, to] of the parent and picks up the parent's cancellation at every report
    // (the optimiser reports before it checks, once per start).
    Progress* self = nullptr;
    Progress child([&](double fraction, const std::string& stage) {
        parent.report(from + fraction * (to - from), 1.0, stage);
        if (parent.isCancelled() && self)
            self->cancel();
    });
    self = &child;
    parent.checkCancelled();
    gp.fit(options, child);
}

} // namespace detail

std::vector<std::string> emulatorDesignIds()
{
    return {"random", "lhs", "sobol", "active"};
}

// --- construction ----------------------------------------------------------------------------

DynamicsEmulator::DynamicsEmulator()
{
    for (auto& model : m_models) {
        GpSettings gp;
        gp.mean = MeanFunction::Constant;
        gp.normalizeOutputs = true;
        // The simulators are deterministic: the noise only has to absorb what the kernel cannot
        // follow, so it may become tiny; below 1e-8 (normalised) the factor would need jitter.
        gp.minNoiseVariance = 1e-8;
        model = std::make_unique<GaussianProcess>(std::make_unique<Matern52Kernel>(inputCount, true),
                                                  gp);
        model->setLogParams(smoothStart());
    }
    m_inputs.resize(0, inputCount);
    m_increments.resize(0, outputCount);
    m_trainUnits.resize(0, inputCount);
    m_trainIncrements.resize(0, outputCount);
}

DynamicsEmulator::DynamicsEmulator(const DynamicsEmulator& other)
    : m_simulatorId(other.m_simulatorId), m_limits(other.m_limits), m_settings(other.m_settings),
      m_inputs(other.m_inputs),
      m_increments(other.m_increments), m_limited(other.m_limited),
      m_trainUnits(other.m_trainUnits), m_trainIncrements(other.m_trainIncrements),
      m_models{std::make_unique<GaussianProcess>(*other.m_models[0]),
               std::make_unique<GaussianProcess>(*other.m_models[1])},
      m_fast{other.m_fast[0], other.m_fast[1]}, m_fitted(other.m_fitted),
      m_simulatorCalls(other.m_simulatorCalls),
      m_designSeconds(other.m_designSeconds), m_fitSeconds(other.m_fitSeconds)
{
}

DynamicsEmulator& DynamicsEmulator::operator=(const DynamicsEmulator& other)
{
    if (this != &other) {
        DynamicsEmulator copy(other);
        *this = std::move(copy);
    }
    return *this;
}

DynamicsEmulator::DynamicsEmulator(DynamicsEmulator&&) noexcept = default;
DynamicsEmulator& DynamicsEmulator::operator=(DynamicsEmulator&&) noexcept = default;
DynamicsEmulator::~DynamicsEmulator() = default;

namespace {

void validate(const EmulatorSettings& s)
{
    const auto ids = emulatorDesignIds();
    if (std::find(ids.begin(), ids.end(), s.designId) == ids.end())
        throw InvalidInput("unknown emulator design \"" + s.designId +
                           "\"; designs: random, lhs, sobol, active");
    if (s.trainingCalls < 2 || s.trainingCalls > kMaxTrainingCalls)
        throw InvalidInput("the emulator needs 2 to " + std::to_string(kMaxTrainingCalls) +
                           " training calls (got " + std::to_string(s.trainingCalls) + ")");
    if (s.fitRestarts < 0 || s.fitMaxIterations < 1 || (s.fitSubset != 0 && s.fitSubset < 2))
        throw InvalidInput("emulator fit: restarts must be ≥ 0, iterations ≥ 1 and the fitting "
                           "subset 0 (all) or ≥ 2");
    if (s.activeInitialPoints != 0 &&
        (s.activeInitialPoints < 2 || s.activeInitialPoints > s.trainingCalls))
        throw InvalidInput("active design: the initial points must lie in [2, N] (got " +
                           std::to_string(s.activeInitialPoints) + ")");
    if (s.activeCandidates != 0 && s.activeCandidates < s.trainingCalls)
        throw InvalidInput("active design: need at least N = " + std::to_string(s.trainingCalls) +
                           " candidates (got " + std::to_string(s.activeCandidates) + ")");
}

} // namespace

DynamicsEmulator DynamicsEmulator::train(Simulator& simulator, const EmulatorSettings& settings,
                                         Progress& progress)
{
    validate(settings);
    DynamicsEmulator e;
    e.m_simulatorId = simulator.id();
    e.m_limits = simulator.limits();
    e.m_settings = settings;
    const std::uint64_t callsBefore = simulator.calls();
    const auto started = detail::Clock::now();
    double fitFrom = 0.1;
    if (settings.designId == "active") {
        e.acquireActive(simulator, progress);
        fitFrom = 0.8;
    } else {
        const ParameterSpace unit = ParameterSpace::box(Vector::Zero(3), Vector::Ones(3));
        const Matrix X =
            e.fromUnitCube(makeDesign(settings.designId, unit, settings.trainingCalls, settings.seed));
        Matrix next(X.rows(), outputCount);
        for (Index start = 0; start < X.rows(); start += kSimulationChunk) {
            progress.checkCancelled();
            const Index rows = std::min(kSimulationChunk, X.rows() - start);
            next.middleRows(start, rows) = simulator.stepBatch(X.middleRows(start, rows));
            progress.report(double(start + rows) * fitFrom, double(X.rows()),
                            "simulating " + std::to_string(X.rows()) + " training steps");
        }
        e.appendData(X, next);
    }
    e.m_designSeconds = detail::secondsSince(started);
    e.m_simulatorCalls = simulator.calls() - callsBefore;
    e.fitModels(settings.fitRestarts, settings.fitMaxIterations, settings.seed, progress, fitFrom,
                1.0);
    e.prepareFastPath();
    progress.report(1.0, 1.0, "emulator trained");
    return e;
}

DynamicsEmulator DynamicsEmulator::fromTransitions(const Matrix& statesAndActions,
                                                   const Matrix& nextStates,
                                                   const EmulatorSettings& settings,
                                                   const std::string& simulatorId,
                                                   const StateLimits& limits, Progress& progress)
{
    requireColumns(statesAndActions, inputCount, "states and actions (p, v, u)");
    requireFinite(statesAndActions, "states and actions (p, v, u)");
    requireColumns(nextStates, outputCount, "next states (p', v')");
    requireRows(nextStates.rows(), statesAndActions.rows(), "next states (p', v')");
    requireFinite(nextStates, "next states (p', v')");
    EmulatorSettings s = settings;
    s.trainingCalls = int(std::min<Index>(statesAndActions.rows(), kMaxTrainingCalls + 1));
    validate(s);
    DynamicsEmulator e;
    e.m_simulatorId = simulatorId;
    e.m_limits = limits;
    e.m_settings = s;
    e.appendData(statesAndActions, nextStates);
    e.fitModels(s.fitRestarts, s.fitMaxIterations, s.seed, progress, 0.0, 1.0);
    e.prepareFastPath();
    return e;
}

void DynamicsEmulator::appendData(const Matrix& statesAndActions, const Matrix& nextStates)
{
    const Index n = m_inputs.rows(), m = statesAndActions.rows();
    m_inputs.conservativeResize(n + m, Eigen::NoChange);
    m_inputs.bottomRows(m) = statesAndActions;
    m_increments.conservativeResize(n + m, Eigen::NoChange);
    m_increments.bottomRows(m) = nextStates - statesAndActions.leftCols(outputCount);
    const Matrix units = toUnitCube(statesAndActions);
    Index kept = m_trainUnits.rows();
    m_trainUnits.conservativeResize(kept + m, Eigen::NoChange);
    m_trainIncrements.conservativeResize(kept + m, Eigen::NoChange);
    for (Index i = 0; i < m; ++i) {
        const bool limited = m_limits.onLimit({nextStates(i, 0), nextStates(i, 1)});
        m_limited.push_back(limited ? 1 : 0);
        if (limited)
            continue;
        m_trainUnits.row(kept) = units.row(i);
        m_trainIncrements.row(kept) = m_increments.row(n + i);
        ++kept;
    }
    m_trainUnits.conservativeResize(kept, Eigen::NoChange);
    m_trainIncrements.conservativeResize(kept, Eigen::NoChange);
}

void DynamicsEmulator::fitModels(int restarts, int maxIterations, std::uint64_t seed,
                                 Progress& progress, double progressFrom, double progressTo)
{
    if (m_trainUnits.rows() < 2)
        throw InvalidInput("the emulator needs at least 2 transitions that stay inside the box "
                           "(got " + std::to_string(m_trainUnits.rows()) + " of " +
                           std::to_string(m_inputs.rows()) + "); use more training calls");
    const auto started = detail::Clock::now();
    const double half = 0.5 * (progressTo - progressFrom);
    const Index n = m_trainUnits.rows();
    const Index m = m_settings.fitSubset > 0 ? std::min<Index>(n, m_settings.fitSubset) : n;
    // The subset: the first m of a seeded random permutation (a partial Fisher–Yates shuffle).
    std::vector<Index> order(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i)
        order[std::size_t(i)] = i;
    Rng rng(seed ^ kSubsetSeedOffset);
    for (Index i = 0; i < m && m < n; ++i)
        std::swap(order[std::size_t(i)], order[std::size_t(i + Index(rng.index(std::uint64_t(n - i))))]);
    Matrix subsetInputs(m, inputCount), subsetOutputs(m, outputCount);
    for (Index i = 0; i < m; ++i) {
        subsetInputs.row(i) = m_trainUnits.row(order[std::size_t(i)]);
        subsetOutputs.row(i) = m_trainIncrements.row(order[std::size_t(i)]);
    }
    for (int o = 0; o < outputCount; ++o) {
        GaussianProcess& gp = *m_models[o];
        gp.setData(subsetInputs, subsetOutputs.col(o));
        FitOptions options;
        options.restarts = restarts;
        options.maxIterations = maxIterations;
        options.seed = seed * 2 + std::uint64_t(o);
        const double from = progressFrom + o * half, to = from + half;
        detail::fitWithProgress(gp, options, progress, from, m_fitted ? from + 0.5 * half : to);
        if (m_fitted) {
            // Also from the smooth start, in case the warm start sits in a worse optimum found
            // with fewer data; keep the better of the two.
            const Vector warm = gp.logParams();
            const double warmLikelihood = gp.logMarginalLikelihood();
            gp.setLogParams(smoothStart());
            options.restarts = 0;
            detail::fitWithProgress(gp, options, progress, from + 0.5 * half, to);
            if (gp.logMarginalLikelihood() < warmLikelihood)
                gp.setLogParams(warm);
        }
        if (m < n)
            gp.setData(m_trainUnits, m_trainIncrements.col(o));
    }
    m_fitted = true;
    m_fitSeconds += detail::secondsSince(started);
}

Vector DynamicsEmulator::smoothStart()
{
    // Smooth functions: variance 100 (in units of the outputs' variance), lengthscales 5 box
    // widths, noise 1e-6. The optima of these nearly polynomial increments have lengthscales of
    // 5 to 1000 widths, far from the box of the random starts (gaussian_process.h); from short
    // lengthscales the optimiser can end in a worse optimum that explains the small cos(3p)
    // part of Δp as noise.
    Vector start(2 + inputCount);
    start << std::log(100.0), Vector::Constant(inputCount, std::log(5.0)), std::log(1e-6);
    return start;
}

void DynamicsEmulator::prepareFastPath()
{
    for (int o = 0; o < outputCount; ++o) {
        const GaussianProcess& gp = *m_models[o];
        const auto& kernel = static_cast<const StationaryKernel&>(gp.kernel());
        FastOutput& f = m_fast[o];
        f.inverseLengthscales = kernel.lengthscales().array().inverse();
        f.scaledInputs = gp.inputs() * f.inverseLengthscales.matrix().asDiagonal();
        f.kernelVariance = kernel.variance();
        f.scale = gp.outputScale();
        f.offset = gp.outputOffset();
        f.noiseVariance = gp.noiseVariance();
        f.weights = (f.scale * f.kernelVariance) * gp.weights().array();
    }
}

// --- prediction ------------------------------------------------------------------------------

Matrix DynamicsEmulator::predictIncrements(const Matrix& statesAndActions, Matrix* variance,
                                           bool includeNoise) const
{
    requireFinite(statesAndActions, "states and actions (p, v, u)");
    const Matrix units = toUnitCube(statesAndActions);
    Matrix mean(units.rows(), outputCount);
    if (variance)
        variance->resize(units.rows(), outputCount);
    for (int o = 0; o < outputCount; ++o) {
        const Prediction p = m_models[o]->predict(units, includeNoise);
        mean.col(o) = p.mean;
        if (variance)
            variance->col(o) = p.variance;
    }
    return mean;
}

std::array<double, 2> DynamicsEmulator::meanIncrement(const CarState& s, double u,
                                                      Workspace& work) const
{
    const StateLimits& b = m_limits;
    const double z[3] = {(s.p - b.lower(0)) / b.width(0), (s.v - b.lower(1)) / b.width(1),
                         (u - b.lower(2)) / b.width(2)};
    Eigen::ArrayXd& t = work.m_r2;
    std::array<double, 2> out{};
    for (int o = 0; o < outputCount; ++o) {
        const FastOutput& f = m_fast[o];
        const Matrix& Z = f.scaledInputs;
        const double a = z[0] * f.inverseLengthscales(0), b = z[1] * f.inverseLengthscales(1),
                     c = z[2] * f.inverseLengthscales(2);
        // t = √5 r; f(r²) = (1 + t + t²/3) e^(−t). Evaluated in place: no temporaries. (The
        // exp stays out of the reduction: GCC 12 warns falsely on AVX-512 exp inside a sum.)
        t = (5.0 * ((Z.col(0).array() - a).square() + (Z.col(1).array() - b).square() +
                    (Z.col(2).array() - c).square()))
                .sqrt();
        t = (1.0 + t + t.square() * (1.0 / 3.0)) * (-t).exp();
        out[std::size_t(o)] = f.offset + t.matrix().dot(f.weights.matrix());
    }
    return out;
}

std::string DynamicsEmulator::description() const
{
    return "GP emulator of the " + m_simulatorId + " car (N = " + std::to_string(size()) + ")";
}

std::unique_ptr<StepModel::Workspace> DynamicsEmulator::newWorkspace() const
{
    return std::make_unique<Workspace>();
}

CarState DynamicsEmulator::meanStep(const CarState& s, double u, StepModel::Workspace& work) const
{
    const std::array<double, 2> d = meanIncrement(s, u, static_cast<Workspace&>(work));
    return m_limits.apply(s, d[0], d[1]);
}

void DynamicsEmulator::incrementMarginals(const Matrix& statesAndActions, bool includeNoise,
                                          Matrix& mean, Matrix& variance,
                                          StepModel::Workspace& base) const
{
    Workspace& work = static_cast<Workspace&>(base);
    const Index m = statesAndActions.rows(), n = size();
    mean.resize(m, outputCount);
    variance.resize(m, outputCount);
    Matrix& units = work.m_units;
    units.resize(m, inputCount);
    for (Index j = 0; j < inputCount; ++j)
        units.col(j) = (statesAndActions.col(j).array() - m_limits.lower(j)) / m_limits.width(j);
    for (int o = 0; o < outputCount; ++o) {
        const FastOutput& f = m_fast[o];
        Matrix& K = work.m_kernel[o];
        if (K.rows() != n || K.cols() < m)
            K.resize(n, std::max<Index>(m, K.cols()));
        auto block = K.leftCols(m);
        for (Index j = 0; j < m; ++j) {
            const double a = units(j, 0) * f.inverseLengthscales(0),
                         b = units(j, 1) * f.inverseLengthscales(1),
                         c = units(j, 2) * f.inverseLengthscales(2);
            auto t = block.col(j).array();
            t = (5.0 * ((f.scaledInputs.col(0).array() - a).square() +
                        (f.scaledInputs.col(1).array() - b).square() +
                        (f.scaledInputs.col(2).array() - c).square()))
                    .sqrt();
            t = (1.0 + t + t.square() * (1.0 / 3.0)) * (-t).exp(); // f(r²), without σ²
            mean(j, o) = f.offset + t.matrix().dot(f.weights.matrix());
        }
        // k = σ² f; v = L⁻¹k for all m columns at once; Var = s²(σ² − |v|²).
        block *= f.kernelVariance;
        m_models[o]->choleskyFactor().triangularView<Eigen::Lower>().solveInPlace(block);
        const double s2 = f.scale * f.scale;
        const double noise = includeNoise ? s2 * f.noiseVariance : 0.0;
        for (Index j = 0; j < m; ++j)
            variance(j, o) =
                std::max(0.0, s2 * (f.kernelVariance - block.col(j).squaredNorm())) + noise;
    }
}

} // namespace emu

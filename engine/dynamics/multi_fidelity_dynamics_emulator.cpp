#include "engine/dynamics/multi_fidelity_dynamics_emulator.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/dynamics/detail/fit_progress.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/multi_fidelity_data.h"
#include "engine/mf/nonlinear_multi_fidelity_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emu {

namespace {

constexpr int kMaxCalls = 2000;
constexpr Index kLow = 0;
constexpr Index kHigh = 1;

} // namespace

void validateMfEmulatorSettings(const MfEmulatorSettings& s)
{
    const auto ids = mfEmulatorModelIds();
    if (std::find(ids.begin(), ids.end(), s.model) == ids.end())
        throw InvalidInput("unknown multi-fidelity model \"" + s.model +
                           "\"; models: linear, nonlinear");
    const auto fits = mfLinearFitIds();
    if (std::find(fits.begin(), fits.end(), s.linearFit) == fits.end())
        throw InvalidInput("unknown linear multi-fidelity fit \"" + s.linearFit +
                           "\"; fits: " + fits[0] + ", " + fits[1]);
    if (s.highCalls < 2 || s.highCalls > kMaxCalls)
        throw InvalidInput("the multi-fidelity emulator needs 2 to " + std::to_string(kMaxCalls) +
                           " high-fidelity calls (got " + std::to_string(s.highCalls) + ")");
    if (s.lowCalls < s.highCalls || s.lowCalls > kMaxCalls)
        throw InvalidInput("the low-fidelity calls must lie in [high calls, " +
                           std::to_string(kMaxCalls) + "] (got " + std::to_string(s.lowCalls) +
                           " with " + std::to_string(s.highCalls) + " high calls)");
    if (s.fitRestarts < 0 || s.fitMaxIterations < 1)
        throw InvalidInput("multi-fidelity emulator: restarts must be ≥ 0, iterations ≥ 1");
    if (s.sampleCount < 1)
        throw InvalidInput("multi-fidelity emulator: the sample count must be ≥ 1");
}

namespace {

void requireTransitions(const Matrix& inputs, const Matrix& next, const std::string& level)
{
    requireColumns(inputs, StepModel::inputCount, level + " inputs (p, v, u)");
    requireColumns(next, StepModel::outputCount, level + " next states (p', v')");
    requireRows(next.rows(), inputs.rows(), level + " next states");
    requireFinite(inputs, level + " inputs");
    requireFinite(next, level + " next states");
}

} // namespace

std::vector<std::string> mfEmulatorModelIds()
{
    return {"linear", "nonlinear"};
}

std::vector<std::string> mfLinearFitIds()
{
    return {"recursive", "joint"};
}

MultiFidelityDynamicsEmulator::MultiFidelityDynamicsEmulator() = default;
MultiFidelityDynamicsEmulator::MultiFidelityDynamicsEmulator(
    MultiFidelityDynamicsEmulator&&) noexcept = default;
MultiFidelityDynamicsEmulator&
MultiFidelityDynamicsEmulator::operator=(MultiFidelityDynamicsEmulator&&) noexcept = default;
MultiFidelityDynamicsEmulator::~MultiFidelityDynamicsEmulator() = default;

MultiFidelityDynamicsEmulator::MultiFidelityDynamicsEmulator(
    const MultiFidelityDynamicsEmulator& other)
    : m_settings(other.m_settings), m_lowId(other.m_lowId), m_highId(other.m_highId),
      m_lowCalls(other.m_lowCalls), m_highCalls(other.m_highCalls), m_lowSize(other.m_lowSize),
      m_highSize(other.m_highSize), m_designSeconds(other.m_designSeconds),
      m_fitSeconds(other.m_fitSeconds)
{
    for (const auto& m : other.m_models)
        m_models.push_back(m->clone());
}

MultiFidelityDynamicsEmulator&
MultiFidelityDynamicsEmulator::operator=(const MultiFidelityDynamicsEmulator& other)
{
    if (this != &other) {
        MultiFidelityDynamicsEmulator copy(other);
        *this = std::move(copy);
    }
    return *this;
}

MultiFidelityDynamicsEmulator
MultiFidelityDynamicsEmulator::train(Simulator& low, Simulator& high,
                                     const MfEmulatorSettings& settings, Progress& progress)
{
    validateMfEmulatorSettings(settings);
    MultiFidelityDynamicsEmulator e;
    e.m_settings = settings;
    e.m_lowId = low.id();
    e.m_highId = high.id();
    e.m_lowLimits = low.limits();
    e.m_highLimits = high.limits();
    const auto started = detail::Clock::now();
    progress.checkCancelled();
    progress.report(0.0, 1.0, "simulating the nested design");
    const std::vector<Matrix> design =
        nestedDesign(e.m_highLimits.trainingBox(),
                     {Index(settings.lowCalls), Index(settings.highCalls)}, settings.seed);
    const std::uint64_t lowBefore = low.calls(), highBefore = high.calls();
    const Matrix lowNext = low.stepBatch(design[0]);
    progress.checkCancelled();
    const Matrix highNext = high.stepBatch(design[1]);
    e.m_lowCalls = low.calls() - lowBefore;
    e.m_highCalls = high.calls() - highBefore;
    e.m_designSeconds = detail::secondsSince(started);
    e.fit(design[0], lowNext, design[1], highNext, progress);
    return e;
}

MultiFidelityDynamicsEmulator MultiFidelityDynamicsEmulator::fromTransitions(
    const Matrix& lowInputs, const Matrix& lowNext, const Matrix& highInputs,
    const Matrix& highNext, const MfEmulatorSettings& settings, const StateLimits& lowLimits,
    const StateLimits& highLimits, Progress& progress)
{
    MfEmulatorSettings s = settings;
    s.lowCalls = std::max(int(lowInputs.rows()), int(highInputs.rows()));
    s.highCalls = int(highInputs.rows());
    validateMfEmulatorSettings(s);
    requireTransitions(lowInputs, lowNext, "low-fidelity");
    requireTransitions(highInputs, highNext, "high-fidelity");
    MultiFidelityDynamicsEmulator e;
    e.m_settings = settings;
    e.m_lowLimits = lowLimits;
    e.m_highLimits = highLimits;
    e.fit(lowInputs, lowNext, highInputs, highNext, progress);
    return e;
}

void MultiFidelityDynamicsEmulator::unlimited(const Matrix& inputs, const Matrix& next,
                                              const StateLimits& limits, Matrix& units,
                                              Matrix& increments) const
{
    const std::vector<Index> keep = limits.rowsOffLimits(next);
    units = m_highLimits.toUnitCube(inputs(keep, Eigen::all));
    increments = next(keep, Eigen::all) - inputs(keep, Eigen::seqN(0, 2));
}

void MultiFidelityDynamicsEmulator::fit(const Matrix& lowInputs, const Matrix& lowNext,
                                        const Matrix& highInputs, const Matrix& highNext,
                                        Progress& progress)
{
    Matrix lowUnits, lowIncrements, highUnits, highIncrements;
    unlimited(lowInputs, lowNext, m_lowLimits, lowUnits, lowIncrements);
    unlimited(highInputs, highNext, m_highLimits, highUnits, highIncrements);
    if (lowUnits.rows() < 2 || highUnits.rows() < 2)
        throw InvalidInput("the multi-fidelity emulator needs at least 2 transitions inside the "
                           "box at each level");
    m_lowSize = lowUnits.rows();
    m_highSize = highUnits.rows();
    const Matrix X = stackLevels({lowUnits, highUnits});
    const auto started = detail::Clock::now();
    m_models.clear();
    for (Index o = 0; o < StepModel::outputCount; ++o) {
        std::unique_ptr<Model> model;
        if (m_settings.model == "linear") {
            LinearMfSettings s;
            s.method =
                m_settings.linearFit == "joint" ? MfFitMethod::Joint : MfFitMethod::Recursive;
            model = std::make_unique<LinearMultiFidelityModel>(
                makeLinearMultiFidelityModel(2, StepModel::inputCount, "matern52", true, s));
        } else {
            NonlinearMfSettings s;
            s.sampleCount = m_settings.sampleCount;
            s.seed = m_settings.seed;
            model =
                std::make_unique<NonlinearMultiFidelityModel>(2, StepModel::inputCount, s);
        }
        model->setData(X, stackOutputs({lowIncrements.col(o), highIncrements.col(o)}));
        FitOptions options;
        options.restarts = m_settings.fitRestarts;
        options.maxIterations = m_settings.fitMaxIterations;
        options.seed = m_settings.seed * 2654435761u + std::uint64_t(o);
        const double from = 0.1 + 0.45 * double(o);
        ChildProgress child(progress, from, from + 0.45, o == 0 ? "fitting Δp" : "fitting Δv");
        progress.checkCancelled();
        model->fit(options, child.get());
        m_models.push_back(std::move(model));
    }
    m_fitSeconds = detail::secondsSince(started);
    progress.report(1.0, 1.0, "multi-fidelity emulator trained");
}

double MultiFidelityDynamicsEmulator::rho(Index output) const
{
    const auto* linear = dynamic_cast<const LinearMultiFidelityModel*>(&model(output));
    return linear ? linear->rho()(0) : std::numeric_limits<double>::quiet_NaN();
}

Vector MultiFidelityDynamicsEmulator::highMean(Index output, const Matrix& units) const
{
    const Model& m = model(output);
    if (const auto* nonlinear = dynamic_cast<const NonlinearMultiFidelityModel*>(&m))
        return nonlinear->plugInMean(kHigh, units);
    return static_cast<const LinearMultiFidelityModel&>(m).predictMean(kHigh, units);
}

Matrix MultiFidelityDynamicsEmulator::predictIncrements(const Matrix& statesAndActions,
                                                        Matrix* variance, bool includeNoise) const
{
    requireFinite(statesAndActions, "states and actions (p, v, u)");
    const Matrix units = m_highLimits.toUnitCube(statesAndActions);
    Matrix mean(units.rows(), StepModel::outputCount);
    if (variance)
        variance->resize(units.rows(), StepModel::outputCount);
    for (Index o = 0; o < StepModel::outputCount; ++o) {
        mean.col(o) = highMean(o, units);
        if (variance)
            variance->col(o) = model(o).predict(withFidelity(units, kHigh), includeNoise).variance;
    }
    return mean;
}

Matrix MultiFidelityDynamicsEmulator::predictLevel(Index level,
                                                   const Matrix& statesAndActions) const
{
    if (level < 0 || level > kHigh)
        throw InvalidInput("multi-fidelity emulator: level must be 0 or 1");
    if (level == kHigh)
        return predictIncrements(statesAndActions);
    requireFinite(statesAndActions, "states and actions (p, v, u)");
    const Matrix units = m_highLimits.toUnitCube(statesAndActions);
    Matrix mean(units.rows(), StepModel::outputCount);
    for (Index o = 0; o < StepModel::outputCount; ++o)
        mean.col(o) = model(o).predict(withFidelity(units, kLow)).mean;
    return mean;
}

std::string MultiFidelityDynamicsEmulator::description() const
{
    return m_settings.model + " multi-fidelity emulator of the " + m_highId + " car (" +
           std::to_string(m_lowSize) + " low + " + std::to_string(m_highSize) + " high)";
}

std::unique_ptr<StepModel::Workspace> MultiFidelityDynamicsEmulator::newWorkspace() const
{
    return std::make_unique<StepModel::Workspace>();
}

CarState MultiFidelityDynamicsEmulator::meanStep(const CarState& s, double u,
                                                 StepModel::Workspace&) const
{
    Matrix x(1, StepModel::inputCount);
    x << s.p, s.v, u;
    const Matrix units = m_highLimits.toUnitCube(x);
    return m_highLimits.apply(s, highMean(0, units)(0), highMean(1, units)(0));
}

Matrix MultiFidelityDynamicsEmulator::meanNextStates(const Matrix& statesAndActions,
                                                     const Matrix& increments) const
{
    Matrix next(statesAndActions.rows(), StepModel::outputCount);
    for (Index i = 0; i < statesAndActions.rows(); ++i) {
        const CarState s = m_highLimits.apply({statesAndActions(i, 0), statesAndActions(i, 1)},
                                              increments(i, 0), increments(i, 1));
        next(i, 0) = s.p;
        next(i, 1) = s.v;
    }
    return next;
}

} // namespace emu

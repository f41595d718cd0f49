#include "engine/system/system_emulation.h"

#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/design/designs.h"

#include <cmath>

namespace emu {

namespace {

ParameterSpace portSpace(const std::vector<SystemPort>& ports)
{
    ParameterSpace space;
    for (const SystemPort& port : ports)
        space.addContinuous(port.name, port.lower, port.upper, port.unit);
    return space;
}

bool samePorts(const std::vector<SystemPort>& a, const std::vector<SystemPort>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SystemPort& x, const SystemPort& y) {
        return x.name == y.name && x.lower == y.lower && x.upper == y.upper && x.unit == y.unit;
    });
}

/// Whether two specs describe the same component (its emulator can be reused).
bool sameComponent(const SystemComponentSpec& a, const SystemComponentSpec& b)
{
    return a.name == b.name && a.type == b.type && a.parameters == b.parameters &&
           samePorts(a.inputs, b.inputs) && samePorts(a.outputs, b.outputs) &&
           a.command == b.command && a.arguments == b.arguments && a.launcher == b.launcher &&
           a.timeoutSeconds == b.timeoutSeconds;
}

/// Keeps the rows where `keep` is true.
Matrix keepRows(const Matrix& X, const std::vector<bool>& keep)
{
    Index n = 0;
    for (bool k : keep)
        n += k;
    Matrix out(n, X.cols());
    for (Index i = 0, r = 0; i < X.rows(); ++i)
        if (keep[i])
            out.row(r++) = X.row(i);
    return out;
}

} // namespace

GaussianProcess fitSystemGp(const Matrix& unitInputs, const Vector& y, int restarts, std::uint64_t seed)
{
    std::unique_ptr<GaussianProcess> gp = makeBayesianOptimizationModel(unitInputs.cols());
    gp->setData(unitInputs, y);
    FitOptions options;
    options.restarts = restarts;
    options.seed = seed;
    gp->fit(options);
    return std::move(*gp);
}

// ---- whole system ----

WholeSystemEmulator::WholeSystemEmulator(const System& system, const SystemEmulatorSettings& settings,
                                         Progress& progress)
    : m_space(system.interventionSpace())
{
    if (m_space.isEmpty())
        throw InvalidInput("the system has no interventions to emulate its outputs on");
    const Matrix design = latinHypercubeDesign(m_space, settings.runs, settings.seed);
    Rng rng(settings.seed ^ 0x5eed);
    Matrix inputs(design.rows(), system.description().inputs.size());
    for (Index i = 0; i < design.rows(); ++i)
        inputs.row(i) = system.drawInputs(design.row(i), rng);
    ChildProgress running(progress, 0.0, 0.7);
    const std::vector<SystemRun> runs = system.runBatch(inputs, 1, running.get());
    progress.checkCancelled();
    std::vector<bool> ok(runs.size());
    m_outputs.resize(design.rows(), system.outputCount());
    for (std::size_t i = 0; i < runs.size(); ++i) {
        ok[i] = runs[i].ok();
        if (ok[i])
            m_outputs.row(i) = runs[i].outputs;
        else
            ++m_failed;
    }
    m_inputs = keepRows(design, ok);
    m_outputs = keepRows(m_outputs, ok);
    m_cost = double(design.rows()) * system.runCost();
    progress.report(0.7, 1.0, "fitting the emulators");
    fit(settings);
    progress.report(1.0, 1.0, "fitted");
}

WholeSystemEmulator::WholeSystemEmulator(const System& system, const Matrix& interventions,
                                         const Matrix& outputs, const SystemEmulatorSettings& settings)
    : m_space(system.interventionSpace()), m_inputs(interventions), m_outputs(outputs)
{
    if (interventions.cols() != m_space.dimension() || outputs.cols() != system.outputCount() ||
        interventions.rows() != outputs.rows())
        throw InvalidInput("runs of the system need one column per intervention and per output, "
                           "and as many rows of each");
    m_cost = double(interventions.rows()) * system.runCost();
    fit(settings);
}

void WholeSystemEmulator::fit(const SystemEmulatorSettings& settings)
{
    if (m_inputs.rows() < 3)
        throw InvalidInput("only " + std::to_string(m_inputs.rows()) +
                           " runs of the system succeeded; an emulator needs at least 3");
    const Matrix unit = m_space.toUnitCube(m_inputs);
    m_gps.clear();
    for (Index k = 0; k < m_outputs.cols(); ++k)
        m_gps.push_back(fitSystemGp(unit, m_outputs.col(k), settings.restarts, settings.seed + k));
}

SystemForecast WholeSystemEmulator::forecast(const RowVector& interventions) const
{
    const Matrix unit = m_space.toUnitCube(interventions);
    SystemForecast out;
    const Index k = static_cast<Index>(m_gps.size());
    out.mean.resize(k);
    out.meanSd.resize(k);
    out.spread.resize(k);
    for (Index o = 0; o < k; ++o) {
        const Prediction latent = m_gps[o].predict(unit);
        const Prediction noisy = m_gps[o].predict(unit, true);
        out.mean(o) = latent.mean(0);
        out.meanSd(o) = std::sqrt(latent.variance(0));
        out.spread(o) = std::sqrt(noisy.variance(0));
    }
    return out;
}

Matrix WholeSystemEmulator::predictMean(const Matrix& interventions) const
{
    const Matrix unit = m_space.toUnitCube(interventions);
    Matrix out(interventions.rows(), static_cast<Index>(m_gps.size()));
    for (std::size_t o = 0; o < m_gps.size(); ++o)
        out.col(o) = m_gps[o].predictMean(unit);
    return out;
}

// ---- component-wise ----

ComponentwiseEmulator::ComponentwiseEmulator(const System& system, const SystemEmulatorSettings& settings,
                                             Progress& progress)
    : m_system(system)
{
    const Index n = m_system.componentCount();
    for (Index c = 0; c < n; ++c) {
        ChildProgress part(progress, double(c) / n, double(c + 1) / n, m_system.component(c).name);
        m_parts.push_back(trainPart(c, settings, part.get()));
        m_cost += double(settings.runs) * m_system.component(c).cost;
    }
    m_trained = n;
}

ComponentwiseEmulator ComponentwiseEmulator::adaptedTo(const System& system, const SystemEmulatorSettings& settings,
                                                       Progress& progress) const
{
    ComponentwiseEmulator out(system);
    const Index n = system.componentCount();
    for (Index c = 0; c < n; ++c) {
        const Index old = m_system.componentIndex(system.component(c).name);
        if (old >= 0 && sameComponent(m_system.component(old), system.component(c))) {
            out.m_parts.push_back(m_parts[old]);
            continue;
        }
        ChildProgress part(progress, double(c) / n, double(c + 1) / n, system.component(c).name);
        out.m_parts.push_back(out.trainPart(c, settings, part.get()));
        out.m_cost += double(settings.runs) * system.component(c).cost;
        ++out.m_trained;
    }
    return out;
}

ComponentwiseEmulator::Part ComponentwiseEmulator::trainPart(Index c, const SystemEmulatorSettings& settings,
                                                             Progress& progress)
{
    const SystemComponentSpec& spec = m_system.component(c);
    Part part;
    part.space = portSpace(spec.inputs);
    const std::uint64_t seed = settings.seed + 1000003ULL * std::uint64_t(c + 1);
    const Matrix design = latinHypercubeDesign(part.space, settings.runs, seed);
    Matrix outputs(design.rows(), static_cast<Index>(spec.outputs.size()));
    std::vector<bool> ok(design.rows(), true);
    for (Index i = 0; i < design.rows(); ++i) {
        progress.checkCancelled();
        try {
            outputs.row(i) = m_system.runComponent(c, design.row(i));
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception&) {
            ok[i] = false; // a failed run teaches nothing; the others go on
        }
        progress.report(double(i + 1), double(design.rows()) * 1.25, "running");
    }
    part.inputs = keepRows(design, ok);
    part.outputs = keepRows(outputs, ok);
    if (part.inputs.rows() < 3)
        throw InvalidInput("component \"" + spec.name + "\": only " + std::to_string(part.inputs.rows()) +
                           " of its runs succeeded; an emulator needs at least 3");
    const Matrix unit = part.space.toUnitCube(part.inputs);
    for (Index o = 0; o < part.outputs.cols(); ++o)
        part.gps.push_back(fitSystemGp(unit, part.outputs.col(o), settings.restarts, seed + o));
    progress.report(1.0, 1.0, "fitted");
    return part;
}

const GaussianProcess& ComponentwiseEmulator::emulator(Index component, Index output) const
{
    return m_parts[component].gps[output];
}

SystemForecast ComponentwiseEmulator::forecast(const RowVector& interventions, const RowVector& conditions,
                                               int samples, std::uint64_t seed) const
{
    if (samples < 2)
        throw InvalidInput("a forecast needs at least 2 samples");
    const std::vector<Index> conditionInputs = m_system.inputsWithRole(SystemInput::Role::Condition);
    if (conditions.size() != 0 && conditions.size() != static_cast<Index>(conditionInputs.size()))
        throw InvalidInput("give one value per condition (" + std::to_string(conditionInputs.size()) +
                           "), or none for their nominal values");
    Rng rng(seed);
    const Index nIn = static_cast<Index>(m_system.description().inputs.size());
    Matrix inputs(samples, nIn);
    for (Index s = 0; s < samples; ++s) {
        inputs.row(s) = m_system.drawInputs(interventions, rng);
        for (Index k = 0; k < conditions.size(); ++k)
            inputs(s, conditionInputs[k]) = conditions(k);
    }
    const Index n = m_system.componentCount();
    std::vector<Matrix> drawn(n), meanPath(n); // samples × outputs of each component
    for (Index c : m_system.order()) {
        const auto& sources = m_system.sources(c);
        Matrix X(samples, static_cast<Index>(sources.size())), Xm(X.rows(), X.cols());
        for (std::size_t p = 0; p < sources.size(); ++p) {
            const SystemSource& from = sources[p];
            X.col(p) = from.component < 0 ? Vector(inputs.col(from.port)) : Vector(drawn[from.component].col(from.port));
            Xm.col(p) = from.component < 0 ? Vector(inputs.col(from.port)) : Vector(meanPath[from.component].col(from.port));
        }
        const Part& part = m_parts[c];
        const Matrix unit = part.space.toUnitCube(X), unitMean = part.space.toUnitCube(Xm);
        drawn[c].resize(samples, static_cast<Index>(part.gps.size()));
        meanPath[c].resize(samples, drawn[c].cols());
        for (std::size_t o = 0; o < part.gps.size(); ++o) {
            const Prediction p = part.gps[o].predict(unit, true);
            const Vector z = rng.normalMatrix(samples, 1).col(0);
            drawn[c].col(o) = p.mean.array() + p.variance.array().max(0.0).sqrt() * z.array();
            meanPath[c].col(o) = part.gps[o].predictMean(unitMean);
        }
    }
    SystemForecast out;
    const Index k = m_system.outputCount();
    out.samples.resize(samples, k);
    Matrix meanOnly(samples, k);
    for (Index o = 0; o < k; ++o) {
        const SystemSource from = m_system.outputSource(o);
        out.samples.col(o) = drawn[from.component].col(from.port);
        meanOnly.col(o) = meanPath[from.component].col(from.port);
    }
    out.mean = out.samples.colwise().mean();
    out.spread = ((out.samples.rowwise() - out.mean).array().square().colwise().sum() / double(samples - 1)).sqrt();
    out.meanSd = ((out.samples - meanOnly).array().square().colwise().mean()).sqrt();
    for (Index c = 0; c < n; ++c) {
        const RowVector mean = drawn[c].colwise().mean();
        out.portMean.push_back(mean);
        out.portSd.push_back(((drawn[c].rowwise() - mean).array().square().colwise().sum() / double(samples - 1)).sqrt());
    }
    return out;
}

Matrix ComponentwiseEmulator::predictMean(const Matrix& interventions, int samples, std::uint64_t seed) const
{
    Matrix out(interventions.rows(), m_system.outputCount());
    for (Index i = 0; i < interventions.rows(); ++i)
        out.row(i) = forecast(interventions.row(i), RowVector(), samples, seed + i).mean;
    return out;
}

} // namespace emu

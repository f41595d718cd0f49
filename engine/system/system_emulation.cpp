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

CalibratedGp fitSystemGp(const Matrix& unitInputs, const Vector& y, int restarts, std::uint64_t seed)
{
    std::unique_ptr<GaussianProcess> gp = makeBayesianOptimizationModel(unitInputs.cols());
    GpSettings settings = gp->settings();
    // Half the typical spacing of n design points in d dimensions: shorter lengthscales cannot
    // be learnt from the design, and let the day-to-day noise pass for signal.
    settings.minLengthscale = 0.5 * std::pow(double(std::max<Index>(unitInputs.rows(), 1)), -1.0 / double(unitInputs.cols()));
    gp->setSettings(settings);
    gp->setData(unitInputs, y);
    FitOptions options;
    options.restarts = restarts;
    options.seed = seed;
    gp->fit(options);
    const Prediction loo = gp->leaveOneOut();
    const double meanSquare =
        ((y - loo.mean).array().square() / loo.variance.array().max(1e-300)).mean();
    return {std::move(*gp), std::isfinite(meanSquare) ? std::max(1.0, meanSquare) : 1.0};
}

Prediction CalibratedGp::predict(const Matrix& unitInputs, bool includeNoise) const
{
    Prediction p = gp.predict(unitInputs, includeNoise);
    p.variance *= varianceScale;
    return p;
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
        const Prediction latent = m_gps[o].predict(unit, false);
        const Prediction noisy = m_gps[o].predict(unit, true);
        out.mean(o) = latent.mean(0);
        out.meanSd(o) = std::sqrt(latent.variance(0));
        out.spread(o) = std::sqrt(noisy.variance(0));
    }
    return out;
}

PredictedChange WholeSystemEmulator::change(const RowVector& before, const RowVector& after) const
{
    PredictedChange out;
    out.before = forecast(before);
    out.after = forecast(after);
    out.change = out.after.mean - out.before.mean;
    const Matrix a = m_space.toUnitCube(before), b = m_space.toUnitCube(after);
    out.changeSd = RowVector::Zero(out.change.size());
    if (before == after)
        return out; // not a rounding's worth of doubt
    for (std::size_t o = 0; o < m_gps.size(); ++o) {
        const double shared = m_gps[o].varianceScale * m_gps[o].gp.pairedPosteriorCovariance(a, b)(0);
        const double variance = out.before.meanSd(o) * out.before.meanSd(o) + out.after.meanSd(o) * out.after.meanSd(o) - 2.0 * shared;
        out.changeSd(static_cast<Index>(o)) = std::sqrt(std::max(0.0, variance));
    }
    return out;
}

Matrix WholeSystemEmulator::predictMean(const Matrix& interventions) const
{
    const Matrix unit = m_space.toUnitCube(interventions);
    Matrix out(interventions.rows(), static_cast<Index>(m_gps.size()));
    for (std::size_t o = 0; o < m_gps.size(); ++o)
        out.col(o) = m_gps[o].gp.predictMean(unit);
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

const CalibratedGp& ComponentwiseEmulator::emulator(Index component, Index output) const
{
    return m_parts[component].gps[output];
}

SystemForecast ComponentwiseEmulator::forecast(const RowVector& interventions, const RowVector& conditions,
                                               int samples, std::uint64_t seed) const
{
    return propagate({interventions}, conditions, samples, seed, -1, 0.0).front().forecast;
}

PredictedChange ComponentwiseEmulator::change(const RowVector& before, const RowVector& after,
                                              const RowVector& conditions, int samples, std::uint64_t seed) const
{
    // The same setting twice is the same forecast (not two that differ by rounding).
    std::vector<Path> paths = before == after ? propagate({before}, conditions, samples, seed, -1, 0.0)
                                              : propagate({before, after}, conditions, samples, seed, -1, 0.0);
    if (paths.size() == 1)
        paths.push_back(paths.front());
    PredictedChange out;
    out.before = std::move(paths[0].forecast);
    out.after = std::move(paths[1].forecast);
    out.change = out.after.mean - out.before.mean;
    const Matrix emulatorPart = (out.after.samples - paths[1].meanOnly) - (out.before.samples - paths[0].meanOnly);
    out.changeSd = emulatorPart.array().square().colwise().mean().sqrt();
    return out;
}

Matrix ComponentwiseEmulator::reach(const RowVector& interventions, const RowVector& conditions, int samples,
                                    std::uint64_t seed, double fraction) const
{
    const SystemForecast base = forecast(interventions, conditions, samples, seed);
    const RowVector spread = base.spread.cwiseMax(1e-12);
    Matrix out(m_system.componentCount(), m_system.outputCount());
    for (Index c = 0; c < out.rows(); ++c)
        out.row(c) = (propagate({interventions}, conditions, samples, seed, c, fraction).front().forecast.mean -
                      base.mean)
                         .cwiseQuotient(spread);
    return out;
}

std::vector<ComponentwiseEmulator::Path>
ComponentwiseEmulator::propagate(const std::vector<RowVector>& settings, const RowVector& conditions, int samples,
                                 std::uint64_t seed, Index shifted, double fraction) const
{
    if (samples < 2)
        throw InvalidInput("a forecast needs at least 2 samples");
    const std::vector<Index> conditionInputs = m_system.inputsWithRole(SystemInput::Role::Condition);
    if (conditions.size() != 0 && conditions.size() != static_cast<Index>(conditionInputs.size()))
        throw InvalidInput("give one value per condition (" + std::to_string(conditionInputs.size()) +
                           "), or none for their nominal values");
    const std::vector<Index> interventionInputs = m_system.inputsWithRole(SystemInput::Role::Intervention);
    Rng rng(seed);
    // The same days (random inputs) for every setting: their differences are the settings'.
    Matrix days(samples, static_cast<Index>(m_system.description().inputs.size()));
    for (Index s = 0; s < samples; ++s) {
        days.row(s) = m_system.drawInputs(settings.front(), rng);
        for (Index k = 0; k < conditions.size(); ++k)
            days(s, conditionInputs[k]) = conditions(k);
    }
    const Index n = m_system.componentCount();
    const std::size_t count = settings.size();
    std::vector<Matrix> inputs(count, days);
    for (std::size_t p = 1; p < count; ++p)
        for (std::size_t k = 0; k < interventionInputs.size(); ++k)
            inputs[p].col(interventionInputs[k]).setConstant(settings[p](static_cast<Index>(k)));
    // drawn[p][c], meanPath[p][c]: samples × outputs of component c under setting p.
    std::vector<std::vector<Matrix>> drawn(count, std::vector<Matrix>(n)), meanPath = drawn;
    for (Index c : m_system.order()) {
        const auto& sources = m_system.sources(c);
        const Part& part = m_parts[c];
        std::vector<Matrix> unit(count), unitMean(count);
        for (std::size_t p = 0; p < count; ++p) {
            Matrix X(samples, static_cast<Index>(sources.size())), Xm(X.rows(), X.cols());
            for (std::size_t q = 0; q < sources.size(); ++q) {
                const SystemSource& from = sources[q];
                X.col(q) = from.component < 0 ? Vector(inputs[p].col(from.port)) : Vector(drawn[p][from.component].col(from.port));
                Xm.col(q) = from.component < 0 ? Vector(inputs[p].col(from.port)) : Vector(meanPath[p][from.component].col(from.port));
            }
            unit[p] = part.space.toUnitCube(X);
            unitMean[p] = part.space.toUnitCube(Xm);
            drawn[p][c].resize(samples, static_cast<Index>(part.gps.size()));
            meanPath[p][c].resize(samples, drawn[p][c].cols());
        }
        for (std::size_t o = 0; o < part.gps.size(); ++o) {
            const CalibratedGp& gp = part.gps[o];
            const SystemPort& port = m_system.component(c).outputs[o];
            // One draw of the emulator's error and of the component's own noise per sample,
            // shared by the settings as far as the GP correlates them.
            const Vector z = rng.normalMatrix(samples, 1).col(0), zNoise = rng.normalMatrix(samples, 1).col(0);
            const double noiseSd = std::sqrt(gp.varianceScale * gp.gp.noiseVariance()) * gp.gp.outputScale();
            const Prediction first = gp.predict(unit[0], false);
            const Vector firstSd = first.variance.array().max(0.0).sqrt();
            for (std::size_t p = 0; p < count; ++p) {
                Vector value;
                if (p == 0) {
                    value = first.mean.array() + firstSd.array() * z.array();
                } else { // jointly with the first setting: f_p = m_p + b z + r z', b = c/sd_0
                    const Prediction other = gp.predict(unit[p], false);
                    const Vector shared = gp.varianceScale * gp.gp.pairedPosteriorCovariance(unit[0], unit[p]);
                    const Vector b = (firstSd.array() > 0.0).select(shared.array() / firstSd.array().max(1e-300), 0.0);
                    // What the second setting does not share; rounding leaves ~1e-12 of the
                    // variance at the same setting, which is none.
                    const Eigen::ArrayXd own = other.variance.array() - b.array().square();
                    const Vector r = (own > 1e-9 * other.variance.array()).select(own.max(0.0).sqrt(), 0.0);
                    const Vector zOwn = rng.normalMatrix(samples, 1).col(0);
                    value = other.mean.array() + b.array() * z.array() + r.array() * zOwn.array();
                }
                drawn[p][c].col(o) = (value.array() + noiseSd * zNoise.array()).max(port.lower).min(port.upper);
                meanPath[p][c].col(o) = gp.gp.predictMean(unitMean[p]).array().max(port.lower).min(port.upper);
                if (c == shifted) { // a hypothetical error of this component (reach())
                    drawn[p][c].col(o).array() += fraction * (port.upper - port.lower);
                    meanPath[p][c].col(o).array() += fraction * (port.upper - port.lower);
                }
            }
        }
    }
    std::vector<Path> out(count);
    const Index k = m_system.outputCount();
    for (std::size_t p = 0; p < count; ++p) {
        SystemForecast& f = out[p].forecast;
        f.samples.resize(samples, k);
        out[p].meanOnly.resize(samples, k);
        for (Index o = 0; o < k; ++o) {
            const SystemSource from = m_system.outputSource(o);
            f.samples.col(o) = drawn[p][from.component].col(from.port);
            out[p].meanOnly.col(o) = meanPath[p][from.component].col(from.port);
        }
        f.mean = f.samples.colwise().mean();
        f.spread = ((f.samples.rowwise() - f.mean).array().square().colwise().sum() / double(samples - 1)).sqrt();
        f.meanSd = ((f.samples - out[p].meanOnly).array().square().colwise().mean()).sqrt();
        for (Index c = 0; c < n; ++c) {
            const RowVector mean = drawn[p][c].colwise().mean();
            f.portMean.push_back(mean);
            f.portSd.push_back(((drawn[p][c].rowwise() - mean).array().square().colwise().sum() / double(samples - 1)).sqrt());
        }
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

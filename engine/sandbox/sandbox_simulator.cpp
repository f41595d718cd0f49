#include "engine/sandbox/sandbox_simulator.h"

#include "engine/core/errors.h"
#include "engine/core/parallel_for.h"
#include "engine/external/external_program.h"
#include "engine/functions/function_registry.h"
#include "engine/functions/test_function.h"
#include "engine/sim/simulator.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/sensitivity_study.h"

#include <atomic>
#include <cmath>
#include <set>
#include <thread>

namespace emu {

SandboxSimulator::SandboxSimulator(std::string name, ParameterSpace inputs,
                                   std::vector<std::string> outputs)
    : m_name(std::move(name)), m_inputs(std::move(inputs)), m_outputs(std::move(outputs))
{
    if (m_inputs.isEmpty() || m_outputs.empty())
        throw InvalidInput(m_name + ": a simulator needs at least one input and one output");
    std::set<std::string> unique;
    for (const std::string& output : m_outputs)
        if (output.empty() || !unique.insert(output).second)
            throw InvalidInput(m_name + ": output names must be non-empty and distinct (\"" +
                               output + "\")");
}

RowVector SandboxSimulator::run(const RowVector& x)
{
    if (x.size() != m_inputs.dimension())
        throw InvalidInput(m_name + " takes " + std::to_string(m_inputs.dimension()) +
                           " inputs, not " + std::to_string(x.size()));
    for (Index j = 0; j < x.size(); ++j) {
        const Parameter& p = m_inputs.parameter(j);
        if (!std::isfinite(x(j)) || !p.contains(x(j)))
            throw InvalidInput(m_name + ": input " + p.name + " = " + std::to_string(x(j)) +
                               " is outside [" + std::to_string(p.lower) + ", " +
                               std::to_string(p.upper) + "]");
    }
    RowVector y = compute(x);
    for (Index k = 0; k < y.size(); ++k)
        if (!std::isfinite(y(k)))
            throw NumericalError(m_name + " gave a non-finite " + m_outputs[std::size_t(k)]);
    return y;
}

std::vector<SandboxOutcome> SandboxSimulator::runBatch(const Matrix& X, int parallel,
                                                       Progress& progress) const
{
    std::vector<SandboxOutcome> outcomes(std::size_t(X.rows()));
    std::atomic<Index> done{0};
    const std::thread::id caller = std::this_thread::get_id();
    parallelFor(X.rows(), std::max(parallel, 1), [&](Index i) {
        SandboxOutcome& outcome = outcomes[std::size_t(i)];
        if (progress.isCancelled()) {
            outcome.error = "cancelled";
            return;
        }
        try {
            outcome.outputs = clone()->run(X.row(i));
        } catch (const Error& e) {
            outcome.error = e.what();
        }
        ++done;
        if (std::this_thread::get_id() == caller) // the job runner's callback is not thread-safe
            progress.report(double(done), double(X.rows()));
    });
    return outcomes;
}

namespace {

/// One episode of a linear controller from rest at the start position.
class CarSandboxSimulator : public SandboxSimulator
{
public:
    explicit CarSandboxSimulator(const std::string& simulatorId)
        : SandboxSimulator(simulatorRegistry().find(simulatorId)->displayName,
                           carSensitivitySpace(), {"reward", "steps", "energy", "reached"}),
          m_id(simulatorId), m_simulator(makeSimulator(simulatorId))
    {
    }
    std::unique_ptr<SandboxSimulator> clone() const override
    {
        return std::make_unique<CarSandboxSimulator>(m_id);
    }

protected:
    RowVector compute(const RowVector& x) override
    {
        EpisodeSettings settings;
        settings.start = {x(3), 0.0};
        const Matrix theta = x.head(LinearController::parameterCount);
        const EpisodeSummary s = m_simulator->runEpisodes(theta, settings).front();
        RowVector y(4);
        y << s.reward, double(s.steps), s.sumSquaredActions, s.reachedGoal ? 1.0 : 0.0;
        return y;
    }

private:
    std::string m_id;
    std::unique_ptr<Simulator> m_simulator;
};

/// A benchmark function in its default dimension.
class FunctionSandboxSimulator : public SandboxSimulator
{
public:
    explicit FunctionSandboxSimulator(const FunctionInfo& info)
        : FunctionSandboxSimulator(info, info.factory(info.defaultDimension))
    {
    }
    std::unique_ptr<SandboxSimulator> clone() const override
    {
        return std::make_unique<FunctionSandboxSimulator>(m_info);
    }

protected:
    RowVector compute(const RowVector& x) override
    {
        return RowVector::Constant(1, m_function->evaluate(Matrix(x))(0));
    }

private:
    FunctionSandboxSimulator(const FunctionInfo& info, std::unique_ptr<TestFunction> function)
        : SandboxSimulator(info.displayName, function->space(), {"y"}), m_info(info),
          m_function(std::move(function))
    {
    }

    const FunctionInfo& m_info;
    std::unique_ptr<TestFunction> m_function;
};

/// A user's program, one process per run.
class ProgramSandboxSimulator : public SandboxSimulator
{
public:
    explicit ProgramSandboxSimulator(const ProgramSimulatorSettings& settings)
        : SandboxSimulator(settings.command, settings.inputs, settings.outputs),
          m_settings(settings),
          m_program(settings.command, settings.arguments, settings.timeoutSeconds, settings.launcher)
    {
        if (settings.parallel < 1)
            throw InvalidInput(settings.command + ": at least one run at a time");
    }
    std::unique_ptr<SandboxSimulator> clone() const override
    {
        return std::make_unique<ProgramSandboxSimulator>(m_settings);
    }
    int parallelRuns() const override { return m_settings.parallel; }

protected:
    RowVector compute(const RowVector& x) override
    {
        return m_program.evaluateOutputs(x, inputs().names(), outputs());
    }

private:
    ProgramSimulatorSettings m_settings;
    ExternalProgram m_program;
};

const std::string carPrefix = "car:";
const std::string functionPrefix = "function:";

} // namespace

std::vector<SandboxSimulatorInfo> sandboxSimulators()
{
    std::vector<SandboxSimulatorInfo> out;
    for (const SimulatorInfo* car : simulatorsWithRole(kDrivable))
        out.push_back({carPrefix + car->id, car->displayName,
                       "One episode of the linear controller from rest at the start position; "
                       "outputs reward, steps, energy (sum of squared actions) and reached"});
    for (const FunctionInfo& info : functionRegistry())
        out.push_back({functionPrefix + info.id, info.displayName, info.description});
    return out;
}

std::unique_ptr<SandboxSimulator> makeSandboxSimulator(const std::string& id)
{
    if (id.starts_with(carPrefix) && simulatorRegistry().find(id.substr(carPrefix.size())))
        return std::make_unique<CarSandboxSimulator>(id.substr(carPrefix.size()));
    if (id.starts_with(functionPrefix))
        if (const FunctionInfo* info = functionRegistry().find(id.substr(functionPrefix.size())))
            return std::make_unique<FunctionSandboxSimulator>(*info);
    std::string valid;
    for (const SandboxSimulatorInfo& info : sandboxSimulators())
        valid += (valid.empty() ? "" : ", ") + info.id;
    throw InvalidInput("unknown sandbox simulator \"" + id + "\"; choose one of " + valid);
}

std::unique_ptr<SandboxSimulator> makeProgramSimulator(const ProgramSimulatorSettings& settings)
{
    return std::make_unique<ProgramSandboxSimulator>(settings);
}

} // namespace emu

#include "engine/system/system.h"

#include "engine/core/errors.h"
#include "engine/core/parallel_for.h"
#include "engine/core/rng.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace emu {

namespace {

Index portIndex(const std::vector<SystemPort>& ports, const std::string& name)
{
    for (std::size_t i = 0; i < ports.size(); ++i)
        if (ports[i].name == name)
            return static_cast<Index>(i);
    return -1;
}

/// Names join with '.' in wires, so a name is a non-empty run without dots or spaces.
bool isPlainName(const std::string& name)
{
    return !name.empty() && name.find_first_of(". \t\n\"") == std::string::npos;
}

std::string rangeText(double lower, double upper)
{
    return "[" + formatNumber(lower) + ", " + formatNumber(upper) + "]";
}

} // namespace

System::System(SystemDescription description) : m_description(std::move(description))
{
    check();
    resolveWires();
    sortComponents();
    for (const SystemComponentSpec& spec : m_description.components)
        m_components.push_back(makeSystemComponent(spec));
}

System::System(const System& other)
    : m_description(other.m_description), m_sources(other.m_sources), m_outputs(other.m_outputs),
      m_order(other.m_order)
{
    for (const auto& component : other.m_components)
        m_components.push_back(component->clone());
}

System& System::operator=(const System& other)
{
    if (this != &other)
        *this = System(other);
    return *this;
}

System::~System() = default;

void System::fail(int line, const std::string& what) const
{
    throw InvalidInput(m_description.source + (line > 0 ? ":" + std::to_string(line) : "") +
                       ": " + what);
}

void System::check()
{
    std::set<std::string> names;
    for (const SystemInput& input : m_description.inputs) {
        const std::string who = "input \"" + input.name + "\"";
        if (!isPlainName(input.name))
            fail(input.line, who + ": a name has no dots, spaces or quotes and is not empty");
        if (!names.insert(input.name).second)
            fail(input.line, who + ": the name is used twice");
        if (!(std::isfinite(input.lower) && std::isfinite(input.upper) && input.lower < input.upper))
            fail(input.line, who + ": its range " + rangeText(input.lower, input.upper) +
                                 " needs finite min < max");
        if (input.role != SystemInput::Role::Random && !(input.value >= input.lower && input.value <= input.upper))
            fail(input.line, who + ": its value " + formatNumber(input.value) + " is outside " +
                                 rangeText(input.lower, input.upper));
        if (input.role == SystemInput::Role::Random && input.distribution == SystemInput::Distribution::Normal &&
            !(std::isfinite(input.mean) && input.sd > 0.0 && std::isfinite(input.sd)))
            fail(input.line, who + ": a normal input needs a finite mean and a positive sd");
    }
    std::set<std::string> componentNames;
    for (SystemComponentSpec& spec : m_description.components) {
        const std::string who = "component \"" + spec.name + "\"";
        if (!isPlainName(spec.name))
            fail(spec.line, who + ": a name has no dots, spaces or quotes and is not empty");
        if (!componentNames.insert(spec.name).second)
            fail(spec.line, who + ": the name is used twice");
        if (!(spec.cost >= 0.0 && std::isfinite(spec.cost)))
            fail(spec.line, who + ": its cost must be a finite number ≥ 0");
        try {
            completePorts(spec);
            checkComponentParameters(spec);
        } catch (const InvalidInput& e) {
            fail(spec.line, e.what());
        }
        for (const auto* ports : {&spec.inputs, &spec.outputs}) {
            std::set<std::string> portNames;
            for (const SystemPort& port : *ports) {
                const std::string where = who + ", port \"" + port.name + "\"";
                if (!isPlainName(port.name) || !portNames.insert(port.name).second)
                    fail(spec.line, where + ": port names are plain, non-empty and unique");
                if (!(std::isfinite(port.lower) && std::isfinite(port.upper) && port.lower < port.upper))
                    fail(spec.line, where + ": its range " + rangeText(port.lower, port.upper) +
                                        " needs finite min < max");
            }
        }
    }
    if (m_description.components.empty())
        fail(0, "a system needs at least one component");
    if (m_description.outputs.empty())
        fail(0, "list the system's \"outputs\" (\"component.output\")");
}

void System::resolveWires()
{
    const auto& components = m_description.components;
    m_sources.assign(components.size(), {});
    std::vector<std::vector<bool>> wired(components.size());
    for (std::size_t c = 0; c < components.size(); ++c) {
        m_sources[c].resize(components[c].inputs.size());
        wired[c].assign(components[c].inputs.size(), false);
    }
    // "component.port" → (component, port) in `ports` of that component, or fail.
    const auto find = [&](const std::string& path, bool output, int line, const std::string& what) {
        const auto dot = path.find('.');
        const Index c = componentIndex(path.substr(0, dot));
        if (dot == std::string::npos || c < 0)
            fail(line, what + " \"" + path + "\": no component \"" + path.substr(0, dot) + "\"");
        const auto& ports = output ? components[c].outputs : components[c].inputs;
        const Index p = portIndex(ports, path.substr(dot + 1));
        if (p < 0) {
            std::string valid;
            for (const SystemPort& port : ports)
                valid += (valid.empty() ? "" : ", ") + port.name;
            fail(line, what + " \"" + path + "\": " + components[c].name + " has no " +
                           (output ? "output" : "input") + " \"" + path.substr(dot + 1) +
                           "\" (its " + (output ? "outputs" : "inputs") + ": " + valid + ")");
        }
        return SystemSource{c, p};
    };
    for (const SystemWire& wire : m_description.wires) {
        const SystemSource to = find(wire.to, false, wire.line, "wire to");
        const SystemPort& target = components[to.component].inputs[to.port];
        if (wired[to.component][to.port])
            fail(wire.line, "wire to \"" + wire.to + "\": that input is already wired");
        SystemSource from;
        std::string fromUnit;
        if (wire.from.find('.') != std::string::npos) {
            from = find(wire.from, true, wire.line, "wire from");
            fromUnit = components[from.component].outputs[from.port].unit;
        } else {
            const auto& inputs = m_description.inputs;
            const auto it = std::find_if(inputs.begin(), inputs.end(),
                                         [&](const SystemInput& in) { return in.name == wire.from; });
            if (it == inputs.end())
                fail(wire.line, "wire from \"" + wire.from + "\": no system input of that name "
                                "(a component's output is written \"component.output\")");
            from = {-1, it - inputs.begin()};
            fromUnit = it->unit;
            if (it->lower < target.lower || it->upper > target.upper)
                fail(wire.line, "wire from \"" + wire.from + "\": its range " +
                                    rangeText(it->lower, it->upper) + " reaches outside " + wire.to +
                                    "'s range " + rangeText(target.lower, target.upper));
        }
        if (!fromUnit.empty() && !target.unit.empty() && fromUnit != target.unit)
            fail(wire.line, "wire from \"" + wire.from + "\" to \"" + wire.to + "\": units differ (" +
                                fromUnit + " into " + target.unit + ")");
        m_sources[to.component][to.port] = from;
        wired[to.component][to.port] = true;
    }
    for (std::size_t c = 0; c < components.size(); ++c)
        for (std::size_t p = 0; p < wired[c].size(); ++p)
            if (!wired[c][p])
                fail(components[c].line, "input \"" + components[c].name + "." +
                                             components[c].inputs[p].name + "\" is not wired to anything");
    for (const std::string& output : m_description.outputs)
        m_outputs.push_back(find(output, true, 0, "system output"));
}

void System::sortComponents()
{
    const Index n = static_cast<Index>(m_description.components.size());
    std::vector<int> pending(n, 0);
    std::vector<std::vector<Index>> downstream(n);
    for (Index c = 0; c < n; ++c)
        for (const SystemSource& source : m_sources[c])
            if (source.component >= 0) {
                ++pending[c];
                downstream[source.component].push_back(c);
            }
    m_order.clear();
    for (Index c = 0; c < n; ++c)
        if (pending[c] == 0)
            m_order.push_back(c);
    for (std::size_t k = 0; k < m_order.size(); ++k)
        for (Index next : downstream[m_order[k]])
            if (--pending[next] == 0)
                m_order.push_back(next);
    if (static_cast<Index>(m_order.size()) == n)
        return;
    std::string cycle;
    int line = 0;
    for (Index c = 0; c < n; ++c)
        if (pending[c] > 0) {
            cycle += (cycle.empty() ? "" : ", ") + component(c).name;
            line = line ? line : component(c).line;
        }
    fail(line, "the wires make a cycle through " + cycle + " (a system is run in one pass, "
               "so no output may feed back into its own component)");
}

Index System::componentIndex(const std::string& name) const
{
    const auto& components = m_description.components;
    for (std::size_t c = 0; c < components.size(); ++c)
        if (components[c].name == name)
            return static_cast<Index>(c);
    return -1;
}

std::vector<Index> System::inputsWithRole(SystemInput::Role role) const
{
    std::vector<Index> out;
    for (std::size_t i = 0; i < m_description.inputs.size(); ++i)
        if (m_description.inputs[i].role == role)
            out.push_back(static_cast<Index>(i));
    return out;
}

ParameterSpace System::interventionSpace() const
{
    ParameterSpace space;
    for (Index i : inputsWithRole(SystemInput::Role::Intervention)) {
        const SystemInput& input = m_description.inputs[i];
        space.addContinuous(input.name, input.lower, input.upper, input.unit);
    }
    return space;
}

RowVector System::interventionValues() const
{
    const std::vector<Index> indices = inputsWithRole(SystemInput::Role::Intervention);
    RowVector values(indices.size());
    for (std::size_t k = 0; k < indices.size(); ++k)
        values(k) = m_description.inputs[indices[k]].value;
    return values;
}

RowVector System::drawInputs(const RowVector& interventions, Rng& rng) const
{
    const auto& inputs = m_description.inputs;
    RowVector out(inputs.size());
    Index k = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const SystemInput& input = inputs[i];
        switch (input.role) {
        case SystemInput::Role::Intervention:
            if (k >= interventions.size())
                throw InvalidInput("a run needs " + std::to_string(inputsWithRole(input.role).size()) +
                                   " intervention values, got " + std::to_string(interventions.size()));
            out(i) = interventions(k++);
            break;
        case SystemInput::Role::Condition:
            out(i) = input.value;
            break;
        case SystemInput::Role::Random:
            if (input.distribution == SystemInput::Distribution::Uniform) {
                out(i) = rng.uniform(input.lower, input.upper);
            } else { // truncated normal by rejection; the range holds most of the mass in practice
                double x = input.mean + input.sd * rng.normal();
                for (int tries = 0; (x < input.lower || x > input.upper) && tries < 1000; ++tries)
                    x = input.mean + input.sd * rng.normal();
                out(i) = std::clamp(x, input.lower, input.upper);
            }
            break;
        }
    }
    if (k != interventions.size())
        throw InvalidInput("a run needs " + std::to_string(k) + " intervention values, got " +
                           std::to_string(interventions.size()));
    return out;
}

double System::runCost() const
{
    double cost = 0.0;
    for (const SystemComponentSpec& spec : m_description.components)
        cost += spec.cost;
    return cost;
}

RowVector System::runComponent(Index c, const RowVector& inputs)
{
    RowVector out = m_components[c]->compute(inputs);
    if (out.size() != static_cast<Index>(component(c).outputs.size()))
        throw NumericalError("gave " + std::to_string(out.size()) + " outputs instead of " +
                             std::to_string(component(c).outputs.size()));
    for (Index p = 0; p < out.size(); ++p)
        if (!std::isfinite(out(p)))
            throw NumericalError("output \"" + component(c).outputs[p].name + "\" is " + formatNumber(out(p)));
    return out;
}

SystemRun System::run(const RowVector& inputs)
{
    if (inputs.size() != static_cast<Index>(m_description.inputs.size()) || !inputs.allFinite())
        throw InvalidInput("a run needs " + std::to_string(m_description.inputs.size()) +
                           " finite input values");
    SystemRun result;
    result.inputs = inputs;
    result.componentInputs.assign(m_components.size(), RowVector());
    result.componentOutputs.assign(m_components.size(), RowVector());
    for (Index c : m_order) {
        const auto& sources = m_sources[c];
        RowVector x(sources.size());
        for (std::size_t p = 0; p < sources.size(); ++p)
            x(p) = sources[p].component < 0 ? inputs(sources[p].port)
                                             : result.componentOutputs[sources[p].component](sources[p].port);
        result.componentInputs[c] = x;
        try {
            result.componentOutputs[c] = runComponent(c, x);
        } catch (const std::exception& e) {
            result.error = "component \"" + component(c).name + "\": " + e.what();
            result.failedComponent = c;
            return result;
        }
    }
    result.outputs.resize(m_outputs.size());
    for (std::size_t k = 0; k < m_outputs.size(); ++k)
        result.outputs(k) = result.componentOutputs[m_outputs[k].component](m_outputs[k].port);
    return result;
}

std::vector<SystemRun> System::runBatch(const Matrix& inputs, int parallel, Progress& progress) const
{
    const Index n = inputs.rows();
    std::vector<SystemRun> runs(n);
    const int threads = std::max(1, parallel);
    // Blocks of runs, reported (and cancellation seen) from the calling thread between blocks.
    // Each thread runs a contiguous share of a block on a copy of its own, as a component (a
    // program and its process) is not shared between threads; copying per run would cost more
    // than a built-in component's run. A program's runs take long enough to go one by one.
    const bool programs = std::any_of(m_description.components.begin(), m_description.components.end(),
                                      [](const SystemComponentSpec& spec) { return spec.type == "program"; });
    const Index perThread = programs ? 1 : 32;
    const Index block = perThread * threads;
    for (Index start = 0; start < n; start += block) {
        const Index count = std::min(block, n - start);
        if (progress.isCancelled()) {
            for (Index i = start; i < n; ++i) {
                runs[i].inputs = inputs.row(i);
                runs[i].error = "cancelled";
            }
            break;
        }
        const Index shares = (count + perThread - 1) / perThread;
        parallelFor(shares, threads, [&](Index t) {
            System local(*this);
            const Index end = std::min(start + count, start + (t + 1) * perThread);
            for (Index i = start + t * perThread; i < end; ++i)
                runs[i] = local.run(inputs.row(i));
        });
        progress.report(double(start + count), double(n), "running the system");
    }
    return runs;
}

} // namespace emu

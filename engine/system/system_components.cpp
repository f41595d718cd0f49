#include "engine/system/system_components.h"

#include "engine/core/errors.h"
#include "engine/external/external_program.h"
#include "engine/system/supply_chain.h"

#include <algorithm>
#include <utility>

namespace emu {

namespace {

class FunctionComponent : public SystemComponent
{
public:
    explicit FunctionComponent(std::function<RowVector(const RowVector&)> f) : m_f(std::move(f)) {}
    RowVector compute(const RowVector& inputs) override { return m_f(inputs); }
    std::unique_ptr<SystemComponent> clone() const override
    {
        return std::make_unique<FunctionComponent>(m_f);
    }

private:
    std::function<RowVector(const RowVector&)> m_f;
};

/// A user's program: one process per run, inputs and outputs named by the spec's ports.
class ProgramComponent : public SystemComponent
{
public:
    explicit ProgramComponent(const SystemComponentSpec& spec)
        : m_program(spec.command, spec.arguments, spec.timeoutSeconds, spec.launcher)
    {
        for (const SystemPort& port : spec.inputs)
            m_inputs.push_back(port.name);
        for (const SystemPort& port : spec.outputs)
            m_outputs.push_back(port.name);
    }
    ProgramComponent(const ProgramComponent& other)
        : m_program(other.m_program.command(), other.m_program.arguments(),
                    other.m_program.timeoutSeconds(), other.m_program.launcher()),
          m_inputs(other.m_inputs), m_outputs(other.m_outputs)
    {
    }
    RowVector compute(const RowVector& inputs) override
    {
        return m_program.evaluateOutputs(inputs, m_inputs, m_outputs);
    }
    std::unique_ptr<SystemComponent> clone() const override
    {
        return std::make_unique<ProgramComponent>(*this);
    }

private:
    ExternalProgram m_program;
    std::vector<std::string> m_inputs;
    std::vector<std::string> m_outputs;
};

Index portIndex(const std::vector<SystemPort>& ports, const std::string& name)
{
    for (std::size_t i = 0; i < ports.size(); ++i)
        if (ports[i].name == name)
            return static_cast<Index>(i);
    return -1;
}

/// output = c + W·input with c and W from the "<output>" and "<output>.<input>" parameters.
std::unique_ptr<SystemComponent> makeLinear(const SystemComponentSpec& spec)
{
    const Index nIn = static_cast<Index>(spec.inputs.size()), nOut = static_cast<Index>(spec.outputs.size());
    RowVector intercept = RowVector::Zero(nOut);
    Matrix weights = Matrix::Zero(nIn, nOut);
    for (const auto& [key, value] : spec.parameters) {
        const auto dot = key.find('.');
        const Index out = portIndex(spec.outputs, key.substr(0, dot));
        if (dot == std::string::npos)
            intercept(out) = value;
        else
            weights(portIndex(spec.inputs, key.substr(dot + 1)), out) = value;
    }
    return makeFunctionComponent(
        [intercept, weights](const RowVector& in) -> RowVector { return intercept + in * weights; });
}

std::vector<SystemComponentType> allTypes()
{
    std::vector<SystemComponentType> types = supplyChainComponentTypes();
    SystemComponentType linear;
    linear.id = "linear";
    linear.displayName = "Linear";
    linear.description = "output = c + Σ w·input, with c and w as parameters";
    linear.declaredPorts = true;
    linear.make = makeLinear;
    types.push_back(linear);
    SystemComponentType program;
    program.id = "program";
    program.displayName = "Program";
    program.description = "A program of yours: inputs as JSON on stdin, outputs as JSON on stdout";
    program.declaredPorts = true;
    program.make = [](const SystemComponentSpec& spec) { return std::make_unique<ProgramComponent>(spec); };
    types.push_back(program);
    return types;
}

std::string who(const SystemComponentSpec& spec)
{
    return "component \"" + spec.name + "\"";
}

} // namespace

std::unique_ptr<SystemComponent> makeFunctionComponent(std::function<RowVector(const RowVector&)> f)
{
    return std::make_unique<FunctionComponent>(std::move(f));
}

const Registry<SystemComponentType>& systemComponentTypes()
{
    static const Registry<SystemComponentType> registry("component type", "component types", allTypes());
    return registry;
}

std::unique_ptr<SystemComponent> makeSystemComponent(const SystemComponentSpec& spec)
{
    return systemComponentTypes().at(spec.type).make(spec);
}

void completePorts(SystemComponentSpec& spec)
{
    const SystemComponentType* type = systemComponentTypes().find(spec.type);
    if (!type)
        throw InvalidInput(who(spec) + ": unknown type \"" + spec.type + "\"; valid types are: " +
                           systemComponentTypes().idList());
    if (type->declaredPorts) {
        if (spec.inputs.empty() && spec.type == "program")
            throw InvalidInput(who(spec) + ": a program needs its \"inputs\" listed");
        if (spec.outputs.empty())
            throw InvalidInput(who(spec) + ": list its \"outputs\"");
        return;
    }
    const auto sameNames = [](const std::vector<SystemPort>& a, const std::vector<SystemPort>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                          [](const SystemPort& x, const SystemPort& y) { return x.name == y.name; });
    };
    if (!spec.inputs.empty() || !spec.outputs.empty()) {
        if (sameNames(spec.inputs, type->inputs) && sameNames(spec.outputs, type->outputs))
            return; // already completed
        throw InvalidInput(who(spec) + ": a " + spec.type +
                           " has fixed ports; leave out \"inputs\" and \"outputs\"");
    }
    spec.inputs = type->inputs;
    spec.outputs = type->outputs;
}

void checkComponentParameters(const SystemComponentSpec& spec)
{
    const SystemComponentType& type = systemComponentTypes().at(spec.type);
    for (const auto& [key, value] : spec.parameters) {
        const std::string where = who(spec) + ", parameter \"" + key + "\"";
        if (spec.type == "linear") {
            const auto dot = key.find('.');
            const bool known = portIndex(spec.outputs, key.substr(0, dot)) >= 0 &&
                               (dot == std::string::npos || portIndex(spec.inputs, key.substr(dot + 1)) >= 0);
            if (!known)
                throw InvalidInput(where + ": a linear coefficient is named \"<output>\" or "
                                           "\"<output>.<input>\" after its ports");
            continue;
        }
        const auto info = std::find_if(type.parameters.begin(), type.parameters.end(),
                                       [&](const ComponentParameterInfo& p) { return p.name == key; });
        if (info == type.parameters.end()) {
            std::string valid;
            for (const ComponentParameterInfo& p : type.parameters)
                valid += (valid.empty() ? "" : ", ") + p.name;
            throw InvalidInput(where + ": a " + spec.type + " has " +
                               (valid.empty() ? std::string("no parameters") : "parameters " + valid));
        }
        if (!(value >= info->lower && value <= info->upper))
            throw InvalidInput(where + ": " + formatNumber(value) + " is outside [" +
                               formatNumber(info->lower) + ", " + formatNumber(info->upper) + "]");
    }
}

} // namespace emu

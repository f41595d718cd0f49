#pragma once
// The components a system is made of: one run maps the component's inputs to its outputs
// (both in the order of its spec's ports). Built-in types are listed in a registry; two take
// the ports the file declares:
//   - "linear":  output_k = c_k + Σ_j w_kj · input_j, parameters "<output>" (c_k, default 0) and
//                "<output>.<input>" (w_kj, default 0): for tests and hand-made examples;
//   - "program": a user's program, run once per component run with the external-program
//                protocol (external_program.h): a JSON object of its inputs on stdin, a JSON
//                object of its outputs on stdout.
// The supply chain's types (supply_chain.h) declare their own ports.

#include "engine/core/registry.h"
#include "engine/core/types.h"
#include "engine/system/system_description.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class SystemComponent
{
public:
    virtual ~SystemComponent() = default;
    /// The outputs for these inputs (a finite value each, or an exception saying why not).
    virtual RowVector compute(const RowVector& inputs) = 0;
    /// An independent copy (for a worker thread).
    virtual std::unique_ptr<SystemComponent> clone() const = 0;
};

/// A component computed by a plain function (built-in types).
std::unique_ptr<SystemComponent> makeFunctionComponent(std::function<RowVector(const RowVector&)> f);

/// One setting of a built-in component type.
struct ComponentParameterInfo
{
    std::string name;
    double defaultValue = 0.0;
    double lower = 0.0; ///< a file's value must lie in [lower, upper]
    double upper = 1.0;
    std::string description;
};

/// A built-in component type.
struct SystemComponentType
{
    std::string id;
    std::string displayName;
    std::string description;
    bool declaredPorts = false; ///< its ports come from the file (linear, program)
    std::vector<SystemPort> inputs;
    std::vector<SystemPort> outputs;
    std::vector<ComponentParameterInfo> parameters; ///< empty for linear (any "<out>.<in>")
    /// Builds a component from a checked spec.
    std::function<std::unique_ptr<SystemComponent>(const SystemComponentSpec&)> make;
};

/// Every component type, in menu order: the supply chain's, then linear and program.
const Registry<SystemComponentType>& systemComponentTypes();

/// A component for a spec whose ports and parameters System has checked. Throws
/// ExternalProgramError if a program cannot be run (not found, not executable).
std::unique_ptr<SystemComponent> makeSystemComponent(const SystemComponentSpec& spec);

/// Gives a built-in component its type's ports. Throws InvalidInput for an unknown type, or for
/// ports listed in a file for a type whose ports are fixed.
void completePorts(SystemComponentSpec& spec);

/// Throws InvalidInput naming the component and parameter for an unknown parameter or a value
/// outside its range (built-in types), or a linear coefficient naming no port.
void checkComponentParameters(const SystemComponentSpec& spec);

} // namespace emu

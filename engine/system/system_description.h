#pragma once
// A system of components as a user describes it: what the parts are, how outputs are wired to
// inputs, which inputs a person decides and which the world draws. Plain values; System
// (system.h) checks the graph and runs it.
//
// File format (JSON, "format": "emuplay-system", "version": 1):
//   {
//     "format": "emuplay-system", "version": 1,
//     "name": "…", "description": "…", "costUnit": "£",
//     "inputs": [                         the system's free inputs
//       {"name": "safety_stock", "role": "intervention", "min": 0, "max": 3, "value": 1,
//        "unit": "sd", "description": "…"},
//       {"name": "demand_noise", "role": "random", "distribution": "normal", "mean": 0, "sd": 1,
//        "min": -4, "max": 4},
//       {"name": "demand_shift", "role": "condition", "min": -0.5, "max": 0.5, "value": 0}
//     ],
//     "components": [
//       {"name": "policy", "type": "ordering_policy", "cost": 1, "parameters": {…}},
//       {"name": "pricer", "type": "program", "command": "./price.sh", "arguments": [],
//        "launcher": [], "timeout": 10, "cost": 5,
//        "inputs": [{"name": "x", "min": 0, "max": 1, "unit": ""}],
//        "outputs": [{"name": "y", "min": 0, "max": 10}]}
//     ],
//     "wires": [{"from": "safety_stock", "to": "policy.safety_stock"},
//               {"from": "forecaster.forecast", "to": "policy.forecast"}],
//     "outputs": ["accounts.cost", "delivery.waste"]
//   }
// Roles: an intervention is a decision a person can change (the emulators' inputs); a random
// input is drawn afresh every run (uniform on [min, max], or normal with mean and sd, truncated
// to [min, max]); a condition is a fact of the world held at its nominal value, which a monitor
// may change behind the emulators' back (a demand shift, a biased retrained model).
// A built-in component's ports come from its type (system_components.h); a program declares its
// own, with ranges: a port's range is the box a component's emulator is trained on.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emu {

/// One named value going into or out of a component.
struct SystemPort
{
    std::string name;
    double lower = 0.0; ///< the range its values are expected in
    double upper = 1.0;
    std::string unit; ///< ports wired together must have the same unit
    std::string description;
};

/// One free input of the whole system.
struct SystemInput
{
    enum class Role
    {
        Intervention,
        Random,
        Condition
    };
    enum class Distribution
    {
        Uniform,
        Normal
    };
    std::string name;
    Role role = Role::Intervention;
    double lower = 0.0;
    double upper = 1.0;
    double value = 0.0; ///< intervention: its current setting; condition: its nominal value
    Distribution distribution = Distribution::Uniform; ///< random inputs only
    double mean = 0.0;                                 ///< of a normal random input
    double sd = 1.0;                                   ///< of a normal random input
    std::string unit;
    std::string description;
    int line = 0; ///< where it was read (0: built in code)
};

/// One component: a built-in type with parameters, or a user's program.
struct SystemComponentSpec
{
    std::string name;
    std::string type; ///< a built-in type id, or "program"
    std::string description;
    double cost = 1.0; ///< of one run, in the system's cost unit
    std::vector<std::pair<std::string, double>> parameters; ///< built-in types only
    std::vector<SystemPort> inputs;                         ///< filled from the type for built-ins
    std::vector<SystemPort> outputs;
    std::string command; ///< program only: a path or a name on PATH
    std::vector<std::string> arguments;
    std::vector<std::string> launcher;
    double timeoutSeconds = 60.0;
    int line = 0;

    /// The parameter's value, or `fallback` when the file does not set it.
    double parameter(std::string_view key, double fallback) const;
};

/// An output (or a system input) wired to a component's input.
struct SystemWire
{
    std::string from; ///< "component.output" or the name of a system input
    std::string to;   ///< "component.input"
    int line = 0;
};

/// A whole system, as read from a file or built in code.
struct SystemDescription
{
    static constexpr int formatVersion = 1;
    std::string source = "system"; ///< the file name errors are reported against
    std::string name;
    std::string description;
    std::string costUnit = "£";
    std::vector<SystemInput> inputs;
    std::vector<SystemComponentSpec> components;
    std::vector<SystemWire> wires;
    std::vector<std::string> outputs; ///< "component.output", what the system reports
};

/// Reads a system file's text. Throws ParseError naming `source` and the line for malformed
/// JSON, a missing or mistyped field, an unknown role, type or distribution, or a newer version;
/// the graph itself (ports, wiring, cycles, units) is checked by System. Built-in components get
/// their type's ports.
SystemDescription readSystemDescription(std::string_view text, const std::string& source);
/// The file text of a description (readSystemDescription reads it back equal).
std::string writeSystemDescription(const SystemDescription& description);

/// "intervention", "random", "condition".
const char* roleName(SystemInput::Role role);

} // namespace emu

#pragma once
// The benchmark functions a user can pick at run time (combo boxes, CLI options, sessions), by id.

#include "engine/functions/test_function.h"

#include "engine/core/registry.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace emu {

/// One selectable benchmark function.
struct FunctionInfo
{
    std::string id;                 ///< stable identifier used in files and on the command line
    std::string displayName;        ///< for menus, e.g. "Hartmann 6-D"
    std::string description;        ///< one sentence for tooltips
    Index defaultDimension = 1;     ///< dimension used when none is asked for
    bool variableDimension = false; ///< whether any dimension ≥ 1 may be asked for
    std::string highFidelityId; ///< for a low-fidelity variant, the id of the function it mimics
    /// Creates the function in the given dimension (already checked against the fields above).
    std::function<std::unique_ptr<TestFunction>(Index dimension)> factory;
};

/// Every registered function, in menu order: "forrester", "forrester-low", "branin",
/// "six-hump-camel", "hartmann3", "hartmann6", "ishigami", "ackley", "levy".
const Registry<FunctionInfo>& functionRegistry();
/// A new function by id; dimension 0 means the default. Throws InvalidInput listing the valid
/// ids if `id` is unknown, or naming the allowed dimension if it cannot take `dimension`.
std::unique_ptr<TestFunction> makeFunction(const std::string& id, Index dimension = 0);

} // namespace emu

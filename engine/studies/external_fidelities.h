#pragma once
// A user's own simulators as the fidelity levels of a multi-fidelity optimisation: one external
// program per level (engine/external/external_program.h: its protocol, launcher and timeout), or
// the same program at every level told which one by an extra input, e.g.
// {"x1": 0.3, "fidelity": 2}. Each level's cost is fixed, or measured: the run's wall time in
// seconds, launcher and queueing included.

#include "engine/mfbo/mf_bo_loop.h"

#include <memory>
#include <string>
#include <vector>

namespace emu {

class ExternalProgram;

/// One fidelity level run by an external program.
struct ExternalFidelity
{
    std::shared_ptr<ExternalProgram> program;
    double cost = 1.0;     ///< the fixed cost, or the estimate before the first run if measured
    bool measured = false; ///< the cost is the run's wall time in seconds
};

/// The levels, lowest first, as an objective on `space`. With a non-empty `fidelityInput`, every
/// run also gets its level (0 = lowest) as the input of that name. Throws InvalidInput for fewer
/// than two levels, a missing program, a cost that is not positive, or a fidelity input named
/// like a parameter.
MfObjective externalMfObjective(const ParameterSpace& space, std::vector<ExternalFidelity> levels,
                                const std::string& fidelityInput = {});

} // namespace emu

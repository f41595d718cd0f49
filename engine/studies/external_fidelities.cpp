#include "engine/studies/external_fidelities.h"

#include "engine/core/errors.h"
#include "engine/external/external_program.h"

#include <cmath>

namespace emu {

MfObjective externalMfObjective(const ParameterSpace& space, std::vector<ExternalFidelity> levels,
                                const std::string& fidelityInput)
{
    if (levels.size() < 2)
        throw InvalidInput("a multi-fidelity optimisation needs at least two fidelities, got " +
                           std::to_string(levels.size()));
    std::vector<std::string> names = space.names();
    if (!fidelityInput.empty()) {
        if (space.indexOf(fidelityInput) >= 0)
            throw InvalidInput("the fidelity input \"" + fidelityInput + "\" is also a parameter's name");
        names.push_back(fidelityInput);
    }
    MfObjective objective;
    objective.space = space;
    for (std::size_t l = 0; l < levels.size(); ++l) {
        const ExternalFidelity& level = levels[l];
        if (!level.program)
            throw InvalidInput("fidelity " + std::to_string(l) + " has no program");
        if (!std::isfinite(level.cost) || level.cost <= 0.0)
            throw InvalidInput("the cost of fidelity " + std::to_string(l) +
                               " must be a positive number, not " + formatNumber(level.cost));
        objective.costs.push_back(level.cost);
        objective.measuredCosts.push_back(level.measured);
        objective.name += (l ? ", " : "") + level.program->command();
    }
    objective.evaluate = [levels = std::move(levels), names, withLevel = !fidelityInput.empty()](
                             Index level, const Matrix& X) {
        if (level < 0 || level >= Index(levels.size()))
            throw InvalidInput("no fidelity " + std::to_string(level));
        if (!withLevel)
            return levels[std::size_t(level)].program->evaluate(X, names);
        Matrix withFidelity(X.rows(), X.cols() + 1);
        withFidelity << X, Vector::Constant(X.rows(), double(level));
        return levels[std::size_t(level)].program->evaluate(withFidelity, names);
    };
    return objective;
}

} // namespace emu

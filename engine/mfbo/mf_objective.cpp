#include "engine/mfbo/mf_objective.h"

#include "engine/bo/acquisition_optimizer.h"
#include "engine/core/rng.h"
#include "engine/functions/multi_fidelity_problem.h"

#include <memory>

namespace emu {

MfObjective problemObjective(const MultiFidelityProblem& problem, std::vector<double> costs,
                             std::uint64_t noiseSeed)
{
    MfObjective objective;
    objective.name = problem.displayName();
    objective.space = problem.space();
    objective.costs = costs.empty() ? problem.costs() : std::move(costs);
    auto rng = std::make_shared<Rng>(noiseSeed);
    objective.evaluate = [&problem, rng](Index level, const Matrix& X) {
        Vector y = problem.evaluate(level, X);
        const double sd = problem.noiseSd(level);
        if (sd > 0.0)
            for (Index i = 0; i < y.size(); ++i)
                y(i) += sd * rng->normal();
        return y;
    };
    return objective;
}

MfMinimum highestLevelMinimum(const MultiFidelityProblem& problem, double sign, std::uint64_t seed)
{
    const Index top = problem.highestLevel();
    AcquisitionOptimizerSettings settings;
    settings.anchors = 16384;
    settings.polished = 10;
    settings.maxIterations = 200;
    // In the unit cube: inputs of very different scales (Borehole's r spans 50,000, r_w 0.1)
    // leave L-BFGS-B crawling in the problem's own units.
    const ParameterSpace unit = ParameterSpace::box(Vector::Zero(problem.dimension()), Vector::Ones(problem.dimension()));
    const AcquisitionOptimizer optimizer(unit, settings);
    const BatchFunction negative = withNumericalGradient(
        [&problem, top, sign](const Matrix& U) {
            return Vector(-sign * problem.evaluate(top, problem.space().fromUnitCube(U)));
        },
        unit);
    const AcquisitionOptimum best = optimizer.maximize(negative, seed);
    return {problem.space().fromUnitCube(Matrix(best.x)).row(0), -best.value};
}

MfObjective negated(MfObjective objective)
{
    objective.evaluate = [inner = std::move(objective.evaluate)](Index level, const Matrix& X) {
        return Vector(-inner(level, X));
    };
    objective.name = "−(" + objective.name + ")";
    return objective;
}

} // namespace emu

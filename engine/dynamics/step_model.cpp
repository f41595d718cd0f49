#include "engine/dynamics/step_model.h"

#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/sim/simulator.h"

#include <cmath>

namespace emu {

namespace {

/// Mixed into the seeds of the held-out test points, so they never coincide with a design.
constexpr std::uint64_t kTestSeedOffset = 0x7e57'd1a9'0000'0003ULL;

} // namespace

void StepModel::incrementMarginals(const Matrix& statesAndActions, bool includeNoise,
                                   Matrix& mean, Matrix& variance, Workspace&) const
{
    mean = predictIncrements(statesAndActions, &variance, includeNoise);
}

Matrix StepModel::meanNextStates(const Matrix& statesAndActions, const Matrix&) const
{
    const std::unique_ptr<Workspace> work = newWorkspace();
    Matrix next(statesAndActions.rows(), outputCount);
    for (Index i = 0; i < statesAndActions.rows(); ++i) {
        const CarState s = meanStep({statesAndActions(i, 0), statesAndActions(i, 1)},
                                    statesAndActions(i, 2), *work);
        next(i, 0) = s.p;
        next(i, 1) = s.v;
    }
    return next;
}

Matrix StepModel::testInputs(const StateLimits& limits, int points, std::uint64_t seed)
{
    if (points < 1)
        throw InvalidInput("the emulator test needs at least one point (got " +
                           std::to_string(points) + ")");
    return randomDesign(limits.trainingBox(), points, seed ^ kTestSeedOffset);
}

EmulatorTestError StepModel::test(Simulator& simulator, int points, std::uint64_t seed) const
{
    const Matrix X = testInputs(limits(), points, seed);
    const std::uint64_t before = simulator.calls();
    const Matrix next = simulator.stepBatch(X);
    const std::uint64_t calls = simulator.calls() - before;
    Matrix variance;
    const Matrix increments = predictIncrements(X, &variance, true);
    EmulatorTestError result =
        oneStepTestError(X, next, meanNextStates(X, increments), variance, limits());
    result.simulatorCalls = calls;
    return result;
}

EmulatorTestError oneStepTestError(const Matrix& statesAndActions, const Matrix& nextStates,
                                   const Matrix& predictedNext, const Matrix& incrementVariance,
                                   const StateLimits& limits)
{
    const Index outputs = StepModel::outputCount;
    const std::vector<Index> kept = limits.rowsOffLimits(nextStates);
    const Index points = Index(kept.size());
    EmulatorTestError result;
    result.points = int(points);
    result.limitedPoints = int(statesAndActions.rows() - points);
    if (points == 0)
        return result;
    const Matrix truth =
        nextStates(kept, Eigen::all) - statesAndActions(kept, Eigen::seqN(0, outputs));
    const Matrix errors = predictedNext(kept, Eigen::all) - nextStates(kept, Eigen::all);
    const Matrix variance = incrementVariance(kept, Eigen::all);
    for (Index o = 0; o < outputs; ++o) {
        EmulatorOutputError& e = o == 0 ? result.position : result.velocity;
        const Vector error = errors.col(o);
        e.rmse = std::sqrt(error.squaredNorm() / double(points));
        e.maxAbsError = error.cwiseAbs().maxCoeff();
        e.outputSd = std::sqrt((truth.col(o).array() - truth.col(o).mean()).square().mean());
        e.normalizedRmse = e.outputSd > 0.0 ? e.rmse / e.outputSd : e.rmse;
        e.coverage2sd = (error.array().abs() <= 2.0 * variance.col(o).array().max(0.0).sqrt())
                            .cast<double>()
                            .mean();
    }
    return result;
}

} // namespace emu

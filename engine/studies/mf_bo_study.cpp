#include "engine/studies/mf_bo_study.h"

#include "engine/functions/multi_fidelity_problem.h"

#include <chrono>
#include <cmath>

namespace emu {

MfObjective studyObjective(const MultiFidelityProblem& problem, const MfBoStudySettings& settings)
{
    MfObjective objective = problemObjective(problem, {}, settings.loop.seed);
    return settings.maximise ? negated(std::move(objective)) : objective;
}

double recommendationRegret(const RowVector& x, const MultiFidelityProblem& problem, bool maximise,
                            double minimum)
{
    const double value = problem.evaluate(problem.highestLevel(), Matrix(x))(0);
    return (maximise ? -value : value) - minimum;
}

MfBoStudyResult runMfBoStudy(const MfBoStudySettings& settings, Progress& progress, double minimum)
{
    const MultiFidelityProblem& problem = multiFidelityProblems().at(settings.problemId);
    MultiFidelityBoLoop loop(studyObjective(problem, settings), settings.loop);
    MfBoStudyResult result;
    result.minimum = std::isnan(minimum) ? highestLevelMinimum(problem, settings.maximise ? -1.0 : 1.0).value
                                         : minimum;
    while (!loop.isFinished()) {
        progress.checkCancelled();
        progress.report(loop.spent(), settings.loop.budget, "spending the budget");
        const bool iteration = !loop.inDesign();
        const auto start = std::chrono::steady_clock::now();
        loop.suggest();
        if (iteration) {
            result.iterationSeconds.push_back(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            result.iterationRuns.push_back(Index(loop.runs().size()));
        }
        loop.step();
        if (loop.model()) {
            result.curve.spent.push_back(loop.spent());
            result.curve.regret.push_back(recommendationRegret(loop.recommend().x, problem, settings.maximise, result.minimum));
        }
    }
    result.runs = loop.runs();
    result.spentPerLevel = loop.spentPerLevel();
    return result;
}

} // namespace emu

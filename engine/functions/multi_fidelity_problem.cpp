#include "engine/functions/multi_fidelity_problem.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"
#include "engine/functions/forrester_function.h"
#include "engine/functions/multi_fidelity_functions.h"

#include <cmath>
#include <memory>

namespace emu {

MultiFidelityProblem::MultiFidelityProblem(std::string id, std::string displayName,
                                           std::string description, ParameterSpace space,
                                           std::vector<std::string> levelNames,
                                           std::vector<LevelFunction> levels,
                                           std::vector<double> costs,
                                           std::vector<double> noiseSd)
    : m_id(std::move(id)), m_displayName(std::move(displayName)),
      m_description(std::move(description)), m_space(std::move(space)),
      m_levelNames(std::move(levelNames)), m_levels(std::move(levels)), m_costs(std::move(costs)),
      m_noiseSd(std::move(noiseSd))
{
    if (m_levels.size() < 2)
        throw InvalidInput("a multi-fidelity problem needs at least two levels");
    if (m_levelNames.size() != m_levels.size())
        throw InvalidInput("a multi-fidelity problem needs one name per level");
    if (m_space.isEmpty())
        throw InvalidInput("a multi-fidelity problem needs at least one input");
    for (const LevelFunction& f : m_levels)
        if (!f)
            throw InvalidInput("a multi-fidelity problem was given an empty level");
    requireLevelCosts(m_costs, levelCount());
    if (m_noiseSd.empty())
        m_noiseSd.assign(m_levels.size(), 0.0);
    if (m_noiseSd.size() != m_levels.size())
        throw InvalidInput("a multi-fidelity problem needs no noise or one noise sd per level");
    for (double sd : m_noiseSd)
        if (!std::isfinite(sd) || sd < 0.0)
            throw InvalidInput("a noise sd must be a number ≥ 0, not " + formatNumber(sd));
}

double MultiFidelityProblem::noiseSd(Index level) const
{
    levelName(level); // throws for a level out of range
    return m_noiseSd[std::size_t(level)];
}

void requireLevelCosts(const std::vector<double>& costs, Index levels)
{
    if (Index(costs.size()) != levels)
        throw InvalidInput("give one cost per fidelity level: " + std::to_string(levels) +
                           " levels, " + std::to_string(costs.size()) + " costs");
    for (std::size_t l = 0; l < costs.size(); ++l)
        if (!std::isfinite(costs[l]) || costs[l] <= 0.0)
            throw InvalidInput("the cost of a run at level " + std::to_string(l) +
                               " must be a positive number, not " + formatNumber(costs[l]));
}

double MultiFidelityProblem::cost(Index level) const
{
    levelName(level); // throws for a level out of range
    return m_costs[std::size_t(level)];
}

const std::string& MultiFidelityProblem::levelName(Index level) const
{
    if (level < 0 || level >= levelCount())
        throw InvalidInput(m_displayName + " has levels 0 to " + std::to_string(levelCount() - 1) +
                           ", not " + std::to_string(level));
    return m_levelNames[std::size_t(level)];
}

Vector MultiFidelityProblem::evaluate(Index level, const Matrix& X) const
{
    const std::string what = m_displayName + " (" + levelName(level) + " fidelity) input";
    requireColumns(X, dimension(), what);
    requireFinite(X, what);
    return m_levels[std::size_t(level)](X);
}

namespace {

std::vector<MultiFidelityProblem> buildProblems()
{
    const auto forrester = std::make_shared<ForresterFunction>(ForresterFunction::Fidelity::High);
    const auto forresterLow = std::make_shared<ForresterFunction>(ForresterFunction::Fidelity::Low);
    const ParameterSpace unit1 = ParameterSpace().addContinuous("x", 0.0, 1.0);
    const std::vector<std::string> lowHigh{"low", "high"};
    const std::vector<std::string> lowMediumHigh{"low", "medium", "high"};
    const std::vector<double> twoLevelCosts{1.0, 10.0};
    const std::vector<double> threeLevelCosts{1.0, 5.0, 25.0};

    std::vector<MultiFidelityProblem> problems;
    problems.emplace_back(
        "forrester", "Forrester pair",
        "1-D: the low fidelity is half the high one plus a linear trend (rho = 2).", unit1, lowHigh,
        std::vector<MultiFidelityProblem::LevelFunction>{
            [forresterLow](const Matrix& X) { return forresterLow->evaluate(X); },
            [forrester](const Matrix& X) { return forrester->evaluate(X); }},
        twoLevelCosts);
    problems.emplace_back(
        "nonlinear-sin", "Nonlinear sine pair",
        "1-D: the high fidelity is (x - sqrt 2) times the square of sin(8 pi x), a nonlinear map "
        "of the low one.",
        unit1, lowHigh,
        std::vector<MultiFidelityProblem::LevelFunction>{mf::nonlinearSinLow,
                                                         mf::nonlinearSinHigh},
        twoLevelCosts);
    problems.emplace_back(
        "currin", "Currin",
        "2-D exponential function; the low fidelity averages it over four nearby points.",
        ParameterSpace().addContinuous("x1", 0.0, 1.0).addContinuous("x2", 0.0, 1.0), lowHigh,
        std::vector<MultiFidelityProblem::LevelFunction>{mf::currinLow, mf::currinHigh},
        twoLevelCosts);
    ParameterSpace park;
    for (int k = 1; k <= 4; ++k)
        park.addContinuous(std::string("x").append(std::to_string(k)), 0.0,
                           1.0); // not "x" + …: GCC 12 -Wrestrict
    problems.emplace_back(
        "park", "Park", "4-D; the low fidelity rescales the high one and adds a smooth quadratic.",
        park, lowHigh, std::vector<MultiFidelityProblem::LevelFunction>{mf::parkLow, mf::parkHigh},
        twoLevelCosts);
    problems.emplace_back(
        "borehole", "Borehole",
        "8-D water flow rate through a borehole; the low fidelity uses cruder constants.",
        ParameterSpace()
            .addContinuous("rw", 0.05, 0.15, "m")
            .addContinuous("r", 100.0, 50000.0, "m")
            .addContinuous("Tu", 63070.0, 115600.0, "m^2/yr")
            .addContinuous("Hu", 990.0, 1110.0, "m")
            .addContinuous("Tl", 63.1, 116.0, "m^2/yr")
            .addContinuous("Hl", 700.0, 820.0, "m")
            .addContinuous("L", 1120.0, 1680.0, "m")
            .addContinuous("Kw", 9855.0, 12045.0, "m/yr"),
        lowHigh,
        std::vector<MultiFidelityProblem::LevelFunction>{mf::boreholeLow, mf::boreholeHigh},
        twoLevelCosts);
    problems.emplace_back(
        "branin3", "Three-level Branin",
        "2-D Branin with a medium fidelity (square root, shifted) and a low one (rescaled).",
        ParameterSpace().addContinuous("x1", -5.0, 10.0).addContinuous("x2", 0.0, 15.0),
        lowMediumHigh,
        std::vector<MultiFidelityProblem::LevelFunction>{mf::braninLow, mf::braninMedium,
                                                         mf::braninHigh},
        threeLevelCosts);
    std::vector<MultiFidelityProblem::LevelFunction> hartmannLevels;
    for (int level = 0; level < 3; ++level)
        hartmannLevels.push_back([level](const Matrix& X) { return mf::hartmann3Level(X, level); });
    problems.emplace_back(
        "hartmann3", "Three-level Hartmann 3-D",
        "3-D Hartmann; the lower levels weigh its four wells slightly differently.",
        ParameterSpace::box(Vector::Zero(3), Vector::Ones(3)), lowMediumHigh,
        std::move(hartmannLevels), threeLevelCosts);
    std::vector<MultiFidelityProblem::LevelFunction> formulaOneLevels;
    for (int level = 0; level < 3; ++level)
        formulaOneLevels.push_back([level](const Matrix& X) { return mf::formulaOneLevel(X, level); });
    problems.emplace_back(
        "formula-one", "Formula One wing",
        "1-D lap time against the rear wing's angle: smooth CFD, a biased wind tunnel that stalls "
        "early, and the noisy track, the truth.",
        ParameterSpace().addContinuous("wing angle", 0.0, 30.0, "°"),
        std::vector<std::string>{"CFD", "wind tunnel", "track"}, std::move(formulaOneLevels),
        threeLevelCosts, std::vector<double>{0.0, 0.03, 0.05});
    return problems;
}

} // namespace

const Registry<MultiFidelityProblem>& multiFidelityProblems()
{
    static const Registry<MultiFidelityProblem> problems("multi-fidelity problem", "problems",
                                                         buildProblems());
    return problems;
}

} // namespace emu

#pragma once
// Multi-fidelity test problems: one input box and several fidelity levels of the same
// quantity, ordered from the lowest fidelity (level 0) to the highest (level L − 1), as the
// multi-fidelity models of engine/mf index them. The formulas are in
// multi_fidelity_functions.h; the registry offers them by id, as the function registry does
// for single-fidelity benchmarks:
//
//   id             levels  d  box
//   forrester        2     1  [0, 1]                    (forrester-low, forrester)
//   nonlinear-sin    2     1  [0, 1]
//   currin           2     2  [0, 1]²
//   park             2     4  [0, 1]⁴
//   borehole         2     8  r_w ∈ [0.05, 0.15], r ∈ [100, 50000], T_u ∈ [63070, 115600],
//                             H_u ∈ [990, 1110], T_l ∈ [63.1, 116], H_l ∈ [700, 820],
//                             L ∈ [1120, 1680], K_w ∈ [9855, 12045]
//   branin3          3     2  [−5, 10] × [0, 15]
//   hartmann3        3     3  [0, 1]³
//   formula-one      3     1  wing angle ∈ [0°, 30°]   (CFD, wind tunnel, track; noisy)
//
// Every problem has a cost per run at each level, what a cost-aware optimiser weighs: 1 and 10
// with two levels, 1, 5 and 25 with three (the ratios the benchmarks compare at; a study or a
// user may set others). A level may also be measured with noise (its sd, noiseSd()): evaluate()
// gives the noiseless value, the truth regrets are measured on, and an optimiser's objective
// adds the noise (problemObjective() in engine/mfbo).

#include "engine/core/registry.h"
#include "engine/core/types.h"
#include "engine/design/parameter_space.h"

#include <functional>
#include <string>
#include <vector>

namespace emu {

/// A test problem with L fidelity levels of one function on one box.
class MultiFidelityProblem
{
public:
    /// One fidelity level: its values at the rows of X (already checked).
    using LevelFunction = std::function<Vector(const Matrix& X)>;

    /// Throws InvalidInput unless there are at least two levels, one name and one cost per
    /// level, every cost positive and finite, a non-empty space, and no noise sd or one ≥ 0 per
    /// level.
    MultiFidelityProblem(std::string id, std::string displayName, std::string description,
                         ParameterSpace space, std::vector<std::string> levelNames,
                         std::vector<LevelFunction> levels, std::vector<double> costs,
                         std::vector<double> noiseSd = {});

    /// Stable identifier used on the command line, e.g. "currin".
    const std::string& id() const { return m_id; }
    /// Name for menus and titles.
    const std::string& displayName() const { return m_displayName; }
    /// One sentence for tooltips.
    const std::string& description() const { return m_description; }
    /// The input box.
    const ParameterSpace& space() const { return m_space; }
    /// Number of inputs d.
    Index dimension() const { return m_space.dimension(); }
    /// Number of fidelity levels L (≥ 2).
    Index levelCount() const { return Index(m_levels.size()); }
    /// The highest fidelity level, L − 1.
    Index highestLevel() const { return levelCount() - 1; }
    /// Name of a level, e.g. "low", "medium", "high".
    const std::string& levelName(Index level) const;
    /// The cost of one run at `level`, in the problem's cost unit (the lowest level's run).
    double cost(Index level) const;
    /// The costs of all levels, lowest first.
    const std::vector<double>& costs() const { return m_costs; }
    /// The standard deviation of a measurement's noise at `level` (0: exact).
    double noiseSd(Index level) const;

    /// Level `level` (0 = lowest fidelity) at every row of X (n×d); throws InvalidInput for a
    /// level out of range, a wrong column count or NaN/inf.
    Vector evaluate(Index level, const Matrix& X) const;

private:
    std::string m_id;
    std::string m_displayName;
    std::string m_description;
    ParameterSpace m_space;
    std::vector<std::string> m_levelNames;
    std::vector<LevelFunction> m_levels;
    std::vector<double> m_costs;
    std::vector<double> m_noiseSd;
};

/// Checks a cost per level for `levels` levels: every one positive and finite. Throws
/// InvalidInput naming the level otherwise.
void requireLevelCosts(const std::vector<double>& costs, Index levels);

/// Every registered problem in menu order: "forrester", "nonlinear-sin", "currin", "park",
/// "borehole", "branin3", "hartmann3".
const Registry<MultiFidelityProblem>& multiFidelityProblems();

} // namespace emu

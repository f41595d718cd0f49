#pragma once
// Data conventions of the multi-fidelity models.
//
// Fidelity levels are numbered 0 (lowest fidelity, cheapest) to L − 1 (highest, the function
// of interest). Through the Model interface a multi-fidelity model takes inputs with d + 1
// columns: the d inputs x and, LAST, the level index t (a whole number stored as a double),
// so acquisitions, loops and designs handle fidelity like any other input. The helpers below
// add, read and strip that column, and build the nested designs multi-fidelity models like:
// every high-fidelity point is also a lower-fidelity point (X_{t+1} ⊂ X_t).

#include "engine/core/types.h"
#include "engine/design/parameter_space.h"
#include "engine/model/model.h"

#include <cstdint>
#include <string>
#include <functional>
#include <vector>

namespace emu {

/// X with a last column holding `level`.
Matrix withFidelity(const Matrix& X, Index level);
/// The levels' inputs stacked, level 0 first, each with its fidelity column.
Matrix stackLevels(const std::vector<Matrix>& inputs);
/// The levels' outputs stacked, level 0 first (matching stackLevels()).
Vector stackOutputs(const std::vector<Vector>& outputs);

/// The row numbers of X at every level: result[t] lists, in order, the rows whose last column
/// is t. Throws InvalidInput (naming `what`, the row and the value) unless every entry of the
/// last column is a whole number in [0, levels).
std::vector<std::vector<Index>> splitByFidelity(const Matrix& X, Index levels,
                                                const std::string& what);
/// splitByFidelity() for a multi-fidelity model's training data: also checks that X has d
/// inputs plus the fidelity column, that y has one entry per row and that both are finite.
std::vector<std::vector<Index>> splitTrainingData(const Matrix& X, const Vector& y, Index d,
                                                  Index levels);
/// The rows `rows` of X without its last (fidelity) column.
Matrix selectInputs(const Matrix& X, const std::vector<Index>& rows);
/// Entries `rows` of y.
Vector selectOutputs(const Vector& y, const std::vector<Index>& rows);

/// Predictions at rows with a fidelity column (d inputs + the level), routed level by level:
/// `perLevel(level, X)` predicts the rows of one level (without the column) in one batch, and
/// the results are put back in the rows' order.
Prediction predictByLevel(const Matrix& Xs, Index levels, Index d,
                          const std::function<Prediction(Index level, const Matrix& X)>& perLevel);
/// The same for gradients; the fidelity column's gradient is zero.
PredictionGradient predictGradientByLevel(
    const Matrix& Xs, Index levels, Index d,
    const std::function<PredictionGradient(Index level, const Matrix& X)>& perLevel);
/// Throws InvalidInput naming the first level without data (fit() needs every level).
void requireDataAtEveryLevel(const std::vector<Matrix>& levelInputs);

/// Nested designs for L = counts.size() levels with counts[0] ≥ counts[1] ≥ … ≥ 1 points:
/// level 0 is a Latin hypercube of the space; level t + 1 is the subset of level t picked
/// greedily for spread (a seeded random first point, then repeatedly the point farthest from
/// those already picked, in unit-cube coordinates). Same (space, counts, seed), same designs.
/// Throws InvalidInput for fewer than one level or counts that are not non-increasing and ≥ 1.
std::vector<Matrix> nestedDesign(const ParameterSpace& space, const std::vector<Index>& counts,
                                 std::uint64_t seed);

} // namespace emu

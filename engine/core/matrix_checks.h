#pragma once
// Input validation shared by every module: reject NaN/inf and wrong shapes with a message that
// names the argument and the offending row, instead of computing silent garbage.

#include "engine/core/types.h"

#include <string>

namespace emu {

/// Throws InvalidInput if any entry of `m` is NaN or infinite; the message names `what` and the row.
void requireFinite(const Eigen::Ref<const Matrix>& m, const std::string& what);
/// Throws InvalidInput unless `m` has `cols` columns.
void requireColumns(const Eigen::Ref<const Matrix>& m, Index cols, const std::string& what);
/// Throws InvalidInput unless `x` has exactly `rows` rows.
void requireRows(Index actual, Index rows, const std::string& what);

} // namespace emu

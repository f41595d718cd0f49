#pragma once
// Conversions from engine values (Eigen vectors and matrices) to JSON for the CLI.

#include "engine/core/types.h"

#include <QJsonArray>

namespace cli {

/// A vector as a JSON array of numbers.
QJsonArray toJson(const emu::Vector& v);
/// A matrix as a JSON array of rows (each row a point).
QJsonArray toJson(const emu::Matrix& m);

} // namespace cli

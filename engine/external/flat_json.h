#pragma once
// The tiny JSON dialect spoken with external simulator programs (external_program.h): flat
// objects whose values are numbers, e.g. {"x1": 0.3, "x2": 1.5}. Writing produces strict JSON
// with shortest round-trip numbers; reading is strict too (no nesting, strings, booleans,
// trailing commas or text after the value), except that NaN and infinities are read as such so
// the caller can say "not a finite number" instead of "not JSON". formatJsonNumber, used by this
// header's callers, lives in engine/core/json.h with the general JSON reader and writer.

#include "engine/core/json.h"
#include "engine/core/types.h"

#include <string>
#include <utility>
#include <vector>

namespace emu {

/// {"x1": 0.3, "x2": 1.5}: the point's coordinates named `names` (escaped as JSON strings).
/// Throws InvalidInput unless x has one finite entry per name.
std::string formatInputJson(const RowVector& x, const std::vector<std::string>& names);

/// Parses a program's stdout: one number → {{"", value}}; a flat JSON object → its (name,
/// value) pairs in order. NaN and infinities ("nan", "NaN", "inf", "-Infinity") are returned
/// as such for the caller to reject. Throws InvalidInput saying what is wrong otherwise
/// (empty output, trailing text, nested values, strings, duplicate names).
std::vector<std::pair<std::string, double>> parseProgramOutput(const std::string& text);

} // namespace emu

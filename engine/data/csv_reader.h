#pragma once
// Reading numeric CSV files: a header line of column names, then one row of numbers per line.
// Blank lines and lines starting with '#' are skipped. Every error names the source and the
// line number, so a user can fix the file.

#include "engine/core/types.h"

#include <istream>
#include <string>
#include <vector>

namespace emu {

struct CsvTable
{
    std::vector<std::string> columns;  ///< header names, in file order
    Matrix values;                     ///< one row per data line, one column per header name
};

/// Parses CSV text; throws ParseError (with the line number) on malformed or non-numeric input.
CsvTable parseCsv(std::istream& in, const std::string& sourceName);
/// Same for a string.
CsvTable parseCsv(const std::string& text, const std::string& sourceName);
/// Reads a file; throws Error if it cannot be opened, ParseError if malformed.
CsvTable readCsvFile(const std::string& path);

/// Inputs and output of a regression data set: every column but the last, and the last.
struct RegressionData
{
    std::vector<std::string> inputNames;
    std::string outputName;
    Matrix X;
    Vector y;
};

/// Splits a table into inputs (all columns but the last) and output (the last); needs ≥ 2 columns.
RegressionData toRegressionData(const CsvTable& table, const std::string& sourceName);

} // namespace emu

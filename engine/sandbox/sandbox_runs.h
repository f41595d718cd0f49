#pragma once
// Every run of a sandbox simulator: inputs and outputs side by side, in the order they were run
// (or imported). Written and read as CSV with one column per input, then one per output, named
// as the simulator names them, so a user's own simulator results (from a spreadsheet or a
// cluster) can be brought in and the sandbox's runs taken out.

#include "engine/core/types.h"

#include <string>
#include <vector>

namespace emu {

class ParameterSpace;

struct SandboxRuns
{
    std::vector<std::string> inputNames;
    std::vector<std::string> outputNames;
    Matrix X; ///< n × inputs
    Matrix Y; ///< n × outputs

    /// Empty runs of a simulator with these inputs and outputs.
    static SandboxRuns empty(std::vector<std::string> inputNames,
                             std::vector<std::string> outputNames);
    Index size() const { return X.rows(); }
    /// Appends one run (sizes checked: throws InvalidInput).
    void append(const RowVector& x, const RowVector& y);
    /// Appends every row of `other` (same names: throws InvalidInput otherwise).
    void append(const SandboxRuns& other);
};

/// Header "input names…,output names…", then one line per run (shortest round-trip numbers).
std::string sandboxRunsCsv(const SandboxRuns& runs);

/// Runs from CSV text for a simulator with these inputs and outputs. The header must name every
/// input and output (in any order; other columns are ignored). Throws ParseError / InvalidInput
/// naming `source` and the problem: malformed CSV or a non-finite value (with its line), a
/// missing column, no rows, or an input outside its bounds (with the run).
SandboxRuns parseSandboxRunsCsv(const std::string& text, const std::string& source,
                                const ParameterSpace& inputs,
                                const std::vector<std::string>& outputs);

} // namespace emu

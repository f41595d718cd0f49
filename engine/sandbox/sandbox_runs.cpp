#include "engine/sandbox/sandbox_runs.h"

#include "engine/core/errors.h"
#include "engine/data/csv_reader.h"
#include "engine/design/parameter_space.h"
#include "engine/external/flat_json.h"

#include <algorithm>
#include <cmath>

namespace emu {

SandboxRuns SandboxRuns::empty(std::vector<std::string> inputNames,
                               std::vector<std::string> outputNames)
{
    SandboxRuns runs{std::move(inputNames), std::move(outputNames), {}, {}};
    runs.X.resize(0, Index(runs.inputNames.size()));
    runs.Y.resize(0, Index(runs.outputNames.size()));
    return runs;
}

void SandboxRuns::append(const RowVector& x, const RowVector& y)
{
    if (x.size() != X.cols() || y.size() != Y.cols())
        throw InvalidInput("a run has " + std::to_string(X.cols()) + " inputs and " +
                           std::to_string(Y.cols()) + " outputs, not " + std::to_string(x.size()) +
                           " and " + std::to_string(y.size()));
    X.conservativeResize(X.rows() + 1, Eigen::NoChange);
    Y.conservativeResize(Y.rows() + 1, Eigen::NoChange);
    X.row(X.rows() - 1) = x;
    Y.row(Y.rows() - 1) = y;
}

void SandboxRuns::append(const SandboxRuns& other)
{
    if (other.inputNames != inputNames || other.outputNames != outputNames)
        throw InvalidInput("the runs to add have other inputs or outputs");
    for (Index i = 0; i < other.size(); ++i)
        append(other.X.row(i), other.Y.row(i));
}

namespace {

/// The fields joined by commas, and a newline.
std::string csvLine(const std::vector<std::string>& fields)
{
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i)
        line += (i == 0 ? "" : ",") + fields[i];
    return line + "\n";
}

} // namespace

std::string sandboxRunsCsv(const SandboxRuns& runs)
{
    std::vector<std::string> header = runs.inputNames;
    header.insert(header.end(), runs.outputNames.begin(), runs.outputNames.end());
    std::string csv = csvLine(header);
    for (Index i = 0; i < runs.size(); ++i) {
        std::vector<std::string> fields;
        for (const Matrix* values : {&runs.X, &runs.Y})
            for (Index j = 0; j < values->cols(); ++j)
                fields.push_back(formatJsonNumber((*values)(i, j)));
        csv += csvLine(fields);
    }
    return csv;
}

namespace {

/// Index of the column named `name`; throws InvalidInput listing what the file has.
Index columnNamed(const CsvTable& table, const std::string& name, const std::string& source)
{
    const auto it = std::find(table.columns.begin(), table.columns.end(), name);
    if (it != table.columns.end())
        return Index(it - table.columns.begin());
    std::string present;
    for (const std::string& column : table.columns)
        present += (present.empty() ? "\"" : ", \"") + column + "\"";
    throw InvalidInput(source + ": no column \"" + name + "\" (the file has " + present + ")");
}

/// Throws InvalidInput naming `source`, the run and the input if a value is not finite or an
/// input lies outside its bounds (runs from a file must be ones the simulator could have made).
void checkSandboxRuns(const SandboxRuns& runs, const ParameterSpace& inputs, const std::string& source)
{
    for (Index i = 0; i < runs.size(); ++i) {
        const std::string row = source + ", run " + std::to_string(i + 1) + ": ";
        if (!runs.X.row(i).allFinite() || !runs.Y.row(i).allFinite())
            throw InvalidInput(row + "a value is NaN or infinite");
        for (Index j = 0; j < inputs.dimension(); ++j)
            if (!inputs.parameter(j).contains(runs.X(i, j)))
                throw InvalidInput(row + inputs.parameter(j).name + " = " +
                                   formatJsonNumber(runs.X(i, j)) + " is outside [" +
                                   formatJsonNumber(inputs.parameter(j).lower) + ", " +
                                   formatJsonNumber(inputs.parameter(j).upper) + "]");
    }
}

} // namespace

SandboxRuns parseSandboxRunsCsv(const std::string& text, const std::string& source,
                                const ParameterSpace& inputs,
                                const std::vector<std::string>& outputs)
{
    const CsvTable table = parseCsv(text, source);
    if (table.values.rows() == 0)
        throw InvalidInput(source + ": the file has no runs, only a header");
    SandboxRuns runs = SandboxRuns::empty(inputs.names(), outputs);
    runs.X.resize(table.values.rows(), inputs.dimension());
    runs.Y.resize(table.values.rows(), Index(outputs.size()));
    for (Index j = 0; j < inputs.dimension(); ++j)
        runs.X.col(j) = table.values.col(columnNamed(table, runs.inputNames[std::size_t(j)], source));
    for (std::size_t k = 0; k < outputs.size(); ++k)
        runs.Y.col(Index(k)) = table.values.col(columnNamed(table, outputs[k], source));
    checkSandboxRuns(runs, inputs, source);
    return runs;
}

} // namespace emu

#include "engine/data/csv_reader.h"

#include "engine/core/errors.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace emu {

namespace {

std::string trim(const std::string& s)
{
    const auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
        return {};
    const auto end = s.find_last_not_of(" \t\r");
    return s.substr(begin, end - begin + 1);
}

std::vector<std::string> splitFields(const std::string& line)
{
    std::vector<std::string> fields;
    std::string field;
    std::istringstream stream(line);
    while (std::getline(stream, field, ','))
        fields.push_back(trim(field));
    if (!line.empty() && line.back() == ',')
        fields.emplace_back();
    return fields;
}

double parseNumber(const std::string& field, const std::string& source, int line, const std::string& column)
{
    double value = 0.0;
    const char* begin = field.data();
    const char* end = field.data() + field.size();
    if (!field.empty() && *begin == '+')
        ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (field.empty())
        throw ParseError(source, line, "empty value in column \"" + column + "\"");
    if (ec != std::errc() || ptr != end)
        throw ParseError(source, line, "\"" + field + "\" in column \"" + column + "\" is not a number");
    if (!std::isfinite(value))
        throw ParseError(source, line, "non-finite value \"" + field + "\" in column \"" + column + "\"");
    return value;
}

} // namespace

CsvTable parseCsv(std::istream& in, const std::string& sourceName)
{
    CsvTable table;
    std::vector<std::vector<double>> rows;
    std::string raw;
    int lineNumber = 0;
    while (std::getline(in, raw)) {
        ++lineNumber;
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#')
            continue;
        std::vector<std::string> fields = splitFields(line);
        if (table.columns.empty()) {
            for (const std::string& name : fields)
                if (name.empty())
                    throw ParseError(sourceName, lineNumber, "the header has an empty column name");
            table.columns = std::move(fields);
            continue;
        }
        if (fields.size() != table.columns.size())
            throw ParseError(sourceName, lineNumber,
                             "expected " + std::to_string(table.columns.size()) + " values, found " +
                                 std::to_string(fields.size()));
        std::vector<double> row;
        row.reserve(fields.size());
        for (size_t j = 0; j < fields.size(); ++j)
            row.push_back(parseNumber(fields[j], sourceName, lineNumber, table.columns[j]));
        rows.push_back(std::move(row));
    }
    if (table.columns.empty())
        throw ParseError(sourceName, lineNumber, "the file is empty (expected a header line)");
    table.values.resize(Index(rows.size()), Index(table.columns.size()));
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t j = 0; j < rows[i].size(); ++j)
            table.values(Index(i), Index(j)) = rows[i][j];
    return table;
}

CsvTable parseCsv(const std::string& text, const std::string& sourceName)
{
    std::istringstream in(text);
    return parseCsv(in, sourceName);
}

CsvTable readCsvFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw Error("cannot open " + path);
    return parseCsv(in, path);
}

RegressionData toRegressionData(const CsvTable& table, const std::string& sourceName)
{
    if (table.columns.size() < 2)
        throw InvalidInput(sourceName + ": need at least two columns (inputs, then the output last)");
    if (table.values.rows() == 0)
        throw InvalidInput(sourceName + ": no data rows after the header");
    RegressionData data;
    const Index d = Index(table.columns.size()) - 1;
    data.inputNames.assign(table.columns.begin(), table.columns.end() - 1);
    data.outputName = table.columns.back();
    data.X = table.values.leftCols(d);
    data.y = table.values.col(d);
    return data;
}

} // namespace emu

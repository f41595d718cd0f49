// ExternalProgram: points in, values out (checks, batches, output parsing) and
// ExternalObjective; the process itself is run in external_program_run.cpp.

#include "engine/external/external_program.h"

#include "engine/core/parallel_for.h"
#include "engine/design/parameter_space.h"
#include "engine/external/executable_path.h"
#include "engine/external/flat_json.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace emu {

namespace {

using Kind = ExternalProgramError::Kind;

/// The output as quoted in messages: at most ~60 characters, newlines shown as \n.
std::string quoteOutput(const std::string& text)
{
    std::size_t begin = text.find_first_not_of(" \t\r\n");
    std::size_t end = text.find_last_not_of(" \t\r\n");
    std::string trimmed = begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
    std::string shown;
    for (const char c : trimmed) {
        if (shown.size() >= 60) {
            shown += "...";
            break;
        }
        shown += c == '\n' ? std::string("\\n") : std::string(1, c);
    }
    return "'" + shown + "'";
}

} // namespace

// --- ExternalProgram -----------------------------------------------------------------------

ExternalProgram::ExternalProgram(std::string command, std::vector<std::string> arguments,
                                 double timeoutSeconds, std::vector<std::string> launcher)
    : m_command(std::move(command)), m_arguments(std::move(arguments)), m_timeout(timeoutSeconds),
      m_launcher(std::move(launcher))
{
    if (m_command.empty())
        throw InvalidInput("an external program needs a command");
    if (!std::isfinite(m_timeout) || m_timeout <= 0.0)
        throw InvalidInput("the timeout of " + who() + " must be a positive number of seconds");
    // Behind a launcher the program runs wherever the launcher puts it (a cluster node, a
    // container, another host), so only the launcher must exist here.
    if (m_launcher.empty())
        m_path = resolveExecutable(m_command, who());
    else
        m_path = resolveExecutable(m_launcher.front(), "launcher '" + m_launcher.front() + "'");
}

std::string ExternalProgram::who() const
{
    return "external program '" + m_command + "'";
}

void ExternalProgram::checkPoints(const Matrix& X, const std::vector<std::string>& names) const
{
    if (Index(names.size()) != X.cols())
        throw InvalidInput(who() + ": " + std::to_string(X.cols()) + " inputs per point but " +
                           std::to_string(names.size()) + " names");
    std::set<std::string> unique;
    for (const std::string& name : names)
        if (name.empty() || !unique.insert(name).second)
            throw InvalidInput(who() + ": input names must be non-empty and distinct ('" + name +
                               "')");
    if (!X.allFinite())
        throw InvalidInput(who() + ": the points to evaluate contain NaN or infinite values");
}

std::string ExternalProgram::pointWhere(const std::string& input, Index i, Index n)
{
    std::string where = "(input " + input;
    if (n > 1)
        where += ", point " + std::to_string(i + 1) + " of " + std::to_string(n);
    return where + ")";
}

Vector ExternalProgram::evaluate(const Matrix& X, const std::vector<std::string>& names)
{
    checkPoints(X, names);
    Vector values(X.rows());
    for (Index i = 0; i < X.rows(); ++i) {
        const std::string input = formatInputJson(X.row(i), names);
        const std::string where = pointWhere(input, i, X.rows());
        try {
            values(i) = interpret(run(input, where), where);
        } catch (ExternalProgramError& e) {
            e.setCompletedValues(values.head(i));
            throw;
        }
    }
    return values;
}

std::vector<PointOutcome> ExternalProgram::evaluateBatch(const Matrix& X,
                                                         const std::vector<std::string>& names,
                                                         int parallel)
{
    checkPoints(X, names);
    if (parallel < 1)
        throw InvalidInput(who() + ": at least one run at a time (parallel = " +
                           std::to_string(parallel) + ")");
    std::vector<PointOutcome> outcomes(std::size_t(X.rows()));
    // Every point has its own process, pipes and deadline, so one that hangs or fails holds up
    // no other.
    parallelFor(X.rows(), parallel, [&](Index i) {
        const std::string input = formatInputJson(X.row(i), names);
        const std::string where = pointWhere(input, i, X.rows());
        PointOutcome& outcome = outcomes[std::size_t(i)];
        try {
            outcome.value = interpret(run(input, where), where);
            outcome.ok = true;
        } catch (const ExternalProgramError& e) {
            outcome.error = e.what();
        }
    });
    return outcomes;
}

namespace {

/// What a program must print to give the outputs `expected`, e.g. `{"y": 1.5, "cost": 1.5}`.
std::string outputHint(const std::vector<std::string>& expected)
{
    if (expected.size() < 2)
        return "it must print one number or a JSON object such as {\"y\": 1.5} on stdout";
    std::string example;
    for (const std::string& name : expected)
        example += (example.empty() ? "{\"" : ", \"") + name + "\": 1.5";
    return "it must print a JSON object with its " + std::to_string(expected.size()) + " outputs, such as " +
           example + "} on stdout";
}

} // namespace

std::vector<std::pair<std::string, double>>
ExternalProgram::parseOutputs(const std::string& output, const std::string& where,
                              const std::vector<std::string>& expected) const
{
    try {
        return parseProgramOutput(output);
    } catch (const InvalidInput& e) {
        const std::string printed = "printed " + quoteOutput(output) + ", which ";
        std::string reason = e.what();
        if (reason == "is not a number")
            reason = "printed " + quoteOutput(output) + " instead of a number";
        else if (reason == "printed nothing")
            reason = "printed nothing on stdout";
        else
            reason = printed + reason;
        throw ExternalProgramError(Kind::BadOutput, who() + " " + reason + " " + where + "; " + outputHint(expected));
    }
}

double ExternalProgram::pickOutput(const std::vector<std::pair<std::string, double>>& outputs,
                                   const std::string& name, bool required,
                                   const std::string& output, const std::string& where) const
{
    const std::pair<std::string, double>* chosen = &outputs.front();
    const bool object = !outputs.front().first.empty();
    if (object) {
        const auto it = std::find_if(outputs.begin(), outputs.end(),
                                     [&](const auto& o) { return o.first == name; });
        if (it != outputs.end()) {
            chosen = &*it;
        } else if (required) {
            std::string available;
            for (const auto& o : outputs)
                available += (available.empty() ? "\"" : ", \"") + o.first + "\"";
            throw ExternalProgramError(Kind::BadOutput, who() + " printed no output named \"" +
                                                            name + "\" " + where +
                                                            "; it printed " + available);
        }
    }
    if (!std::isfinite(chosen->second)) {
        const std::string value = object ? ", whose \"" + chosen->first + "\" is " +
                                               formatJsonNumber(chosen->second) + ","
                                         : ", which is";
        throw ExternalProgramError(Kind::NotFinite, who() + " printed " + quoteOutput(output) +
                                                        value + " not a finite number " + where);
    }
    return chosen->second;
}

double ExternalProgram::interpret(const std::string& output, const std::string& where) const
{
    return pickOutput(parseOutputs(output, where), m_outputName.empty() ? "y" : m_outputName,
                      !m_outputName.empty(), output, where);
}

RowVector ExternalProgram::evaluateOutputs(const RowVector& x, const std::vector<std::string>& names,
                                           const std::vector<std::string>& outputNames)
{
    if (outputNames.empty())
        throw InvalidInput(who() + ": no outputs asked for");
    checkPoints(Matrix(x), names);
    const std::string input = formatInputJson(x, names);
    const std::string where = pointWhere(input, 0, 1);
    const std::string output = run(input, where);
    const auto outputs = parseOutputs(output, where, outputNames);
    if (outputNames.size() > 1 && outputs.front().first.empty())
        throw ExternalProgramError(Kind::BadOutput, who() + " printed one number " + where + " but " +
                                                        std::to_string(outputNames.size()) +
                                                        " outputs are declared; " + outputHint(outputNames));
    RowVector values(Index(outputNames.size()));
    for (std::size_t k = 0; k < outputNames.size(); ++k)
        values(Index(k)) = pickOutput(outputs, outputNames[k], true, output, where);
    return values;
}

double ExternalProgram::evaluatePoint(const RowVector& x, const std::vector<std::string>& names)
{
    return evaluate(Matrix(x), names)(0);
}

// --- ExternalObjective ---------------------------------------------------------------------

ExternalObjective::ExternalObjective(std::shared_ptr<ExternalProgram> program,
                                     std::vector<std::string> names)
    : m_program(std::move(program)), m_names(std::move(names))
{
    if (!m_program)
        throw InvalidInput("an external objective needs a program");
}

ExternalObjective::ExternalObjective(std::shared_ptr<ExternalProgram> program,
                                     const ParameterSpace& space)
    : ExternalObjective(std::move(program), space.names())
{
}

} // namespace emu

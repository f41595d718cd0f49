#pragma once
// A user's own simulator as an objective: an external program run once per point.
//
// Protocol (one process per point, so a crashed or hung run cannot poison the next one; the
// JSON is the flat dialect of flat_json.h):
//   stdin   one JSON object of the point's inputs, named by the parameters, then EOF:
//           {"x1": 0.3, "x2": 1.5}
//   stdout  one number (`0.125`), or one flat JSON object of numbers ({"y": 0.125, "cost": 3});
//           from an object the named output is taken, by default "y" if present, else the first.
//           Whitespace around it is ignored; anything else (log lines, several numbers) is an
//           error, so diagnostics belong on stderr.
//   exit    0. Any other exit code, a signal, output that is not a finite number or a run longer
//           than the timeout is an ExternalProgramError naming the program, the point and the
//           cause (with the first lines of stderr when it failed).
//
// A launcher prefix hands each run to an existing scheduler or host: with launcher
// {"srun", "-N1", "-n1"} the process started is `srun -N1 -n1 PROGRAM ARGS…`, which must pass
// stdin and stdout through (srun, ssh, docker run -i and `sbatch --wait` wrappers do). The
// timeout then covers the launcher's queueing too.
//
// POSIX only (fork/exec, pipes, poll, waitpid). Each run gets its own process group,
// so a timeout kills the program and everything it started (a shell script's children too);
// the group is also cleaned up after a normal exit. SIGPIPE is blocked in the calling thread
// while the input is written, so a program that exits without reading its input is not an error
// of ours. The caller's thread blocks while the program runs: from a GUI, call it from a worker.
// evaluateBatch() runs up to `parallel` points at once, one thread per running process; the
// pipes close on exec, so no child holds another's pipes open.

#include "engine/core/errors.h"
#include "engine/core/types.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace emu {

class ParameterSpace;

/// An external program failed; kind() says how, the message says it in words.
class ExternalProgramError : public Error
{
public:
    enum class Kind
    {
        NotFound,      ///< no such program (on PATH or at the given path)
        NotExecutable, ///< the file exists but cannot be executed
        StartFailed,   ///< fork/pipe failed (out of processes or descriptors)
        ExitCode,      ///< exited with a non-zero code
        Signal,        ///< killed by a signal (crash)
        Timeout,       ///< ran longer than the timeout and was killed
        BadOutput,     ///< stdout was not a number or a flat JSON object of numbers
        NotFinite,     ///< the output was NaN or infinite
    };

    ExternalProgramError(Kind kind, const std::string& message) : Error(message), m_kind(kind) {}
    Kind kind() const { return m_kind; }
    /// Values of the rows evaluated successfully before the failing one (evaluate()).
    const Vector& completedValues() const { return m_completed; }
    /// Row of X that failed (evaluate()); 0 for a single run.
    Index failedRow() const { return m_completed.size(); }
    /// Records the values obtained before the failure.
    void setCompletedValues(Vector values) { m_completed = std::move(values); }

private:
    Kind m_kind;
    Vector m_completed;
};

/// What one point of evaluateBatch() gave: its value, or the message it failed with.
struct PointOutcome
{
    bool ok = false;
    double value = 0.0;
    std::string error;
};

/// Runs a user's simulator once per point; see the file comment for the protocol.
class ExternalProgram
{
public:
    /// `command` is a path (with a '/') or a name looked up on PATH; `arguments` follow it; a
    /// non-empty `launcher` is put in front of both (file comment). Throws InvalidInput for an
    /// empty command or a timeout that is not positive and finite, ExternalProgramError
    /// (NotFound / NotExecutable) if the program (or, with one, the launcher) cannot be run.
    ExternalProgram(std::string command, std::vector<std::string> arguments = {},
                    double timeoutSeconds = 60.0, std::vector<std::string> launcher = {});

    const std::string& command() const { return m_command; }
    /// The launcher prefix (empty: the program is run directly).
    const std::vector<std::string>& launcher() const { return m_launcher; }
    /// The file actually executed (command, or the launcher, resolved on PATH).
    const std::string& resolvedPath() const { return m_path; }
    const std::vector<std::string>& arguments() const { return m_arguments; }
    double timeoutSeconds() const { return m_timeout; }
    /// The output to take from a JSON object; empty: "y" if present, else the first.
    const std::string& outputName() const { return m_outputName; }
    void setOutputName(std::string name) { m_outputName = std::move(name); }

    /// One run per row of X (n×d), inputs named `names` (d of them, unique), in order. Throws
    /// InvalidInput for a shape mismatch or non-finite inputs (before running anything) and
    /// ExternalProgramError at the first failing row, carrying the values of the rows before.
    Vector evaluate(const Matrix& X, const std::vector<std::string>& names);
    /// One run per row of X, up to `parallel` at once, each with its own timeout; a failing
    /// point does not stop the others. Outcomes in the order of X's rows. Throws InvalidInput
    /// for a shape mismatch, non-finite inputs or parallel < 1 (before running anything).
    std::vector<PointOutcome> evaluateBatch(const Matrix& X, const std::vector<std::string>& names,
                                            int parallel);
    /// One run at the point x; throws like evaluate().
    double evaluatePoint(const RowVector& x, const std::vector<std::string>& names);
    /// One run at x returning the outputs named `outputNames` in that order: each must be in the
    /// printed JSON object, or the program prints one number when one output is asked for.
    /// Throws like evaluate(), and ExternalProgramError (BadOutput) for a missing output.
    RowVector evaluateOutputs(const RowVector& x, const std::vector<std::string>& names,
                              const std::vector<std::string>& outputNames);

    /// Program runs started since construction or resetCalls() (failed ones included).
    std::uint64_t calls() const { return m_calls.load(); }
    void resetCalls() { m_calls = 0; }

private:
    /// Throws InvalidInput unless X has one finite column per name and the names are distinct.
    void checkPoints(const Matrix& X, const std::vector<std::string>& names) const;
    /// "(input {…}, point i+1 of n)" for messages.
    static std::string pointWhere(const std::string& input, Index i, Index n);
    /// Starts the program, feeds `input`, collects its output; throws ExternalProgramError.
    std::string run(const std::string& input, const std::string& where);
    /// The chosen output in a run's stdout; throws ExternalProgramError (BadOutput, NotFinite).
    double interpret(const std::string& output, const std::string& where) const;
    /// The (name, value) pairs of a run's stdout; throws ExternalProgramError (BadOutput) whose
    /// hint shows what to print for the outputs `expected` (empty: one number or {"y": …}).
    std::vector<std::pair<std::string, double>> parseOutputs(const std::string& output, const std::string& where,
                                                             const std::vector<std::string>& expected = {}) const;
    /// The output `name` of a parsed object (a single number stands for any name); the first
    /// when absent and not required. Throws ExternalProgramError (BadOutput, NotFinite).
    double pickOutput(const std::vector<std::pair<std::string, double>>& outputs,
                      const std::string& name, bool required, const std::string& output,
                      const std::string& where) const;
    /// The message prefix naming the program.
    std::string who() const;

    std::string m_command;
    std::string m_path;
    std::vector<std::string> m_arguments;
    double m_timeout;
    std::string m_outputName;
    std::vector<std::string> m_launcher;
    std::atomic<std::uint64_t> m_calls = 0; ///< counted from several threads in evaluateBatch()
};

/// The program as an objective function (std::function<Vector(const Matrix&)>, e.g. the Bayesian
/// optimisation loop's ObjectiveFunction): copies share the program and its call counter.
class ExternalObjective
{
public:
    /// Inputs named `names`; throws InvalidInput if program is null.
    ExternalObjective(std::shared_ptr<ExternalProgram> program, std::vector<std::string> names);
    /// Inputs named after the parameters of `space`.
    ExternalObjective(std::shared_ptr<ExternalProgram> program, const ParameterSpace& space);

    /// One run per row of X; throws like ExternalProgram::evaluate().
    Vector operator()(const Matrix& X) const { return m_program->evaluate(X, m_names); }
    const ExternalProgram& program() const { return *m_program; }
    const std::vector<std::string>& names() const { return m_names; }

private:
    std::shared_ptr<ExternalProgram> m_program;
    std::vector<std::string> m_names;
};

} // namespace emu

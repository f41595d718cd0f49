#pragma once
// The sandbox's simulators: anything with named inputs in a box and named outputs, run one point
// at a time, as a user explores it by hand (Play, a click on an emulator card, an accepted
// suggestion). Three kinds:
//   - the mountain car (classic equations or Box2D): inputs (θp, θv, θ0, start position) over
//     the box direct BO searches and the classic random-start range; one episode from rest per
//     run; outputs reward, steps (control steps taken, the step limit when the goal is missed),
//     energy (Σ u_t², the action cost of the reward) and reached (1 or 0);
//   - a benchmark function (functionRegistry()) in its default dimension: output y;
//   - an external program (external_program.h) with inputs and outputs declared by the user:
//     it prints a JSON object with every declared output ({"y": 1.5, "cost": 3}), or a single
//     number when one output is declared;
//   - a system of components (engine/system): its interventions are the inputs, its outputs the
//     outputs; its random inputs are drawn afresh per point, from a seed made of the point (so a
//     run at the same point repeats), its conditions stay nominal.
// run() validates the point, and guarantees one finite value per output or an exception; it
// never returns a partial row. Not thread-safe: a worker thread runs a clone(); runBatch() runs
// a clone per point, up to parallelRuns() at once (a program behind a cluster launcher).

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/design/parameter_space.h"

#include <memory>
#include <string>
#include <vector>

namespace emu {

/// What one point of SandboxSimulator::runBatch() gave: its outputs, or why it failed.
struct SandboxOutcome
{
    RowVector outputs;
    std::string error; ///< empty if it ran
};

class SandboxSimulator
{
public:
    virtual ~SandboxSimulator() = default;

    /// Shown in the page's title line and in file names.
    const std::string& name() const { return m_name; }
    const ParameterSpace& inputs() const { return m_inputs; }
    const std::vector<std::string>& outputs() const { return m_outputs; }

    /// One run at x (one value per input, inside its bounds). Throws InvalidInput for a wrong
    /// size, a non-finite or out-of-bounds input (naming it), NumericalError if the simulator
    /// gave a non-finite output, and whatever the simulator throws (e.g. ExternalProgramError).
    RowVector run(const RowVector& x);
    /// An independent copy (its own simulator state, program process and counters).
    virtual std::unique_ptr<SandboxSimulator> clone() const = 0;
    /// How many runs may go on at once (1 unless the user's program says more).
    virtual int parallelRuns() const { return 1; }
    /// One run per row of X on clones, up to `parallel` at once; a failing point does not stop
    /// the others. Once progress is cancelled, the points not yet started fail as cancelled.
    /// Progress is reported from the calling thread.
    std::vector<SandboxOutcome> runBatch(const Matrix& X, int parallel,
                                         Progress& progress = Progress::none()) const;

protected:
    /// Throws InvalidInput for empty or duplicate output names (inputs validate themselves).
    SandboxSimulator(std::string name, ParameterSpace inputs, std::vector<std::string> outputs);
    /// One value per output at a validated x.
    virtual RowVector compute(const RowVector& x) = 0;

private:
    std::string m_name;
    ParameterSpace m_inputs;
    std::vector<std::string> m_outputs;
};

/// A menu entry of the sandbox's built-in simulators.
struct SandboxSimulatorInfo
{
    std::string id; ///< "car:classic", "car:box2d", "function:<functionRegistry id>"
    std::string displayName;
    std::string description; ///< one sentence for tooltips
};

/// The built-in simulators in menu order: the two mountain cars, then every benchmark function.
std::vector<SandboxSimulatorInfo> sandboxSimulators();
/// The built-in simulator with this id; throws InvalidInput listing the valid ids.
std::unique_ptr<SandboxSimulator> makeSandboxSimulator(const std::string& id);

/// A user's program as a sandbox simulator.
struct ProgramSimulatorSettings
{
    std::string command;                ///< a path (with a '/') or a name on PATH
    std::vector<std::string> arguments; ///< passed after the command
    double timeoutSeconds = 60.0;       ///< per run
    std::vector<std::string> launcher;  ///< put in front of every run (external_program.h)
    int parallel = 1;                   ///< runs at once in runBatch()
    ParameterSpace inputs;              ///< names and bounds of its inputs
    std::vector<std::string> outputs;   ///< names of the outputs it prints
};

/// Throws InvalidInput for no inputs or outputs, ExternalProgramError if the program cannot be
/// run (not found, not executable).
std::unique_ptr<SandboxSimulator> makeProgramSimulator(const ProgramSimulatorSettings& settings);

/// A system file's text as a sandbox simulator (see the file comment). Throws ParseError or
/// InvalidInput naming `source` (and the line) for a file System refuses, InvalidInput for a
/// system without interventions, ExternalProgramError for a program it cannot run.
std::unique_ptr<SandboxSimulator> makeSystemSimulator(const std::string& fileText, const std::string& source);

} // namespace emu

#pragma once
// Option parsing and JSON pieces shared by the `system` sub-commands (command_system,
// command_system_emulate, command_system_monitor): every check throws UsageError (exit code 2).
// JSON conventions of the command: anything per output is an object keyed by the output's full
// name ("accounts.cost"), anything per system input an object keyed by the input's name;
// components are arrays in description order, each naming its component.

#include "engine/core/types.h"
#include "engine/system/system.h"
#include "engine/system/system_emulation.h"

#include <QCommandLineOption>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class QCommandLineParser;

namespace cli {

/// --file and --seed, which every `system` sub-command takes.
QList<QCommandLineOption> systemFileOptions();
/// The system of --file, or the built-in supply chain. emu::Error if the file cannot be read;
/// the engine's ParseError or InvalidInput, naming the file and line, if it is malformed.
emu::System loadSystem(const QCommandLineParser& parser);
/// {"name", "file"}: what was run (file null for the built-in supply chain).
QJsonObject systemJson(const emu::System& system, const QCommandLineParser& parser);

/// One --set or --change item: input `input` (index into description().inputs) at `value`.
struct InputSetting
{
    emu::Index input = 0;
    double value = 0.0;
};

/// Every item of a repeatable option (each value a comma-separated list of name=value), for
/// inputs whose role is `role` or, if `alsoConditions`, a condition. UsageError naming the option
/// for a malformed item, an unknown name (listing the valid ones), an input of another role
/// (saying why it cannot be set here, with `hint` if given), a value outside the input's range
/// or a name given twice.
std::vector<InputSetting> inputSettings(const QCommandLineParser& parser, const QString& option,
                                        const emu::System& system, emu::SystemInput::Role role,
                                        bool alsoConditions = false, const std::string& hint = {});
/// The interventions: the file's values, with those of `settings` replaced.
emu::RowVector interventionsWith(const emu::System& system,
                                 const std::vector<InputSetting>& settings);
/// The conditions: their nominal values, with those of `settings` replaced.
emu::RowVector conditionsWith(const emu::System& system, const std::vector<InputSetting>& settings);
/// {name: value} of the interventions (values in interventionSpace() order).
QJsonObject interventionsJson(const emu::System& system, const emu::RowVector& values);
/// {name: value} of the conditions (values in description order of the conditions).
QJsonObject conditionsJson(const emu::System& system, const emu::RowVector& values);
/// {output name: value}.
QJsonObject perOutputJson(const emu::System& system, const emu::RowVector& values);
/// A number, or null if it is not finite.
QJsonValue numberOrNull(double x);

/// Which emulator: the whole system's GPs, the composed GPs of the components, or both.
enum class SystemMethod
{
    Whole,
    Composed,
    Both
};
/// The value of --method (`allowBoth`: "both" is accepted).
SystemMethod methodOption(const QCommandLineParser& parser, bool allowBoth);
const char* methodId(SystemMethod method);

/// One trained emulator of either kind, so that a sub-command can work with whichever was asked.
class TrainedSystemEmulator
{
public:
    /// Trains `method` (Whole or Composed) on `system`, reporting to `progress`.
    TrainedSystemEmulator(const emu::System& system, SystemMethod method,
                          const emu::SystemEmulatorSettings& settings, emu::Progress& progress);
    SystemMethod method() const { return m_method; }
    /// The forecast at `interventions` with the conditions at `conditions` (empty: nominal; the
    /// whole-system emulator only knows the nominal ones); `samples` and `seed` of composition.
    emu::SystemForecast forecast(const emu::RowVector& interventions,
                                 const emu::RowVector& conditions, int samples,
                                 std::uint64_t seed) const;
    /// The change from `before` to `after` (interventions; conditions nominal), with the
    /// uncertainty of the change itself: the emulator's errors at the two settings are shared.
    emu::PredictedChange change(const emu::RowVector& before, const emu::RowVector& after,
                                int samples, std::uint64_t seed) const;
    /// {"method", "runs", "runs_used", "failed_runs", "cost", "seconds"} (composed: runs of
    /// every component, and per component its runs used and failed).
    QJsonObject trainingJson(const emu::System& system) const;
    const emu::WholeSystemEmulator* whole() const { return m_whole.get(); }
    const emu::ComponentwiseEmulator* composed() const { return m_composed.get(); }

private:
    SystemMethod m_method;
    emu::Index m_runs;
    std::unique_ptr<emu::WholeSystemEmulator> m_whole;
    std::unique_ptr<emu::ComponentwiseEmulator> m_composed;
    double m_seconds = 0.0;
};

} // namespace cli

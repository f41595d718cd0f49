#pragma once
// A dialog that sets up the user's own simulator: the program (and its arguments), the inputs
// it takes (names and bounds) and a timeout. The result is an objective for BoSession.

#include "engine/sandbox/sandbox_simulator.h"
#include "ui/models/bo_session.h"

#include <QDialog>
#include <QJsonObject>

#include <optional>
#include <tuple>

class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace ui {

/// The user's program as pages keep it: the program line, its inputs and the timeout.
struct ExternalProgramSettings
{
    QString programLine;                                   ///< "path arg1 arg2"
    QList<std::tuple<QString, double, double>> parameters; ///< name, lower, upper per input
    double timeoutSeconds = 60.0;
    QStringList outputs; ///< names of the outputs it prints (the sandbox's); empty: "y"
    QString launcher;    ///< command put in front of every run, e.g. "srun -N1 -n1"; empty: none
    int parallel = 1;    ///< runs at once (the sandbox's batches)

    /// The objective; throws emu::Error with a message for the user.
    BoObjective objective() const;
    /// The sandbox simulator's settings; throws emu::Error with a message for the user.
    emu::ProgramSimulatorSettings simulatorSettings() const;
    /// For session files.
    QJsonObject toJson() const;
    /// Reads toJson()'s object (unchecked: objective() validates).
    static ExternalProgramSettings fromJson(const QJsonObject& json);
};

/// What a saved BO page holds: its objective (a benchmark or the user's program) and evaluations.
struct SavedBoRun
{
    BoObjective objective;
    std::optional<ExternalProgramSettings> external; ///< set when the objective is a program
    BoHistory history;
};

/// Reads a page's "function"/"external"/"points" entries (the program when useExternal, else
/// the benchmark `functionId`); returns an error for the user, or empty.
QString readSavedBoRun(const QJsonObject& state, bool useExternal, const std::string& functionId, SavedBoRun& run);

class ExternalProgramDialog : public QDialog
{
    Q_OBJECT
public:
    /// inputs: how many parameters the caller needs (e.g. 2 for the 2-D lesson); with
    /// resizable, the user may add and remove inputs (at least one); with declareOutputs, the
    /// user names the outputs the program prints (the sandbox's simulators have several).
    ExternalProgramDialog(int inputs, QWidget* parent = nullptr, bool resizable = false,
                          bool declareOutputs = false);

    /// Fills the fields.
    void setSettings(const ExternalProgramSettings& settings);
    /// The fields as they are.
    ExternalProgramSettings settings() const;
    /// The first bound cell that is not a number, as a message for the user; empty if none.
    QString boundsError() const;

    /// Accepts settings that make a program (checked, the program included); otherwise says why.
    void accept() override;

private:
    void addInputRow();

    QLineEdit* m_program;
    QTableWidget* m_parameters;
    QDoubleSpinBox* m_timeout;
    QLineEdit* m_launcher;
    QLineEdit* m_outputs;  ///< null unless the outputs are declared
    QSpinBox* m_parallel; ///< null unless the outputs are declared (the sandbox)
};

/// The objective of a program line ("path arg1 arg2") with these inputs, run behind the
/// launcher if one is given; throws emu::Error.
BoObjective externalObjective(const QString& programLine,
                              const QList<std::tuple<QString, double, double>>& parameters, double timeoutSeconds,
                              const QString& launcher = {});

} // namespace ui

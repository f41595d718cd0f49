#pragma once
// The sandbox's explorer (the "Explore and emulate" tab of "Your own simulator"): choose a
// simulator (the mountain car, the Box2D car, a benchmark, your own program with declared
// inputs and outputs, or a system file whose interventions are the inputs), run it by hand, and
// watch emulators learn from the runs.
//   - Inputs: one field per input; Play runs the simulator there on a worker. The inputs are
//     locked while it runs; the status line says Ready / Running / Finished / Failed.
//   - Emulator cards, one per (input, output) pair (emulator_card.h); every finished run feeds
//     every card; a click on a card's chart sets that input and runs the simulator there.
//   - A multi-input emulator of a chosen output (sandbox_suggestion.h): Suggest shows where
//     expected improvement says to run next (minimising or maximising), Run it runs it.
//   - Runs import from CSV (a user's own results) and export, with the emulators' curves.
// Everything is kept in the page's session state.

#include "engine/sandbox/sandbox_runs.h"
#include "engine/sandbox/sandbox_simulator.h"
#include "engine/sandbox/sandbox_suggestion.h"
#include "ui/lessons/sandbox_simulator/sandbox_source.h"
#include "ui/panels/external_program_dialog.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QTableWidget;
class QUndoStack;
class QVBoxLayout;

namespace ui {

class EmulatorCard;
class JobRunner;

class SandboxExplorer : public QWidget
{
    Q_OBJECT
public:
    explicit SandboxExplorer(JobRunner* jobs, QWidget* parent = nullptr);

    /// Switches to a built-in simulator (sandboxSimulators() id). The runs and emulators of the
    /// simulator left are kept: switching back brings them back (a simulator never used starts
    /// with none), and Undo switches back. Returns an error for the user, or empty.
    QString useSimulator(const QString& id);
    /// Switches to the user's program, as useSimulator() (its runs are kept per settings);
    /// returns an error (e.g. it cannot be run), or empty.
    QString useProgram(const ExternalProgramSettings& settings);
    /// Switches to a system file (system_description.h), as useSimulator(); returns the file's
    /// error with its line (nothing changes), or empty.
    QString useSystemFile(const SandboxSystemFile& file);
    /// What is in use.
    const SandboxSource& source() const { return m_source; }
    /// Switching simulators and Reset all, undoable.
    QUndoStack* undoStack() const { return m_undo; }
    /// Runs kept for simulators not in use.
    qsizetype keptSimulators() const { return m_kept.size(); }
    const emu::SandboxSimulator& simulator() const { return *m_simulator; }
    const emu::SandboxRuns& runs() const { return m_runs; }

    double input(int j) const;
    /// Sets input j (clamped to its bounds); moves every card's tangent.
    void setInput(int j, double value);
    /// Runs the simulator at the current inputs on a worker.
    void play();
    /// Runs `count` points of a Latin hypercube (seeded) one after the other, as a start.
    void runDesign(int count, std::uint64_t seed);
    bool isRunning() const { return m_running; }
    QString statusText() const;

    /// Adds the card of output `output` against input `input`, trained on every run.
    EmulatorCard* addEmulator(int input, int output);
    const QList<EmulatorCard*>& cards() const { return m_cards; }
    void removeEmulator(EmulatorCard* card);
    /// Forgets every run (undoably); every card starts afresh with its default hyperparameters.
    void resetAll();

    /// Asks the multi-input emulator where to run next (on a worker).
    void suggest();
    const std::optional<emu::SandboxSuggestion>& suggestion() const { return m_suggestion; }
    /// Sets the inputs to the suggestion and runs the simulator there.
    void acceptSuggestion();

    /// Adds the runs of a CSV file (columns named as the inputs and outputs); returns an error
    /// naming the file and the problem, with the runs untouched, or empty.
    QString importRunsCsv(const QString& csvText, const QString& sourceName);
    QString runsCsv() const;
    /// Every card's hyperparameters and curve (mean and sd on a grid), one row per point.
    QString emulatorsCsv() const;

    /// The simulator in use with its runs, inputs and cards, and the runs kept for the others.
    QJsonObject saveState() const;
    /// Restores saveState()'s object (checked in full first: an error leaves everything as it
    /// was); the undo history starts afresh.
    QString restoreState(const QJsonObject& state);

signals:
    void statusMessage(const QString& text, int timeoutMs = 4000);
    void eventReported(const QString& event);

private:
    /// Installs a simulator: input fields, output menus, empty runs and no cards.
    void install(std::unique_ptr<emu::SandboxSimulator> simulator, SandboxSource source);
    /// Makes `source` the one in use, keeping the runs of the one left (see useSimulator());
    /// returns an error if its simulator cannot be made (nothing changes), or empty.
    QString switchTo(const SandboxSource& source);
    /// Pushes an undo step from `before` to the state now (already on screen).
    void pushUndo(const QString& text, const QJsonObject& before);
    /// The simulator in use with its runs (saveState() without the kept ones).
    QJsonObject currentState() const;
    QString restoreCurrent(const QJsonObject& state);
    QString restoreWhole(const QJsonObject& state);
    /// The menu shows the program or system in use by its name.
    void showSourceName();
    void chooseSimulator();
    void chooseProgram();
    void chooseSystemFile();
    void importFile();
    void exportFile(bool emulators);
    /// Runs the rows of X on a worker (as many at once as the simulator allows); the successful
    /// runs are added when all are done.
    void runPoints(const emu::Matrix& X, const QString& label);
    /// Adds the runs that worked; `failed` points gave `error` (the first one's message).
    void runFinished(const emu::Matrix& X, const emu::Matrix& Y, const QString& error, int failed);
    void fitCard(EmulatorCard* card);
    void setRunning(bool running);
    /// Feeds every card and refreshes the table and the best-run line.
    void refreshRuns();
    void showSuggestion();
    void layOutCards();

    JobRunner* m_jobs;
    std::unique_ptr<emu::SandboxSimulator> m_simulator;
    SandboxSource m_source;
    emu::SandboxRuns m_runs;
    std::optional<emu::SandboxSuggestion> m_suggestion;
    QList<EmulatorCard*> m_cards;
    QMap<QString, QJsonObject> m_kept; ///< SandboxSource::key() -> currentState() of simulators not in use
    quint64 m_generation = 0; ///< bumped when the simulator changes: older jobs' results are dropped
    bool m_running = false;
    QString m_status;

    QComboBox* m_simulatorMenu;
    QWidget* m_inputsBox;
    QList<QDoubleSpinBox*> m_inputs;
    QPushButton* m_play;
    QLabel* m_statusLabel;
    QComboBox* m_cardInput;
    QComboBox* m_cardOutput;
    QComboBox* m_target;
    QComboBox* m_direction;
    QPushButton* m_suggest;
    QPushButton* m_accept;
    QLabel* m_suggestionLabel;
    QTableWidget* m_table;
    QGridLayout* m_cardGrid;
    QUndoStack* m_undo;
};

} // namespace ui

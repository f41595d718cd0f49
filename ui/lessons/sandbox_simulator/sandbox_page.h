#pragma once
// Lesson "Your own simulator", in two tabs:
//   - Explore and emulate (sandbox_explorer.h): run a simulator by hand, attach emulators to its
//     inputs and outputs, ask for suggestions, import and export runs;
//   - Optimise automatically: Bayesian optimisation (or, with the model-variance acquisition,
//     experimental design) of a function of any number of inputs: a benchmark to start with, or
//     a program of your own. Every evaluation is listed in a table; the best point so far is
//     shown with the convergence chart.

#include "ui/lessons/lesson_page.h"
#include "ui/panels/external_program_dialog.h"

#include <QList>
#include <optional>
#include <tuple>

class QComboBox;
class QLabel;
class QTabWidget;
class QTableWidget;

namespace ui {

class BoControls;
class BoSession;
class SandboxExplorer;

class SandboxPage : public LessonPage
{
    Q_OBJECT
public:
    explicit SandboxPage(JobRunner* jobs, QWidget* parent = nullptr);

    static QStringList tutorialEvents();

    /// The open tab's data: the explorer's runs or the optimisation's evaluations.
    QString dataCsv() const override;
    bool acceptsCsv() const override { return true; }
    /// Runs for the explorer (which it shows).
    QString importCsv(const QString& csvText, const QString& sourceName) override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;
    /// The explorer's: switching simulators and Reset all.
    QUndoStack* undoStack() override;

    BoSession* session() const { return m_session; }
    SandboxExplorer* explorer() const { return m_explorer; }
    QTabWidget* tabs() const { return m_tabs; }
    /// Optimises the user's program with these inputs; returns an error, or empty.
    QString useExternalProgram(const ExternalProgramSettings& settings);
    /// Rows of the evaluation table.
    int tableRows() const;

private:
    void reset();
    void chooseProgram();
    void redraw();

    SandboxExplorer* m_explorer;
    QTabWidget* m_tabs;
    BoSession* m_session;
    BoControls* m_controls;
    QComboBox* m_function;
    QTableWidget* m_table;
    QLabel* m_best;
    std::optional<ExternalProgramSettings> m_external;
};

} // namespace ui

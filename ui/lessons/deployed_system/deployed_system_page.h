#pragma once
// Lesson "Emulating a deployed system": a small supply chain (engine/system/supply_chain.h), or
// a system file of the user's, drawn as boxes and arrows. Both emulators of it are trained on
// the worker thread: the whole system's GP of each output on the interventions, and one GP per
// component composed by sampling. The page then shows, before anything runs:
//   - on the graph, every port's predicted value and how far an error of each component would
//     carry to the chosen output (the boxes' tint);
//   - under Interventions, the predicted downstream change of every output when a decision
//     moves, and, on Run it, the change measured by paired runs of the system;
//   - under Monitoring, the system running day by day against the emulator's forecast, with a
//     change injected behind the emulator's back, the day the monitor notices it and the day a
//     fixed threshold does;
//   - under Component, the clicked component's ports and its emulator, and its settings: a
//     component changed after training (retrained, reconfigured) is learnt again by the
//     component-wise emulator alone (adaptedTo), while the whole-system one reruns the system;
//     the status line says what each paid.

#include "engine/core/types.h"
#include "engine/sensitivity/sobol_indices.h"
#include "engine/system/system_description.h"
#include "ui/lessons/deployed_system/system_models.h"
#include "ui/lessons/lesson_page.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QTabWidget;

namespace ui {

class ComponentPanel;
class ErrorBarChart;
class InterventionPanel;
class SystemGraph;
class SystemMonitorView;

class DeployedSystemPage : public LessonPage
{
    Q_OBJECT
public:
    explicit DeployedSystemPage(JobRunner* jobs, QWidget* parent = nullptr);
    ~DeployedSystemPage() override;

    static QStringList tutorialEvents();
    static bool hasAnimation() { return true; }
    bool startAnimation() override;
    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;

    /// Reads a system file and trains its emulators; returns an error message (naming the file
    /// and line) and changes nothing when the file is not a valid system.
    QString openSystemFile(const QString& path);
    /// Back to the built-in supply chain.
    void openBuiltInSystem();
    /// Gives component `component` these parameter values (a retrained or reconfigured
    /// component) and adapts the emulators on the worker (see the file comment). Returns an
    /// error naming the parameter (out of range, unknown) and changes nothing.
    QString changeComponent(int component, const std::vector<std::pair<std::string, double>>& parameters);

    SystemGraph* graph() const { return m_graph; }
    InterventionPanel* interventions() const { return m_interventions; }
    SystemMonitorView* monitor() const { return m_monitor; }
    ComponentPanel* componentPanel() const { return m_component; }
    /// Sobol indices of the chosen output on the decisions.
    ErrorBarChart* decisionChart() const { return m_decisions; }
    const SystemModels& models() const { return m_models; }
    const emu::SystemDescription& description() const { return m_description; }
    /// The index of the output the graph's tint and the monitor's chart follow.
    int chosenOutput() const;

private:
    /// Whether the chosen emulator is the component-wise one.
    bool usesComposed() const;
    void setSystem(emu::SystemDescription description);
    void buildGraph();
    void train();
    /// Runs `work` on the worker; its models, for `description`, replace the page's when it
    /// ends (unless something newer started), `done` gives the status line's text and `event`
    /// is reported to the tutorial.
    void startTraining(emu::SystemDescription description, std::function<SystemModels(emu::Progress&)> work,
                       std::function<QString(const SystemModels&)> done, const QString& event);
    void predict();
    void measure();
    void deploy();
    void showForecast();
    void showComponent(int component);
    /// Sobol indices of every output on the interventions, from the whole-system emulator.
    void computeDecisionIndices();
    void showDecisionIndices();

    emu::SystemDescription m_description;
    SystemModels m_models;
    emu::RowVector m_deployed; ///< the interventions the system runs with
    emu::PredictedChange m_change; ///< from the deployed setting to the sliders'
    emu::SystemForecast m_composedForecast; ///< the same, component-wise (every port's value)
    emu::Matrix m_reach;
    SystemGraph* m_graph;
    QTabWidget* m_tabs;
    InterventionPanel* m_interventions;
    SystemMonitorView* m_monitor;
    ComponentPanel* m_component;
    ErrorBarChart* m_decisions;
    std::vector<emu::SobolIndices> m_indices;
    QComboBox* m_output;
    QLabel* m_status;
    int m_generation = 0;
};

} // namespace ui

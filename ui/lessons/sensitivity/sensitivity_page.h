#pragma once
// Lesson "Sensitivity analysis": which of the mountain car's inputs (θp, θv, θ0 of the linear
// controller, and the start position) decide the episode reward? Sobol main and total effects
// (engine/sensitivity/sobol_indices.h) computed twice, side by side: on a GP emulator trained on a
// few episodes, and directly on the simulator with one episode per evaluation
// (engine/studies/sensitivity_study.h). The chart and the table compare the indices,
// the status line the simulator calls each way cost.

#include "ui/lessons/lesson_page.h"

#include "engine/studies/sensitivity_study.h"

#include <optional>
#include <string>
#include <vector>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace ui {

class ErrorBarChart;

class SensitivityPage : public LessonPage
{
    Q_OBJECT
public:
    explicit SensitivityPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QString dataCsv() const override;
    QString restoreState(const QJsonObject& state) override;

    /// Computes the indices on the emulator and on the simulator with the toolbar's settings
    /// (two jobs, side by side); the old results are dropped.
    void compute();
    /// Cancels both computations; what has arrived stays shown.
    void cancel();
    /// The indices on the emulator, once computed.
    const std::optional<emu::CarSensitivityResult>& emulatorResult() const { return m_emulator; }
    /// The indices computed directly on the simulator, once computed.
    const std::optional<emu::CarSensitivityResult>& simulatorResult() const { return m_simulator; }

private:
    /// A result arrived: shows it, and reports the event when both are in.
    void addResult(emu::CarSensitivityResult result);
    /// A job ended without a result (error, cancelled or superseded).
    void jobEnded(const QString& error);
    /// Chart, table and status line from the results at hand.
    void showResults();
    void showStatus();
    /// The settings of one way of computing, from the toolbar.
    emu::CarSensitivitySettings settings(emu::CarSensitivityMode mode) const;

    QPushButton* m_compute;
    QPushButton* m_cancel;
    QSpinBox* m_samples;
    QSpinBox* m_training;
    QSpinBox* m_seed;
    ErrorBarChart* m_chart;
    QTableWidget* m_table;
    QLabel* m_status;
    std::vector<std::string> m_inputNames; ///< the engine's, in the space's order (CSV, table rows)
    std::optional<emu::CarSensitivityResult> m_emulator;
    std::optional<emu::CarSensitivityResult> m_simulator;
    int m_running = 0;    ///< computations still running
    QString m_lastError;  ///< of a computation that failed, for the status line
    bool m_cancelled = false;
    /// Counts compute() requests, so that an older request's callbacks are ignored.
    quint64 m_generation = 0;
};

} // namespace ui

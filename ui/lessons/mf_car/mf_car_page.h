#pragma once
// Lesson "Multi-fidelity mountain car": the car's dynamics emulated from 250 low-fidelity and
// 250 high-fidelity simulator calls, with the linear and the nonlinear multi-fidelity models,
// against emulators of the high fidelity alone (250 and 500 calls). Each emulator tunes the
// controller by Bayesian optimisation; the table compares one-step errors, calls of each
// fidelity and the reward on the real high-fidelity simulator.
//
// The comparison itself (settings, rows as they arrive, the result) is an MfCarComparison
// (mf_car_comparison.h); the page shows it and runs the live optimisation.
//
// Below the table, the optimisation on one row's emulator (the linear multi-fidelity one at
// first; click a row for another) runs again live in a LiveBoPanel, as on the direct-BO page:
// Pause, Step, click a map to choose, replay. With the same settings it is the table's run, step
// by step; when it ends its best controller is validated on the high-fidelity simulator.

#include "ui/lessons/lesson_page.h"

#include "engine/studies/mf_emulator_study.h"

#include <optional>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace ui {

class LiveBoPanel;
class MfCarComparison;
class MountainCarView;

class MfCarPage : public LessonPage
{
    Q_OBJECT
public:
    explicit MfCarPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// Presenter mode: the live run's replay one iteration on or back, until its ends.
    bool presenterStep(int direction) override;
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;

    /// Runs the four emulators (one job each, side by side); each row shows when it is ready.
    void runComparison();
    /// Runs the optimisation on row `row`'s emulator live, validated on the high fidelity at the
    /// end. pauseAfterDesign: pause on the first proposal after the initial design. A row still
    /// being computed starts when it is ready.
    void optimiseRow(int row, bool pauseAfterDesign = false);
    /// The comparison once all four rows are in.
    const std::optional<emu::MfComparisonResult>& comparison() const;
    /// The comparison's state: settings and rows as they arrive.
    MfCarComparison* model() const { return m_comparison; }
    /// The row whose emulator the live run optimises on.
    int liveRow() const;
    LiveBoPanel* livePanel() const { return m_panel; }
    const MountainCarView* carView() const;

private:
    static constexpr int kLinearRow = 2; ///< runMfComparisonRow's index of the linear MF row

    /// A comparison started: the table's rows by name, the controls from its settings.
    void showStarted();
    /// A row arrived: shows it, and starts the live run if it waited for this row.
    void showArrived(int index);
    void showFinished();
    /// Row `index` of the table: its result, or its name while it is computed.
    void showRow(int index);

    MfCarComparison* m_comparison;
    QComboBox* m_high;
    QComboBox* m_low;
    QSpinBox* m_seed;
    QTableWidget* m_table;
    QLabel* m_status;
    QComboBox* m_liveRow;
    LiveBoPanel* m_panel;
    bool m_liveRowStarted = false; ///< the live run is on liveRow()'s emulator (else it waits)
    bool m_pauseAfterDesign = false;
};

} // namespace ui

#pragma once
// Lesson "Multi-fidelity mountain car": the car's dynamics emulated from 250 low-fidelity and
// 250 high-fidelity simulator calls, with the linear and the nonlinear multi-fidelity models,
// against emulators of the high fidelity alone (250 and 500 calls). Each emulator tunes the
// controller by Bayesian optimisation; the table compares one-step errors, calls of each
// fidelity and the reward on the real high-fidelity simulator.
//
// Below the table, the optimisation on one row's emulator (the linear multi-fidelity one at
// first; click a row for another) runs again live in a LiveBoPanel, as on the direct-BO page:
// Pause, Step, click a map to choose, replay. With the same settings it is the table's run, step
// by step; when it ends its best controller is validated on the high-fidelity simulator.

#include "ui/lesson_page.h"

#include "engine/experiments/mf_emulator_experiments.h"

#include <optional>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace ui {

class LiveBoPanel;
class MountainCarView;

class MfCarPage : public LessonPage
{
    Q_OBJECT
public:
    explicit MfCarPage(JobRunner* jobs, QWidget* parent = nullptr);

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;

    /// Runs the four emulators (job runner).
    void runComparison();
    /// Runs the optimisation on row `row`'s emulator live, validated on the high fidelity at the
    /// end. pauseAfterDesign: pause on the first proposal after the initial design.
    void optimiseRow(int row, bool pauseAfterDesign = false);
    const std::optional<emu::MfComparisonResult>& comparison() const { return m_result; }
    /// The row whose emulator the live run optimises on.
    int liveRow() const;
    LiveBoPanel* livePanel() const { return m_panel; }
    const MountainCarView* carView() const;

private:
    void showComparison();

    QComboBox* m_high;
    QComboBox* m_low;
    QSpinBox* m_seed;
    QTableWidget* m_table;
    QLabel* m_status;
    QComboBox* m_liveRow;
    LiveBoPanel* m_panel;
    std::optional<emu::MfComparisonResult> m_result;
};

} // namespace ui

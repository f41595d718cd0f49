#pragma once
// Lesson "Multi-fidelity mountain car": the car's dynamics emulated from 250 low-fidelity and
// 250 high-fidelity simulator calls, with the linear and the nonlinear multi-fidelity models,
// against emulators of the high fidelity alone (250 and 500 calls). Each emulator tunes the
// controller by Bayesian optimisation; the table compares one-step errors, calls of each
// fidelity and the reward on the real high-fidelity simulator, and the car drives with the best
// controller of any row.

#include "ui/lesson_page.h"

#include "engine/experiments/mf_emulator_experiments.h"

#include <optional>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace ui {

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
    /// Drives the high-fidelity car with the best controller of row `row` (job runner).
    void driveRow(int row);
    const std::optional<emu::MfComparisonResult>& comparison() const { return m_result; }
    const MountainCarView* carView() const { return m_car; }

private:
    void showComparison();

    QComboBox* m_high;
    QComboBox* m_low;
    QSpinBox* m_seed;
    QTableWidget* m_table;
    QComboBox* m_driveRow;
    MountainCarView* m_car;
    QLabel* m_status;
    std::optional<emu::MfComparisonResult> m_result;
};

} // namespace ui

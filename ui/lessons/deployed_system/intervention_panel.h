#pragma once
// The decisions of a deployed system as sliders, and what moving them does downstream: every
// output's predicted change from the deployed setting (with the emulator's ±2 sd), and after Run
// it the change measured by paired runs of the system (±2 standard errors), side by side in a
// table and a chart of relative changes.

#include "engine/core/types.h"
#include "engine/system/system_description.h"
#include "engine/system/system_emulation.h"
#include "engine/system/system_study.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QSlider;
class QTableWidget;

namespace ui {

class ErrorBarChart;

class InterventionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InterventionPanel(QWidget* parent = nullptr);

    /// One slider per intervention, at `values`; the outputs name the table's rows.
    void setInterventions(const std::vector<emu::SystemInput>& interventions, const emu::RowVector& values,
                          const std::vector<std::string>& outputs);
    /// The sliders' values, in the interventions' units.
    emu::RowVector values() const;
    /// Moves the sliders (values outside a range are clamped to it) and emits valuesChanged once.
    void setValues(const emu::RowVector& values);
    /// The predicted change from the deployed setting to the sliders'.
    void showPrediction(const emu::PredictedChange& change);
    /// The change measured by paired runs, beside the prediction.
    void showMeasured(const emu::MeasuredChange& measured);
    /// Forgets the measured change (the sliders moved since).
    void clearMeasured();
    /// Enables Run it and Deploy (off while the emulators train).
    void setBusy(bool busy);

    QSlider* slider(int intervention) const { return m_sliders.value(intervention); }
    QTableWidget* table() const { return m_table; }
    ErrorBarChart* chart() const { return m_chart; }
    QPushButton* measureButton() const { return m_measure; }
    QPushButton* deployButton() const { return m_deploy; }

signals:
    /// A slider moved (by the user or setValues()).
    void valuesChanged();
    void measureRequested();
    void deployRequested();

private:
    double sliderValue(int intervention) const;
    void updateLabels();
    void updateTable();

    std::vector<emu::SystemInput> m_inputs;
    std::vector<std::string> m_outputs;
    emu::RowVector m_values; ///< exact: a slider's step only sets it when the user moves it
    QList<QSlider*> m_sliders;
    QList<QLabel*> m_valueLabels;
    QWidget* m_sliderBox;
    QTableWidget* m_table;
    ErrorBarChart* m_chart;
    QPushButton* m_measure;
    QPushButton* m_deploy;
    emu::PredictedChange m_predicted;
    emu::MeasuredChange m_measured;
    bool m_hasPrediction = false;
    bool m_settingValues = false;
};

} // namespace ui

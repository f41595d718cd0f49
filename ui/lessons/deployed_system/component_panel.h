#pragma once
// One component of a deployed system, as its team would see it: what it is and costs, where
// each input comes from, each output's predicted value at the current setting, and its own
// emulator: one output against one input (the others at their predicted values) with the ±2 sd
// band, the runs it was trained on, and how well it predicts runs left out (leave-one-out); and
// its settings, which a user changes to retrain or reconfigure it (the page then adapts the
// emulators: changeRequested()).

#include "engine/core/types.h"
#include "engine/system/system_emulation.h"
#include "ui/lessons/deployed_system/system_models.h"

#include <QWidget>

#include <string>
#include <utility>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QTableWidget;

namespace ui {

class BandChart;

class ComponentPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ComponentPanel(QWidget* parent = nullptr);

    /// Shows component `component` of models.system; `forecast` (component-wise) gives the
    /// ports' predicted values and `inputs` the system inputs' current values.
    void showComponent(const SystemModels& models, int component, const emu::SystemForecast& forecast,
                       const emu::RowVector& systemInputs);
    int component() const { return m_component; }
    BandChart* chart() const { return m_chart; }
    QTableWidget* table() const { return m_table; }
    /// The field of the shown component's parameter `name`, or null.
    QDoubleSpinBox* parameterField(const QString& name) const;
    QPushButton* retrainButton() const { return m_retrain; }

signals:
    /// The user asked to retrain the shown component with these parameter values.
    void changeRequested(int component, const std::vector<std::pair<std::string, double>>& parameters);

private:
    /// The inputs the slice holds still: each at its predicted (or current) value.
    emu::RowVector heldInputs() const;
    void drawSlice();
    /// One field per parameter of the shown component, at its value.
    void showParameters(const emu::SystemComponentSpec& spec);
    void requestChange();

    SystemModels m_models;
    emu::SystemForecast m_forecast;
    emu::RowVector m_systemInputs;
    int m_component = -1;
    QLabel* m_title;
    QTableWidget* m_table;
    QComboBox* m_input;
    QComboBox* m_output;
    BandChart* m_chart;
    QLabel* m_quality;
    QFormLayout* m_parameters;
    QList<QDoubleSpinBox*> m_fields;
    QPushButton* m_retrain;
    QLabel* m_parametersNote;
};

} // namespace ui

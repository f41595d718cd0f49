#pragma once
// One component of a deployed system, as its team would see it: what it is and costs, where
// each input comes from, each output's predicted value at the current setting, and its own
// emulator: one output against one input (the others at their predicted values) with the ±2 sd
// band, the runs it was trained on, and how well it predicts runs left out (leave-one-out).

#include "engine/core/types.h"
#include "engine/system/system_emulation.h"
#include "ui/lessons/deployed_system/system_models.h"

#include <QWidget>

class QComboBox;
class QLabel;
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

private:
    /// The inputs the slice holds still: each at its predicted (or current) value.
    emu::RowVector heldInputs() const;
    void drawSlice();

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
};

} // namespace ui

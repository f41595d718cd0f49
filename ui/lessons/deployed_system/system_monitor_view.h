#pragma once
// The deployed system running day by day against its emulator's forecast (engine
// SystemMonitor): Play, Pause and Step; sliders that change a condition behind the emulator's
// back (the market shifts, a retrained model is biased); the chosen output's days against the
// forecast's band, the days flagged outside it, the day the monitor raised its alarm and the day
// a fixed limit did; below, the monitor's evidence against its alarm level.
//
// Every day runs in a job on the worker thread (a component may be a slow program); the monitor
// is only ever touched by the one job in flight.

#include "engine/core/types.h"
#include "engine/system/system_monitor.h"
#include "ui/lessons/deployed_system/system_models.h"

#include <QWidget>

#include <memory>
#include <vector>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace ui {

class BandChart;
class JobRunner;

class SystemMonitorView : public QWidget
{
    Q_OBJECT
public:
    explicit SystemMonitorView(JobRunner* jobs, QWidget* parent = nullptr);
    ~SystemMonitorView() override;

    /// Starts afresh: the system at these interventions, against the chosen emulator's forecast
    /// there (computed on the worker); days, changes and alarms cleared.
    void watch(const SystemModels& models, const emu::RowVector& interventions);
    /// The output the charts and limits show.
    void setOutput(int output);
    void play();
    void pause();
    bool isPlaying() const;
    /// Runs one day (or does nothing while a day runs or before the forecast is in).
    void step();

    const std::vector<emu::MonitorDay>& days() const { return m_days; }
    /// The first day with a condition off nominal, the monitor's first alarm on or after it,
    /// and the fixed limits' (0: none yet).
    emu::Index changeDay() const { return m_changeDay; }
    emu::Index alarmDay() const { return m_alarmDay; }
    emu::Index thresholdDay() const { return m_thresholdDay; }
    QSlider* conditionSlider(int condition) const { return m_conditionSliders.value(condition); }
    BandChart* chart() const { return m_chart; }
    QPushButton* playButton() const { return m_play; }
    QLabel* summary() const { return m_summary; }

signals:
    /// A day was added.
    void dayAdded();
    /// The monitor's alarm went off after an injected change (once per change).
    void changeNoticed();

private:
    void setConditionSliders();
    emu::RowVector conditionValues() const;
    void addDays(std::vector<emu::MonitorDay> days, quint64 generation);
    void redraw();
    void updateSummary();
    void tick();

    JobRunner* m_jobs;
    SystemModels m_models;
    emu::RowVector m_interventions;
    std::shared_ptr<emu::SystemMonitor> m_monitor;
    std::vector<emu::MonitorDay> m_days;
    std::vector<std::string> m_outputs;
    emu::Vector m_lowerLimits;
    emu::Vector m_upperLimits;
    int m_output = 0;
    emu::Index m_changeDay = 0;
    emu::Index m_alarmDay = 0;
    emu::Index m_thresholdDay = 0;
    emu::Index m_falseAlarms = 0;
    emu::Index m_falseThresholds = 0;
    quint64 m_generation = 0;
    bool m_stepping = false;
    QList<QSlider*> m_conditionSliders;
    QList<QLabel*> m_conditionLabels;
    QWidget* m_conditionBox;
    QDoubleSpinBox* m_lowerLimit;
    QDoubleSpinBox* m_upperLimit;
    QSlider* m_speed;
    QPushButton* m_play;
    QPushButton* m_step;
    QPushButton* m_reset;
    BandChart* m_chart;
    BandChart* m_evidence;
    QLabel* m_summary;
    QTimer* m_timer;
};

} // namespace ui

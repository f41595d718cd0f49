#pragma once
// Two small charts of an episode: the phase portrait (velocity against position) and the action
// over time, each with a marker that follows the animation's current step. An optional second
// trace (e.g. the emulator's) is drawn dashed for comparison.

#include "engine/sim/episode_trace.h"

#include <QWidget>

#include <optional>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace ui {

class EpisodeCharts : public QWidget
{
    Q_OBJECT
public:
    explicit EpisodeCharts(QWidget* parent = nullptr);

    void setTrace(const emu::EpisodeTrace& trace);
    void setComparison(const std::optional<emu::EpisodeTrace>& trace, const QString& name = {});
    /// Moves the markers to step `frame`.
    void setFrame(int frame);

private:
    QLineSeries* m_phase;
    QLineSeries* m_phaseComparison;
    QScatterSeries* m_phaseMarker;
    QLineSeries* m_action;
    QLineSeries* m_actionComparison;
    QScatterSeries* m_actionMarker;
    QValueAxis* m_stepAxis;
    QValueAxis* m_speedAxis;
    emu::EpisodeTrace m_trace;
};

} // namespace ui

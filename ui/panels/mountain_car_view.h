#pragma once
// The animated mountain car: the hill, the goal flag, the car tilted along the slope (or the
// physical car's exact pose for Box2D episodes) and a fading trail of where it has been.
// It plays an EpisodeTrace frame by frame; an optional second "ghost" trace is drawn
// translucent on the same hill (e.g. the emulator's prediction beside the simulator's truth).

#include "engine/sim/episode_trace.h"

#include <QTimer>
#include <QWidget>

#include <optional>

namespace ui {

class MountainCarView : public QWidget
{
    Q_OBJECT
public:
    explicit MountainCarView(QWidget* parent = nullptr);

    /// The episode to play; restarts at frame 0 and keeps playing if it was playing.
    void setTrace(const emu::EpisodeTrace& trace);
    /// A second episode drawn translucent (nullopt removes it).
    void setGhostTrace(const std::optional<emu::EpisodeTrace>& trace, const QString& label = {});
    /// Labels for the main trace (shown in the corner).
    void setLabel(const QString& label);
    const emu::EpisodeTrace& trace() const { return m_trace; }

    int frame() const { return m_frame; }
    int frameCount() const { return int(m_trace.p.size()); }
    bool isPlaying() const { return m_timer.isActive(); }
    /// Animation speed in simulation steps per second.
    void setStepsPerSecond(double stepsPerSecond);
    QSize sizeHint() const override { return {640, 360}; }
    QSize minimumSizeHint() const override { return {320, 200}; }

public slots:
    void play();
    void pause();
    void restart();
    void setFrame(int frame);

signals:
    void frameChanged(int frame);
    void playingChanged(bool playing);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void advance();
    bool isPhysical() const;
    double leftEnd() const;
    double terrainHeight(double p) const;
    QPointF toWidget(double p, double h) const;
    void drawCar(QPainter& painter, const emu::EpisodeTrace& trace, int frame, double opacity) const;

    emu::EpisodeTrace m_trace;
    std::optional<emu::EpisodeTrace> m_ghost;
    QString m_label;
    QString m_ghostLabel;
    int m_frame = 0;
    double m_stepsPerSecond = 60.0;
    double m_frameAccumulator = 0.0;
    QTimer m_timer;
};

} // namespace ui

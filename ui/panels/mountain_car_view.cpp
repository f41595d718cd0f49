#include "ui/panels/mountain_car_view.h"

#include "engine/sim/box2d_mountain_car.h"
#include "engine/sim/mountain_car.h"
#include "ui/base/palette.h"
#include "ui/charts/figure_menu.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

// The drawn world: p up to 0.65, heights from 0 to 1.1 (the hill spans 0.1 .. 1.0). The left
// end is -1.25, or further left for the physical car, whose terrain continues as a ramp.
constexpr double kPMinClassic = -1.25;
constexpr double kPMinPhysical = -1.6;
constexpr double kPMax = 0.65;
constexpr double kHMin = -0.05;
constexpr double kHMax = 1.15;
constexpr int kTrailLength = 60;
constexpr int kTimerMs = 16;

} // namespace

MountainCarView::MountainCarView(QWidget* parent) : QWidget(parent)
{
    addFigureMenu(this);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_timer.setInterval(kTimerMs);
    connect(&m_timer, &QTimer::timeout, this, &MountainCarView::advance);
}

void MountainCarView::setTrace(const emu::EpisodeTrace& trace)
{
    m_trace = trace;
    setFrame(0);
}

void MountainCarView::setGhostTrace(const std::optional<emu::EpisodeTrace>& trace, const QString& label)
{
    m_ghost = trace;
    m_ghostLabel = label;
    update();
}

void MountainCarView::setLabel(const QString& label)
{
    m_label = label;
    update();
}

void MountainCarView::setStepsPerSecond(double stepsPerSecond)
{
    m_stepsPerSecond = std::clamp(stepsPerSecond, 1.0, 2000.0);
}

void MountainCarView::play()
{
    if (m_frame >= frameCount() - 1)
        setFrame(0);
    if (!m_timer.isActive()) {
        m_timer.start();
        emit playingChanged(true);
    }
}

void MountainCarView::pause()
{
    if (m_timer.isActive()) {
        m_timer.stop();
        emit playingChanged(false);
    }
}

void MountainCarView::restart()
{
    setFrame(0);
    play();
}

void MountainCarView::setFrame(int frame)
{
    const int last = std::max(0, std::max(frameCount(), m_ghost ? int(m_ghost->p.size()) : 0) - 1);
    m_frame = std::clamp(frame, 0, last);
    m_frameAccumulator = 0.0;
    update();
    emit frameChanged(m_frame);
}

void MountainCarView::advance()
{
    // Steps advance at the chosen rate whatever the timer's jitter: accumulate fractional steps.
    m_frameAccumulator += m_stepsPerSecond * kTimerMs / 1000.0;
    const int steps = int(m_frameAccumulator);
    if (steps == 0)
        return;
    m_frameAccumulator -= steps;
    const int last = std::max(frameCount(), m_ghost ? int(m_ghost->p.size()) : 0) - 1;
    const int next = std::min(m_frame + steps, last);
    m_frame = next;
    update();
    emit frameChanged(m_frame);
    if (next >= last)
        pause();
}

bool MountainCarView::isPhysical() const
{
    return !m_trace.poses.empty();
}

double MountainCarView::leftEnd() const
{
    return isPhysical() ? kPMinPhysical : kPMinClassic;
}

double MountainCarView::terrainHeight(double p) const
{
    return isPhysical() ? emu::Box2dMountainCar::terrainHeight(p) : emu::MountainCar::terrainHeight(p);
}

QPointF MountainCarView::toWidget(double p, double h) const
{
    const double w = width(), hgt = height();
    return QPointF((p - leftEnd()) / (kPMax - leftEnd()) * w, hgt - (h - kHMin) / (kHMax - kHMin) * hgt);
}

void MountainCarView::drawCar(QPainter& painter, const emu::EpisodeTrace& trace, int frame, double opacity) const
{
    if (trace.p.empty())
        return;
    frame = std::clamp(frame, 0, int(trace.p.size()) - 1);
    const double scaleX = width() / (kPMax - leftEnd());
    const double scaleY = height() / (kHMax - kHMin);
    const Palette& colours = ui::palette();
    const QColor colour = opacity < 1.0 ? colours.carEmulated : colours.carSimulated;
    painter.save();
    painter.setOpacity(opacity);

    // Trail: the last positions, fading out.
    for (int k = std::max(0, frame - kTrailLength); k < frame; ++k) {
        const double age = double(frame - k) / kTrailLength;
        QColor dot = colour;
        dot.setAlphaF(float(0.6 * (1.0 - age)));
        painter.setPen(Qt::NoPen);
        painter.setBrush(dot);
        const double p = trace.p[size_t(k)];
        painter.drawEllipse(toWidget(p, terrainHeight(p)), 2.5, 2.5);
    }

    if (!trace.poses.empty() && size_t(frame) < trace.poses.size()) {
        // A physical car: draw its parts where the simulation put them.
        const emu::CarPose& pose = trace.poses[size_t(frame)];
        const emu::CarGeometry geometry = emu::Box2dMountainCar::geometry();
        const double halfLength = geometry.chassisHalfLength, halfHeight = geometry.chassisHalfHeight;
        const double wheel = geometry.wheelRadius;
        painter.save();
        painter.translate(toWidget(pose.chassis.x, pose.chassis.y));
        painter.scale(scaleX, -scaleY);
        painter.rotate(pose.chassis.angle * 180.0 / M_PI);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawRect(QRectF(-halfLength, -halfHeight, 2 * halfLength, 2 * halfHeight));
        painter.restore();
        for (const emu::BodyPose& w : {pose.rearWheel, pose.frontWheel}) {
            painter.save();
            painter.translate(toWidget(w.x, w.y));
            painter.scale(scaleX, -scaleY);
            painter.setBrush(colours.carWheels);
            painter.drawEllipse(QPointF(0, 0), wheel, wheel);
            painter.setPen(QPen(colours.paper, 0.006));
            painter.drawLine(QPointF(0, 0), QPointF(wheel * std::cos(w.angle), wheel * std::sin(w.angle)));
            painter.restore();
        }
    } else {
        // An equation-based car: a body sitting on the hill, tilted along the slope.
        const double p = trace.p[size_t(frame)];
        const double h = emu::MountainCar::terrainHeight(p);
        const QPointF ground = toWidget(p, h);
        const double angle = std::atan2(emu::MountainCar::terrainSlope(p) * scaleY, scaleX);
        painter.save();
        painter.translate(ground);
        painter.rotate(-angle * 180.0 / M_PI);
        const double bodyW = 34, bodyH = 12, wheel = 5.5;
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawRoundedRect(QRectF(-bodyW / 2, -wheel - bodyH, bodyW, bodyH), 3, 3);
        painter.drawRoundedRect(QRectF(-bodyW / 4, -wheel - bodyH - 8, bodyW / 2, 9), 3, 3);
        painter.setBrush(colours.carWheels);
        painter.drawEllipse(QPointF(-bodyW / 3, -wheel), wheel, wheel);
        painter.drawEllipse(QPointF(bodyW / 3, -wheel), wheel, wheel);
        // The action as an arrow: which way the engine pushes, and how hard.
        if (size_t(frame) < trace.u.size()) {
            const double u = trace.u[size_t(frame)];
            painter.setPen(QPen(colours.carFlame, 3));
            painter.drawLine(QPointF(0, -wheel - bodyH / 2), QPointF(28 * u, -wheel - bodyH / 2));
        }
        painter.restore();
    }
    painter.restore();
}

void MountainCarView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const Palette& colours = ui::palette();
    painter.fillRect(rect(), colours.carSky);

    // The hill, filled down to the bottom of the widget.
    QPainterPath hill;
    const double left = isPhysical() ? leftEnd() : emu::MountainCar::minPosition;
    hill.moveTo(toWidget(leftEnd(), kHMin));
    hill.lineTo(toWidget(leftEnd(), terrainHeight(left)));
    for (int i = 0; i <= 200; ++i) {
        const double p = left + (emu::MountainCar::maxPosition - left) * i / 200.0;
        hill.lineTo(toWidget(p, terrainHeight(p)));
    }
    hill.lineTo(toWidget(kPMax, terrainHeight(emu::MountainCar::maxPosition)));
    hill.lineTo(toWidget(kPMax, kHMin));
    hill.closeSubpath();
    painter.setPen(QPen(colours.carGround.darker(130), 2));
    painter.setBrush(colours.carGround);
    painter.drawPath(hill);

    // Walls at the ends of the classic track (the physical car has a ramp instead) and the goal.
    painter.setPen(QPen(colours.carWall, 4));
    for (double p : {emu::MountainCar::minPosition, emu::MountainCar::maxPosition}) {
        if (isPhysical() && p < 0)
            continue;
        const double h = emu::MountainCar::terrainHeight(p);
        painter.drawLine(toWidget(p, h), toWidget(p, h + 0.12));
    }
    const double goal = emu::MountainCar::goalPosition;
    const QPointF base = toWidget(goal, emu::MountainCar::terrainHeight(goal));
    painter.setPen(QPen(colours.foreground, 2));
    painter.drawLine(base, base - QPointF(0, 46));
    painter.setPen(Qt::NoPen);
    painter.setBrush(colours.carGoalFlag);
    painter.drawPolygon(QPolygonF{base - QPointF(0, 46), base - QPointF(-26, 39), base - QPointF(0, 32)});

    if (m_ghost)
        drawCar(painter, *m_ghost, m_frame, 0.45);
    drawCar(painter, m_trace, m_frame, 1.0);

    // Readout in the corner.
    painter.setPen(colours.foreground);
    QString text = m_label.isEmpty() ? QString() : m_label + QStringLiteral("\n");
    if (!m_trace.p.empty()) {
        const size_t f = size_t(std::clamp(m_frame, 0, frameCount() - 1));
        text += tr("step %1 / %2   p = %3   v = %4").arg(f).arg(m_trace.steps).arg(m_trace.p[f], 0, 'f', 3).arg(m_trace.v[f], 0, 'f', 4);
        if (f < m_trace.u.size())
            text += tr("   u = %1").arg(m_trace.u[f], 0, 'f', 2);
    }
    if (m_ghost && !m_ghostLabel.isEmpty())
        text += QStringLiteral("\n") + tr("translucent: %1").arg(m_ghostLabel);
    painter.drawText(rect().adjusted(10, 8, -10, -8), Qt::AlignLeft | Qt::AlignTop, text);
}

} // namespace ui

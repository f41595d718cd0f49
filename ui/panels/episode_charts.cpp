#include "ui/panels/episode_charts.h"

#include "engine/sim/mountain_car.h"
#include "ui/base/palette.h"
#include "ui/charts/nice_axis.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

namespace ui {

namespace {

// Small charts: three or four ticks.
constexpr AxisScale kPositionScale{.targetTicks = 4, .expand = false};
constexpr AxisScale kSpeedScale{.targetTicks = 3, .expand = false};
constexpr AxisScale kStepScale{.targetTicks = 4, .expand = false, .fromZero = true, .integers = true};

QChartView* makeChartView(const QString& title)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(2, 2, 2, 2));
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(170);
    return view;
}

void attach(QChart* chart, QAbstractSeries* series, QValueAxis* x, QValueAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

QList<QPointF> phasePoints(const emu::EpisodeTrace& trace)
{
    QList<QPointF> points;
    points.reserve(qsizetype(trace.p.size()));
    for (size_t i = 0; i < trace.p.size(); ++i)
        points.append(QPointF(trace.p[i], trace.v[i]));
    return points;
}

QList<QPointF> actionPoints(const emu::EpisodeTrace& trace)
{
    QList<QPointF> points;
    points.reserve(qsizetype(trace.u.size()));
    for (size_t i = 0; i < trace.u.size(); ++i)
        points.append(QPointF(double(i), trace.u[i]));
    return points;
}

} // namespace

EpisodeCharts::EpisodeCharts(QWidget* parent)
    : QWidget(parent), m_phase(new QLineSeries), m_phaseComparison(new QLineSeries), m_phaseMarker(new QScatterSeries),
      m_action(new QLineSeries), m_actionComparison(new QLineSeries), m_actionMarker(new QScatterSeries),
      m_stepAxis(new QValueAxis), m_speedAxis(new QValueAxis)
{
    QChartView* phaseView = makeChartView(tr("Phase portrait"));
    QChartView* actionView = makeChartView(tr("Action u"));
    phaseView->setToolTip(tr("Each point is a state (p, v). Swinging shows as a growing spiral; the goal is p ≥ 0.45."));
    actionView->setToolTip(tr("The controller's push at each step, between −1 (left) and +1 (right)"));

    auto* pAxis = new QValueAxis;
    // The physical ranges of the car stay as they are, with round ticks inside.
    setNiceRange(pAxis, emu::MountainCar::minPosition, emu::MountainCar::maxPosition, kPositionScale);
    pAxis->setTitleText(QStringLiteral("position p"));
    auto* vAxis = m_speedAxis;
    setNiceRange(vAxis, -emu::MountainCar::maxSpeed, emu::MountainCar::maxSpeed, kSpeedScale);
    vAxis->setTitleText(QStringLiteral("velocity v"));
    QChart* phase = phaseView->chart();
    phase->addAxis(pAxis, Qt::AlignBottom);
    phase->addAxis(vAxis, Qt::AlignLeft);
    const Palette& colours = ui::palette();
    m_phase->setPen(QPen(colours.carSimulated, 1.5));
    m_phaseComparison->setPen(QPen(colours.carEmulated, 1.5, Qt::DashLine));
    m_phaseMarker->setMarkerSize(9);
    m_phaseMarker->setColor(colours.foreground);
    attach(phase, m_phaseComparison, pAxis, vAxis);
    attach(phase, m_phase, pAxis, vAxis);
    attach(phase, m_phaseMarker, pAxis, vAxis);

    setNiceRange(m_stepAxis, 0, emu::MountainCar::maxSteps, kStepScale);
    m_stepAxis->setTitleText(tr("step"));
    auto* uAxis = new QValueAxis;
    setNiceRange(uAxis, -1.05, 1.05, {.targetTicks = 3, .expand = false});
    uAxis->setTitleText(QStringLiteral("action u"));
    QChart* action = actionView->chart();
    action->addAxis(m_stepAxis, Qt::AlignBottom);
    action->addAxis(uAxis, Qt::AlignLeft);
    m_action->setPen(QPen(colours.carAction, 1.5));
    m_actionComparison->setPen(QPen(colours.carEmulated, 1.5, Qt::DashLine));
    m_actionMarker->setMarkerSize(9);
    m_actionMarker->setColor(colours.foreground);
    attach(action, m_actionComparison, m_stepAxis, uAxis);
    attach(action, m_action, m_stepAxis, uAxis);
    attach(action, m_actionMarker, m_stepAxis, uAxis);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(phaseView, 3); // the portrait has two axes' worth of labels to fit
    layout->addWidget(actionView, 2);
}

void EpisodeCharts::setTrace(const emu::EpisodeTrace& trace)
{
    m_trace = trace;
    m_phase->replace(phasePoints(trace));
    m_action->replace(actionPoints(trace));
    setNiceRange(m_stepAxis, 0, std::max(50, trace.steps), kStepScale);
    // The physical car can move faster than the classic equations allow: widen v if needed.
    double speed = emu::MountainCar::maxSpeed;
    for (double v : trace.v)
        speed = std::max(speed, std::abs(v) * 1.05);
    setNiceRange(m_speedAxis, -speed, speed, kSpeedScale);
    setFrame(0);
}

void EpisodeCharts::setComparison(const std::optional<emu::EpisodeTrace>& trace, const QString& name)
{
    m_phaseComparison->setName(name);
    m_phaseComparison->replace(trace ? phasePoints(*trace) : QList<QPointF>());
    m_actionComparison->replace(trace ? actionPoints(*trace) : QList<QPointF>());
}

void EpisodeCharts::setFrame(int frame)
{
    if (m_trace.p.empty())
        return;
    const size_t f = size_t(std::clamp(frame, 0, int(m_trace.p.size()) - 1));
    m_phaseMarker->replace(QList<QPointF>{QPointF(m_trace.p[f], m_trace.v[f])});
    if (f < m_trace.u.size())
        m_actionMarker->replace(QList<QPointF>{QPointF(double(f), m_trace.u[f])});
}

} // namespace ui

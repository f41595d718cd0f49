#include "ui/charts/curve_chart.h"

#include "ui/base/palette.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>

#include <algorithm>
#include <cmath>

namespace ui {

CurveChart::CurveChart(const QString& title, QWidget* parent)
    : FittedChartView(title, parent), m_curve(new QLineSeries), m_marker(new QScatterSeries)
{
    chart()->legend()->hide();
    const Palette& colours = ui::palette();
    m_curve->setPen(QPen(colours.series[2], 2));
    m_marker->setMarkerSize(12);
    m_marker->setColor(colours.highlight);
    m_marker->setBorderColor(colours.paper);
    attachSeries(m_curve);
    attachSeries(m_marker);
}

void CurveChart::setCurveName(const QString& name)
{
    m_curve->setName(name);
}

void CurveChart::setCurve(const QVector<double>& xs, const QVector<double>& ys)
{
    QList<QPointF> points;
    points.reserve(xs.size() * (m_stepped ? 2 : 1));
    for (qsizetype i = 0; i < std::min(xs.size(), ys.size()); ++i) {
        if (!std::isfinite(ys[i]))
            continue;
        if (m_stepped && !points.isEmpty())
            points.append(QPointF(xs[i], points.last().y()));
        points.append(QPointF(xs[i], ys[i]));
    }
    showPoints(m_curve, points);
    fitAxes();
}

void CurveChart::setExtraCurve(const QString& name, const QVector<double>& xs, const QVector<double>& ys,
                               const QColor& colour)
{
    auto it = m_extras.find(name);
    if (it == m_extras.end()) {
        auto* series = new QLineSeries;
        series->setName(name);
        series->setPen(QPen(colour, 1.6));
        attachSeries(series);
        it = m_extras.emplace(name, series).first;
        chart()->legend()->show();
        chart()->legend()->setAlignment(Qt::AlignBottom);
        for (QLegendMarker* marker : chart()->legend()->markers(m_marker))
            marker->setVisible(false);
    }
    QList<QPointF> points;
    for (qsizetype i = 0; i < std::min(xs.size(), ys.size()); ++i)
        if (std::isfinite(ys[i]))
            points.append(QPointF(xs[i], ys[i]));
    showPoints(it->second, points);
    fitAxes();
}

FittedChartView::Extent CurveChart::dataExtent() const
{
    Extent extent;
    extent.include(m_curve->points());
    extent.include(m_marker->points()); // a maximum between the curve's points lies a little above it
    for (const auto& [name, series] : m_extras)
        extent.include(series->points());
    return extent;
}

void CurveChart::setMarker(std::optional<QPointF> marker)
{
    showPoints(m_marker, marker ? QList<QPointF>{*marker} : QList<QPointF>{});
    fitAxes();
}

} // namespace ui

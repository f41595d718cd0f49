#include "ui/widgets/curve_chart.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ui {

CurveChart::CurveChart(const QString& title, QWidget* parent)
    : QChartView(parent), m_curve(new QLineSeries), m_marker(new QScatterSeries), m_axisX(new QValueAxis),
      m_axisY(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(2, 2, 2, 2));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    m_curve->setPen(QPen(QColor(44, 160, 44), 2));
    m_marker->setMarkerSize(12);
    m_marker->setColor(QColor(220, 30, 30));
    m_marker->setBorderColor(Qt::white);
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{m_curve, m_marker}) {
        chart->addSeries(s);
        s->attachAxis(m_axisX);
        s->attachAxis(m_axisY);
    }
}

void CurveChart::setXRange(double low, double high)
{
    m_fixedX = std::pair{low, high};
    fitAxes();
}

void CurveChart::setXScale(const AxisScale& scale)
{
    m_xScale = scale;
    fitAxes();
}

void CurveChart::setYScale(const AxisScale& scale)
{
    m_yScale = scale;
    fitAxes();
}

void CurveChart::setAxisTitles(const QString& x, const QString& y)
{
    m_axisX->setTitleText(x);
    m_axisY->setTitleText(y);
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
    m_curve->replace(points);
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
        chart()->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
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
    it->second->replace(points);
    fitAxes();
}

void CurveChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    fitAxes(); // fewer ticks when smaller
}

void CurveChart::fitAxes()
{
    // Every curve, extras included: each may cover a different stretch of x.
    double xLow = std::numeric_limits<double>::infinity(), xHigh = -xLow, yLow = xLow, yHigh = -xLow;
    auto include = [&](const QLineSeries* series) {
        for (const QPointF& p : series->points()) {
            xLow = std::min(xLow, p.x());
            xHigh = std::max(xHigh, p.x());
            yLow = std::min(yLow, p.y());
            yHigh = std::max(yHigh, p.y());
        }
    };
    include(m_curve);
    for (const auto& [name, series] : m_extras)
        include(series);
    if (m_fixedX)
        setNiceRange(m_axisX, m_fixedX->first, m_fixedX->second, m_xScale, axisLength(this, Qt::Horizontal));
    else if (std::isfinite(xLow))
        setNiceRange(m_axisX, xLow, xHigh, m_xScale, axisLength(this, Qt::Horizontal));
    if (std::isfinite(yLow))
        setNiceRange(m_axisY, yLow, yHigh, m_yScale, axisLength(this, Qt::Vertical));
}

void CurveChart::setMarker(std::optional<QPointF> marker)
{
    m_marker->replace(marker ? QList<QPointF>{*marker} : QList<QPointF>{});
}

} // namespace ui
